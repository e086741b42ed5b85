//! A generated crate with one cargo feature per top-level resource builds with one of them
//! only, clippy-clean (a model or runtime file missing its `#[cfg]` would be dead code or
//! fail to compile), and with all of them, the default. One corpus crate of several
//! resources, built offline in a scratch workspace with the project's `Cargo.lock`.

use std::fs;
use std::process::Command;

use revox_tests::{file, generate, read, root, scratch};

/// The corpus spec built: several resources, paginated and not, with unions, and small
/// enough to build twice in about a minute.
const SPEC: &str = "tests/specs/real/onfido.json";

/// The crate's name.
const NAME: &str = "features_crate";

/// The features `Cargo.toml` declares and the default set, read from its `[features]` table.
fn features(manifest: &str) -> (Vec<String>, Vec<String>) {
    let table = manifest
        .split_once("\n[features]\n")
        .map(|(_, table)| table)
        .expect("a [features] table");
    let mut names = Vec::new();
    let mut default = Vec::new();
    let mut in_default = false;
    for line in table.lines() {
        if let Some((key, value)) = line.split_once(" = ") {
            in_default = key == "default";
            if in_default {
                default.extend(quoted(value));
            } else {
                names.push(key.to_owned());
            }
        } else if in_default {
            default.extend(quoted(line));
        }
    }
    (names, default)
}

/// The quoted strings of a line.
fn quoted(line: &str) -> Vec<String> {
    line.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_crate_builds_with_one_resource_and_with_all() {
    let output = generate(&read(&root().join(SPEC)), NAME);
    let manifest = &file(&output, "Cargo.toml").contents;
    let (names, default) = features(manifest);
    assert!(names.len() > 5, "too few features to test: {names:?}");
    assert_eq!(default, names, "every feature is on by default");
    let readme = &file(&output, "README.md").contents;
    for name in &names {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "feature {name} missing from the README"
        );
    }

    let workspace = scratch("features");
    for generated in &output.files {
        let target = workspace.join(NAME).join(&generated.path);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::write(&target, &generated.contents).expect("write");
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{NAME:?}]\n"),
    )
    .expect("write manifest");
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock");
    let cargo = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", root().join("target/features"))
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {} fails:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    };

    // The last resource: the first ones of a spec tend to reach most of its models. Some
    // models are its own, so the build below leaves the others' out.
    let one = names.last().expect("a feature");
    let models = &file(&output, "src/models.rs").contents;
    assert!(
        models.contains(&format!("#[cfg(feature = \"{one}\")]\n")),
        "no model is gated by {one} alone"
    );
    cargo(&[
        "clippy",
        "--offline",
        "--quiet",
        "--no-default-features",
        "--features",
        one,
        "--",
        "-D",
        "warnings",
    ]);
    cargo(&["check", "--offline", "--quiet"]);
}
