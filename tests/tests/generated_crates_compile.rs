//! Every fixture spec and every real-world spec of the corpus (`tests/specs/`) generates a
//! crate that compiles, passes clippy with `-D warnings` and is left alone by rustfmt. The
//! crates are generated into one scratch workspace and checked by a single cargo run, offline
//! and with the project's `Cargo.lock`, so dependencies resolve to what the project already
//! has. The examples in each crate's docs are compiled too, and the warnings each real-world
//! spec gives are snapshotted.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use revox_tests::{doc_examples, generate, read, root, scratch};

/// The specs to build: the fixtures, then the real-world documents of the corpus.
fn specs() -> Vec<PathBuf> {
    let list = |dir: &Path, extensions: &[&str]| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
            })
            .collect();
        found.sort();
        found
    };
    let fixtures = list(&root().join("tests/fixtures/models"), &["yaml"]);
    assert!(fixtures.len() >= 8, "fixtures missing: {fixtures:?}");
    let corpus = root().join("tests/specs");
    let oxide = list(&corpus.join("oxide"), &["json", "yaml"]);
    let real = list(&corpus.join("real"), &["json", "yaml"]);
    let real31 = list(&corpus.join("real31"), &["json", "yaml"]);
    assert!(
        oxide.iter().any(|p| p.ends_with("nexus.json")) && real.len() >= 8 && real31.len() >= 2,
        "corpus specs missing from {}: {oxide:?} {real:?} {real31:?}",
        corpus.display()
    );
    fixtures
        .into_iter()
        .chain(oxide)
        .chain(real)
        .chain(real31)
        .collect()
}

/// A crate name for a spec file: `param-overrides.json` -> `param_overrides`, and
/// `param_overrides_yaml` for a YAML file whose JSON twin took the name.
fn crate_name(path: &Path, taken: &[String]) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace(['-', '.'], "_");
    let extension = path.extension().and_then(|s| s.to_str()).unwrap_or("");
    if taken.iter().any(|t| t.trim_matches('"') == stem) {
        format!("{stem}_{extension}")
    } else {
        stem
    }
}

/// What the behaviour tests of a fixture crate may use besides the crate's own dependencies
/// (all in the project's `Cargo.lock` already).
const DEV_DEPENDENCIES: &str = "\n[dev-dependencies]\n\
    tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
    wiremock = \"0.6\"\n";

#[test]
fn every_generated_crate_compiles_clippy_clean() {
    let workspace = scratch("generated-crates");
    let mut members = Vec::new();
    let mut tested = Vec::new();
    for path in specs() {
        let name = crate_name(&path, &members);
        let output = generate(&read(&path), &name);
        if path.starts_with(root().join("tests/specs")) {
            let warnings: Vec<String> = output.warnings.iter().map(|w| w.render(&name)).collect();
            insta::assert_snapshot!(format!("warnings__{name}"), warnings.join("\n\n"));
        }
        for file in &output.files {
            let target = workspace.join(&name).join(&file.path);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::write(&target, &file.contents).expect("write");
        }
        // The examples of the crate's docs are compiled (by clippy, and by the tests of the
        // crates below) as one integration test.
        fs::create_dir_all(workspace.join(&name).join("tests")).expect("mkdir");
        fs::write(
            workspace.join(&name).join("tests/doc_examples.rs"),
            doc_examples(&output, &name),
        )
        .expect("write");
        // Hand-written tests of a fixture's behaviour become the crate's integration tests.
        let behaviour = root()
            .join("tests/fixtures/behaviour")
            .join(format!("{name}.rs"));
        if behaviour.exists() {
            fs::copy(&behaviour, workspace.join(&name).join("tests/behaviour.rs")).expect("copy");
            // Behaviour tests may drive the client against a local mock server.
            let manifest = workspace.join(&name).join("Cargo.toml");
            let mut text = fs::read_to_string(&manifest).expect("read manifest");
            text.push_str(DEV_DEPENDENCIES);
            fs::write(&manifest, text).expect("write manifest");
            tested.push(name.clone());
        }
        members.push(format!("{name:?}"));
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write manifest");
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock");

    // rustfmt must leave generated crates alone, or `cargo fmt` in a workspace that vendors
    // one would make it stale.
    let fmt = Command::new(env!("CARGO"))
        .args(["fmt", "--all", "--check"])
        .current_dir(&workspace)
        .output()
        .expect("cargo fmt runs");
    assert!(
        fmt.status.success(),
        "cargo fmt would change generated code:\n{}",
        String::from_utf8_lossy(&fmt.stdout)
    );

    // Both runs share the scratch workspace and a target folder of their own. Incremental
    // compilation only costs here (every crate is new to each run): without it the test took
    // a quarter of the time and a fraction of the disk on the 2-core machine.
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .expect("cargo runs")
    };
    let output = cargo(&[
        "clippy",
        "--offline",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        output.status.success(),
        "generated crates fail to compile or lint:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    assert!(tested.len() >= 2, "behaviour tests missing: {tested:?}");
    let mut args = vec!["test", "--offline", "--quiet", "--tests"];
    for name in &tested {
        args.extend(["-p", name.as_str()]);
    }
    let output = cargo(&args);
    assert!(
        output.status.success(),
        "behaviour tests of generated crates fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
