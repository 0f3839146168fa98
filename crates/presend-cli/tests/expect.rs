use crate::util::{Scratch, presend, stdout};

const FLU_CLINIC: &str = "fixtures/bulk-exposure/fires/flu-clinic-six-patients-in-to";

#[test]
fn presends_own_fixtures_are_as_their_expectations_say() {
    let output = presend(
        &["test", "--policy", "fixtures/policy.json", "fixtures"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains(" as expected, 0 not, 0 could not be tested"));
}

#[test]
fn a_changed_report_is_shown_as_a_diff_and_fails() {
    let scratch = Scratch::new("diff");
    scratch.copy(&format!("{FLU_CLINIC}.eml"), "flu.eml");
    let expected = scratch.copy(&format!("{FLU_CLINIC}.expected.json"), "flu.expected.json");
    let text = std::fs::read_to_string(&expected).expect("expected");
    std::fs::write(&expected, text.replacen("\"block\"", "\"warn\"", 1)).expect("edit");

    let output = presend(
        &["test", "--policy", "fixtures/policy.json", scratch.arg()],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(report.contains("FAILED"), "{report}");
    assert!(
        report.contains("    - ") && report.contains("    + "),
        "{report}"
    );
    assert!(
        report.contains("1 message: 0 as expected, 1 not"),
        "{report}"
    );
}

#[test]
fn update_writes_missing_expectations_and_a_policy_beside_a_message_applies_to_it() {
    let scratch = Scratch::new("update");
    let message = scratch.copy(&format!("{FLU_CLINIC}.eml"), "flu.eml");
    let output = presend(&["test", scratch.arg()], None);
    assert_eq!(output.status.code(), Some(1), "no expectation yet");
    assert!(stdout(&output).contains("no "), "{}", stdout(&output));

    let output = presend(&["test", "--update", scratch.arg()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = presend(&["test", scratch.arg()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // Six patients are allowed to see each other under this message's own policy.
    let policy = message.with_file_name("flu.policy.json");
    std::fs::write(&policy, r#"{"max_visible_external": 10}"#).expect("policy");
    let output = presend(&["test", scratch.arg()], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the bulk-exposure finding is gone"
    );
    assert!(
        stdout(&output).contains("-       \"rule\": \"bulk-exposure\""),
        "{}",
        stdout(&output)
    );
}

#[test]
fn an_unreadable_message_is_an_error() {
    let scratch = Scratch::new("error");
    std::fs::write(scratch.0.join("broken.eml"), b"\x7fELF\x02\x01").expect("write");
    let output = presend(&["test", scratch.arg()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("ERROR   "), "{}", stdout(&output));
}
