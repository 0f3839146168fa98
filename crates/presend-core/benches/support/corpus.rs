//! A generated corpus of practice mail for benchmarks: the same messages on every run,
//! shaped like what a GP practice sends. Appointment reminders, results letters, referrals
//! to colleagues, flu-clinic invitations to patient lists, newsletters, and replies that
//! quote earlier messages, in plain text and HTML, from 2 KB to 1 MB, some with a PDF or
//! a CSV attached. Built with mail-builder, so the MIME is what a real client writes.
//!
//! Shared by `benches/check.rs` and `examples/figures.rs`, which include it by path
//! and each use part of it.
#![allow(dead_code)]

use std::hint::black_box;

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_parser::MessageParser;
use presend_core::Checker;

const FIRST: &[&str] = &[
    "Jane", "Mohammed", "Priya", "Tom", "Sarah", "David", "Aisha", "Li",
];
const LAST: &[&str] = &[
    "Doe", "Khan", "Patel", "Okafor", "Jones", "Smith", "Evans", "Ng",
];
const PATIENT_DOMAINS: &[&str] = &["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com"];

/// Sentences of the kind practice mail is made of, some with patient data in them.
const SENTENCES: &[&str] = &[
    "Your appointment with the practice nurse is confirmed for Tuesday at 10:40.",
    "Please bring a list of your current medication and arrive ten minutes early.",
    "The flu clinic runs on Saturday morning in the main waiting room.",
    "Your recent blood test results have been reviewed by the doctor.",
    "We would be grateful if you could see this patient, NHS number 943 476 5919, born 14/03/1961.",
    "The patient has been taking metformin 500 mg twice daily since March.",
    "If you need to cancel, please call reception on 0113 496 0000 as early as you can.",
    "Our patient participation group meets on the first Thursday of each month.",
    "Thanks for letting us know, we will update the rota for next week.",
    "The practice will be closed on the bank holiday; NHS 111 can help out of hours.",
    "Please find attached the discharge summary from the ward, for your records.",
    "Repeat prescriptions can now be ordered through the NHS App.",
];

const FOOTER: &str = "CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.";

/// Recipients: (display name, address).
type People = Vec<(String, String)>;

fn person(rng: &mut fastrand::Rng, domain: Option<&str>) -> (String, String) {
    let first = FIRST[rng.usize(..FIRST.len())];
    let last = LAST[rng.usize(..LAST.len())];
    let domain = domain.unwrap_or(PATIENT_DOMAINS[rng.usize(..PATIENT_DOMAINS.len())]);
    let address = format!(
        "{}.{}{}@{domain}",
        first.to_lowercase(),
        last.to_lowercase(),
        rng.u16(1..99)
    );
    (format!("{first} {last}"), address)
}

/// Paragraphs of about `bytes` bytes.
fn text_of(rng: &mut fastrand::Rng, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        for _ in 0..rng.usize(2..5) {
            text.push_str(SENTENCES[rng.usize(..SENTENCES.len())]);
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

fn html_of(text: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    format!("<html><body>\n{paragraphs}</body></html>\n")
}

/// The corpus: `count` messages, sizes spread from 2 KB to 1 MB (most small, as real
/// mail is), the same for the same `count`.
pub fn practice_messages(count: usize) -> Vec<Vec<u8>> {
    let mut rng = fastrand::Rng::with_seed(0x5052_4553);
    (0..count)
        .map(|n| {
            // Sizes: log-spread between 2 KB and 1 MB.
            let exponent = (n * 9) % count; // 0..count, spread
            let bytes = (2048.0 * 512f64.powf(exponent as f64 / count as f64)) as usize;
            message(&mut rng, n, bytes)
        })
        .collect()
}

fn message(rng: &mut fastrand::Rng, n: usize, bytes: usize) -> Vec<u8> {
    let practice = ("Meadowbank Reception", "reception.meadowbank@nhs.net");
    let kind = n % 6;
    let body_bytes = if n.is_multiple_of(5) {
        bytes / 3
    } else {
        bytes
    };
    let mut own = text_of(rng, body_bytes.min(64 * 1024));
    let (to, cc, bcc, subject): (People, People, People, String) = match kind {
        0 => (
            vec![person(rng, None)],
            vec![],
            vec![],
            "Your appointment".into(),
        ),
        1 => (
            vec![person(rng, Some("nhs.net"))],
            vec![],
            vec![],
            "Referral: NHS number 943 476 5919".into(),
        ),
        2 => (
            (0..rng.usize(3..12)).map(|_| person(rng, None)).collect(),
            vec![],
            vec![],
            "Flu clinic 2moro".into(),
        ),
        3 => (
            vec![(practice.0.into(), practice.1.into())],
            vec![],
            (0..20).map(|_| person(rng, None)).collect(),
            "Practice newsletter".into(),
        ),
        4 => (
            vec![person(rng, None)],
            vec![person(rng, Some("nhs.net"))],
            vec![],
            "Re: Test results".into(),
        ),
        _ => (
            vec![person(rng, Some("leeds.nhs.uk"))],
            vec![],
            vec![],
            "Re: Discharge summary".into(),
        ),
    };
    if kind >= 4 {
        // A reply: the earlier message quoted below the sender's own words.
        let quoted: String = text_of(rng, (body_bytes / 2).min(32 * 1024))
            .lines()
            .map(|line| format!("> {line}\n"))
            .collect();
        own = format!("{own}\nOn Monday, Dr Jones wrote:\n{quoted}");
    }
    if n % 3 != 2 {
        own.push('\n');
        own.push_str(FOOTER);
        own.push('\n');
    }
    let addresses = |list: &[(String, String)]| {
        Address::new_list(
            list.iter()
                .map(|(name, address)| Address::new_address(Some(name.clone()), address.clone()))
                .collect(),
        )
    };
    let mut builder = MessageBuilder::new()
        .from((practice.0, practice.1))
        .subject(subject)
        .message_id(format!("{n}.corpus@meadowbank.example"))
        .date(1_764_300_000 + n as i64 * 60);
    builder = builder.to(addresses(&to));
    if !cc.is_empty() {
        builder = builder.cc(addresses(&cc));
    }
    if !bcc.is_empty() {
        builder = builder.bcc(addresses(&bcc));
    }
    builder = if n.is_multiple_of(2) {
        builder.text_body(own.clone())
    } else {
        builder.text_body(own.clone()).html_body(html_of(&own))
    };
    // Attachments carry the rest of the size: a scanned letter (binary) or a list (CSV).
    let rest = bytes.saturating_sub(own.len());
    if rest > 4096 {
        if n % 4 == 1 {
            let csv: String = (0..rest / 40)
                .map(|i| format!("{i},Patient {i},0113 496 {:04}\n", i % 10000))
                .collect();
            builder = builder.attachment("text/csv", "clinic-list.csv", csv.into_bytes());
        } else {
            let pdf: Vec<u8> = (0..rest * 3 / 4).map(|_| rng.u8(..)).collect();
            builder = builder.attachment("application/pdf", "letter.pdf", pdf);
        }
    }
    builder.write_to_vec().expect("a message builds")
}

/// One plain-text reply of about `bytes`: the sender's paragraphs, then the quoted history.
pub fn plain_message(bytes: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(bytes as u64);
    let own = text_of(&mut rng, bytes / 2);
    let quoted: String = text_of(&mut rng, bytes / 2)
        .lines()
        .map(|line| format!("> {line}\n"))
        .collect();
    MessageBuilder::new()
        .from(("Meadowbank Reception", "reception.meadowbank@nhs.net"))
        .to(("Jane Doe", "jane.doe@gmail.com"))
        .subject("Re: Your letter")
        .text_body(format!(
            "{own}\nOn Monday, Jane Doe wrote:\n{quoted}\n{FOOTER}\n"
        ))
        .write_to_vec()
        .expect("a message builds")
}

/// The baseline each figure is a ratio of: mail-parser's parse and body text of each message.
pub fn read_with_mail_parser(parser: &MessageParser, messages: &[Vec<u8>]) {
    for message in messages {
        let parsed = parser.parse(black_box(message));
        black_box(parsed.map(|m| m.body_text(0).map(|text| text.len())));
    }
}

/// presend's whole check of each message, from its bytes.
pub fn check_each(checker: &Checker, messages: &[Vec<u8>]) {
    for message in messages {
        black_box(
            checker
                .check_mime(black_box(message))
                .map(|r| r.findings.len())
                .ok(),
        );
    }
}
