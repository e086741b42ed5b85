//! Strings that match a schema's `pattern`, made from the regular expression's syntax tree:
//! each class gives one of its characters (printable ASCII when it has any), each repetition
//! repeats between its bounds (at most three more than its minimum when unbounded), each
//! alternation takes one branch. Anchors and word boundaries give nothing.

use regex_syntax::hir::{Class, Hir, HirKind};

/// How many repeats an unbounded repetition may add to its minimum.
const UNBOUNDED_EXTRA: u32 = 3;

/// A string matching `pattern`, or `None` when the pattern does not parse.
pub fn generate(pattern: &str, rng: &mut fastrand::Rng) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut out = String::new();
    push(&hir, rng, &mut out);
    Some(out)
}

fn push(hir: &Hir, rng: &mut fastrand::Rng, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(u32, u32)> = class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect();
            if let Some(c) = pick(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(u32, u32)> = class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end().min(0x7f))))
                .filter(|(start, end)| start <= end)
                .collect();
            if let Some(c) = pick(&ranges, rng) {
                out.push(c);
            }
        }
        HirKind::Repetition(repetition) => {
            let max = repetition
                .max
                .unwrap_or(repetition.min.saturating_add(UNBOUNDED_EXTRA));
            let times = rng.u32(repetition.min..=max.max(repetition.min));
            for _ in 0..times {
                push(&repetition.sub, rng, out);
            }
        }
        HirKind::Capture(capture) => push(&capture.sub, rng, out),
        HirKind::Concat(parts) => {
            for part in parts {
                push(part, rng, out);
            }
        }
        HirKind::Alternation(branches) => {
            if !branches.is_empty() {
                push(&branches[rng.usize(..branches.len())], rng, out);
            }
        }
    }
}

/// A character of `ranges`: a printable ASCII one when the ranges hold any.
fn pick(ranges: &[(u32, u32)], rng: &mut fastrand::Rng) -> Option<char> {
    let printable: Vec<(u32, u32)> = ranges
        .iter()
        .map(|&(start, end)| (start.max(0x21), end.min(0x7e)))
        .filter(|(start, end)| start <= end)
        .collect();
    let chosen = if printable.is_empty() {
        ranges
    } else {
        &printable
    };
    let &(start, end) = chosen.get(rng.usize(..chosen.len().max(1)))?;
    let end = end.min(start.saturating_add(0xff));
    (start..=end)
        .filter_map(char::from_u32)
        .nth(rng.usize(..=(end - start) as usize))
        .or_else(|| char::from_u32(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_strings_match_their_patterns() -> Result<(), String> {
        let patterns = [
            "^[a-z0-9-]{3,63}$",
            r"^\d{4}-\d{2}-\d{2}$",
            "^(ns|us|ms|s|m|h)+$",
            r"^[A-Z]{3}\.[a-z]+@example\.com$",
            r"^\w+( \w+)*$",
            "^[^/]+$",
            "^.*$",
            "[a-f]{8}",
            r"^\+?[0-9 ()-]{7,20}$",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for pattern in patterns {
            let regex = regex::Regex::new(pattern).map_err(|e| e.to_string())?;
            for _ in 0..50 {
                let made = generate(pattern, &mut rng).ok_or(pattern)?;
                assert!(regex.is_match(&made), "{made:?} does not match {pattern}");
            }
        }
        assert_eq!(generate("(unclosed", &mut rng), None);
        Ok(())
    }
}
