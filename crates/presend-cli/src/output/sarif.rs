//! SARIF 2.1.0 (OASIS), the format code-scanning dashboards read (GitHub code scanning,
//! Azure DevOps, VS Code's SARIF viewer).
//!
//! One run: the driver lists every rule with its documentation as help (the same page
//! as `presend explain`), and each finding is a result pointing at its input file and
//! line (see [`crate::locate`]), with the field as a logical location. Inputs that could
//! not be read are error notifications of the run's invocation, so a dashboard does not
//! take them for clean mail. Patient data is masked in excerpts unless `--show-pid`.

use presend_core::{Finding, RuleMeta, Severity};
use serde_json::{Value, json};

use crate::docs;
use crate::output::{Checked, Located};

/// The schema SARIF files name (GitHub's documentation uses this copy).
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(crate) fn sarif(results: &[Checked]) -> String {
    let rules: Vec<&RuleMeta> = RuleMeta::all().collect();
    let mut sarif_results = Vec::new();
    let mut notifications = Vec::new();
    for checked in results {
        let location = artifact(&checked.source);
        match &checked.outcome {
            Ok(Located { report, lines }) => {
                for (finding, line) in report.findings.iter().zip(lines) {
                    sarif_results.push(result(finding, *line, &location, &rules));
                }
            }
            Err(message) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{} could not be checked: {message}", checked.source) },
                "locations": [{ "physicalLocation": { "artifactLocation": location } }],
            })),
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "presend",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(|meta| descriptor(meta)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": sarif_results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// A rule as SARIF describes one (a `reportingDescriptor`).
fn descriptor(meta: &RuleMeta) -> Value {
    let page = docs::reader_page(meta);
    json!({
        "id": meta.id,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": meta.summary },
        "help": { "text": page, "markdown": page },
        "defaultConfiguration": { "level": level(meta.default_severity) },
        "properties": {
            "fix": meta.fix,
            "guidance": meta.sources.iter().map(|s| s.guidance.title()).collect::<Vec<_>>(),
        },
    })
}

fn result(finding: &Finding, line: u32, location: &Value, rules: &[&RuleMeta]) -> Value {
    let mut properties = json!({ "field": finding.field });
    for (key, value) in [
        ("address", finding.address.as_ref().map(|a| json!(a))),
        ("excerpt", finding.excerpt.as_ref().map(|e| json!(e))),
        ("fix", finding.fix.as_ref().map(|f| json!(f))),
    ] {
        if let Some(value) = value {
            properties[key] = value;
        }
    }
    json!({
        "ruleId": finding.rule,
        "ruleIndex": rules.iter().position(|meta| meta.id == finding.rule),
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": { "startLine": line },
            },
            "logicalLocations": [{ "name": super::place(finding), "kind": "member" }],
        }],
        "properties": properties,
    })
}

/// SARIF's levels: a block is an error, a warning a warning, information a note.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Block => "error",
        Severity::Warn => "warning",
        Severity::Info => "note",
    }
}

/// The input as an `artifactLocation`: its path as a relative URI reference.
fn artifact(source: &str) -> Value {
    json!({ "uri": uri_reference(source) })
}

/// A path as a URI reference: `/` kept, every byte outside RFC 3986's unreserved set
/// percent-encoded (spaces, `#`, and a `:` that would read as a scheme among them).
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_reference("fixtures/a b#1.eml"),
            "fixtures/a%20b%231.eml"
        );
        assert_eq!(uri_reference("c:x/é.eml"), "c%3Ax/%C3%A9.eml");
    }
}
