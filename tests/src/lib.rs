//! Shared helpers of the integration tests: paths into the workspace, generation of fixture
//! specs, and scratch folders.

pub mod prism;

use std::path::{Path, PathBuf};

use codegen::{GeneratedFile, Options, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::codegen::workspace_root()
}

/// The project's spec text.
pub fn project_spec() -> String {
    read(&root().join("spec/openapi.yaml"))
}

/// Reads a file the test cannot do without.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Generates a crate named `name` from `spec`, failing the test with rendered diagnostics.
pub fn generate(spec: &str, name: &str) -> Output {
    codegen::generate(spec, &Options::new(name, format!("{name}.yaml"))).unwrap_or_else(
        |diagnostics| {
            let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(name)).collect();
            panic!("generation failed:\n{}", rendered.join("\n"))
        },
    )
}

/// The file at `path` in `output`.
pub fn file<'a>(output: &'a Output, path: &str) -> &'a GeneratedFile {
    output
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} among the generated files"))
}

/// A fresh empty folder under the workspace's `target/`, removed first if a previous run left
/// it behind.
pub fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Copies every file under `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot list {}: {e}", from.display()))
    {
        let entry = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", from.display()));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Every file under `dir` with its contents, sorted by path: a fingerprint of a folder.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", current.display()))
        {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
                out.push((path.strip_prefix(dir).unwrap_or(&path).to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}
