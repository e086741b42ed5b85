//! Shared helpers of the integration tests: paths into the workspace, generation of fixture
//! specs, scratch folders, and reading back what a mock server received.

pub mod mock;
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

/// The Rust examples in the docs of a generated crate (its README and the doc comments of its
/// source files), gathered into the source of one integration test that names the crate as
/// `krate`. Each `async fn example()` becomes `example_N`, and a test boxes every one of them
/// as a `Send` future without running it: so every example must compile as the user would
/// write it, and every endpoint's future must be `Send`. Compiling it also builds, in the
/// test, the response decoders that the endpoints' callers instantiate.
pub fn doc_examples(output: &Output, krate: &str) -> String {
    let mut blocks = Vec::new();
    for file in &output.files {
        if file.path == "README.md" {
            blocks.extend(code_blocks(file.contents.lines()));
        } else if file.path.ends_with(".rs") {
            let docs = file.contents.lines().filter_map(|line| {
                let line = line.trim_start();
                line.strip_prefix("///")
                    .or_else(|| line.strip_prefix("//!"))
                    .map(|doc| doc.strip_prefix(' ').unwrap_or(doc))
            });
            blocks.extend(code_blocks(docs));
        }
    }
    for block in &blocks {
        if let Some(path) = foreign_path(block) {
            panic!(
                "a doc example of `{krate}` names `{path}`, which a program depending only on \
                 the crate cannot: use the crate's re-export\n{block}"
            );
        }
    }
    let mut functions = Vec::new();
    let mut source = String::from(
        "//! The examples of the crate's docs; see `revox_tests::doc_examples`.\n\
         #![allow(deprecated, dead_code, unused, unreachable_code, clippy::all)]\n\n\
         #[rustfmt::skip]\nmod examples {\n",
    );
    for (i, block) in blocks.iter().enumerate() {
        let name = format!("example_{i}");
        if block.contains("async fn example()") {
            source.push_str(&block.replacen(
                "async fn example()",
                &format!("async fn {name}()"),
                1,
            ));
            functions.push(name);
        } else {
            source.push_str(&format!("fn {name}() {{\n{block}}}\n"));
        }
        source.push('\n');
    }
    source.push_str(&format!(
        "#[test]\nfn every_example_is_a_send_future() {{\n    \
         type Example = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = \
         ::std::result::Result<(), {krate}::Error>> + Send>>;\n    \
         let examples: ::std::vec::Vec<Example> = vec![\n"
    ));
    for name in &functions {
        source.push_str(&format!("        ::std::boxed::Box::pin({name}()),\n"));
    }
    source.push_str("    ];\n    assert_eq!(examples.len(), ");
    source.push_str(&format!("{});\n}}\n}}\n", functions.len()));
    source
}

/// The first absolute path in `code` (`::name`, not after an identifier) to a crate other than
/// `std`: the examples compile as integration tests, which see every dependency of the crate,
/// but a user's program sees only the crate and what it re-exports.
fn foreign_path(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    code.match_indices("::").find_map(|(i, _)| {
        let after_ident = i > 0 && (ident(bytes[i - 1]) || bytes[i - 1] == b'>');
        let name: String = code[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (!after_ident && !name.is_empty() && !["std", "core", "alloc"].contains(&name.as_str()))
            .then(|| format!("::{name}"))
    })
}

/// The Rust code blocks among `lines` of Markdown, with rustdoc's hidden-line `# ` prefixes
/// removed; blocks in another language are left out.
fn code_blocks<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut blocks = Vec::new();
    // `Some(Some(code))` inside a Rust block, `Some(None)` inside another one.
    let mut current: Option<Option<String>> = None;
    for line in lines {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(info)) => {
                let rust = info
                    .split(',')
                    .all(|word| matches!(word.trim(), "" | "rust" | "no_run" | "should_panic"));
                current = Some(rust.then(String::new));
            }
            (Some(_), Some(_)) => blocks.extend(current.take().flatten()),
            (Some(Some(block)), None) => {
                let code = match line.trim_start() {
                    "#" => "",
                    trimmed => trimmed.strip_prefix("# ").unwrap_or(line),
                };
                block.push_str(code);
                block.push('\n');
            }
            (Some(None) | None, None) => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::foreign_path;

    #[test]
    fn examples_may_name_std_and_the_crate_only() {
        let table = [
            ("let v = ::serde_json::Value::Null;", Some("::serde_json")),
            ("f(::bytes::Bytes::new())", Some("::bytes")),
            ("let v = revox::serde_json::json!({});", None),
            (
                "let v: ::std::vec::Vec<u8> = x.iter().collect::<Vec<_>>();",
                None,
            ),
            ("revox::models::A::default()", None),
        ];
        for (code, expected) in table {
            assert_eq!(foreign_path(code).as_deref(), expected, "{code}");
        }
    }
}
