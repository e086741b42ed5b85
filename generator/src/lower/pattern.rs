//! Strings that match a spec's `pattern`, made by walking the pattern's syntax tree
//! (`regex-syntax`) and checked with the `regex` crate: deterministic, and `None` rather than a
//! wrong string when the pattern is beyond them.

use std::cell::RefCell;
use std::collections::HashMap;

/// Longest text tried for a pattern: nested repetitions grow fast.
const MAX_PATTERN_TEXT: usize = 4096;

/// Whether `pattern` (or, when Rust regexes do not read it, the pattern without its
/// look-arounds) matches `text`.
pub(super) fn readable_match(pattern: &str, text: &str) -> bool {
    match compiled(pattern) {
        Some(regex) => regex.is_match(text),
        None => without_look_arounds(pattern)
            .and_then(|rest| compiled(&rest))
            .is_some_and(|regex| regex.is_match(text)),
    }
}

/// `text` cut to `max` characters or padded to `min` with `x`.
pub(super) fn fit_length(text: &str, min: usize, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    let mut length = out.chars().count();
    while length < min {
        out.push('x');
        length += 1;
    }
    out
}

/// A string that `pattern` (ECMA-262, as JSON Schema has it, here read as Rust regex syntax)
/// matches, of `min` to `max` characters; `None` for a pattern Rust regexes do not read (such
/// as look-arounds) or when none is found.
pub(super) fn matching(pattern: &str, min: usize, max: usize) -> Option<String> {
    thread_local! {
        static FOUND: RefCell<HashMap<(String, usize, usize), Option<String>>> =
            RefCell::new(HashMap::new());
    }
    let key = (pattern.to_owned(), min, max);
    if let Some(found) = FOUND.with(|found| found.borrow().get(&key).cloned()) {
        return found;
    }
    let found = find_matching(pattern, min, max);
    FOUND.with(|cache| cache.borrow_mut().insert(key, found.clone()));
    found
}

/// The regex of a spec's `pattern`, compiled once per thread; `None` for a pattern Rust
/// regexes do not read. Specs repeat a few patterns in many places (nexus's `Name`).
pub(super) fn compiled(pattern: &str) -> Option<regex::Regex> {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Option<regex::Regex>>> =
            RefCell::new(HashMap::new());
    }
    if let Some(regex) = COMPILED.with(|cache| cache.borrow().get(pattern).cloned()) {
        return regex;
    }
    let regex = regex::Regex::new(pattern).ok();
    COMPILED.with(|cache| cache.borrow_mut().insert(pattern.to_owned(), regex.clone()));
    regex
}

/// [`matching`], without the cache.
fn find_matching(pattern: &str, min: usize, max: usize) -> Option<String> {
    let Some(regex) = compiled(pattern) else {
        // Most look-arounds in specs rule out a form (`(?!...uuid...)`): the rest of the
        // pattern, matched, usually passes them.
        let rest = without_look_arounds(pattern)?;
        return (rest != pattern)
            .then(|| matching(&rest, min, max))
            .flatten();
    };
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    // More repetitions each round, until the string is long enough.
    let mut extra = 0;
    loop {
        let mut out = String::new();
        build(&hir, extra, &mut out);
        let length = out.chars().count();
        if (min..=max).contains(&length) && regex.is_match(&out) {
            return Some(out);
        }
        // A search pattern (without `^...$`) also matches with text around the match.
        let padded = fit_length(&out, min, max);
        if padded.chars().count() >= length
            && (min..=max).contains(&padded.chars().count())
            && regex.is_match(&padded)
        {
            return Some(padded);
        }
        let tried_enough = usize::try_from(extra).map_or(true, |extra| extra > min.max(8));
        if length > max || length > MAX_PATTERN_TEXT || tried_enough {
            return None;
        }
        extra = if extra == 0 { 1 } else { extra * 2 };
    }
}

/// `pattern` without its look-around groups (`(?=`, `(?!`, `(?<=`, `(?<!`); `None` when its
/// parentheses do not balance.
fn without_look_arounds(pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            '(' if ["(?=", "(?!", "(?<=", "(?<!"]
                .iter()
                .any(|open| pattern[i..].starts_with(open)) =>
            {
                // Skip to the matching `)`.
                let mut open = 1;
                while open > 0 {
                    match chars.next()?.1 {
                        '\\' => {
                            chars.next()?;
                        }
                        '(' => open += 1,
                        ')' => open -= 1,
                        _ => {}
                    }
                }
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Appends to `out` a match of `hir`, each repetition taken `extra` more times than its
/// minimum where its maximum allows.
fn build(hir: &regex_syntax::hir::Hir, extra: u32, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let contains = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| (r.start()..=r.end()).contains(&c))
            };
            // A readable character where the class has one.
            let preferred = ['a', 'A', '0', 'x', '-', '_', '.', ' '];
            let found = preferred.into_iter().find(|c| contains(*c)).or_else(|| {
                class
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .find(|c| !c.is_control())
            });
            if let Some(c) = found {
                out.push(c);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(c) = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .find(u8::is_ascii_graphic)
            {
                out.push(char::from(c));
            }
        }
        HirKind::Repetition(repetition) => {
            let count = match repetition.max {
                Some(max) => repetition.min.saturating_add(extra).min(max),
                None => repetition.min.saturating_add(extra),
            };
            for _ in 0..count {
                build(&repetition.sub, extra, out);
            }
        }
        HirKind::Capture(capture) => build(&capture.sub, extra, out),
        HirKind::Concat(items) => items.iter().for_each(|item| build(item, extra, out)),
        HirKind::Alternation(items) => {
            if let Some(first) = items.first() {
                build(first, extra, out);
            }
        }
    }
}
