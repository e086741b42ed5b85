//! The audit's parts that need no cargo-semver-checks: the edits, the reading of its output
//! and the comparison of verdicts.

use super::checker::{Finding, Required, parse};
use super::edits::{EDITS, Edit, Mutation};
use super::witness::{Build, Witnessed, first_error, source};
use super::*;
use crate::codegen::workspace_root;

fn base() -> Result<Value, String> {
    base_spec(&workspace_root())
}

#[test]
fn every_edit_applies_to_the_base_and_changes_the_public_api() -> Result<(), String> {
    let base = base()?;
    let base_text = serde_yaml::to_string(&base).map_err(|e| e.to_string())?;
    let base_api = generate(&base_text)?.api;
    for edit in EDITS {
        let text = edited(&base, edit)?;
        assert_ne!(text, base_text, "{} changes nothing", edit.name);
        let api = generate(&text)
            .map_err(|e| format!("{}: {e}", edit.name))?
            .api;
        let report = compare(&base_api, &api);
        assert!(
            !report.changes.is_empty(),
            "{} changes no public API",
            edit.name
        );
    }
    Ok(())
}

#[test]
fn edit_names_are_unique_kebab_case() {
    for (i, edit) in EDITS.iter().enumerate() {
        assert!(
            edit.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            edit.name
        );
        assert!(
            EDITS[..i].iter().all(|e| e.name != edit.name),
            "{} twice",
            edit.name
        );
    }
}

/// An edit of one step.
fn edit_of(mutations: &'static [Mutation]) -> Edit {
    Edit {
        name: "test",
        description: "a test",
        mutations,
        witness: "",
        known_gap: None,
    }
}

#[test]
fn a_step_that_does_not_fit_the_spec_says_where() -> Result<(), String> {
    let cases: &[(&'static [Mutation], &str)] = &[
        (
            &[Mutation::Insert {
                path: &["components", "schemas", "Pet", "properties"],
                key: "weight",
                value: "{type: string}",
            }],
            "edit `test`: `components/schemas/Pet/properties` has `weight` already",
        ),
        (
            &[Mutation::Remove {
                path: &["components", "schemas", "Pet", "properties"],
                key: "colour",
            }],
            "edit `test`: `components/schemas/Pet/properties` has no `colour`",
        ),
        (
            &[Mutation::Replace {
                path: &["components", "schemas", "Cat"],
                key: "type",
                value: "object",
            }],
            "edit `test`: `components/schemas` has no `Cat`",
        ),
        (
            &[Mutation::Push {
                path: &["components", "schemas", "Kind", "enum"],
                value: "cat",
            }],
            "edit `test`: `components/schemas/Kind/enum` has `cat` already",
        ),
        (
            &[Mutation::Push {
                path: &["components", "schemas", "Kind"],
                value: "cat",
            }],
            "edit `test`: `components/schemas/Kind` is not a list",
        ),
    ];
    for (mutations, error) in cases {
        let mut spec = base()?;
        assert_eq!(
            edit_of(mutations).apply(&mut spec).as_ref(),
            Err(&error.to_string())
        );
    }
    Ok(())
}

/// cargo-semver-checks 0.51's output on the edit `operation-removed`, with a second lint added
/// and the paths shortened.
const MAJOR: &str = "    Building shelter v1.0.0 (current)
       Built [  19.848s] (current)
     Parsing shelter v1.0.0 (current)
      Parsed [   0.022s] (current)
    Building shelter v1.0.0 (baseline)
       Built [   3.860s] (baseline)
     Parsing shelter v1.0.0 (baseline)
      Parsed [   0.008s] (baseline)
    Checking shelter v1.0.0 -> v1.0.0 (no change; assume patch)
     Checked [   0.155s] 229 checks: 227 pass, 2 fail, 0 warn, 31 skip

--- failure inherent_method_missing: pub method removed or renamed ---

Description:
A publicly-visible method or associated fn is no longer available under its prior name. It may have been renamed or removed entirely.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/inherent_method_missing.ron

Failed in:
  Pets::delete, previously in file target/semver-audit/base/src/resources/pets.rs:69

--- failure method_parameter_count_changed: pub method parameter count changed ---

Failed in:
  shelter::models::Pet::new now takes 3 parameters instead of 2, in src/models.rs:55

     Summary semver requires new major version: 2 major and 0 minor checks failed
    Finished [  28.055s] shelter
";

#[test]
fn the_output_gives_the_bump_and_the_lints() {
    assert_eq!(
        parse(MAJOR),
        Ok(Finding {
            required: Required::Major,
            lints: vec![
                "inherent_method_missing".to_owned(),
                "method_parameter_count_changed".to_owned()
            ],
        })
    );
    let minor = "--- warning trait_method_marked_deprecated: trait method #[deprecated] added ---\n\n     Summary semver requires new minor version: 0 major and 1 minor checks failed\n";
    assert_eq!(
        parse(minor),
        Ok(Finding {
            required: Required::Minor,
            lints: vec!["trait_method_marked_deprecated".to_owned()],
        })
    );
    let nothing = "    Checking shelter v1.0.0 -> v1.0.0 (no change; assume patch)
     Checked [   0.307s] 229 checks: 229 pass, 31 skip
     Summary no semver update required
    Finished [  79.181s] shelter
";
    assert_eq!(
        parse(nothing),
        Ok(Finding {
            required: Required::Nothing,
            lints: Vec::new(),
        })
    );
}

#[test]
fn an_output_without_a_summary_is_an_error_that_quotes_it() {
    let failed =
        "error: could not compile `shelter` (lib)\nerror: aborting due to 1 previous error\n";
    let error = parse(failed).err().unwrap_or_default();
    assert!(error.contains("printed no summary"), "{error}");
    assert!(error.contains("could not compile `shelter`"), "{error}");
    let odd = "     Summary something else\n";
    assert_eq!(
        parse(odd),
        Err("cannot read cargo-semver-checks' summary `something else`".to_owned())
    );
}

/// A witness that compiles against the base, and against the edited crate when `compiles`.
fn witnessed(compiles: bool) -> Witnessed {
    Witnessed {
        base: Build::Compiles,
        edited: if compiles {
            Build::Compiles
        } else {
            Build::Fails(
                "error[E0061]: this function takes 2 arguments but 1 argument was supplied"
                    .to_owned(),
            )
        },
    }
}

#[test]
fn verdicts_compare_by_level_and_a_documented_gap_must_still_differ() {
    use Outcome::*;
    use Required::{Major, Minor, Nothing};
    let cases = [
        (Verdict::Major, Major, false, Agree),
        (Verdict::Minor, Nothing, false, Agree),
        (Verdict::Minor, Minor, false, Agree),
        (Verdict::Patch, Nothing, false, Agree),
        (Verdict::Major, Nothing, false, Disagree),
        (Verdict::Major, Minor, false, Disagree),
        (Verdict::Minor, Major, false, Disagree),
        (Verdict::Patch, Major, false, Disagree),
        (Verdict::Patch, Minor, false, Disagree),
        (Verdict::Major, Nothing, true, Documented),
        (Verdict::Major, Minor, true, Documented),
        (Verdict::Major, Major, true, StaleGap),
        (Verdict::Minor, Major, true, Disagree),
    ];
    for (ours, theirs, gap, outcome) in cases {
        // A witness that agrees with the report: it breaks exactly on a major verdict.
        let witness = witnessed(ours != Verdict::Major);
        assert_eq!(
            judge(ours, theirs, gap, &witness),
            outcome,
            "{ours:?} {theirs:?} {gap}"
        );
    }
}

#[test]
fn a_witness_must_build_against_the_base_and_break_exactly_on_a_breaking_verdict() {
    use Outcome::*;
    use Required::{Major, Nothing};
    let broken = Witnessed {
        base: Build::Fails("error[E0433]: failed to resolve".to_owned()),
        edited: Build::Compiles,
    };
    let cases = [
        // The witness still compiles after an edit the report calls breaking.
        (
            Verdict::Major,
            Major,
            false,
            witnessed(true),
            WitnessCompiles,
        ),
        (
            Verdict::Major,
            Nothing,
            true,
            witnessed(true),
            WitnessCompiles,
        ),
        // It stops compiling after one the report calls additive or compatible, even if
        // cargo-semver-checks sees nothing either.
        (
            Verdict::Minor,
            Nothing,
            false,
            witnessed(false),
            WitnessBreaks,
        ),
        (
            Verdict::Patch,
            Nothing,
            false,
            witnessed(false),
            WitnessBreaks,
        ),
        (Verdict::Major, Major, false, broken.clone(), WitnessBroken),
        (Verdict::Minor, Nothing, false, broken, WitnessBroken),
        (Verdict::Major, Nothing, true, witnessed(false), Documented),
        (Verdict::Minor, Nothing, false, witnessed(true), Agree),
    ];
    for (ours, theirs, gap, witness, outcome) in cases {
        let got = judge(ours, theirs, gap, &witness);
        assert_eq!(got, outcome, "{ours:?} {theirs:?} {gap} {witness:?}");
        assert_eq!(got.passes(), matches!(outcome, Agree | Documented));
    }
}

#[test]
fn a_witness_reads_as_its_builds() {
    assert_eq!(witnessed(true).label(), "compiles");
    assert_eq!(
        witnessed(false).label(),
        "breaks: error[E0061]: this function takes 2 arguments but 1 argument was supplied"
    );
    let broken = Witnessed {
        base: Build::Fails("error[E0433]: failed to resolve".to_owned()),
        edited: Build::Fails("error[E0433]: failed to resolve".to_owned()),
    };
    assert_eq!(
        broken.label(),
        "**fails against the base**: error[E0433]: failed to resolve"
    );
}

#[test]
fn the_first_error_of_a_build_is_its_headline() {
    let output = "warning: unused variable: `w`
 --> src/main.rs:6:9
error[E0308]: mismatched types
 --> src/main.rs:6:29
error: could not compile `witness` (bin \"witness\") due to 1 previous error
";
    assert_eq!(first_error(output), "error[E0308]: mismatched types");
    assert_eq!(first_error("warning: unused\n"), "no error printed");
}

#[test]
fn every_witness_is_a_program_that_uses_the_crate() -> Result<(), String> {
    for edit in EDITS {
        let text = source(edit.name, edit.witness);
        assert!(text.contains("shelter::"), "{} uses no shelter", edit.name);
        assert!(text.ends_with("fn main() {}\n"), "{text}");
        syn::parse_file(&text).map_err(|e| format!("{}: {e}", edit.name))?;
    }
    Ok(())
}
