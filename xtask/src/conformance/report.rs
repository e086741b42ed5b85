//! The results of a conformance run as committed files: one tab-separated file per spec and
//! mode (`results/<crate>.<mode>.tsv`: every operation's class and detail), the Markdown
//! table made from all of them (`results.md`), and the list of exclusions they are read with.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::outcome::{Call, Class};
use crate::prism::Mode;

/// How one spec fared in one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Every operation was called.
    Ran(Vec<Call>),
    /// The generator refused the spec: its first error.
    GenerationFailed(String),
    /// The crate or its examples do not compile: the first error.
    BuildFailed(String),
    /// Prism could not serve the spec: why.
    MockFailed(String),
}

/// One row of the table: a spec in a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The crate's name.
    pub name: String,
    /// The spec's path from the workspace root.
    pub spec: String,
    /// Static or dynamic.
    pub mode: Mode,
    /// What happened.
    pub status: Status,
}

impl Row {
    /// The row's results file, under the results folder.
    pub fn file_name(&self) -> String {
        file_name(&self.name, self.mode)
    }
}

/// The results file of crate `name` in `mode`.
pub fn file_name(name: &str, mode: Mode) -> String {
    format!("{name}.{mode}.tsv")
}

/// The header line of every results file.
const TSV_HEADER: &str = "# written by `cargo xtask conformance`; do not edit";

/// The results file of `row`.
pub fn to_tsv(row: &Row) -> String {
    let mut text = format!("{TSV_HEADER}\nspec\t{}\nmode\t{}\n", row.spec, row.mode);
    match &row.status {
        Status::Ran(calls) => {
            text.push_str("status\tran\n");
            for call in calls {
                let _ = writeln!(text, "{}\t{}\t{}", call.operation, call.class, call.detail);
            }
        }
        Status::GenerationFailed(why) => {
            let _ = writeln!(text, "status\tgeneration failed\t{why}");
        }
        Status::BuildFailed(why) => {
            let _ = writeln!(text, "status\tbuild failed\t{why}");
        }
        Status::MockFailed(why) => {
            let _ = writeln!(text, "status\tmock failed\t{why}");
        }
    }
    text
}

/// Reads a results file back; `None` when it is not one.
pub fn from_tsv(name: &str, text: &str) -> Option<Row> {
    let mut lines = text.lines().filter(|line| !line.starts_with('#'));
    let spec = lines.next()?.strip_prefix("spec\t")?.to_owned();
    let mode = Mode::from_name(lines.next()?.strip_prefix("mode\t")?)?;
    let status_line = lines.next()?.strip_prefix("status\t")?;
    let (status, why) = status_line.split_once('\t').unwrap_or((status_line, ""));
    let status = match status {
        "ran" => {
            let mut calls = Vec::new();
            for line in lines {
                let mut fields = line.splitn(3, '\t');
                calls.push(Call {
                    operation: fields.next()?.to_owned(),
                    class: Class::from_name(fields.next()?)?,
                    detail: fields.next().unwrap_or("").to_owned(),
                });
            }
            Status::Ran(calls)
        }
        "generation failed" => Status::GenerationFailed(why.to_owned()),
        "build failed" => Status::BuildFailed(why.to_owned()),
        "mock failed" => Status::MockFailed(why.to_owned()),
        _ => return None,
    };
    Some(Row {
        name: name.to_owned(),
        spec,
        mode,
        status,
    })
}

/// An operation left out of the counts, for a reason outside the SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// The crate's name.
    pub name: String,
    /// The modes it applies to.
    pub modes: Vec<Mode>,
    /// `resource.method`.
    pub operation: String,
    /// Why it cannot pass.
    pub reason: String,
    /// The test (in `tests/tests/conformance.rs`) that shows the reason is real.
    pub test: String,
}

/// Reads the exclusions file: one exclusion a line, `CRATE MODE OPERATION | reason | test`,
/// MODE being `static`, `dynamic` or `both`; `#` starts a comment line.
pub fn parse_exclusions(text: &str) -> Result<Vec<Exclusion>, String> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("exclusions line {}: {why}: {line}", number + 1);
        let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let [what, reason, test] = parts.as_slice() else {
            return Err(bad("expected `CRATE MODE OPERATION | reason | test`"));
        };
        let words: Vec<&str> = what.split_whitespace().collect();
        let [name, mode, operation] = words.as_slice() else {
            return Err(bad("expected `CRATE MODE OPERATION` before the first `|`"));
        };
        let modes = match *mode {
            "both" => Mode::ALL.to_vec(),
            other => vec![Mode::from_name(other).ok_or_else(|| bad("unknown mode"))?],
        };
        if reason.is_empty() || test.is_empty() {
            return Err(bad("an exclusion needs a reason and a test"));
        }
        found.push(Exclusion {
            name: (*name).to_owned(),
            modes,
            operation: (*operation).to_owned(),
            reason: (*reason).to_owned(),
            test: (*test).to_owned(),
        });
    }
    Ok(found)
}

/// The counts of one row that ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Operations called.
    pub operations: usize,
    /// Per class, excluded operations left out.
    pub classes: [usize; 5],
    /// Operations excluded.
    pub excluded: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.operations += other.operations;
        for (total, count) in self.classes.iter_mut().zip(other.classes) {
            *total += count;
        }
        self.excluded += other.excluded;
    }

    /// The number of operations in `class`.
    pub fn of(&self, class: Class) -> usize {
        self.classes[class as usize]
    }
}

fn is_excluded(exclusions: &[Exclusion], row: &Row, operation: &str) -> bool {
    exclusions
        .iter()
        .any(|e| e.name == row.name && e.modes.contains(&row.mode) && e.operation == operation)
}

/// The counts of `row`, or `None` when it did not run.
pub fn counts(row: &Row, exclusions: &[Exclusion]) -> Option<Counts> {
    let Status::Ran(calls) = &row.status else {
        return None;
    };
    let mut counts = Counts {
        operations: calls.len(),
        ..Counts::default()
    };
    for call in calls {
        if is_excluded(exclusions, row, &call.operation) {
            counts.excluded += 1;
        } else {
            counts.classes[call.class as usize] += 1;
        }
    }
    Some(counts)
}

/// One line of the table per row, as in `results.md`: also what the test snapshots.
pub fn table(rows: &[Row], exclusions: &[Exclusion]) -> String {
    let mut text = String::from(
        "| spec | mode | operations | ok | decode | rejected | refused | other | excluded | note |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut totals: BTreeMap<Mode, Counts> = BTreeMap::new();
    for row in rows {
        let spec = format!("`{}`", row.spec);
        match (counts(row, exclusions), &row.status) {
            (Some(counts), _) => {
                totals.entry(row.mode).or_default().add(&counts);
                let note = super::own_mock(&row.name, row.mode).map_or(String::new(), |own| {
                    format!("served by the project's mock: {}", own.reason)
                });
                let _ = writeln!(
                    text,
                    "| {spec} | {} | {}{} |",
                    row.mode,
                    cells(&counts),
                    cell(&note)
                );
            }
            (None, status) => {
                let note = match status {
                    Status::GenerationFailed(why) => format!("generation failed: {why}"),
                    Status::BuildFailed(why) => format!("build failed: {why}"),
                    Status::MockFailed(why) => format!("mock failed: {why}"),
                    Status::Ran(_) => String::new(),
                };
                let _ = writeln!(
                    text,
                    "| {spec} | {} | | | | | | | | {} |",
                    row.mode,
                    cell(&note)
                );
            }
        }
    }
    for (mode, counts) in &totals {
        let _ = writeln!(text, "| **total** | {mode} | {} |", cells(counts));
    }
    text
}

fn cells(counts: &Counts) -> String {
    let mut text = counts.operations.to_string();
    for class in Class::ALL {
        let _ = write!(text, " | {}", counts.of(class));
    }
    let _ = write!(text, " | {} | ", counts.excluded);
    text
}

/// Text fit for one table cell: one line, no `|`, not too long.
fn cell(text: &str) -> String {
    const MAX: usize = 160;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.replace('|', "/");
    let mut chars = text.chars();
    let mut short: String = chars.by_ref().take(MAX).collect();
    if chars.next().is_some() {
        short.push_str("...");
    }
    short
}

/// The failing operations of every row, by class, those with the same detail together.
pub fn failures(rows: &[Row], exclusions: &[Exclusion]) -> String {
    let mut text = String::new();
    for row in rows {
        let Status::Ran(calls) = &row.status else {
            continue;
        };
        let failing: Vec<&Call> = calls
            .iter()
            .filter(|c| c.class != Class::Ok && !is_excluded(exclusions, row, &c.operation))
            .collect();
        if failing.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n### `{}`, {}\n", row.spec, row.mode);
        for class in Class::ALL {
            let mut by_detail: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for call in failing.iter().filter(|c| c.class == class) {
                by_detail
                    .entry(call.detail.as_str())
                    .or_default()
                    .push(&call.operation);
            }
            if by_detail.is_empty() {
                continue;
            }
            let count: usize = by_detail.values().map(Vec::len).sum();
            let _ = writeln!(text, "{class} ({count}):\n");
            for (detail, operations) in by_detail {
                let names: Vec<String> = operations.iter().map(|o| format!("`{o}`")).collect();
                let _ = writeln!(text, "- {}: {detail}", names.join(", "));
            }
            text.push('\n');
        }
    }
    text
}

/// `results.md`: the table, the failures and the exclusions.
pub fn markdown(rows: &[Row], exclusions: &[Exclusion]) -> String {
    let mut text = String::from(
        "# Conformance of the generated SDKs\n\n\
         Written by `cargo xtask conformance`, which calls every operation of the crate generated \
         from each spec once, through the method's doc example, against Prism serving the spec \
         (`static`: the spec's examples; `dynamic`: random schema-valid data from a fixed seed). \
         `cargo xtask conformance --check` fails when a run differs from this file. The README's \
         section \"How the generated SDKs are proven\" says what the columns mean; \
         `timings.md` says how long the last full run took.\n\n",
    );
    text.push_str(&table(rows, exclusions));
    let failures = failures(rows, exclusions);
    if !failures.is_empty() {
        text.push_str("\n## Failures\n");
        text.push_str(&failures);
    }
    text.push_str("\n## Exclusions\n\n");
    if exclusions.is_empty() {
        text.push_str("None.\n");
    } else {
        text.push_str("| crate | modes | operation | reason | test |\n|---|---|---|---|---|\n");
        for e in exclusions {
            let modes: Vec<&str> = e.modes.iter().map(|m| m.name()).collect();
            let _ = writeln!(
                text,
                "| {} | {} | `{}` | {} | `{}` |",
                e.name,
                modes.join(", "),
                e.operation,
                cell(&e.reason),
                e.test
            );
        }
    }
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: Status) -> Row {
        Row {
            name: "things".to_owned(),
            spec: "tests/specs/things.yaml".to_owned(),
            mode: Mode::Dynamic,
            status,
        }
    }

    #[test]
    fn results_files_read_back() {
        let rows = [
            row(Status::Ran(vec![
                Call {
                    operation: "things.list".to_owned(),
                    class: Class::Ok,
                    detail: String::new(),
                },
                Call {
                    operation: "things.get".to_owned(),
                    class: Class::Decode,
                    detail: "could not decode the 200 response at `id`: expected u64".to_owned(),
                },
            ])),
            row(Status::GenerationFailed("a $ref to nothing".to_owned())),
            row(Status::MockFailed("Prism exited".to_owned())),
        ];
        for row in rows {
            assert_eq!(from_tsv("things", &to_tsv(&row)), Some(row));
        }
    }

    #[test]
    fn rows_served_by_the_projects_mock_say_so() {
        let calls = vec![Call {
            operation: "accounting.get_accounts".to_owned(),
            class: Class::Ok,
            detail: String::new(),
        }];
        let own = Row {
            name: "xero_accounting".to_owned(),
            ..row(Status::Ran(calls.clone()))
        };
        let table = table(&[own, row(Status::Ran(calls))], &[]);
        assert!(
            table.contains("| 0 | served by the project's mock: Prism runs out of its 6 GiB heap"),
            "{table}"
        );
        assert!(
            table
                .contains("| `tests/specs/things.yaml` | dynamic | 1 | 1 | 0 | 0 | 0 | 0 | 0 |  |"),
            "{table}"
        );
    }

    #[test]
    fn exclusions_are_counted_apart() -> Result<(), String> {
        let exclusions = parse_exclusions(
            "# comment\nthings both things.get | the spec's example breaks its schema | example_breaks_schema\n",
        )?;
        assert_eq!(exclusions[0].modes, Mode::ALL.to_vec());
        let ran = row(Status::Ran(vec![
            Call {
                operation: "things.get".to_owned(),
                class: Class::Other,
                detail: "500 VIOLATIONS".to_owned(),
            },
            Call {
                operation: "things.list".to_owned(),
                class: Class::Ok,
                detail: String::new(),
            },
        ]));
        let counts = counts(&ran, &exclusions).ok_or("the row ran")?;
        assert_eq!(
            (counts.operations, counts.of(Class::Ok), counts.excluded),
            (2, 1, 1)
        );
        assert_eq!(counts.of(Class::Other), 0);
        assert!(failures(&[ran], &exclusions).is_empty());
        assert!(parse_exclusions("things both x | reason\n").is_err());
        Ok(())
    }
}
