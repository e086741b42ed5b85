//! Decoding fits in the stack of a tokio worker thread (2 MiB), in a debug build, for every
//! spec of the corpus (`tests/specs/`): the largest types of each, given a payload with every
//! property filled (made from the spec's schemas), decode on a thread with that stack. A
//! payments API once needed 16 MiB for one response, and the process aborted.
//!
//! The crates are generated into a scratch workspace of their own and built by one cargo run
//! in the default (debug) profile, sharing the target folder of `generated_crates_compile.rs`
//! for their dependencies.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::process::Command;

use serde_json::{Map, Value, json};

use revox_tests::{read, root, scratch};

/// Types tried per spec, the largest payloads first.
const TYPES_PER_SPEC: usize = 6;

/// How deep a payload nests objects; deeper optional properties are left out.
const MAX_DEPTH: usize = 10;

#[test]
fn the_largest_types_of_every_corpus_spec_decode_in_a_worker_stack() {
    let workspace = scratch("decode-stack");
    let mut members = Vec::new();
    // Only the resources that reach the sampled types are built: each top-level resource is
    // a cargo feature, and the rest of a large crate is compile time this test does not use.
    let mut features = std::collections::BTreeSet::new();
    for spec in corpus() {
        let text = read(&root().join(&spec.path));
        let name = spec.name;
        let output = revox_tests::generate(&text, &name);
        let document: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).expect("json")
        } else {
            serde_yaml::from_str(&text).expect("yaml")
        };
        let file = |path: &str| {
            output
                .files
                .iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.as_str())
                .unwrap_or_default()
        };
        let samples = largest_samples(&document, file("src/decode.rs"));
        let models = file("src/models.rs");
        features.extend(
            samples
                .iter()
                .filter_map(|(rust, _)| gating_feature(models, rust))
                .map(|feature| format!("{name}/{feature}")),
        );
        if samples.is_empty() {
            // Nothing to decode (a spec whose bodies are all inline or empty).
            continue;
        }
        for file in &output.files {
            let target = workspace.join(&name).join(&file.path);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::write(&target, &file.contents).expect("write");
        }
        fs::create_dir_all(workspace.join(&name).join("tests")).expect("mkdir");
        fs::write(
            workspace.join(&name).join("tests/decode_stack.rs"),
            stack_test(&name, &samples),
        )
        .expect("write");
        members.push(name);
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    )
    .expect("write manifest");
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock");
    let output = Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--quiet",
            "--workspace",
            "--test",
            "decode_stack",
            "--no-default-features",
            "--features",
        ])
        .arg(features.into_iter().collect::<Vec<_>>().join(","))
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "decoding does not fit in a worker's stack, or a sample does not decode:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The corpus specs of `tests/specs/`, named as the conformance run names their crates.
fn corpus() -> Vec<xtask::conformance::Spec> {
    let specs: Vec<_> = xtask::conformance::corpus(&root())
        .unwrap_or_else(|e| panic!("cannot list the corpus: {e}"))
        .into_iter()
        .filter(|spec| spec.path.starts_with("tests/specs/"))
        .collect();
    assert!(specs.len() >= 10, "corpus missing: {specs:?}");
    specs
}

/// The Rust names and sample payloads of the component schemas with the largest samples,
/// among those the crate decodes (`decode.rs` has their impl).
fn largest_samples(document: &Value, decode: &str) -> Vec<(String, String)> {
    let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut samples: Vec<(String, String)> = schemas
        .iter()
        .filter_map(|(name, schema)| {
            let rust = codegen::naming::type_name(name);
            let decoded = decode.contains(&format!(
                "impl<'de> serde::Deserialize<'de> for crate::models::{rust} {{"
            ));
            // Two components whose names meet after conversion: the second got another name.
            if !decoded || !seen.insert(rust.clone()) {
                return None;
            }
            let mut path = vec![name.clone()];
            let sample = Sampler { document }.sample(schema, &mut path, 0);
            Some((rust, sample.to_string()))
        })
        .collect();
    samples.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    samples.truncate(TYPES_PER_SPEC);
    samples
}

/// A feature that compiles type `rust` of `models` (the first its `#[cfg]` names), or
/// `None` when every build has it.
fn gating_feature(models: &str, rust: &str) -> Option<String> {
    let start = ["struct", "enum", "type"]
        .iter()
        .find_map(|kind| models.find(&format!("\npub {kind} {rust} ")))?;
    // The attributes and docs of the item run back to the blank line before it.
    let item = &models[..start];
    let attributes = &item[item.rfind("\n\n").unwrap_or(0)..];
    let cfg = &attributes[attributes.find("#[cfg(")?..];
    let name = cfg.split("feature = \"").nth(1)?;
    Some(name[..name.find('"')?].to_owned())
}

/// The integration test that decodes `samples` on a thread with a worker's stack.
fn stack_test(krate: &str, samples: &[(String, String)]) -> String {
    let mut checks = String::new();
    for (rust, json) in samples {
        checks.push_str(&format!(
            "        check::<{krate}::models::{rust}>({rust:?}, {json:?}, &mut failures);\n"
        ));
    }
    format!(
        "//! The largest types of the spec decode on a thread with the stack of a tokio worker.\n\
         \n\
         fn check<T: serde::de::DeserializeOwned>(name: &str, json: &str, failures: &mut Vec<String>) {{\n    \
             if let Err(error) = serde_json::from_str::<T>(json) {{\n        \
                 failures.push(format!(\"{{name}}: {{error}}\"));\n    \
             }}\n\
         }}\n\
         \n\
         #[test]\n\
         fn the_largest_types_decode_in_a_worker_stack() {{\n    \
             let failures = std::thread::Builder::new()\n        \
                 .stack_size(2 * 1024 * 1024)\n        \
                 .spawn(|| {{\n        \
                     let mut failures = Vec::new();\n\
         {checks}        \
                     failures\n    \
                 }})\n        \
                 .expect(\"spawns\")\n        \
                 .join()\n        \
                 .expect(\"decodes within the stack\");\n    \
             assert!(failures.is_empty(), \"samples that do not decode: {{failures:#?}}\");\n\
         }}\n"
    )
}

/// Makes a JSON value for a schema of the document, with every property filled down to
/// [`MAX_DEPTH`].
struct Sampler<'a> {
    document: &'a Value,
}

impl Sampler<'_> {
    /// `path` holds the components being sampled, so that a recursive reference is left out
    /// (or sampled without its optional properties, when it is required).
    fn sample(&self, schema: &Value, path: &mut Vec<String>, depth: usize) -> Value {
        if depth > 4 * MAX_DEPTH {
            return Value::Null;
        }
        let Some(object) = schema.as_object() else {
            return Value::Null;
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                return Value::Null;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            let Some(target) = self
                .document
                .pointer("/components/schemas")
                .and_then(|s| s.get(&name))
            else {
                return Value::Null;
            };
            path.push(name);
            let value = self.sample(target, path, depth + 1);
            path.pop();
            return value;
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if let Some(first) = values.iter().find(|v| !v.is_null()) {
                return first.clone();
            }
        }
        if let Some(members) = object.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            let mut other = None;
            for member in members {
                match self.sample(member, path, depth + 1) {
                    Value::Object(fields) => merged.extend(fields),
                    Value::Null => {}
                    value => other = other.or(Some(value)),
                }
            }
            return match other {
                Some(value) if merged.is_empty() => value,
                _ => Value::Object(merged),
            };
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(keyword).and_then(Value::as_array) {
                return self.variant(object, variants, path, depth);
            }
        }
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        // OpenAPI 3.1 writes a list of types (`[string, "null"]`): the first that is not null.
        let kind = match object.get("type") {
            Some(Value::Array(kinds)) => kinds
                .iter()
                .filter_map(Value::as_str)
                .find(|k| *k != "null"),
            other => other.and_then(Value::as_str),
        };
        match kind {
            Some("string") => json!("text"),
            Some("integer") => match object.get("minimum").and_then(Value::as_i64) {
                Some(minimum) if minimum > 1 => json!(minimum),
                _ => json!(1),
            },
            Some("number") => json!(1.5),
            Some("boolean") => json!(true),
            Some("array") => match object.get("items") {
                Some(items) if depth < MAX_DEPTH => match self.sample(items, path, depth + 1) {
                    Value::Null => json!([]),
                    item => json!([item]),
                },
                _ => json!([]),
            },
            _ if kind == Some("object") || object.contains_key("properties") => {
                self.object(object, path, depth)
            }
            _ => Value::Null,
        }
    }

    fn object(&self, object: &Map<String, Value>, path: &mut Vec<String>, depth: usize) -> Value {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut out = Map::new();
        let properties = object.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let needed = required.contains(&name.as_str());
            let recursive = property
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .is_some_and(|target| path.iter().any(|p| p == target));
            if !needed && (depth >= MAX_DEPTH || recursive) {
                continue;
            }
            let value = self.sample(property, path, depth + 1);
            if needed || !value.is_null() {
                out.insert(name.clone(), value);
            }
        }
        if let Some(additional) = object.get("additionalProperties").filter(|a| a.is_object()) {
            if depth < MAX_DEPTH {
                let value = self.sample(additional, path, depth + 1);
                if !value.is_null() {
                    out.insert("extra_key".to_owned(), value);
                }
            }
        }
        Value::Object(out)
    }

    /// The first variant of a union, with its tag when the union has a discriminator.
    fn variant(
        &self,
        union: &Map<String, Value>,
        variants: &[Value],
        path: &mut Vec<String>,
        depth: usize,
    ) -> Value {
        let Some(first) = variants.first() else {
            return Value::Null;
        };
        let mut value = self.sample(first, path, depth + 1);
        let discriminator = union.get("discriminator");
        let tag = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str);
        if let (Some(tag), Value::Object(fields), Some(reference)) =
            (tag, &mut value, first.get("$ref").and_then(Value::as_str))
        {
            let mapping: BTreeMap<&str, &str> = discriminator
                .and_then(|d| d.get("mapping"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| Some((v.as_str()?, k.as_str())))
                .collect();
            let component = reference.rsplit('/').next().unwrap_or(reference);
            let tag_value = mapping
                .get(reference)
                .or_else(|| mapping.get(component))
                .map(|v| (*v).to_owned())
                .or_else(|| match fields.get(tag) {
                    Some(Value::String(s)) if s != "text" => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| component.to_owned());
            fields.insert(tag.to_owned(), Value::String(tag_value));
        }
        value
    }
}

#[test]
fn a_sampled_type_is_built_with_the_first_feature_of_its_cfg() {
    let models = "//! Models.\n\n/// A pet.\n#[cfg(\n    any(\n        feature = \"pets\",\n        \
                  feature = \"owners\"\n    )\n)]\n#[derive(Debug)]\npub struct Pet {}\n\n\
                  #[derive(Debug)]\npub struct Free {}\n\n#[cfg(feature = \"owners\")]\n\
                  pub type Owner = Free;\n";
    assert_eq!(gating_feature(models, "Pet").as_deref(), Some("pets"));
    assert_eq!(gating_feature(models, "Free"), None);
    assert_eq!(gating_feature(models, "Owner").as_deref(), Some("owners"));
    assert_eq!(gating_feature(models, "Missing"), None);
}
