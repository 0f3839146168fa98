//! Golden fixtures (see `fixtures/README.md`).
//!
//! Each `fixtures/<rule>/{fires,quiet}/NAME.eml` or `NAME.draft.json` is checked under
//! `NAME.policy.json` when present, else `fixtures/policy.json` (with the patient list
//! `NAME.patients.csv` or `patients.csv` when present), and the report is
//! compared with `NAME.expected.json`. A `.eml` is also checked with its line endings
//! converted (LF ↔ CRLF): the findings must be the same, spans aside. On a mismatch the
//! actual report is written to `NAME.actual.json` and the test names it; run with
//! `PRESEND_BLESS=1` to accept new output after reviewing it.

use std::path::{Path, PathBuf};

use presend_core::{Applicability, Checker, Draft, PatientIndex, RuleMeta};
use serde_json::Value;

use crate::util::{checker_for, diff, files_below, fixtures_dir, without_spans};

/// How many firing and quiet fixtures each rule needs at least.
const MIN_PER_KIND: usize = 6;

pub(crate) struct Fixture {
    pub(crate) path: PathBuf,
    /// `fires`, `quiet`, or `clean`.
    kind: String,
    /// The rule the fixture is about (`None` for `clean/`).
    rule: Option<String>,
}

impl Fixture {
    /// The fixture's path below `fixtures/`, as failures name it.
    pub(crate) fn name(&self) -> String {
        self.path
            .strip_prefix(fixtures_dir())
            .unwrap_or(&self.path)
            .display()
            .to_string()
    }
}

pub(crate) fn fixtures() -> Vec<Fixture> {
    let root = fixtures_dir();
    files_below(&root)
        .into_iter()
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            name.ends_with(".eml") || name.ends_with(".draft.json")
        })
        .map(|path| {
            let relative: Vec<String> = path
                .strip_prefix(&root)
                .expect("below fixtures/")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            let (rule, kind) = match relative.as_slice() {
                [dir, _] if dir == "clean" => (None, "clean".to_owned()),
                [rule, kind, _] => (Some(rule.clone()), kind.clone()),
                _ => panic!(
                    "{}: fixtures live in <rule>/fires, <rule>/quiet or clean/",
                    path.display()
                ),
            };
            Fixture { path, kind, rule }
        })
        .collect()
}

/// `NAME` of `NAME.eml` / `NAME.draft.json`, and the sibling file `NAME<suffix>`.
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

fn read_draft(path: &Path, bytes: &[u8]) -> Draft {
    let draft = if path.to_string_lossy().ends_with(".draft.json") {
        Draft::from_json_bytes(bytes)
    } else {
        Draft::from_mime(bytes)
    };
    draft.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The checker a fixture is checked with: `NAME.policy.json`, else `fixtures/policy.json`,
/// and the patient list `NAME.patients.csv` when there is one.
pub(crate) fn checker_of(fixture: &Fixture) -> Checker {
    let own = sibling(&fixture.path, ".policy.json");
    let policy = if own.exists() {
        own
    } else {
        fixtures_dir().join("policy.json")
    };
    let checker = checker_for(&policy);
    match patients_of(&fixture.path) {
        Some(patients) => checker.with_patients(
            PatientIndex::from_csv(std::fs::read(&patients).expect("readable").as_slice())
                .unwrap_or_else(|e| panic!("{}: {e}", patients.display())),
        ),
        None => checker,
    }
}

/// The patient list for a message: `NAME.patients.csv`, else `patients.csv` in its
/// directory or the one above (a rule's list, shared by its `fires/` and `quiet/`), as
/// `presend test` finds it.
fn patients_of(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    [
        sibling(path, ".patients.csv"),
        dir.join("patients.csv"),
        dir.parent()?.join("patients.csv"),
    ]
    .into_iter()
    .find(|candidate| candidate.is_file())
}

fn report_json(fixture: &Fixture, bytes: &[u8]) -> Value {
    let draft = read_draft(&fixture.path, bytes);
    let report =
        serde_json::to_value(checker_of(fixture).check(&draft)).expect("report serialises");
    check_html_insertions(&fixture.path, &draft, &report);
    report
}

/// Every `html_at` a fix gives falls between two elements of the draft's HTML: text
/// inserted there as a paragraph never lands inside a tag or splits a word.
fn check_html_insertions(path: &Path, draft: &Draft, report: &Value) {
    let fixes = report["findings"].as_array().into_iter().flatten();
    for at in fixes.filter_map(|finding| finding["fix"]["html_at"]["start"].as_u64()) {
        let html = draft.body.html.as_deref().unwrap_or_else(|| {
            panic!(
                "{}: html_at given for a draft with no HTML body",
                path.display()
            )
        });
        let at = at as usize;
        let (before, after) = html.split_at_checked(at).unwrap_or_else(|| {
            panic!(
                "{}: html_at {at} is not a character boundary",
                path.display()
            )
        });
        let between_elements = (before.is_empty() || before.trim_end().ends_with('>'))
            && (after.is_empty() || after.trim_start().starts_with('<'));
        assert!(
            between_elements,
            "{}: html_at {at} is not between elements: …{}|{}…",
            path.display(),
            before
                .char_indices()
                .rev()
                .nth(39)
                .map_or(before, |(start, _)| &before[start..]),
            after.chars().take(40).collect::<String>()
        );
    }
}

pub(crate) fn convert_line_endings(bytes: &[u8]) -> Vec<u8> {
    let crlf = bytes.windows(2).any(|w| w == b"\r\n");
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for (index, &byte) in bytes.iter().enumerate() {
        if crlf {
            if byte == b'\r' && bytes.get(index + 1) == Some(&b'\n') {
                continue;
            }
            out.push(byte);
        } else {
            if byte == b'\n' && (index == 0 || bytes[index - 1] != b'\r') {
                out.push(b'\r');
            }
            out.push(byte);
        }
    }
    out
}

#[test]
fn golden_fixtures() {
    let bless = std::env::var_os("PRESEND_BLESS").is_some();
    let mut failures = Vec::new();
    let fixtures = fixtures();
    for fixture in &fixtures {
        let bytes = std::fs::read(&fixture.path).expect("fixture readable");
        let actual = report_json(fixture, &bytes);
        let actual_text = serde_json::to_string_pretty(&actual).expect("pretty JSON") + "\n";
        let expected_path = sibling(&fixture.path, ".expected.json");
        let actual_path = sibling(&fixture.path, ".actual.json");
        let name = fixture.name();

        // What the directory promises, whatever the expected file says.
        let rule_findings = actual["findings"]
            .as_array()
            .map(|findings| {
                findings
                    .iter()
                    .filter(|f| fixture.rule.as_deref() == f["rule"].as_str())
                    .count()
            })
            .unwrap_or(0);
        let all_findings = actual["findings"].as_array().map_or(0, Vec::len);
        match fixture.kind.as_str() {
            "fires" if rule_findings == 0 => failures.push(format!(
                "{name}: in fires/ but no {} finding",
                fixture.rule.as_deref().unwrap_or("?")
            )),
            "quiet" if rule_findings > 0 => failures.push(format!(
                "{name}: in quiet/ but has {rule_findings} {} finding(s)",
                fixture.rule.as_deref().unwrap_or("?")
            )),
            "clean" if all_findings > 0 => failures.push(format!(
                "{name}: in clean/ but has {all_findings} finding(s)"
            )),
            "fires" | "quiet" | "clean" => {}
            other => failures.push(format!("{name}: unknown fixture kind directory `{other}`")),
        }

        if bless {
            std::fs::write(&expected_path, &actual_text).expect("write expected");
            let _ = std::fs::remove_file(&actual_path);
        } else {
            match std::fs::read_to_string(&expected_path) {
                Ok(expected_text) if expected_text == actual_text => {
                    let _ = std::fs::remove_file(&actual_path);
                }
                Ok(expected_text) => {
                    std::fs::write(&actual_path, &actual_text).expect("write actual");
                    failures.push(format!(
                        "{name}: report differs from {} (actual written to {}):\n{}",
                        expected_path.display(),
                        actual_path.display(),
                        diff(&expected_text, &actual_text)
                    ));
                }
                Err(_) => {
                    std::fs::write(&actual_path, &actual_text).expect("write actual");
                    failures.push(format!(
                        "{name}: no {} (actual written beside it; review, then PRESEND_BLESS=1)",
                        expected_path.display()
                    ));
                }
            }
        }

        if fixture.path.extension().is_some_and(|e| e == "eml") {
            let converted = report_json(fixture, &convert_line_endings(&bytes));
            if without_spans(&converted) != without_spans(&actual) {
                failures.push(format!(
                    "{name}: findings change when its line endings are converted:\n{}",
                    diff(
                        &serde_json::to_string_pretty(&without_spans(&actual)).unwrap_or_default(),
                        &serde_json::to_string_pretty(&without_spans(&converted))
                            .unwrap_or_default()
                    )
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_rule_has_enough_fixtures() {
    let fixtures = fixtures();
    let count = |rule: &str, kind: &str| {
        fixtures
            .iter()
            .filter(|f| f.rule.as_deref() == Some(rule) && f.kind == kind)
            .count()
    };
    for meta in RuleMeta::all() {
        for kind in ["fires", "quiet"] {
            let found = count(meta.id, kind);
            assert!(
                found >= MIN_PER_KIND,
                "{}: {found} {kind} fixtures, need at least {MIN_PER_KIND}",
                meta.id
            );
        }
    }
    for fixture in &fixtures {
        if let Some(rule) = &fixture.rule {
            assert!(
                RuleMeta::find(rule).is_some(),
                "{}: no rule `{rule}`",
                fixture.path.display()
            );
        }
    }
    let clean = fixtures.iter().filter(|f| f.kind == "clean").count();
    assert!(clean >= 10, "{clean} clean fixtures, need at least 10");
}

/// A rule's declared applicability is what its fixes carry: a rule declared `none`
/// never proposes one, and one declared `safe` or `needs-review` proposes one in its
/// fixtures and marks each as declared, so `presend fix` and the hosts can trust it.
#[test]
fn fixes_carry_their_rules_declared_applicability() {
    let mut proposing = std::collections::HashSet::new();
    for fixture in fixtures() {
        let bytes = std::fs::read(&fixture.path).expect("fixture readable");
        let report = report_json(&fixture, &bytes);
        for finding in report["findings"].as_array().into_iter().flatten() {
            let id = finding["rule"].as_str().unwrap_or_default();
            let meta = RuleMeta::find(id).expect("a registered rule");
            let declared = serde_json::to_value(meta.fix).expect("applicability as JSON");
            let Some(fix) = finding.get("fix") else {
                continue;
            };
            assert_ne!(
                meta.fix,
                Applicability::None,
                "{}: {id} is declared `fix: None` but proposed a fix",
                fixture.path.display()
            );
            assert_eq!(
                fix["applicability"],
                declared,
                "{}: {id}'s fix says otherwise than its declaration",
                fixture.path.display()
            );
            proposing.insert(id.to_owned());
        }
    }
    for meta in RuleMeta::all().filter(|meta| meta.fix != Applicability::None) {
        assert!(
            proposing.contains(meta.id),
            "{} declares a {:?} fix but proposes none in its fixtures",
            meta.id,
            meta.fix
        );
    }
}

#[test]
fn converting_line_endings_round_trips() {
    let lf = b"a\nb\r\nc\n".to_vec();
    let crlf = convert_line_endings(b"a\nb\nc\n");
    assert_eq!(crlf, b"a\r\nb\r\nc\r\n");
    assert_eq!(convert_line_endings(&crlf), b"a\nb\nc\n");
    assert_ne!(convert_line_endings(&lf), lf);
}
