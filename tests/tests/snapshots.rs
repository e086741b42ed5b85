//! Snapshots of the generated code: every file generated for `spec/`, and the models, their
//! decoders and the endpoint modules of each small fixture spec under `fixtures/models/` (one
//! feature each) with its warnings.
//! Accept intended changes with `cargo insta review`.

use revox_tests::{file, generate, project_spec, read, root};

#[test]
fn every_file_generated_for_the_project_spec() {
    let output = generate(&project_spec(), "revox");
    assert!(
        output.warnings.is_empty(),
        "the project spec gives warnings: {:#?}",
        output.warnings
    );
    for file in &output.files {
        insta::assert_snapshot!(
            format!("revox__{}", file.path.replace('/', "__")),
            file.contents
        );
    }
}

#[test]
fn fixture_models() {
    insta::glob!("../fixtures/models", "*.yaml", |path| {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture");
        let output = generate(&read(path), name);
        let mut text = String::new();
        for warning in &output.warnings {
            text.push_str(&warning.render(&format!("{name}.yaml")));
            text.push_str("\n\n");
        }
        text.push_str(&file(&output, "src/models.rs").contents);
        for endpoint_file in output.files.iter().filter(|f| {
            f.path == "src/decode.rs"
                || (f.path.starts_with("src/resources/") && f.path != "src/resources/mod.rs")
        }) {
            text.push_str(&format!("\n// ---- {} ----\n", endpoint_file.path));
            text.push_str(&endpoint_file.contents);
        }
        insta::assert_snapshot!(text);
    });
}

/// With several security schemes the client gets one builder method and one environment
/// variable per scheme: `security.rs` and the README's authentication section.
#[test]
fn the_client_of_a_spec_with_several_security_schemes() {
    let spec = read(&root().join("tests/fixtures/models/security.yaml"));
    let output = generate(&spec, "security");
    let readme = &file(&output, "README.md").contents;
    let start = readme
        .find("## Authentication")
        .expect("an authentication section");
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |end| start + end + 1);
    insta::assert_snapshot!(format!(
        "{}\n// ---- README.md ----\n{}",
        file(&output, "src/security.rs").contents,
        &readme[start..end]
    ));
}
