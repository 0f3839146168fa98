//! Rendering results: for people (terminal, CI log) and for machines (JSON, SARIF for
//! code-scanning dashboards, JUnit XML for CI test reports).

mod junit;
mod sarif;

pub(crate) use junit::junit;
pub(crate) use sarif::sarif;

use std::fmt::Write as _;

use presend_core::{Applicability, Finding, Report, Severity, Verdict};
use serde::Serialize;

/// The outcome of one input: its report, or why it could not be read.
pub(crate) struct Checked {
    pub source: String,
    pub outcome: Result<Located, String>,
}

/// A report, and the line of the input file each finding points at (in the same order).
/// Only the numbers are kept, not the file's lines: a corpus run holds every report.
pub(crate) struct Located {
    pub report: Report,
    pub lines: Vec<u32>,
}

/// Human-readable output: per message, each finding with where, what and what to do,
/// then a one-line summary. `verbose` names the messages that passed too.
pub(crate) fn human(results: &[Checked], verbose: bool) -> String {
    let mut out = String::new();
    let (mut blocked, mut warned, mut passed, mut failed) = (0, 0, 0, 0);
    for result in results {
        match &result.outcome {
            Err(message) => {
                failed += 1;
                let _ = writeln!(
                    out,
                    "{}\n  ERROR  could not be checked: {message}\n",
                    result.source
                );
            }
            Ok(Located { report, .. }) => {
                match report.verdict {
                    Verdict::Block => blocked += 1,
                    Verdict::Warn => warned += 1,
                    Verdict::Pass => passed += 1,
                }
                if report.findings.is_empty() {
                    if verbose {
                        let _ = writeln!(out, "{}\n  PASS   nothing found\n", result.source);
                    }
                    continue;
                }
                let _ = writeln!(out, "{}", result.source);
                for finding in &report.findings {
                    write_finding(&mut out, finding);
                }
                let _ = writeln!(out, "  => {}\n", verdict_line(&report.findings));
            }
        }
    }
    let total = results.len();
    let noun = if total == 1 { "message" } else { "messages" };
    let _ = writeln!(
        out,
        "{total} {noun} checked: {blocked} blocked, {warned} with warnings, {passed} passed, {failed} could not be read"
    );
    out
}

fn write_finding(out: &mut String, finding: &Finding) {
    let label = match finding.severity {
        Severity::Block => "BLOCK",
        Severity::Warn => "WARN ",
        Severity::Info => "INFO ",
    };
    let _ = writeln!(out, "  {label}  {}  [{}]", finding.rule, place(finding));
    if let Some(excerpt) = &finding.excerpt {
        let _ = writeln!(out, "         \"{excerpt}\"");
    }
    let _ = writeln!(out, "         {}", finding.message);
    if let Some(fix) = &finding.fix {
        // As `presend fix` says it: only a safe fix is one it would make unasked.
        let kind = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::NeedsReview | Applicability::None => "suggestion",
        };
        let _ = writeln!(out, "         {kind}: {}", fix.title);
    }
}

/// Where a finding is, in a few words: `to am.other@nhs.net`, `attachment #0`, `body`.
fn place(finding: &Finding) -> String {
    let mut place = finding.field.as_str().to_owned();
    if let Some(address) = &finding.address {
        let _ = write!(place, " {address}");
    }
    if let Some(index) = finding.attachment {
        let _ = write!(place, " #{index}");
    }
    place
}

fn verdict_line(findings: &[Finding]) -> String {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let (block, warn) = (count(Severity::Block), count(Severity::Warn));
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (block, warn) {
        (0, 0) => "pass".to_owned(),
        (0, w) => format!("warn: {}", plural(w, "warning")),
        (b, w) => format!(
            "do not send: {}, {}",
            plural(b, "blocking finding"),
            plural(w, "warning")
        ),
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    reports: Vec<JsonReport<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    source: &'a str,
    verdict: Verdict,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct JsonError<'a> {
    source: &'a str,
    message: &'a str,
}

/// Machine-readable output:
/// `{"reports": [{"source", "verdict", "findings": […]}], "errors": [{"source", "message"}]}`,
/// where each finding is as `presend_core::Report` documents.
pub(crate) fn json(results: &[Checked]) -> String {
    let mut output = JsonOutput {
        reports: Vec::new(),
        errors: Vec::new(),
    };
    for result in results {
        match &result.outcome {
            Ok(Located { report, .. }) => output.reports.push(JsonReport {
                source: &result.source,
                verdict: report.verdict,
                findings: &report.findings,
            }),
            Err(message) => output.errors.push(JsonError {
                source: &result.source,
                message,
            }),
        }
    }
    let mut text =
        serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
