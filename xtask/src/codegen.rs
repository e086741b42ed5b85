//! `cargo xtask codegen`: the project's own generation, `spec/openapi.yaml` into
//! `generated/`. Writing, checking, the change report, the version and the changelog are the
//! `openapi-rust-sdk` library's, which the command-line tool shares.

use std::path::{Path, PathBuf};

use codegen::Options;
pub use openapi_rust_sdk::folder::{
    ChangeReport, MANIFEST, Outcome, Request, change_report, run, run_reporting,
};

/// The command that fixes a stale `generated/`.
pub const FIX_COMMAND: &str = "cargo xtask codegen";

/// The project's own job: `spec/openapi.yaml` into `generated/`, crate `revox`.
pub fn project(check: bool) -> Request {
    let root = workspace_root();
    Request {
        spec: root.join("spec/openapi.yaml"),
        out: root.join("generated"),
        options: Options::new("revox", "spec/openapi.yaml"),
        check,
        bump: false,
    }
}

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
