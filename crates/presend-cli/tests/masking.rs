//! Patient-identifiable data never appears unmasked in any output format unless the
//! caller asks with `--show-pid`.

use std::path::{Path, PathBuf};

use presend_core::{Checker, Draft, Field, Policy};

use crate::util::{presend, repo_root, stdout};

fn fixture_inputs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("fixtures readable")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_dir() {
            fixture_inputs(&path, out);
        } else if name.ends_with(".eml") || name.ends_with(".draft.json") {
            out.push(path);
        }
    }
}

fn policy_for(input: &Path) -> PathBuf {
    let name = input
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".draft.json")
        .or_else(|| name.strip_suffix(".eml"))
        .unwrap_or(name);
    let own = input.with_file_name(format!("{stem}.policy.json"));
    if own.exists() {
        own
    } else {
        repo_root().join("fixtures/policy.json")
    }
}

/// Whitespace folded, as excerpts fold it.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The patient data in a fixture, as written.
fn patient_data(input: &Path, policy: &Path) -> Vec<String> {
    let bytes = std::fs::read(input).expect("fixture readable");
    let draft = if input.to_string_lossy().ends_with(".draft.json") {
        Draft::from_json_bytes(&bytes)
    } else {
        Draft::from_mime(&bytes)
    }
    .expect("fixture parses");
    let policy = Policy::from_json(&std::fs::read_to_string(policy).expect("policy readable"))
        .expect("policy valid");
    let view = Checker::new(policy).expect("checker").view(&draft);
    view.patient_data()
        .filter_map(|found| {
            let range = found.detection.range;
            let text = match (found.field, found.attachment) {
                (Field::Subject, _) => draft.subject.get(range.start()..range.end()),
                (Field::Attachment, Some(index)) => {
                    let attachment = &draft.attachments[index];
                    let source = if found.in_name {
                        attachment.name.as_str()
                    } else {
                        attachment.text.as_deref().unwrap_or_default()
                    };
                    source.get(range.start()..range.end())
                }
                _ => view.body().get(range.start()..range.end()),
            };
            text.map(folded)
        })
        .collect()
}

/// The patient data `fixtures/patient-data.json` lists for a fixture, written by hand,
/// after checking each value is really in the fixture (so the list cannot rot).
fn listed_patient_data(input: &Path) -> Vec<String> {
    static LISTED: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
        let text = std::fs::read_to_string(repo_root().join("fixtures/patient-data.json"))
            .expect("fixtures/patient-data.json readable");
        serde_json::from_str(&text).expect("fixtures/patient-data.json is JSON")
    });
    let relative = input
        .strip_prefix(repo_root().join("fixtures"))
        .expect("a fixture")
        .to_string_lossy()
        .replace('\\', "/");
    let Some(values) = LISTED.get(&relative).and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    let bytes = std::fs::read(input).expect("fixture readable");
    let draft = if relative.ends_with(".draft.json") {
        Draft::from_json_bytes(&bytes)
    } else {
        Draft::from_mime(&bytes)
    }
    .expect("fixture parses");
    let written = [
        draft.subject.clone(),
        draft.body.text.clone().unwrap_or_default(),
        draft.body.html.clone().unwrap_or_default(),
    ]
    .into_iter()
    .chain(
        draft
            .attachments
            .iter()
            .flat_map(|a| [a.name.clone(), a.text.clone().unwrap_or_default()]),
    )
    .map(|text| folded(&text))
    .collect::<Vec<_>>()
    .join("\n");
    values
        .iter()
        .map(|value| {
            let value = value.as_str().expect("a string");
            assert!(
                written.contains(value),
                "{relative}: `{value}` is not in the fixture"
            );
            value.to_owned()
        })
        .collect()
}

#[test]
fn the_hand_written_list_of_patient_data_names_real_fixtures() {
    let text =
        std::fs::read_to_string(repo_root().join("fixtures/patient-data.json")).expect("readable");
    let listed: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let fixtures: Vec<&String> = listed
        .as_object()
        .expect("an object")
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    assert!(fixtures.len() >= 12, "{fixtures:?}");
    for fixture in fixtures {
        let path = repo_root().join("fixtures").join(fixture);
        assert!(path.exists(), "{fixture} is listed but missing");
        assert!(!listed_patient_data(&path).is_empty());
    }
}

/// Output with JSON's and XML's escapes undone, so an escaped apostrophe in a name
/// (`O&apos;Neill` in XML, `\"` in JSON) cannot hide it from the comparison.
fn unescaped(output: &str) -> String {
    output
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#10;", "\n")
        .replace("\\\"", "\"")
        .replace("&amp;", "&")
}

#[test]
fn no_output_format_shows_patient_data_unmasked() {
    let mut inputs = Vec::new();
    fixture_inputs(&repo_root().join("fixtures"), &mut inputs);
    inputs.sort();
    let (mut with_pid, mut shown_when_asked, mut leaks) = (0, 0, Vec::new());
    for input in &inputs {
        let policy = policy_for(input);
        // What the detector finds, and what a reader listed by hand: data the detector
        // misses must not leak either.
        let mut values = patient_data(input, &policy);
        values.extend(listed_patient_data(input));
        if values.is_empty() {
            continue;
        }
        with_pid += 1;
        let (input_arg, policy_arg) = (
            input.to_str().expect("UTF-8 path"),
            policy.to_str().expect("UTF-8 path"),
        );
        // A rule's patient list (fixtures/<rule>/patients.csv), so wrong-patient's
        // findings, which quote the list, are checked too.
        let patients = input
            .parent()
            .and_then(Path::parent)
            .map(|rule| rule.join("patients.csv"))
            .filter(|list| list.is_file());
        let patients_arg = patients.as_ref().and_then(|p| p.to_str());
        for format in ["human", "json", "sarif", "junit"] {
            let mut args = vec![
                "check", "--policy", policy_arg, "--format", format, input_arg,
            ];
            if let Some(list) = patients_arg {
                args.extend(["--patients", list]);
            }
            let output = stdout(&presend(&args, None));
            let output = folded(&unescaped(&if format == "sarif" {
                // The rules' documentation (their help) uses the same well-known test
                // numbers as the fixtures; what a run says of the message is its results.
                let sarif: serde_json::Value = serde_json::from_str(&output).expect("SARIF");
                sarif["runs"][0]["results"].to_string()
            } else {
                output
            }));
            for value in &values {
                if output.contains(value.as_str()) {
                    leaks.push(format!("{} ({format}): {value}", input.display()));
                }
            }
        }
        let revealed = folded(&stdout(&presend(
            &[
                "check",
                "--show-pid",
                "--policy",
                policy_arg,
                "--format",
                "json",
                input_arg,
            ],
            None,
        )));
        if values.iter().any(|value| revealed.contains(value.as_str())) {
            shown_when_asked += 1;
        }
    }
    assert!(
        with_pid >= 10,
        "only {with_pid} fixtures hold patient data: the test would prove little"
    );
    assert!(
        leaks.is_empty(),
        "patient data shown unmasked:\n{}",
        leaks.join("\n")
    );
    assert!(
        shown_when_asked > 0,
        "--show-pid never showed any value: the comparison itself may be broken"
    );
}
