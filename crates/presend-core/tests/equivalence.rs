//! A message reaches presend as RFC 5322 bytes (CLI, C hosts) or as a JSON draft
//! (add-ins, Node). Both must lead to the same findings.

use presend_core::{Checker, Draft, Policy};
use serde_json::Value;

use crate::util::{files_below, fixtures_dir, without_spans};

fn findings(checker: &Checker, draft: &Draft) -> Value {
    without_spans(&serde_json::to_value(checker.check(draft)).expect("serialises"))
}

/// What an Outlook add-in builds from Office.js for this message: the same recipients,
/// subject and body, addresses given in both accepted forms.
#[test]
fn hand_written_draft_matches_its_mime_message() {
    let policy = Policy::from_json(r#"{"known_contacts": ["an.other@nhs.net"]}"#).expect("policy");
    let checker = Checker::new(policy).expect("checker");
    let mime = b"From: Reception <reception@gmail.com>\r\n\
To: jane.doe@gmail.com, \"Roe, Bob\" <bob.roe@hotmail.co.uk>\r\n\
To: am.other@nhs.net\r\n\
Cc: dr.jones@nhs.nte\r\n\
Subject: Flu clinic 2moro\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Dear all,</p><p>Pls come to the flu clinic :)</p>\
<div class=\"gmail_quote\">On Mon, Jane wrote:<blockquote>CONFIDENTIAL: for the intended recipient only</blockquote></div>\r\n";
    let json = r#"{
        "from": {"name": "Reception", "address": "reception@gmail.com"},
        "to": ["jane.doe@gmail.com", "\"Roe, Bob\" <bob.roe@hotmail.co.uk>", "am.other@nhs.net"],
        "cc": [{"address": "dr.jones@nhs.nte"}],
        "subject": "Flu clinic 2moro",
        "body": {"html": "<p>Dear all,</p><p>Pls come to the flu clinic :)</p><div class=\"gmail_quote\">On Mon, Jane wrote:<blockquote>CONFIDENTIAL: for the intended recipient only</blockquote></div>\r\n"}
    }"#;
    let from_mime = findings(&checker, &Draft::from_mime(mime).expect("mime"));
    let from_json = findings(&checker, &Draft::from_json(json).expect("json"));
    assert_eq!(from_mime, from_json);
    let rules: Vec<&str> = from_json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    let distinct: std::collections::BTreeSet<&str> = rules.iter().copied().collect();
    assert!(
        distinct.len() >= 6,
        "the message exercises most rules: {distinct:?}"
    );
}

/// Every fixture message, written out as the JSON draft the bindings accept and read
/// back, gives the same report: the JSON form loses nothing the rules use.
#[test]
fn every_fixture_round_trips_through_the_json_draft() {
    let checker = crate::util::checker_for(&fixtures_dir().join("policy.json"));
    let mut compared = 0;
    for path in files_below(&fixtures_dir())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
    {
        let draft =
            Draft::from_mime(&std::fs::read(&path).expect("readable")).expect("fixture parses");
        let json = serde_json::to_string(&draft).expect("draft serialises");
        let back =
            Draft::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}\n{json}", path.display()));
        assert_eq!(back, draft, "{}", path.display());
        assert_eq!(
            checker.check(&back),
            checker.check(&draft),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared > 0);
}
