use serde_json::Value;

use crate::util::{assert_snapshot, presend, rule_ids, stderr, stdout, test_path};

const EVERYTHING: &str = "crates/presend-cli/tests/data/everything-wrong.eml";
/// A patient list under which the message also names the wrong patient.
const PATIENTS: &str = "crates/presend-cli/tests/data/patients.csv";
/// The one rule a message to many cannot break: a greeting for the wrong one recipient.
const WRONG_GREETING: &str = "crates/presend-cli/tests/data/wrong-greeting.eml";
const POLICY: &str = "crates/presend-cli/tests/data/policy.json";

#[test]
fn human_output_snapshot() {
    let output = presend(
        &[
            "check",
            "--policy",
            POLICY,
            "--patients",
            PATIENTS,
            EVERYTHING,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_snapshot(&test_path("snapshots/check-human.txt"), &stdout(&output));
}

#[test]
fn json_output_snapshot_and_shape() {
    let output = presend(
        &[
            "check",
            "--format",
            "json",
            "--policy",
            POLICY,
            "--patients",
            PATIENTS,
            EVERYTHING,
            WRONG_GREETING,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_snapshot(&test_path("snapshots/check-json.json"), &text);
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    let report = &json["reports"][0];
    assert_eq!(report["source"], EVERYTHING);
    assert_eq!(report["verdict"], "block");
    assert_eq!(json["reports"][1]["source"], WRONG_GREETING);
    // Every rule fires in one of the two messages.
    let rules: Vec<&str> = json["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .flat_map(|report| report["findings"].as_array().expect("findings"))
        .filter_map(|f| f["rule"].as_str())
        .collect();
    for rule in rule_ids() {
        assert!(rules.contains(&rule.as_str()), "{rule} missing: {rules:?}");
    }
    let info = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "missing-footer")
        .expect("footer finding");
    assert_eq!(
        info["severity"], "info",
        "the policy's rules setting applies"
    );
}

#[test]
fn textspeak_spans_count_utf16_after_accents() {
    let output = presend(
        &["check", "--format", "json", "--policy", POLICY, EVERYTHING],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let c_u = json["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "textspeak" && f["fix"]["replacement"] == "see you")
        .expect("c u finding");
    // "Café" (é: two bytes, one UTF-16 unit) comes before "c u" on its line.
    let span = &c_u["span"];
    assert_eq!(
        span["end"].as_u64().expect("end") - span["start"].as_u64().expect("start"),
        3
    );
    assert_eq!(
        span["start"].as_u64().expect("start") - span["utf16_start"].as_u64().expect("utf16"),
        1
    );
}

#[test]
fn exit_codes_follow_the_worst_outcome() {
    let clean = presend(
        &[
            "check",
            "--policy",
            "fixtures/policy.json",
            "fixtures/clean",
        ],
        None,
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("0 blocked, 0 with warnings"));

    let warn_only = r#"{"from": "a@nhs.net", "to": ["b@nhs.net"], "body": {"text": "thx"}}"#;
    let warned = presend(&["check", "-"], Some(warn_only.as_bytes()));
    assert_eq!(warned.status.code(), Some(0), "warnings alone pass");
    let denied = presend(
        &["check", "--deny", "warn", "-"],
        Some(warn_only.as_bytes()),
    );
    assert_eq!(
        denied.status.code(),
        Some(1),
        "--deny warn fails on warnings"
    );

    let blocked = presend(&["check", "--policy", POLICY, EVERYTHING], None);
    assert_eq!(blocked.status.code(), Some(1));
}

#[test]
fn unreadable_inputs_are_named_and_the_rest_still_checked() {
    let output = presend(
        &[
            "check",
            "--policy",
            POLICY,
            "no/such/file.eml",
            EVERYTHING,
            "-",
        ],
        Some(b"{\"subjct\": 1}"),
    );
    assert_eq!(output.status.code(), Some(2), "errors win over blocks");
    let out = stdout(&output);
    assert!(
        out.contains("no/such/file.eml") && out.contains("no such file or directory"),
        "{out}"
    );
    assert!(
        out.contains("subjct"),
        "the bad draft's key is named: {out}"
    );
    assert!(
        out.contains("bulk-exposure"),
        "the readable message is still checked: {out}"
    );

    let json = presend(&["check", "--format", "json", "no/such/file.eml"], None);
    let parsed: Value = serde_json::from_str(&stdout(&json)).expect("valid JSON even with errors");
    assert_eq!(parsed["errors"][0]["source"], "no/such/file.eml");
    assert_eq!(parsed["errors"].as_array().map(Vec::len), Some(1));
    assert!(
        stderr(&json).is_empty(),
        "each error once, in the JSON: {}",
        stderr(&json)
    );
}

#[test]
fn bad_policy_names_the_key_and_checks_nothing() {
    let dir = std::env::temp_dir().join(format!("presend-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"rules": {"txtspeak": "off"}}"#).expect("write policy");
    let output = presend(
        &[
            "check",
            "--policy",
            policy.to_str().expect("utf-8 path"),
            EVERYTHING,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("rules.txtspeak") && err.contains("did you mean `textspeak`"),
        "{err}"
    );
    assert!(stdout(&output).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn contacts_files_feed_near_miss_detection() {
    let dir = std::env::temp_dir().join(format!("presend-contacts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("outlook.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,E-mail Address\nAn,Other,an.other@nhs.net\n",
    )
    .expect("write csv");
    let draft = br#"{"from": "a@nhs.net", "to": ["am.other@nhs.net"], "body": {"text": "Confidential: for the intended recipient only."}}"#;
    let output = presend(
        &[
            "check",
            "--format",
            "json",
            "--contacts",
            csv.to_str().expect("utf-8"),
            "-",
        ],
        Some(draft),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("\"contact\"") || stdout(&output).contains("an.other@nhs.net")
    );
    let bad = dir.join("contacts.txt");
    std::fs::write(&bad, "x").expect("write");
    let refused = presend(
        &["check", "--contacts", bad.to_str().expect("utf-8"), "-"],
        Some(draft),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains(".csv, .vcf or .json"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn directories_are_searched_for_messages_and_drafts_only() {
    let output = presend(
        &[
            "check",
            "--format",
            "json",
            "--policy",
            "fixtures/policy.json",
            "fixtures/bulk-exposure",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let sources: Vec<&str> = json["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["source"].as_str())
        .collect();
    assert!(
        sources
            .iter()
            .all(|s| s.ends_with(".eml") || s.ends_with(".draft.json")),
        "{sources:?}"
    );
    assert!(sources.iter().any(|s| s.ends_with(".draft.json")));
    assert!(
        json["errors"].as_array().expect("errors").is_empty(),
        "policy and expected files are not read as drafts"
    );
}

#[test]
fn a_program_given_as_a_message_is_an_error_and_the_others_are_still_checked() {
    // presend's own executable, as someone might pass `ls` by mistake.
    let program = env!("CARGO_BIN_EXE_presend");
    let fixture = "fixtures/textspeak/fires/emoticon-multipart.eml";
    let output = presend(&["check", "--format", "json", program, fixture], None);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{json}");
    assert!(
        errors[0].to_string().contains("binary file"),
        "the error says what is wrong: {json}"
    );
    let reports = json["reports"].as_array().expect("reports");
    assert_eq!(
        reports.len(),
        1,
        "the real message is still checked: {json}"
    );
    assert!(reports[0].to_string().contains("textspeak"), "{json}");
}

#[test]
fn a_directory_with_nothing_to_check_is_an_error_not_a_pass() {
    let dir = std::env::temp_dir().join(format!("presend-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("notes.txt"), "not a message").expect("write");
    let output = presend(&["check", dir.to_str().expect("UTF-8 path")], None);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("no messages (.eml) or drafts (.draft.json) to check here"),
        "{}",
        stdout(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verbose_names_passing_messages_and_deny_takes_either_level() {
    let clean = "fixtures/clean/appointment-confirmation.eml";
    let quiet = stdout(&presend(&["check", clean], None));
    assert!(!quiet.contains(clean), "{quiet}");
    let verbose = presend(&["check", "-v", clean], None);
    assert_eq!(verbose.status.code(), Some(0));
    assert!(
        stdout(&verbose).contains(&format!("{clean}\n  PASS")),
        "{}",
        stdout(&verbose)
    );

    let warned = "fixtures/textspeak/fires/c-u-2moro.draft.json";
    let policy = "fixtures/policy.json";
    let block = presend(
        &["check", "--deny", "block", "--policy", policy, warned],
        None,
    );
    let warn = presend(
        &["check", "--deny", "warn", "--policy", policy, warned],
        None,
    );
    assert_eq!(
        (block.status.code(), warn.status.code()),
        (Some(0), Some(1))
    );
}

#[test]
fn sarif_output_snapshot_with_each_rules_documentation_as_help() {
    let output = presend(
        &[
            "check",
            "--format",
            "sarif",
            "--policy",
            POLICY,
            "--patients",
            PATIENTS,
            EVERYTHING,
            "missing.eml",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2), "an unreadable input wins");
    let mut sarif: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &mut sarif["runs"][0];
    let notifications = &run["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notifications.as_array().map(Vec::len),
        Some(1),
        "the missing file, once"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    // Each rule's help is its documentation page; the snapshot names the page rather
    // than repeat every page.
    for rule in run["tool"]["driver"]["rules"]
        .as_array_mut()
        .expect("rules")
    {
        let id = rule["id"].as_str().expect("id").to_owned();
        let explained = presend(&["explain", &id], None);
        assert_eq!(rule["help"]["markdown"], stdout(&explained), "{id}");
        rule["help"] = Value::String(format!("<presend explain {id}>"));
    }
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            result["ruleId"]
        );
    }
    run["tool"]["driver"]["version"] = Value::String("<version>".into());
    assert_snapshot(
        &test_path("snapshots/check-sarif.json"),
        &(serde_json::to_string_pretty(&sarif).expect("JSON") + "\n"),
    );
}

#[test]
fn junit_output_snapshot_fails_at_the_deny_level() {
    let clean = "fixtures/clean/appointment-confirmation.eml";
    let output = presend(
        &[
            "check",
            "--format",
            "junit",
            "--policy",
            POLICY,
            "--patients",
            PATIENTS,
            EVERYTHING,
            clean,
            "missing.eml",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    let xml = stdout(&output);
    assert_snapshot(&test_path("snapshots/check-junit.xml"), &xml);
    assert!(
        xml.contains(r#"tests="3" failures="1" errors="1""#),
        "{xml}"
    );

    let blocks_only = xml.matches("<failure ").count();
    let output = presend(
        &[
            "check", "--format", "junit", "--deny", "warn", "--policy", POLICY, EVERYTHING,
        ],
        None,
    );
    let with_warnings = stdout(&output).matches("<failure ").count();
    assert!(
        with_warnings > blocks_only,
        "--deny warn makes warnings failures too"
    );
    assert!(
        !stdout(&output).contains("<system-out>WARN"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_patient_list_catches_the_wrong_patient_and_a_bad_one_is_named() {
    let letter = "fixtures/wrong-patient/fires/docx-letter-attached-to-another-patient.eml";
    let without = presend(&["check", "--policy", "fixtures/policy.json", letter], None);
    assert_eq!(
        without.status.code(),
        Some(0),
        "no list, no wrong-patient: {}",
        stdout(&without)
    );
    let with = presend(
        &[
            "check",
            "--policy",
            "fixtures/policy.json",
            "--patients",
            "fixtures/wrong-patient/patients.csv",
            letter,
        ],
        None,
    );
    assert_eq!(with.status.code(), Some(1));
    assert!(stdout(&with).contains("wrong-patient"), "{}", stdout(&with));

    let output = presend(
        &["check", "--patients", "fixtures/policy.json", letter],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("fixtures/policy.json: patient list: no email address column"),
        "{}",
        stderr(&output)
    );
}
