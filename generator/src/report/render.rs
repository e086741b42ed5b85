//! The report as text: Markdown for files and pull requests, plain lines for a terminal.

use std::fmt::Write as _;

use super::{Impact, Report, Verdict};

/// What follows the verdict: why, and the next version.
fn summary(report: &Report) -> String {
    let counts = format!(
        "{} breaking, {} additive, {} compatible",
        report.count(Impact::Breaking),
        report.count(Impact::Additive),
        report.count(Impact::Compatible)
    );
    let level = match report.verdict {
        Verdict::Major => "a breaking change",
        Verdict::Minor => "additions only",
        Verdict::Patch if report.changes.is_empty() => "no change to the public API",
        Verdict::Patch => "no change to the Rust API",
    };
    let pre_1_0 = report.version.starts_with("0.");
    let rule = match (report.verdict, pre_1_0) {
        (Verdict::Major, true) => {
            " (before 1.0, Cargo takes a breaking change in the minor version)"
        }
        (Verdict::Minor, true) => " (before 1.0, Cargo takes an addition in the patch version)",
        _ => "",
    };
    let next = report.next_version.as_ref().map_or_else(
        || {
            format!(
                "`{}` is not MAJOR.MINOR.PATCH: choose the next version by hand",
                report.version
            )
        },
        |next| format!("{} {} -> {next}{rule}", report.crate_name, report.version),
    );
    let next = if report.changes.is_empty() {
        format!("{next}, if anything else changed")
    } else {
        next
    };
    format!("({level}; {counts}); {next}")
}

/// Markdown: a heading, the verdict, and a table of the changes.
pub(crate) fn markdown(report: &Report) -> String {
    let mut out = format!("## Public API changes of `{}`\n\n", report.crate_name);
    let _ = writeln!(
        out,
        "**Verdict: {}** {}\n",
        report.verdict.label(),
        summary(report)
    );
    if report.changes.is_empty() {
        out.push_str("No change to the public API.\n");
        return out;
    }
    out.push_str("| impact | item | change | why |\n|---|---|---|---|\n");
    for change in &report.changes {
        let impact = match change.impact {
            Impact::Breaking => "**breaking**",
            Impact::Additive => "additive",
            Impact::Compatible => "compatible",
        };
        let _ = writeln!(
            out,
            "| {impact} | `{}` | {} | {} |",
            change.item,
            cell(&change.change),
            cell(&change.reason)
        );
    }
    out
}

/// Text that stays inside one table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Plain text: one line per change, marked, then the verdict.
pub(crate) fn text(report: &Report) -> String {
    if report.changes.is_empty() {
        return format!("the public API of {} is unchanged\n", report.crate_name);
    }
    let mut out = format!("public API changes of {}:\n", report.crate_name);
    for change in &report.changes {
        let _ = writeln!(
            out,
            "  {:<10} {}: {}",
            change.impact.label(),
            change.item,
            change.change
        );
    }
    let _ = writeln!(
        out,
        "verdict: {} {}",
        report.verdict.label(),
        summary(report)
    );
    out
}
