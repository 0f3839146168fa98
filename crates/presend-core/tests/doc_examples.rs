//! Every rule's documentation is tested: a draft fenced `json,expect_finding` must give
//! exactly one finding of that rule, a plain `json` draft none. A `json,policy` block
//! sets the policy for the examples after it (the embedded default before any), and a
//! `csv,patients` block the patient list.

use presend_core::{Checker, Draft, PatientIndex, Policy, RuleMeta};

struct Example {
    info: String,
    body: String,
}

fn examples(docs: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut current: Option<Example> = None;
    for line in docs.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Example {
                    info: info.trim().to_owned(),
                    body: String::new(),
                })
            }
            (Some(_), Some(_)) => found.extend(current.take()),
            (Some(example), None) => {
                example.body.push_str(line);
                example.body.push('\n');
            }
            (None, None) => {}
        }
    }
    found
}

#[test]
fn rule_doc_examples_produce_what_they_claim() {
    let mut failures = Vec::new();
    let mut flagged = 0;
    for meta in RuleMeta::all() {
        let mut checker = Checker::with_default_policy();
        for example in examples(&meta.docs_markdown()) {
            if example.info == "json,policy" {
                let policy = Policy::from_json(&example.body)
                    .unwrap_or_else(|e| panic!("{} policy example: {e}", meta.id));
                checker = Checker::new(policy).expect("policy compiles");
                continue;
            }
            if example.info == "csv,patients" {
                let patients = PatientIndex::from_csv(example.body.as_bytes())
                    .unwrap_or_else(|e| panic!("{} patient list example: {e}", meta.id));
                checker = checker.with_patients(patients);
                continue;
            }
            let expected = match example.info.as_str() {
                "json,expect_finding" => 1,
                "json" => 0,
                other => panic!("{}: unknown example fence `{other}`", meta.id),
            };
            let draft = Draft::from_json(&example.body)
                .unwrap_or_else(|e| panic!("{} example: {e}\n{}", meta.id, example.body));
            let report = checker.check(&draft);
            let found = report.findings.iter().filter(|f| f.rule == meta.id).count();
            flagged += expected;
            if found != expected {
                failures.push(format!(
                    "{}: expected {expected} finding(s), got {found}:\n{}\n{:#?}",
                    meta.id, example.body, report.findings
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        flagged >= RuleMeta::all().len(),
        "every rule documents at least one flagged example"
    );
}
