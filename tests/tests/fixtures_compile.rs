//! Every fixture spec generates a crate that compiles and passes clippy with `-D warnings`.
//! The crates are generated into one scratch workspace and checked by a single cargo run,
//! offline and with the project's `Cargo.lock`, so dependencies resolve to what the project
//! already has.

use std::fs;
use std::process::Command;

use revox_tests::{generate, read, root, scratch};

#[test]
fn every_fixture_crate_compiles_clippy_clean() {
    let workspace = scratch("fixture-crates");
    let mut members = Vec::new();
    let mut fixtures: Vec<_> = fs::read_dir(root().join("tests/fixtures/models"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 8, "fixtures missing: {fixtures:?}");
    for path in &fixtures {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_owned();
        let output = generate(&read(path), &name);
        for file in &output.files {
            let target = workspace.join(&name).join(&file.path);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::write(&target, &file.contents).expect("write");
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

    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--offline",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root().join("target/fixture-crates"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "fixture crates fail to compile or lint:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
