//! Bad input gets a clear error and loses nothing; the core never panics, hangs or
//! grows without bound. Sizes here are large enough to expose quadratic behaviour in a
//! debug build without making the suite slow; benchmarks measure speed.

use presend_core::limits::{MAX_FINDINGS_PER_RULE, MAX_INPUT_BYTES, MAX_RECIPIENTS};
use presend_core::{Body, Checker, Draft, DraftError, Mailbox, Policy, PolicyError, Verdict};

fn text_draft(text: String) -> Draft {
    Draft {
        body: Body {
            text: Some(text),
            html: None,
        },
        ..Draft::default()
    }
}

#[test]
fn oversized_input_is_refused_with_the_limit_named() {
    let huge = vec![b'a'; MAX_INPUT_BYTES + 1];
    let error = Draft::from_mime(&huge).unwrap_err();
    assert_eq!(
        error,
        DraftError::TooLarge {
            size: MAX_INPUT_BYTES + 1,
            limit: MAX_INPUT_BYTES
        }
    );
    assert!(error.to_string().contains("over the limit"));
    assert!(matches!(
        Draft::from_json_bytes(&huge),
        Err(DraftError::TooLarge { .. })
    ));
}

#[test]
fn a_megabyte_line_of_textspeak_gives_a_bounded_report() {
    let body = "u x :) pls ".repeat(200_000); // 2.2 MB on one line
    let report = Checker::with_default_policy().check(&text_draft(body));
    let textspeak = report
        .findings
        .iter()
        .filter(|f| f.rule == "textspeak")
        .count();
    assert_eq!(textspeak, MAX_FINDINGS_PER_RULE);
    assert_eq!(report.verdict, Verdict::Warn);
}

#[test]
fn ten_thousand_recipients_are_counted_not_choked_on() {
    let to: Vec<Mailbox> = (0..10_000)
        .map(|i| Mailbox::new(format!("patient{i}@example.org")))
        .collect();
    let policy =
        Policy::from_json(r#"{"known_contacts": ["patient1@example.org"]}"#).expect("policy");
    let report = Checker::new(policy).expect("checker").check(&Draft {
        to,
        ..Draft::default()
    });
    let bulk = report
        .findings
        .iter()
        .find(|f| f.rule == "bulk-exposure")
        .expect("bulk exposure");
    assert!(bulk.message.starts_with("10000 people"), "{}", bulk.message);
    let near = report
        .findings
        .iter()
        .filter(|f| f.rule == "near-miss-recipient")
        .count();
    assert_eq!(
        near, MAX_FINDINGS_PER_RULE,
        "patient10..19 etc. are one slip from patient1"
    );
}

#[test]
fn too_many_recipients_is_an_error() {
    let addresses: Vec<String> = (0..=MAX_RECIPIENTS)
        .map(|i| format!("\"p{i}@x.org\""))
        .collect();
    let json = format!("{{\"bcc\": [{}]}}", addresses.join(","));
    assert!(matches!(
        Draft::from_json(&json),
        Err(DraftError::TooManyRecipients { .. })
    ));
}

#[test]
fn invalid_utf8_in_headers_and_body_is_replaced_not_fatal() {
    let raw = b"From: R\xe9ception <reception@nhs.net>\r\nTo: jane@gmail.com\r\nSubject: Caf\xe9 \xff\xfe\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody \xc3\x28 bad \xf0\x90 end thx\r\nthx again\r\n";
    let draft = Draft::from_mime(raw).expect("read despite bad bytes");
    assert!(
        draft
            .body
            .text
            .as_deref()
            .is_some_and(|t| t.contains("end thx"))
    );
    let report = Checker::with_default_policy().check(&draft);
    let textspeak: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "textspeak")
        .collect();
    // The garbled line is not read for words; the next line is.
    assert_eq!(textspeak.len(), 1, "{textspeak:?}");
    assert_eq!(textspeak[0].excerpt.as_deref(), Some("thx again"));
}

#[test]
fn deeply_nested_and_unclosed_html_is_rendered() {
    let mut html = "<div><blockquote>".repeat(50_000);
    html.push_str("quoted thx");
    html = format!("<p>Own text thx</p>{html}<p");
    let report = Checker::with_default_policy().check(&Draft {
        body: Body {
            html: Some(html),
            text: None,
        },
        ..Draft::default()
    });
    let textspeak: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "textspeak")
        .collect();
    assert_eq!(textspeak.len(), 1, "only the own text's thx: {textspeak:?}");
}

/// 100,000 quoted and unquoted stretches, as many region marks as lines: the own text
/// between the quotes is still read. (How the time grows with such input is measured
/// by `cargo bench --bench check -- size`, not here.)
#[test]
fn own_text_between_many_quotes_is_still_read() {
    let html = "<blockquote>theirs</blockquote><p>mine thx</p>".repeat(100_000);
    let draft = Draft {
        body: Body {
            html: Some(html),
            text: None,
        },
        ..Draft::default()
    };
    let report = Checker::with_default_policy().check(&draft);
    let textspeak = report
        .findings
        .iter()
        .filter(|f| f.rule == "textspeak")
        .count();
    assert_eq!(
        textspeak, MAX_FINDINGS_PER_RULE,
        "own text between quotes is still read"
    );
}

/// Markup that never closes, entities that never end and a hundred thousand lines that
/// look like an Outlook header: read as text, with no word found in the markup, and
/// the header lines taken as the quoted history they look like.
#[test]
fn pathological_markup_entities_and_headers_are_read_as_text() {
    let html = format!(
        "{}{}{}",
        "<".repeat(300_000),
        "&#".repeat(300_000),
        "&amp".repeat(300_000)
    );
    let report = Checker::with_default_policy().check(&Draft {
        body: Body {
            html: Some(html),
            text: None,
        },
        ..Draft::default()
    });
    assert!(report.findings.iter().all(|f| f.rule != "textspeak"));
    let lines = format!(
        "thx for this\n\n{}",
        "From: x\nSent: y\nTo: z\n".repeat(50_000)
    );
    let draft = text_draft(lines);
    let checker = Checker::with_default_policy();
    let view = checker.view(&draft);
    let own: Vec<_> = view
        .regions()
        .iter()
        .filter(|(_, region)| *region == presend_core::Region::Own)
        .collect();
    assert_eq!(own.len(), 1, "only the first line is the sender's");
    let report = checker.check(&draft);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule == "textspeak")
            .count(),
        1,
        "the own line is read, the 150,000 header lines are history"
    );
}

#[test]
fn hostile_policies_are_errors_not_crashes() {
    let deep = format!(
        "{{\"rules\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(
        Policy::from_json(&deep),
        Err(PolicyError::Invalid { .. })
    ));
    assert!(Policy::from_json("").is_err());
    assert!(Policy::from_json("null").is_err());
    assert!(Policy::from_json(r#"{"max_visible_external": 1e99}"#).is_err());
    assert!(Policy::from_json(r#"{"known_contacts": "an.other@nhs.net"}"#).is_err());
}

/// Found by fuzzing: an HTML body ending inside a tag whose last character is not
/// ASCII (`é`, or U+FFFD from bytes that were not UTF-8) sliced inside that character.
#[test]
fn html_ending_in_an_open_tag_with_a_wide_last_character_is_checked() {
    let checker = Checker::new(Policy::default()).unwrap();
    for html in ["<p é", "<p \u{FFFD}", "text <a href=\"x\u{1F600}", "<"] {
        let json = serde_json::json!({"to": ["jane@gmail.com"], "body": {"html": html}});
        let report = checker.check_json(&json.to_string()).unwrap();
        let ids: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert!(ids.contains(&"missing-footer"), "{html:?}: {ids:?}");
    }
}

/// A message whose only text part sits inside `depth` nested multiparts.
fn nested_message(depth: usize, text: &str) -> Vec<u8> {
    let mut message = String::from(
        "From: reception@example-surgery.nhs.uk\r\nTo: jane.doe@gmail.com\r\nSubject: Letter\r\nMIME-Version: 1.0\r\n",
    );
    for level in 0..depth {
        message.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n--b{level}\r\n"
        ));
    }
    message.push_str(&format!("Content-Type: text/plain\r\n\r\n{text}\r\n"));
    for level in (0..depth).rev() {
        message.push_str(&format!("--b{level}--\r\n"));
    }
    message.into_bytes()
}

#[test]
fn mime_nested_past_the_limit_is_an_error_not_a_silent_cut() {
    use presend_core::limits::MAX_MIME_DEPTH;
    let checker = Checker::new(Policy::default()).unwrap();
    let text = "NHS number 943 476 5919.";
    let within = checker
        .check_mime(&nested_message(MAX_MIME_DEPTH - 1, text))
        .expect("within the limit");
    assert!(
        within.findings.iter().any(|f| f.rule == "pid-insecure"),
        "the text at the deepest level read is checked: {within:?}"
    );
    for depth in [MAX_MIME_DEPTH, 100, 1_000] {
        assert!(
            matches!(
                checker.check_mime(&nested_message(depth, text)),
                Err(DraftError::TooComplex { .. })
            ),
            "depth {depth}"
        );
    }
}

/// An attachment's text is read to its end: a patient list whose NHS number comes after
/// two megabytes of other rows is still found. (Only the first megabyte used to be read.)
#[test]
fn patient_data_deep_in_a_long_attachment_is_found() {
    let mut rows = "Name,Clinic,Time\n".to_owned();
    while rows.len() < 2 * 1024 * 1024 {
        rows.push_str("Flu clinic volunteer,Saturday,09:00\n");
    }
    rows.push_str("Jane Doe,NHS number 943 476 5919,10:40\n");
    let json = serde_json::json!({
        "to": ["bookings@meadowcommunitytransport.org.uk"],
        "subject": "Saturday transport list",
        "attachments": [{"name": "transport.csv", "content_type": "text/csv", "text": rows}],
    });
    let report = Checker::with_default_policy()
        .check_json(&json.to_string())
        .expect("a valid draft");
    assert!(
        report.findings.iter().any(|f| f.rule == "pid-insecure"),
        "{:?}",
        report.findings
    );
}
