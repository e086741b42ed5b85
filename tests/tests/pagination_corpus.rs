//! What pagination detection finds in the corpus (`tests/specs/`) and in `spec/`: one line
//! per paginated operation, with the pattern and the fields it follows, snapshotted so that a
//! change of detection shows as a diff to review (false positives included).

use std::fmt::Write as _;
use std::fs;

use codegen::ir::{Api, CursorSource, FieldPath, Items, NextPage};
use revox_tests::{project_spec, read, root};

fn path_text(api: &Api, path: &FieldPath) -> String {
    let steps: Vec<&str> = path
        .0
        .iter()
        .map(|&(id, index)| match api.types.kind(id) {
            Some(codegen::ir::TypeKind::Struct(s)) => s.fields[index].wire.as_str(),
            _ => "?",
        })
        .collect();
    steps.join(".")
}

/// One line per paginated operation of `api`, and the count of GET operations.
fn summary(api: &Api) -> (usize, usize, String) {
    let mut text = String::new();
    let (mut gets, mut paginated) = (0, 0);
    for resource in &api.resources {
        for op in &resource.operations {
            gets += usize::from(op.method == "GET");
            let Some(p) = &op.pagination else { continue };
            paginated += 1;
            let param = |i: usize| {
                op.parameters
                    .as_ref()
                    .map_or("?", |ps| ps.fields[i].0.wire.as_str())
            };
            let next = match &p.next {
                NextPage::Cursor { param: c, from } => match from {
                    CursorSource::Field(path) => {
                        format!("cursor {} <- {}", param(*c), path_text(api, path))
                    }
                    CursorSource::LastItem(_) => format!("cursor {} <- last item id", param(*c)),
                },
                NextPage::Offset { param: o } => format!("offset {}", param(*o)),
                NextPage::Page { param: n, first } => format!("page {} from {first}", param(*n)),
                NextPage::LinkHeader => "link header".to_owned(),
                NextPage::Url(path) => format!("url <- {}", path_text(api, path)),
            };
            let items = match &p.items {
                Items::Body => "body".to_owned(),
                Items::Field(path) => path_text(api, path),
            };
            let mut ends = Vec::new();
            if let Some(path) = &p.has_more {
                ends.push(format!("has_more {}", path_text(api, path)));
            }
            if let Some(path) = &p.total {
                ends.push(format!("total {}", path_text(api, path)));
            }
            if let Some(size) = p.size {
                ends.push(format!("size {}", param(size)));
            }
            let _ = writeln!(
                text,
                "{} {}: {next}; items {items}; {}",
                op.method,
                op.path,
                ends.join(", ")
            );
        }
    }
    (gets, paginated, text)
}

#[test]
fn detection_over_the_corpus() {
    let mut specs = vec![("spec/openapi.yaml".to_owned(), project_spec())];
    for dir in ["oxide", "real", "real31"] {
        let mut paths: Vec<_> = fs::read_dir(root().join("tests/specs").join(dir))
            .expect("corpus")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let name = format!(
                "{dir}/{}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("")
            );
            specs.push((name, read(&path)));
        }
    }
    let mut report = String::new();
    for (name, spec) in specs {
        let Ok(api) = codegen::lower(&spec) else {
            let _ = writeln!(report, "## {name}: does not lower\n");
            continue;
        };
        let (gets, paginated, lines) = summary(&api);
        let _ = writeln!(
            report,
            "## {name}: {paginated} of {gets} GET operations paginated\n{lines}"
        );
    }
    insta::assert_snapshot!(report);
}
