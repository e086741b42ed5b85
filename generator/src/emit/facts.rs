//! The facts of the IR in words, for rustdoc: a description followed by a paragraph each for
//! the format, the constraints, the default, deprecation and access.

use crate::ir::{Access, Constraints, Facts};

/// The rustdoc of something described by `description` and `facts`: one paragraph each,
/// `None` when there is nothing to say. The schema's `example` and `multipleOf` are not
/// written (the method examples show values).
pub(crate) fn doc(description: Option<&str>, facts: &Facts) -> Option<String> {
    let mut paragraphs: Vec<String> = description.map(str::to_owned).into_iter().collect();
    paragraphs.extend(facts.format.as_deref().map(format_note));
    paragraphs.extend(constraints(&facts.constraints));
    if let Some(default) = &facts.default {
        paragraphs.push(format!("Defaults to `{default}`."));
    }
    if facts.deprecated {
        paragraphs.push("Deprecated by the API.".to_owned());
    }
    match facts.access {
        Access::ReadWrite => {}
        Access::ReadOnly => paragraphs.push("Set by the server; ignored in requests.".to_owned()),
        Access::WriteOnly => paragraphs.push("Only sent in requests; never returned.".to_owned()),
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// What a string's `format` means. Formatted strings stay `String`: the generated crate
/// depends on no date or UUID library, and the value goes back to the server exactly as it
/// came.
fn format_note(format: &str) -> String {
    match format {
        "date-time" => "An RFC 3339 date and time, e.g. `2024-05-01T09:30:00Z`.".to_owned(),
        "date" => "An RFC 3339 date, e.g. `2024-05-01`.".to_owned(),
        "byte" => "Base64-encoded bytes.".to_owned(),
        "binary" => {
            "Binary content: a file in a multipart body, else raw bytes in a string.".to_owned()
        }
        "password" => "A secret: avoid logging it.".to_owned(),
        "uuid" => "A UUID.".to_owned(),
        other => format!("Format: `{other}`."),
    }
}

/// The constraints in words, e.g. "Must be greater than 0 and at most 10." or "Must have 1
/// to 64 characters. Must match `^[a-z]+$`."
fn constraints(c: &Constraints) -> Option<String> {
    let mut sentences = Vec::new();
    let low = c.minimum.map(|v| {
        let relation = if c.exclusive_minimum {
            "greater than"
        } else {
            "at least"
        };
        format!("{relation} {v}")
    });
    let high = c.maximum.map(|v| {
        let relation = if c.exclusive_maximum {
            "less than"
        } else {
            "at most"
        };
        format!("{relation} {v}")
    });
    match (low, high) {
        (Some(low), Some(high)) => sentences.push(format!("Must be {low} and {high}.")),
        (Some(bound), None) | (None, Some(bound)) => sentences.push(format!("Must be {bound}.")),
        (None, None) => {}
    }
    sentences.extend(count(c.min_length, c.max_length, "character", "have"));
    if let Some(pattern) = &c.pattern {
        sentences.push(format!("Must match `{pattern}`."));
    }
    sentences.extend(count(c.min_items, c.max_items, "item", "hold"));
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

fn count(min: Option<usize>, max: Option<usize>, unit: &str, verb: &str) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) if min == max => {
            Some(format!("Must {verb} exactly {min} {unit}{}.", plural(min)))
        }
        (Some(min), Some(max)) => Some(format!("Must {verb} {min} to {max} {unit}s.")),
        (Some(min), None) => Some(format!("Must {verb} at least {min} {unit}{}.", plural(min))),
        (None, Some(max)) => Some(format!("Must {verb} at most {max} {unit}{}.", plural(max))),
        (None, None) => None,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::doc;
    use crate::ir::{Access, Constraints, Facts, Number};

    #[test]
    fn facts_read_as_one_paragraph_each() {
        let facts = Facts {
            format: Some("uuid".to_owned()),
            constraints: Constraints {
                minimum: Some(Number::Float(0.0)),
                exclusive_minimum: true,
                maximum: Some(Number::Float(2.5)),
                min_length: Some(1),
                max_length: Some(1),
                ..Constraints::default()
            },
            default: Some(serde_json::json!("a")),
            deprecated: true,
            access: Access::WriteOnly,
            ..Facts::default()
        };
        assert_eq!(
            doc(Some("Text."), &facts).as_deref(),
            Some(
                "Text.\n\nA UUID.\n\nMust be greater than 0 and at most 2.5. Must have exactly 1 character.\n\n\
                 Defaults to `\"a\"`.\n\nDeprecated by the API.\n\nOnly sent in requests; never returned."
            )
        );
        assert_eq!(doc(None, &Facts::default()), None);
    }
}
