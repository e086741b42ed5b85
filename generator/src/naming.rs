//! Every Rust identifier the generator emits is made here: case conversion (the only user of
//! `heck`), Rust keywords, leading digits, empty and non-ASCII names, and collisions between
//! names that differ on the wire but map to one identifier.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of every edition) and so get
/// a trailing underscore.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces characters that cannot appear in an identifier by word breaks, and spells out
/// non-ASCII characters as their code point so that distinct names stay distinct.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

fn escape_keyword(mut name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The `UpperCamelCase` name of a type made from a schema name or a location.
pub fn type_name(raw: &str) -> String {
    camel(raw, "Type", "Unnamed")
}

/// The `UpperCamelCase` name of an enum variant made from a wire value.
pub fn variant_name(raw: &str) -> String {
    camel(raw, "V", "Empty")
}

fn camel(raw: &str, digit_prefix: &str, empty: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The `snake_case` name of a field, parameter or method.
pub fn field_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() {
        "value".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The part of an environment variable's name that a security scheme's credential is read
/// from, `SCREAMING_SNAKE_CASE`, ending in `suffix` (`TOKEN`, `API_KEY`) unless the scheme's
/// name already does: `bearerAuth` is `BEARER_AUTH_TOKEN`, `api_key` stays `API_KEY`.
pub fn scheme_env(scheme: &str, suffix: &str) -> String {
    let name = words(scheme).to_shouty_snake_case();
    if name.is_empty() {
        suffix.to_owned()
    } else if name == suffix || name.ends_with(&format!("_{suffix}")) {
        name
    } else {
        format!("{name}_{suffix}")
    }
}

/// A namespace (the types of a crate, the fields of a struct, the variants of an enum) that
/// hands out each identifier once: a second claim on `foo` gets `foo_2` (or `Foo2`), then
/// `foo_3`, in the order of the claims, so names are stable as long as the spec's order is.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `candidate`, or the first free numbered form of it.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let snake = candidate.contains('_') || candidate.starts_with(|c: char| c.is_lowercase());
        (2..)
            .map(|n| {
                if snake {
                    format!("{}_{n}", candidate.trim_end_matches('_'))
                } else {
                    format!("{candidate}{n}")
                }
            })
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or(candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let table = [
            ("Assistant", "Assistant"),
            ("assistant_create_params", "AssistantCreateParams"),
            ("llm-model", "LlmModel"),
            ("Self", "Self_"),
            ("3dModel", "Type3dModel"),
            ("", "Unnamed"),
            ("$%", "Unnamed"),
            ("Option", "Option"),
            ("café", "CafUe9"),
        ];
        for (raw, expected) in table {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("audio/office.ogg", "AudioOfficeOgg"),
            ("gpt-4.1", "Gpt41"),
            ("ministral-3-8b-instruct", "Ministral38bInstruct"),
            ("dedicated-instance", "DedicatedInstance"),
            ("none", "None"),
            ("", "Empty"),
            ("200", "V200"),
            ("self", "Self_"),
        ];
        for (raw, expected) in table {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("first_sentence_delay_ms", "first_sentence_delay_ms"),
            ("openrouterModelId", "openrouter_model_id"),
            ("type", "type_"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("async", "async_"),
            ("2fa", "_2fa"),
            ("", "value"),
            ("x-request-id", "x_request_id"),
            ("@type", "type_"),
        ];
        for (raw, expected) in table {
            assert_eq!(field_name(raw), expected, "field_name({raw:?})");
        }
    }

    #[test]
    fn scheme_env_names() {
        let table = [
            ("bearerAuth", "TOKEN", "BEARER_AUTH_TOKEN"),
            ("api_key", "API_KEY", "API_KEY"),
            ("ApiKey", "API_KEY", "API_KEY"),
            ("partner-key", "API_KEY", "PARTNER_KEY_API_KEY"),
            ("basic", "CREDENTIALS", "BASIC_CREDENTIALS"),
            ("$", "TOKEN", "TOKEN"),
        ];
        for (scheme, suffix, expected) in table {
            assert_eq!(scheme_env(scheme, suffix), expected, "{scheme}");
        }
    }

    #[test]
    fn collisions_get_numbered_in_claim_order() {
        let mut fields = Scope::default();
        assert_eq!(fields.claim(field_name("fooBar")), "foo_bar");
        assert_eq!(fields.claim(field_name("foo_bar")), "foo_bar_2");
        assert_eq!(fields.claim(field_name("FOO-BAR")), "foo_bar_3");
        let mut keywords = Scope::default();
        assert_eq!(keywords.claim(field_name("type")), "type_");
        assert_eq!(keywords.claim(field_name("type_")), "type_2");
        let mut types = Scope::with_reserved(&["Unknown"]);
        assert_eq!(types.claim(type_name("pet")), "Pet");
        assert_eq!(types.claim(type_name("Pet")), "Pet2");
        assert_eq!(types.claim(variant_name("unknown")), "Unknown2");
    }
}
