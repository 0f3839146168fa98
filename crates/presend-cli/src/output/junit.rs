//! JUnit XML, the test report CI systems show (GitLab, Jenkins, Azure Pipelines,
//! GitHub test-report actions).
//!
//! A test case per message; a `<failure>` per finding at or above the `--deny` level
//! (blocking findings by default), each naming the rule, where it is and what to do;
//! findings below that level in `<system-out>`; an input that could not be read is an
//! `<error>`. Patient data is masked in excerpts unless `--show-pid`.

use std::fmt::Write as _;

use presend_core::{Finding, Severity};

use crate::output::{Checked, Located};

pub(crate) fn junit(results: &[Checked], fail_at: Severity) -> String {
    let is_failure = |finding: &Finding| finding.severity >= fail_at;
    let failed = results
        .iter()
        .filter(|checked| match &checked.outcome {
            Ok(Located { report, .. }) => report.findings.iter().any(is_failure),
            Err(_) => false,
        })
        .count();
    let errors = results.iter().filter(|c| c.outcome.is_err()).count();
    let counts = format!(
        r#"tests="{}" failures="{failed}" errors="{errors}""#,
        results.len()
    );

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, r#"<testsuites name="presend" {counts}>"#);
    let _ = writeln!(
        xml,
        r#"  <testsuite name="presend check" {counts} skipped="0">"#
    );
    for checked in results {
        let name = escape(&checked.source);
        let _ = write!(
            xml,
            r#"    <testcase classname="presend" name="{name}" file="{name}""#
        );
        match &checked.outcome {
            Err(message) => {
                let _ = writeln!(
                    xml,
                    ">\n      <error type=\"unreadable\" message=\"{}\"/>\n    </testcase>",
                    escape(&format!("could not be checked: {message}"))
                );
            }
            Ok(Located { report, .. }) if report.findings.is_empty() => {
                xml.push_str("/>\n");
            }
            Ok(Located { report, lines }) => {
                xml.push_str(">\n");
                let mut below = String::new();
                for (finding, line) in report.findings.iter().zip(lines) {
                    if is_failure(finding) {
                        let _ = writeln!(
                            xml,
                            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                            finding.rule,
                            escape(&finding.message),
                            escape(&detail(finding, *line))
                        );
                    } else {
                        let _ = writeln!(
                            below,
                            "{} {}: {} {}",
                            finding.severity.as_str().to_uppercase(),
                            finding.rule,
                            finding.message,
                            detail(finding, *line)
                        );
                    }
                }
                if !below.is_empty() {
                    let _ = writeln!(xml, "      <system-out>{}</system-out>", escape(&below));
                }
                xml.push_str("    </testcase>\n");
            }
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// Where a finding is (its place and line), then its excerpt and fix, one a line.
fn detail(finding: &Finding, line: u32) -> String {
    let mut text = format!("[{}, line {line}]", super::place(finding));
    if let Some(excerpt) = &finding.excerpt {
        let _ = write!(text, "\n\"{excerpt}\"");
    }
    if let Some(fix) = &finding.fix {
        let _ = write!(text, "\nfix: {}", fix.title);
    }
    text
}

/// Text made safe for XML 1.0 content and attribute values: markup characters escaped,
/// and the control characters XML cannot carry at all replaced (a subject can hold them).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_nothing_xml_cannot_carry() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }
}
