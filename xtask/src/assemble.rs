//! `cargo xtask assemble`: builds the large benchmark spec of `tests/specs/assembled/` from
//! documents of the corpus, deterministically, so that the committed file can be checked
//! against a rebuild.
//!
//! Each source keeps its content; what would collide is renamed with the source's prefix:
//! every component (`#/components/<section>/<name>` becomes `<prefix>_<name>`, and every
//! `$ref`, discriminator mapping and security requirement naming it follows), every path
//! (`/<prefix>` in front), operation id and tag. The result is written as YAML by
//! `serde_yaml`, mappings in their source order.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

/// One corpus document taken into an assembled spec.
pub struct Source {
    /// The document, relative to the workspace root.
    pub path: &'static str,
    /// What its component names, operation ids and tags get in front (with `_`), and its
    /// paths (with `/`).
    pub prefix: &'static str,
}

/// An assembled spec: the file it is written to and the documents it is made of.
pub struct Assembly {
    /// The file written, relative to the workspace root.
    pub path: &'static str,
    /// The `info.title` of the result.
    pub title: &'static str,
    /// The documents, in order; the first gives the servers.
    pub sources: &'static [Source],
}

/// The 4 MB-class benchmark spec: LaunchDarkly's and Intercom's APIs side by side.
pub const LARGE: Assembly = Assembly {
    path: "tests/specs/assembled/launchdarkly-intercom.yaml",
    title: "LaunchDarkly and Intercom, assembled",
    sources: &[
        Source {
            path: "tests/specs/real/launchdarkly.yaml",
            prefix: "launchdarkly",
        },
        Source {
            path: "tests/specs/real/intercom.yaml",
            prefix: "intercom",
        },
    ],
};

/// The component sections whose entries are renamed.
const SECTIONS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// The text of `assembly`, built from its sources under `root`.
pub fn assemble(root: &Path, assembly: &Assembly) -> Result<String, String> {
    let mut paths = Mapping::new();
    let mut components = Mapping::new();
    let mut tags = Vec::new();
    let mut servers = Value::Sequence(Vec::new());
    for (i, source) in assembly.sources.iter().enumerate() {
        let file = root.join(source.path);
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let mut document: Value = serde_yaml::from_str(&text)
            .map_err(|e| format!("{} is not YAML or JSON: {e}", file.display()))?;
        rename(&mut document, source.prefix);
        let Value::Mapping(mut document) = document else {
            return Err(format!("{} is not an object", file.display()));
        };
        if i == 0 {
            servers = document.remove("servers").unwrap_or(servers);
        }
        paths.extend(take_mapping(&mut document, "paths"));
        for (section, entries) in take_mapping(&mut document, "components") {
            let Value::Mapping(entries) = entries else {
                continue;
            };
            match components.get_mut(&section) {
                Some(Value::Mapping(all)) => all.extend(entries),
                _ => {
                    components.insert(section, Value::Mapping(entries));
                }
            }
        }
        tags.extend(take_sequence(&mut document, "tags"));
    }
    let mut info = Mapping::new();
    info.insert("title".into(), assembly.title.into());
    info.insert("version".into(), "1.0.0".into());
    let mut out = Mapping::new();
    out.insert("openapi".into(), "3.0.3".into());
    out.insert("info".into(), Value::Mapping(info));
    out.insert("servers".into(), servers);
    out.insert("tags".into(), Value::Sequence(tags));
    out.insert("paths".into(), Value::Mapping(paths));
    out.insert("components".into(), Value::Mapping(components));
    serde_yaml::to_string(&Value::Mapping(out)).map_err(|e| format!("cannot print YAML: {e}"))
}

/// Writes `assembly` under `root`, or with `check` compares the file with a rebuild.
pub fn run(root: &Path, assembly: &Assembly, check: bool) -> Result<PathBuf, String> {
    let text = assemble(root, assembly)?;
    let file = root.join(assembly.path);
    if check {
        let committed = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        if committed != text {
            return Err(format!(
                "{} differs from a rebuild; run `cargo xtask assemble`",
                file.display()
            ));
        }
        return Ok(file);
    }
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
    std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file)
}

/// Removes the mapping under `key` of `document` (an empty one when there is none).
fn take_mapping(document: &mut Mapping, key: &str) -> Mapping {
    match document.remove(key) {
        Some(Value::Mapping(mapping)) => mapping,
        _ => Mapping::new(),
    }
}

/// Removes the sequence under `key` of `document` (an empty one when there is none).
fn take_sequence(document: &mut Mapping, key: &str) -> Vec<Value> {
    match document.remove(key) {
        Some(Value::Sequence(items)) => items,
        _ => Vec::new(),
    }
}

/// Gives everything of the document `document` that another source could also name the
/// prefix `prefix`.
fn rename(document: &mut Value, prefix: &str) {
    rename_refs(document, prefix);
    let Value::Mapping(document) = document else {
        return;
    };
    if let Some(Value::Mapping(components)) = document.get_mut("components") {
        for section in SECTIONS {
            if let Some(Value::Mapping(entries)) = components.get_mut(section) {
                *entries = prefix_keys(std::mem::take(entries), &format!("{prefix}_"));
            }
        }
    }
    // The document's own default security goes to each operation that has none: the
    // assembled document has no default of its own.
    let mut security = document.remove("security");
    if let Some(Value::Sequence(requirements)) = &mut security {
        rename_requirements(requirements, prefix);
    }
    if let Some(Value::Mapping(paths)) = document.get_mut("paths") {
        *paths = prefix_keys(std::mem::take(paths), &format!("/{prefix}"));
        for item in paths.values_mut() {
            let Value::Mapping(item) = item else { continue };
            for operation in item.values_mut() {
                rename_operation(operation, prefix, security.as_ref());
            }
        }
    }
    if let Some(Value::Sequence(tags)) = document.get_mut("tags") {
        for tag in tags {
            prefix_string(tag.get_mut("name"), prefix);
        }
    }
}

/// Prefixes the operation id, tags and security scheme names of `operation`, and gives it
/// `security` (already renamed) when it has none of its own. Any other member of a path item
/// is left as it is.
fn rename_operation(operation: &mut Value, prefix: &str, security: Option<&Value>) {
    let Value::Mapping(operation) = operation else {
        return;
    };
    if !operation.contains_key("responses") {
        return;
    }
    match operation.get_mut("security") {
        Some(Value::Sequence(requirements)) => rename_requirements(requirements, prefix),
        Some(_) => {}
        None => {
            if let Some(security) = security {
                operation.insert("security".into(), security.clone());
            }
        }
    }
    prefix_string(operation.get_mut("operationId"), prefix);
    if let Some(Value::Sequence(tags)) = operation.get_mut("tags") {
        for tag in tags {
            prefix_string(Some(tag), prefix);
        }
    }
}

/// Prefixes the scheme names of a list of security requirements.
fn rename_requirements(requirements: &mut [Value], prefix: &str) {
    for requirement in requirements {
        if let Value::Mapping(schemes) = requirement {
            *schemes = prefix_keys(std::mem::take(schemes), &format!("{prefix}_"));
        }
    }
}

/// `mapping` with `prefix` in front of each string key.
fn prefix_keys(mapping: Mapping, prefix: &str) -> Mapping {
    mapping
        .into_iter()
        .map(|(key, value)| match key {
            Value::String(key) => (Value::String(format!("{prefix}{key}")), value),
            key => (key, value),
        })
        .collect()
}

/// Puts `prefix_` in front of the string `value`, if it is one.
fn prefix_string(value: Option<&mut Value>, prefix: &str) {
    if let Some(Value::String(text)) = value {
        *text = format!("{prefix}_{text}");
    }
}

/// Rewrites, anywhere under `value`, each local `$ref` and each discriminator mapping to the
/// renamed components and paths.
fn rename_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Mapping(mapping) => {
            for (key, item) in mapping.iter_mut() {
                match (key.as_str(), &mut *item) {
                    (Some("$ref"), Value::String(target)) => {
                        *target = renamed_ref(target, prefix);
                    }
                    (Some("discriminator"), Value::Mapping(discriminator))
                        if discriminator.contains_key("propertyName") =>
                    {
                        if let Some(Value::Mapping(cases)) = discriminator.get_mut("mapping") {
                            for case in cases.values_mut() {
                                if let Value::String(target) = case {
                                    *target = renamed_mapping(target, prefix);
                                }
                            }
                        }
                    }
                    _ => rename_refs(item, prefix),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| rename_refs(item, prefix)),
        Value::Tagged(tagged) => rename_refs(&mut tagged.value, prefix),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// A local reference `target` to a component or path, renamed; other references unchanged.
fn renamed_ref(target: &str, prefix: &str) -> String {
    if let Some(rest) = target.strip_prefix("#/components/") {
        if let Some((section, name)) = rest.split_once('/') {
            if SECTIONS.contains(&section) {
                return format!("#/components/{section}/{prefix}_{name}");
            }
        }
    }
    if let Some(path) = target.strip_prefix("#/paths/") {
        return format!("#/paths/~1{prefix}{path}");
    }
    target.to_owned()
}

/// A discriminator mapping's value renamed: a reference, or a bare schema name.
fn renamed_mapping(target: &str, prefix: &str) -> String {
    if target.starts_with('#') {
        renamed_ref(target, prefix)
    } else {
        format!("{prefix}_{target}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_their_renamed_targets() {
        assert_eq!(
            renamed_ref("#/components/schemas/Flag/properties/key", "ld"),
            "#/components/schemas/ld_Flag/properties/key"
        );
        assert_eq!(
            renamed_ref("#/paths/~1flags/get", "ld"),
            "#/paths/~1ld~1flags/get"
        );
        assert_eq!(renamed_ref("other.yaml#/Flag", "ld"), "other.yaml#/Flag");
        assert_eq!(renamed_mapping("Dog", "pets"), "pets_Dog");
    }

    #[test]
    fn a_document_is_renamed_throughout() -> Result<(), serde_yaml::Error> {
        let mut document: Value = serde_yaml::from_str(
            "
paths:
  /flags:
    get:
      operationId: list
      tags: [Flags]
      security: [{key: []}]
      responses:
        '200': {$ref: '#/components/responses/Ok'}
    post:
      responses: {}
components:
  responses:
    Ok: {description: ok}
  schemas:
    Pet:
      discriminator: {propertyName: kind, mapping: {dog: Dog}}
tags: [{name: Flags}]
security: [{top: []}]
",
        )?;
        rename(&mut document, "ld");
        let expected: Value = serde_yaml::from_str(
            "
paths:
  /ld/flags:
    get:
      operationId: ld_list
      tags: [ld_Flags]
      security: [{ld_key: []}]
      responses:
        '200': {$ref: '#/components/responses/ld_Ok'}
    post:
      responses: {}
      security: [{ld_top: []}]
components:
  responses:
    ld_Ok: {description: ok}
  schemas:
    ld_Pet:
      discriminator: {propertyName: kind, mapping: {dog: ld_Dog}}
tags: [{name: ld_Flags}]
",
        )?;
        assert_eq!(document, expected);
        Ok(())
    }

    #[test]
    fn the_committed_large_spec_is_a_rebuild_of_its_sources() -> Result<(), String> {
        run(&crate::codegen::workspace_root(), &LARGE, true).map(drop)
    }
}
