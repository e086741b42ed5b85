//! `openapi_rust_sdk::build_script`, as a `build.rs` calls it: a spec becomes a crate in the
//! folder given, and a spec with errors fails with its diagnostics, writing nothing.
#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops at the first thing that is not as it should be"
)]

use std::fs;
use std::path::Path;

#[test]
fn a_build_script_generates_the_crate_and_fails_on_errors() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the scratch folder");
    let spec = dir.join("pets.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n",
    )
    .expect("write the spec");
    let out = dir.join("out/pets");
    let warnings = openapi_rust_sdk::build_script(&spec, &out, "pets").expect("generates");
    assert!(warnings.is_empty(), "{warnings:?}");
    let models = fs::read_to_string(out.join("src/models.rs")).expect("models written");
    assert!(models.contains("pub struct Pet"));
    assert!(
        fs::read_to_string(out.join("Cargo.toml")).is_ok_and(|t| t.contains("name = \"pets\""))
    );

    fs::write(&spec, "openapi: 3.0.3\ninfo: [").expect("break the spec");
    let broken = dir.join("out/broken");
    let error = openapi_rust_sdk::build_script(&spec, &broken, "broken").expect_err("fails");
    assert!(error.to_string().contains("error"), "{error}");
    assert!(!broken.exists(), "a failed build script writes nothing");
}
