//! The attachment fixtures, made here: each `.eml` under `fixtures/` that carries a
//! Word, Excel, OpenDocument or PDF file (or the shape of one presend cannot read) is
//! written from the specification below, with the files made by `documents.rs`. The
//! test fails if a committed fixture differs from what this makes; `PRESEND_BLESS=1`
//! writes them. So no fixture is an opaque binary without the script that made it.

use base64::Engine as _;

use crate::documents::{
    docx, odt, password_protected_office, pdf, pdf_as_word_writes, pdf_encrypted, pdf_scan,
    truncated, xlsx,
};
use crate::util::fixtures_dir;

const FOOTER: &str = "CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.";
const RECEPTION: &str = "Meadowbank Reception <reception.meadowbank@nhs.net>";

/// One fixture message: who, what, and its attachments as (file name, type, bytes).
struct Message {
    path: &'static str,
    from: &'static str,
    to: &'static str,
    subject: &'static str,
    text: &'static str,
    attachments: Vec<(&'static str, &'static str, Vec<u8>)>,
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn messages() -> Vec<Message> {
    let letter = docx(
        &[
            "Meadowbank Practice",
            "Dear Mrs Hughes,",
            "Re: Margaret Hughes, NHS number 943 476 5919",
            "Your repeat prescription review is due next month.",
        ],
        None,
    );
    let newsletter = docx(
        &[
            "Meadowbank Practice newsletter, winter",
            "Flu clinics run every Saturday morning in November.",
            "The car park will be resurfaced in the new year.",
        ],
        None,
    );
    let forwarded = concat!(
        "From: Dr Sarah Patel <sarah.patel@nhs.net>\r\n",
        "To: reception.meadowbank@nhs.net\r\n",
        "Subject: Referral letter\r\n",
        "Date: Mon, 03 Nov 2025 08:10:00 +0000\r\n",
        "Message-ID: <referral-original@nhs.net>\r\n",
        "\r\n",
        "Please send the cardiology referral for NHS number 943 476 5919 today.\r\n",
    );
    vec![
        Message {
            path: "pid-insecure/fires/docx-letter-nhs-number-to-btinternet.eml",
            from: RECEPTION,
            to: "Margaret Hughes <margaret.hughes@btinternet.com>",
            subject: "Your letter",
            text: "Dear Mrs Hughes,\n\nPlease find your letter attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Letter.docx", DOCX, letter.clone())],
        },
        Message {
            path: "pid-insecure/fires/xlsx-clinic-list-numbers-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Saturday clinic list",
            text: "Hello,\n\nHere is the list for Saturday, as you asked.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Clinic list.xlsx",
                XLSX,
                xlsx(&[
                    &["Patient", "NHS number", "Time"],
                    &["Margaret Hughes", "943 476 5919", "09:10"],
                    &["Bob Roe", "9434765919", "09:20"],
                ]),
            )],
        },
        Message {
            path: "pid-insecure/fires/odt-referral-date-of-birth-to-hotmail.eml",
            from: RECEPTION,
            to: "bob.roe@hotmail.co.uk",
            subject: "Referral summary",
            text: "Dear Mr Roe,\n\nThe summary you asked for is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Referral summary.odt",
                "application/vnd.oasis.opendocument.text",
                odt(&[
                    "Referral summary",
                    "Patient: Robert Roe",
                    "Date of birth: 03/04/1961",
                ]),
            )],
        },
        Message {
            path: "pid-insecure/fires/docx-nhs-number-in-page-header-only.eml",
            from: RECEPTION,
            to: "margaret.hughes@btinternet.com",
            subject: "Appointment confirmation",
            text: "Dear Mrs Hughes,\n\nYour appointment confirmation is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Confirmation.docx",
                DOCX,
                docx(
                    &["Your appointment is on Tuesday at 10:30 with the practice nurse."],
                    Some("NHS number 943 476 5919"),
                ),
            )],
        },
        Message {
            path: "pid-insecure/fires/attached-message-with-nhs-number-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Fw: Referral letter",
            text: "Hello,\n\nForwarding the message below as requested.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Referral letter.eml",
                "message/rfc822",
                forwarded.as_bytes().to_vec(),
            )],
        },
        Message {
            path: "wrong-patient/fires/docx-letter-attached-to-another-patient.eml",
            from: RECEPTION,
            to: "Robert Roe <bob.roe@hotmail.co.uk>",
            subject: "[secure] Your letter",
            text: "Dear Mr Roe,\n\nPlease find your letter attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Letter.docx", DOCX, letter.clone())],
        },
        Message {
            path: "pid-insecure/fires/pdf-as-word-writes-nhs-number-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Your discharge summary",
            text: "Hello,\n\nThe summary from the hospital is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Discharge summary.pdf",
                "application/pdf",
                pdf_as_word_writes(&[
                    "Leeds Teaching Hospitals: discharge summary",
                    "Patient: Jane Doe",
                    "NHS number: 943 476 5919",
                ]),
            )],
        },
        Message {
            path: "pid-insecure/quiet/pdf-leaflet-no-patient-details.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Flu clinic leaflet",
            text: "Hello,\n\nThe leaflet about this year's flu clinics is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Flu clinics.pdf",
                "application/pdf",
                pdf_as_word_writes(&[
                    "Flu clinics every Saturday in November",
                    "No appointment needed",
                ]),
            )],
        },
        Message {
            path: "unreadable-attachment/fires/password-protected-pdf-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Your results",
            text: "Hello,\n\nYour results letter is attached; the password follows in another email.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Results.pdf", "application/pdf", pdf_encrypted())],
        },
        Message {
            path: "unreadable-attachment/fires/scanned-letter-pdf-to-hotmail.eml",
            from: RECEPTION,
            to: "bob.roe@hotmail.co.uk",
            subject: "Your letter",
            text: "Dear Mr Roe,\n\nA scan of the letter you left at reception is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Scan 0031.pdf", "application/pdf", pdf_scan())],
        },
        Message {
            path: "pid-insecure/quiet/docx-newsletter-no-patient-details.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Winter newsletter",
            text: "Hello,\n\nOur winter newsletter is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Newsletter.docx", DOCX, newsletter.clone())],
        },
        Message {
            path: "pid-insecure/quiet/docx-letter-nhs-number-to-nhsmail.eml",
            from: RECEPTION,
            to: "Dr Sarah Patel <sarah.patel@nhs.net>",
            subject: "Letter for review",
            text: "Dear Dr Patel,\n\nThe letter is attached for your review.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Letter.docx", DOCX, letter.clone())],
        },
        Message {
            path: "unreadable-attachment/fires/password-protected-docx-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Your results letter",
            text: "Hello,\n\nThe letter is attached. I will send the password separately.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Results letter.docx", DOCX, password_protected_office())],
        },
        Message {
            path: "pid-insecure/fires/pdf-letter-to-btinternet.eml",
            from: RECEPTION,
            to: "margaret.hughes@btinternet.com",
            subject: "Your letter",
            text: "Dear Mrs Hughes,\n\nYour letter is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Letter.pdf",
                "application/pdf",
                pdf("Re: Margaret Hughes, NHS number 943 476 5919"),
            )],
        },
        Message {
            path: "unreadable-attachment/fires/damaged-docx-to-hotmail.eml",
            from: RECEPTION,
            to: "bob.roe@hotmail.co.uk",
            subject: "Your letter",
            text: "Dear Mr Roe,\n\nYour letter is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Letter.docx", DOCX, truncated(&letter))],
        },
        Message {
            path: "unreadable-attachment/fires/legacy-xls-from-personal-sender.eml",
            from: "Meadowbank Reception <meadowbank.reception@gmail.com>",
            to: "jane.doe@gmail.com",
            subject: "Clinic list",
            text: "Hello,\n\nThe list is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Clinic list.xls",
                "application/vnd.ms-excel",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1Workbook".to_vec(),
            )],
        },
        Message {
            path: "unreadable-attachment/fires/one-of-two-documents-protected.eml",
            from: RECEPTION,
            to: "margaret.hughes@btinternet.com",
            subject: "Your documents",
            text: "Dear Mrs Hughes,\n\nBoth documents are attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![
                ("Newsletter.docx", DOCX, newsletter.clone()),
                ("Care plan.docx", DOCX, password_protected_office()),
            ],
        },
        Message {
            path: "unreadable-attachment/quiet/password-protected-docx-to-nhsmail.eml",
            from: RECEPTION,
            to: "sarah.patel@nhs.net",
            subject: "Care plan",
            text: "Dear Dr Patel,\n\nThe care plan is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Care plan.docx", DOCX, password_protected_office())],
        },
        Message {
            path: "unreadable-attachment/quiet/password-protected-docx-secure-subject.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "[secure] Your care plan",
            text: "Hello,\n\nYour care plan is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Care plan.docx", DOCX, password_protected_office())],
        },
        Message {
            path: "unreadable-attachment/quiet/photo-of-the-new-surgery.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Our new surgery",
            text: "Hello,\n\nHere is a photograph of the new surgery building.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "New surgery.jpg",
                "image/jpeg",
                b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9"
                    .to_vec(),
            )],
        },
        Message {
            path: "unreadable-attachment/quiet/readable-docx-to-gmail.eml",
            from: RECEPTION,
            to: "jane.doe@gmail.com",
            subject: "Winter newsletter",
            text: "Hello,\n\nOur winter newsletter is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![("Newsletter.docx", DOCX, newsletter)],
        },
        Message {
            path: "clean/docx-christmas-opening-hours-to-patient.eml",
            from: RECEPTION,
            to: "Margaret Hughes <margaret.hughes@btinternet.com>",
            subject: "Christmas opening hours",
            text: "Dear Mrs Hughes,\n\nAs you asked, our opening hours over Christmas are in the attached notice.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Christmas opening hours.docx",
                DOCX,
                docx(
                    &[
                        "Meadowbank Practice: Christmas opening hours",
                        "Closed on 25 and 26 December and on 1 January.",
                        "Open as usual on every other day.",
                    ],
                    Some("Meadowbank Practice, 12 Mill Lane, Leeds"),
                ),
            )],
        },
        Message {
            path: "unreadable-attachment/quiet/pdf-to-practice-colleague.eml",
            from: RECEPTION,
            to: "practice.manager@meadowbank-practice.nhs.uk",
            subject: "Letter to file",
            text: "Hello,\n\nThe letter for the file is attached.\n\nKind regards,\nReception Team\nMeadowbank Practice",
            attachments: vec![(
                "Letter.pdf",
                "application/pdf",
                pdf("Re: Margaret Hughes, NHS number 943 476 5919"),
            )],
        },
    ]
}

/// The message as an `.eml` file: CRLF line endings, a text part, each attachment in
/// base64 lines of 76 characters.
fn render(message: &Message) -> Vec<u8> {
    let name = message
        .path
        .rsplit('/')
        .next()
        .unwrap_or(message.path)
        .trim_end_matches(".eml");
    let mut eml = format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: Mon, 03 Nov 2025 09:00:00 +0000\r\nMessage-ID: <{name}@meadowbank-practice.nhs.uk>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"presend-fixture\"\r\n\r\n--presend-fixture\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n\r\n{FOOTER}\r\n",
        message.from,
        message.to,
        message.subject,
        message.text.replace('\n', "\r\n"),
    );
    for (file, content_type, bytes) in &message.attachments {
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
            .collect();
        eml.push_str(&format!(
            "--presend-fixture\r\nContent-Type: {content_type}; name=\"{file}\"\r\nContent-Disposition: attachment; filename=\"{file}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            lines.join("\r\n")
        ));
    }
    eml.push_str("--presend-fixture--\r\n");
    eml.into_bytes()
}

#[test]
fn attachment_fixtures_are_what_this_script_makes() {
    let bless = std::env::var_os("PRESEND_BLESS").is_some();
    let mut stale = Vec::new();
    for message in messages() {
        let path = fixtures_dir().join(message.path);
        let made = render(&message);
        if bless {
            std::fs::create_dir_all(path.parent().expect("a directory")).expect("mkdir");
            std::fs::write(&path, &made).expect("write fixture");
        } else if std::fs::read(&path).ok().as_deref() != Some(made.as_slice()) {
            stale.push(message.path);
        }
    }
    assert!(
        stale.is_empty(),
        "these fixtures differ from what tests/attachment_fixtures.rs makes (PRESEND_BLESS=1 writes them): {stale:?}"
    );
}
