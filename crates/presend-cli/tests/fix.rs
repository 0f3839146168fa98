use crate::util::{assert_snapshot, presend, repo_root, stderr, stdout, test_path};

const EVERYTHING: &str = "crates/presend-cli/tests/data/everything-wrong.eml";
const POLICY: &str = "crates/presend-cli/tests/data/policy.json";
const FLU_CLINIC: &str = "fixtures/bulk-exposure/fires/flu-clinic-six-patients-in-to.eml";

#[test]
fn safe_fixes_applied_the_rest_listed_and_the_exit_status_is_the_recheck() {
    let output = presend(&["fix", "--policy", POLICY, EVERYTHING], None);
    // The personal account and the lookalike address still block: only the sender
    // can resolve them.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let fixed = stdout(&output);
    assert!(fixed.contains("Bcc: "), "{fixed}");
    assert!(
        fixed.contains("<dr.jones@nhs.net>"),
        "domain corrected: {fixed}"
    );
    assert_snapshot(&test_path("snapshots/fix-summary.txt"), &stderr(&output));
    let summary = stderr(&output);
    assert!(summary.contains("fixed       bulk-exposure"), "{summary}");
    assert!(
        summary.contains("suggestion, not applied: Send to an.other@nhs.net instead"),
        "a guessed contact needs the sender's judgement: {summary}"
    );
}

#[test]
fn writes_the_fixed_message_to_a_file_and_it_then_passes() {
    let dir = std::env::temp_dir().join(format!("presend-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("fixed.eml");
    let out_arg = out.to_str().expect("UTF-8 path");
    let output = presend(
        &[
            "fix",
            "--policy",
            "fixtures/policy.json",
            FLU_CLINIC,
            "-o",
            out_arg,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).is_empty(),
        "the message goes to the file only"
    );
    let check = presend(
        &["check", "--policy", "fixtures/policy.json", out_arg],
        None,
    );
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    // Fixing it again changes nothing.
    let again = presend(&["fix", "--policy", "fixtures/policy.json", out_arg], None);
    assert_eq!(
        again.stdout,
        std::fs::read(&out).expect("fixed message"),
        "{}",
        stderr(&again)
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn reads_standard_input_and_names_a_message_it_cannot_read() {
    let raw = std::fs::read(repo_root().join(FLU_CLINIC)).expect("fixture");
    let output = presend(&["fix", "-"], Some(&raw));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("Bcc: "));

    let output = presend(&["fix", "-"], Some(b"\x7fELF\x02\x01 not a message"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).is_empty(),
        "nothing written for a message not read"
    );
    assert!(stderr(&output).contains("-: "), "{}", stderr(&output));

    let draft = "fixtures/bulk-exposure/fires/known-contacts-still-external.draft.json";
    let output = presend(&["fix", draft], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("presend fix rewrites .eml messages"),
        "{}",
        stderr(&output)
    );
}
