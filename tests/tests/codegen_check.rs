//! `cargo xtask codegen` and its `--check` mode, run through the xtask library: the
//! committed `generated/` is fresh, a spec change is reported as a readable diff, a broken
//! spec writes nothing, and output is byte-for-byte deterministic.

use std::fs;
use std::path::Path;

use codegen::Options;
use revox_tests::{copy_tree, root, scratch, snapshot_tree};
use xtask::codegen::{Outcome, Request, run};

fn request(spec: &Path, out: &Path, check: bool) -> Request {
    Request {
        spec: spec.to_path_buf(),
        out: out.to_path_buf(),
        options: Options::new("revox", "spec/openapi.yaml"),
        check,
        bump: false,
    }
}

/// A scratch copy of the project's spec and of `generated/`.
fn project_copy(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = scratch(name);
    let spec = dir.join("openapi.yaml");
    fs::copy(root().join("spec/openapi.yaml"), &spec).expect("copy spec");
    let out = dir.join("generated");
    fs::create_dir_all(&out).expect("mkdir");
    copy_tree(&root().join("generated"), &out);
    (spec, out)
}

#[test]
fn committed_generated_crate_is_up_to_date() {
    match run(&xtask::codegen::project(true)).expect("check runs") {
        Outcome::Done { changed, warnings } => {
            assert!(changed.is_empty());
            assert!(warnings.is_empty(), "{warnings:?}");
        }
        Outcome::Stale { problems, .. } => {
            panic!(
                "generated/ is stale; run `cargo xtask codegen`:\n{}",
                problems.join("\n")
            )
        }
        Outcome::Failed { diagnostics } => panic!("spec/ does not generate: {diagnostics:?}"),
    }
}

#[test]
fn a_changed_description_is_reported_as_a_diff_and_nothing_is_written() {
    let (spec, out) = project_copy("check-description");
    let text = fs::read_to_string(&spec).expect("read");
    let old = "Human-readable label of the assistant.";
    assert!(
        text.contains(old),
        "the test edits a description that must exist in spec/"
    );
    fs::write(
        &spec,
        text.replacen(old, "The assistant's display name.", 1),
    )
    .expect("write");
    let before = snapshot_tree(&out);

    let Outcome::Stale { problems, .. } = run(&request(&spec, &out, true)).expect("check runs")
    else {
        panic!("a changed description must make --check fail");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let problem = &problems[0];
    assert!(
        problem.starts_with("stale: ") && problem.contains("src/models.rs"),
        "{problem}"
    );
    assert!(
        problem.contains("-    /// Human-readable label of the assistant."),
        "{problem}"
    );
    assert!(
        problem.contains("+    /// The assistant's display name."),
        "{problem}"
    );
    assert_eq!(snapshot_tree(&out), before, "--check must not write");

    // Writing fixes it, and a second check passes.
    let Outcome::Done { changed, .. } = run(&request(&spec, &out, false)).expect("writes") else {
        panic!("write failed")
    };
    assert_eq!(changed, ["src/models.rs"]);
    assert!(
        matches!(run(&request(&spec, &out, true)).expect("check"), Outcome::Done { changed, .. } if changed.is_empty())
    );
}

#[test]
fn a_spec_that_does_not_parse_leaves_the_output_untouched_and_says_where() {
    let (spec, out) = project_copy("broken-spec");
    let text = fs::read_to_string(&spec).expect("read");
    // Break the YAML on a known line: an unclosed flow sequence.
    let broken = text.replacen("tags: [assistants]", "tags: [assistants", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("tags: [assistants") && !l.contains(']'))
        .expect("edited line")
        + 1;
    fs::write(&spec, &broken).expect("write");
    fs::write(
        out.join("src/models.rs"),
        "// an edited file that must survive\n",
    )
    .expect("write");
    let before = snapshot_tree(&out);

    for check in [false, true] {
        let Outcome::Failed { diagnostics } = run(&request(&spec, &out, check)).expect("runs")
        else {
            panic!("a broken spec must fail");
        };
        let first = &diagnostics[0];
        assert_eq!(first.severity, codegen::Severity::Error);
        assert!(first.message.starts_with("invalid yaml"), "{first}");
        let (at_line, _) = first.position.expect("a yaml error has a position");
        assert!(
            at_line >= line,
            "reported line {at_line}, broken line {line}"
        );
        assert!(
            first
                .render("spec/openapi.yaml")
                .contains(&format!("--> spec/openapi.yaml:{at_line}:"))
        );
        assert_eq!(snapshot_tree(&out), before, "a failed run must not write");
    }
}

/// A dangling `$ref` is a warning with its pointer, and in strict mode an error that writes
/// nothing.
#[test]
fn a_dangling_reference_is_an_error_with_its_pointer_in_strict_mode_and_writes_nothing() {
    let (spec, out) = project_copy("dangling-ref");
    let text = fs::read_to_string(&spec).expect("read");
    fs::write(
        &spec,
        text.replacen(
            "#/components/schemas/Calendly'",
            "#/components/schemas/Calendy'",
            1,
        ),
    )
    .expect("write");
    let before = snapshot_tree(&out);
    let mut strict = request(&spec, &out, false);
    strict.options.strict = true;
    let Outcome::Failed { diagnostics } = run(&strict).expect("runs") else {
        panic!("a dangling $ref must fail in strict mode");
    };
    let shown = |diagnostics: &[codegen::Diagnostic], severity| {
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].severity, severity);
        assert_eq!(
            diagnostics[0].pointer,
            "#/components/schemas/Assistant/properties/calendly/allOf/0/$ref"
        );
        assert!(
            diagnostics[0]
                .message
                .contains("#/components/schemas/Calendy"),
            "{}",
            diagnostics[0]
        );
    };
    shown(&diagnostics, codegen::Severity::Error);
    assert_eq!(snapshot_tree(&out), before);

    let Outcome::Done { warnings, .. } = run(&request(&spec, &out, false)).expect("runs") else {
        panic!("a dangling $ref generates with a warning");
    };
    shown(&warnings, codegen::Severity::Warning);
}

#[test]
fn generation_is_deterministic_and_writes_every_file() {
    let (spec, _) = project_copy("determinism");
    let first = scratch("determinism-a");
    let second = scratch("determinism-b");
    for out in [&first, &second] {
        let Outcome::Done { changed, .. } = run(&request(&spec, out, false)).expect("writes")
        else {
            panic!("failed")
        };
        assert!(changed.contains(&"src/models.rs".to_owned()), "{changed:?}");
    }
    assert_eq!(snapshot_tree(&first), snapshot_tree(&second));
    // The changelog is history, made from the committed one and each regeneration's report:
    // a fresh folder has only its first entry. Everything else is the committed crate.
    let without_changelog = |dir: &Path| {
        let mut tree = snapshot_tree(dir);
        tree.retain(|(path, _)| path != Path::new("CHANGELOG.md"));
        tree
    };
    assert_eq!(
        without_changelog(&first),
        without_changelog(&root().join("generated"))
    );
    let Outcome::Done { changed, .. } = run(&request(&spec, &first, false)).expect("writes") else {
        panic!("failed")
    };
    assert!(
        changed.is_empty(),
        "a second run changes nothing: {changed:?}"
    );
}

#[test]
fn extra_files_are_reported_and_only_generated_ones_are_removed() {
    let (spec, out) = project_copy("extra-files");
    fs::write(
        out.join("src/stale.rs"),
        "// @generated by `cargo xtask codegen` from spec; do not edit by hand.\n",
    )
    .expect("write");
    fs::write(out.join("NOTES.md"), "hand-written\n").expect("write");
    let Outcome::Stale { problems, .. } = run(&request(&spec, &out, true)).expect("check") else {
        panic!("extra files must fail the check")
    };
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems.iter().all(|p| p.starts_with("extra")),
        "{problems:#?}"
    );

    // Writing removes the generator's own extra file, keeps the hand-written one, and fails
    // on it as the check does, rather than reporting it as updated.
    let Outcome::Stale { problems, .. } = run(&request(&spec, &out, false)).expect("writes") else {
        panic!("a hand-written file fails the write too")
    };
    assert!(
        !out.join("src/stale.rs").exists(),
        "a file the generator wrote before is removed"
    );
    assert!(
        out.join("NOTES.md").exists(),
        "a file the generator did not write is kept"
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].ends_with("NOTES.md"), "{problems:#?}");
    let Outcome::Stale {
        problems: checked, ..
    } = run(&request(&spec, &out, true)).expect("check")
    else {
        panic!("the check still fails on the hand-written file")
    };
    assert_eq!(checked, problems, "write and check agree");

    fs::remove_file(out.join("NOTES.md")).expect("remove");
    let Outcome::Done { changed, .. } = run(&request(&spec, &out, true)).expect("check") else {
        panic!("without it the crate is fresh")
    };
    assert!(changed.is_empty());
}

#[test]
fn bump_moves_the_version_everywhere_and_the_changelog_lists_the_report() {
    let (spec, out) = project_copy("bump");
    let text = fs::read_to_string(&spec).expect("read");
    assert!(text.contains("\n  schemas:\n"), "the test adds a schema");
    // A new type: an addition, so before 1.0 the patch version.
    let text = text.replacen(
        "\n  schemas:\n",
        "\n  schemas:\n    Memo:\n      type: object\n      properties:\n        note: {type: string}\n",
        1,
    );
    fs::write(&spec, text).expect("write");
    let version = |out: &Path| {
        let api: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("api.json")).expect("read"))
                .expect("api.json is JSON");
        let cargo = fs::read_to_string(out.join("Cargo.toml")).expect("read");
        let line = format!("\nversion = {}\n", api["version"]);
        assert!(cargo.contains(&line), "Cargo.toml and api.json disagree");
        api["version"].as_str().unwrap_or_default().to_owned()
    };
    let before = version(&out);
    assert_eq!(before, "0.1.0");
    // The bump counts the committed changelog's unreleased entries too: a breaking one there
    // (generated types made `#[non_exhaustive]`) makes it the next minor version.
    let committed = fs::read_to_string(out.join("CHANGELOG.md")).expect("read");
    let next = if committed.contains("## Unreleased (major)") {
        "0.2.0"
    } else {
        "0.1.1"
    };

    let mut bump = request(&spec, &out, false);
    bump.bump = true;
    assert!(matches!(run(&bump).expect("writes"), Outcome::Done { .. }));
    assert_eq!(version(&out), next);
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).expect("read");
    let entry = changelog.find(&format!("## {next}\n\n**Verdict: minor**"));
    assert!(
        entry.is_some() && entry < changelog.find("## 0.1.0"),
        "{changelog}"
    );
    assert!(changelog.contains("`models::Memo`"), "{changelog}");

    // The bumped folder is fresh: the check derives the same changelog and version.
    let Outcome::Done { changed, .. } = run(&request(&spec, &out, true)).expect("check") else {
        panic!("a bumped folder passes the check")
    };
    assert!(changed.is_empty());
}
