//! The generated code reads like hand-written code: a spec change changes the lines that
//! say what changed and no others, and the prelude's items go by their short names unless a
//! generated item takes the name.

use revox_tests::{file, generate, project_spec, read, root};
use serde_yaml::{Mapping, Value};

/// The lines of `after` that differ from `before` (added or removed), as a diff shows them.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    similar::TextDiff::from_lines(before, after)
        .iter_all_changes()
        .filter(|change| change.tag() != similar::ChangeTag::Equal)
        .map(|change| format!("{}{}", change.tag(), change.value().trim_end()))
        .collect()
}

/// The project spec with the optional property `name` inserted in the middle of the
/// properties of the schema `schema`.
fn with_property_in_the_middle(spec: &Value, schema: &str, name: &str) -> Value {
    let mut spec = spec.clone();
    let properties = spec["components"]["schemas"][schema]["properties"]
        .as_mapping_mut()
        .expect("the schema has properties");
    let middle = properties.len() / 2;
    let mut reordered = Mapping::new();
    for (i, (key, value)) in std::mem::take(properties).into_iter().enumerate() {
        if i == middle {
            reordered.insert(
                Value::from(name),
                serde_yaml::from_str("{type: string, description: A property added later.}")
                    .expect("the property is YAML"),
            );
        }
        reordered.insert(key, value);
    }
    *properties = reordered;
    spec
}

#[test]
fn a_property_added_in_the_middle_of_a_struct_changes_a_few_lines_of_its_decoder() {
    let spec: Value = serde_yaml::from_str(&project_spec()).expect("the project spec is YAML");
    let changed = with_property_in_the_middle(&spec, "Assistant", "greeting_style");
    let decoders = |spec: &Value| {
        let text = serde_yaml::to_string(spec).expect("the spec prints");
        file(&generate(&text, "revox"), "src/decode.rs")
            .contents
            .clone()
    };
    let lines = changed_lines(&decoders(&spec), &decoders(&changed));
    // One line each in the field enum, the key match, the locals, the loop (wrapped or
    // not) and the struct literal.
    assert!(
        (5..=9).contains(&lines.len()),
        "{} changed lines:\n{}",
        lines.len(),
        lines.join("\n")
    );
    assert!(
        lines.iter().all(|line| line.starts_with('+')),
        "only additions:\n{}",
        lines.join("\n")
    );
}

#[test]
fn the_prelude_goes_by_short_names_where_no_generated_item_takes_them() {
    let output = generate(&project_spec(), "revox");
    for path in [
        "src/models.rs",
        "src/resources/assistants.rs",
        "src/decode.rs",
    ] {
        let contents = &file(&output, path).contents;
        assert!(
            !contents.contains("std::option"),
            "{path} spells out `Option`"
        );
        assert!(
            !contents.contains("std::string"),
            "{path} spells out `String`"
        );
    }
    let models = &file(&output, "src/models.rs").contents;
    assert!(models.contains("pub first_sentence: Option<String>,"));
}

#[test]
fn prelude_names_that_a_schema_or_resource_takes_are_spelled_out() {
    let spec = read(&root().join("tests/fixtures/models/names.yaml"));
    let output = generate(&spec, "names");
    let models = &file(&output, "src/models.rs").contents;
    // `Option`, `String`, `Vec`, `Box`, `Some`, `None`, `Ok`, `From` and `Into` are models.
    for short in [
        "Option<", "String>", "Vec<", "Box<", "Some(", ": None", "From<", "Into<",
    ] {
        let bare = models
            .match_indices(short)
            .filter(|(at, _)| !models[..*at].ends_with("::"))
            .count();
        assert_eq!(bare, 0, "`{short}` is used by its short name in models.rs");
    }
    // `String` is the handle type of the `string` resource, which names `Option` as usual.
    let resource = &file(&output, "src/resources/string.rs").contents;
    assert!(resource.contains("pub struct String<'a>"));
    assert!(resource.contains(r#"std::string::String::from("/strings")"#));
    assert!(resource.contains("body: Option<&crate::models::String>"));
}
