//! `presend test`: a practice's own fixture mail, each message checked against the
//! report it expects, in the layout of presend's own `fixtures/`:
//!
//! ```text
//! DIR/NAME.eml or NAME.draft.json   the message
//! DIR/NAME.expected.json            the whole report it must give (`presend check --format json`'s report)
//! DIR/NAME.policy.json              optional: the policy for NAME alone
//! DIR/NAME.patients.csv             optional: the patient list for NAME alone (or
//!                                   patients.csv in DIR or the directory above it)
//! ```
//!
//! A report that differs is shown as a diff of the two JSON texts. `--update` writes
//! each expectation from the report instead, for review before committing.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use presend_core::{Checker, Report};
use similar::{ChangeTag, TextDiff};

use crate::args::TestArgs;
use crate::exit::{self, ExitStatus};
use crate::inputs::{self, Input};
use crate::policy::load_checker;

/// How a message's report compares with its expectation.
enum Outcome {
    AsExpected,
    Differs { diff: String },
    NoExpectation,
    Updated,
    Unreadable(String),
}

pub(crate) fn run(args: &TestArgs) -> ExitStatus {
    let (inputs, unreadable) = inputs::expand(&args.paths);
    let mut checkers: HashMap<(Option<PathBuf>, Option<PathBuf>), Result<Checker, String>> =
        HashMap::new();
    let mut out = String::new();
    let mut counts = [0usize; 3]; // as expected (or updated), not as expected, errors
    for (source, message) in &unreadable {
        let _ = writeln!(out, "ERROR   {source}: {message}");
        counts[2] += 1;
    }
    for input in &inputs {
        let Input::File(path) = input else {
            let _ = writeln!(
                out,
                "ERROR   -: presend test reads files beside their expectations, not standard input"
            );
            counts[2] += 1;
            continue;
        };
        let own_policy = sibling(path, ".policy.json");
        let policy = own_policy
            .exists()
            .then_some(own_policy)
            .or_else(|| args.settings.policy.clone());
        let patients = patient_list_for(path).or_else(|| args.settings.patients.clone());
        let checker = checkers
            .entry((policy.clone(), patients.clone()))
            .or_insert_with(|| {
                load_checker(
                    policy.as_deref(),
                    &args.settings.contacts,
                    patients.as_deref(),
                )
            });
        let outcome = match checker {
            Ok(checker) => compare(checker, input, path, args.update),
            Err(message) => Outcome::Unreadable(message.clone()),
        };
        let name = path.display();
        match outcome {
            Outcome::AsExpected => {
                counts[0] += 1;
                if args.verbose {
                    let _ = writeln!(out, "ok      {name}");
                }
            }
            Outcome::Updated => {
                counts[0] += 1;
                let _ = writeln!(out, "updated {}", sibling(path, ".expected.json").display());
            }
            Outcome::Differs { diff } => {
                counts[1] += 1;
                let _ = writeln!(
                    out,
                    "FAILED  {name}: the report differs from {} (- expected, + actual):\n{diff}",
                    sibling(path, ".expected.json").display()
                );
            }
            Outcome::NoExpectation => {
                counts[1] += 1;
                let _ = writeln!(
                    out,
                    "FAILED  {name}: no {} beside it (presend test --update writes one; review it first)",
                    sibling(path, ".expected.json").display()
                );
            }
            Outcome::Unreadable(message) => {
                counts[2] += 1;
                let _ = writeln!(out, "ERROR   {name}: {message}");
            }
        }
    }
    let [passed, failed, errors] = counts;
    let total = passed + failed + errors;
    let noun = if total == 1 { "message" } else { "messages" };
    let _ = writeln!(
        out,
        "\n{total} {noun}: {passed} as expected, {failed} not, {errors} could not be tested"
    );
    if exit::print(&out) == ExitStatus::Error {
        return ExitStatus::Error;
    }
    if errors > 0 {
        ExitStatus::Error
    } else if failed > 0 {
        ExitStatus::Blocked
    } else {
        ExitStatus::Pass
    }
}

fn compare(checker: &Checker, input: &Input, path: &Path, update: bool) -> Outcome {
    let report = match input.read() {
        Ok((draft, _)) => checker.check(&draft),
        Err(message) => return Outcome::Unreadable(message),
    };
    let actual = expectation_text(&report);
    let expected_path = sibling(path, ".expected.json");
    if update {
        return match fs::write(&expected_path, &actual) {
            Ok(()) => Outcome::Updated,
            Err(error) => {
                Outcome::Unreadable(format!("cannot write {}: {error}", expected_path.display()))
            }
        };
    }
    let Ok(expected) = fs::read_to_string(&expected_path) else {
        return Outcome::NoExpectation;
    };
    // Compared as JSON, so an expectation edited by hand (other spacing, other key
    // order) still matches; shown as the two texts' differing lines.
    let same = serde_json::from_str::<serde_json::Value>(&expected)
        .ok()
        .zip(serde_json::to_value(&report).ok())
        .is_some_and(|(expected, actual)| expected == actual);
    if same {
        return Outcome::AsExpected;
    }
    let expected = serde_json::from_str::<serde_json::Value>(&expected)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .map_or(expected, |pretty| pretty + "\n");
    Outcome::Differs {
        diff: changed_lines(&expected, &actual),
    }
}

/// The report as an expectation file holds it: pretty JSON, one trailing newline.
fn expectation_text(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// The changed lines of a line diff, with a line of context either side.
fn changed_lines(expected: &str, actual: &str) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    for group in diff.grouped_ops(1) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                let _ = write!(out, "    {sign} {}", change.value());
                if change.missing_newline() {
                    out.push('\n');
                }
            }
        }
        out.push_str("    …\n");
    }
    out
}

/// The patient list for a message: `NAME.patients.csv` beside it, else `patients.csv` in
/// its directory or the one above (a list shared by a set of fixtures).
fn patient_list_for(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let parent = dir.parent().map(|up| up.join("patients.csv"));
    [
        Some(sibling(path, ".patients.csv")),
        Some(dir.join("patients.csv")),
        parent,
    ]
    .into_iter()
    .flatten()
    .find(|candidate| candidate.is_file())
}

/// `NAME<suffix>` beside `NAME.eml` or `NAME.draft.json`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".draft.json")
        .or_else(|| name.strip_suffix(".eml"))
        .unwrap_or(name);
    path.with_file_name(format!("{stem}{suffix}"))
}
