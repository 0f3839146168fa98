//! Reading attachments from their bytes, through the public API a host uses: a JSON
//! draft's `content_base64`, and MIME parts. What is read, and what is reported unread.

use base64::Engine as _;
use presend_core::{Draft, DraftError, Unreadable};

use crate::documents::{
    docx, odt, password_protected_office, pdf, pdf_as_word_writes, pdf_bomb, pdf_encrypted,
    pdf_scan, truncated, xlsx,
};

/// The draft's first attachment after reading `bytes` as `name`.
fn read(name: &str, bytes: &[u8]) -> presend_core::Attachment {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let json = serde_json::json!({"attachments": [{"name": name, "content_base64": encoded}]});
    let mut draft = Draft::from_json(&json.to_string()).expect("a draft");
    draft.attachments.remove(0)
}

#[test]
fn word_text_headers_included_and_bytes_not_kept() {
    let file = read(
        "Letter.docx",
        &docx(
            &["Dear Mrs Hughes,", "Tom & Jerry <ok>"],
            Some("NHS number 943 476 5919"),
        ),
    );
    let text = file.text.expect("text read");
    assert!(
        text.contains("Dear Mrs Hughes,\nTom & Jerry <ok>\n"),
        "{text:?}"
    );
    assert!(
        text.contains("NHS number 943 476 5919"),
        "the page header is read: {text:?}"
    );
    assert_eq!(file.unread, None);
    assert_eq!(file.content_base64, None, "the bytes are not kept");
}

#[test]
fn sheets_resolve_shared_strings_into_their_cells_and_keep_numbers() {
    let file = read(
        "List.xlsx",
        &xlsx(&[
            &["Patient", "NHS number"],
            &["Margaret Hughes", "9434765919"],
            &["Bob Roe", "Margaret Hughes"],
        ]),
    );
    let text = file.text.expect("text read");
    assert!(
        text.contains(
            "Patient\tNHS number\t\nMargaret Hughes\t9434765919\t\nBob Roe\tMargaret Hughes\t"
        ),
        "{text:?}"
    );
}

#[test]
fn opendocument_text_is_read() {
    let file = read("Summary.odt", &odt(&["Date of birth: 03/04/1961"]));
    assert_eq!(file.text.as_deref(), Some("Date of birth: 03/04/1961\n"));
}

#[test]
fn pdf_text_through_a_fonts_unicode_map_and_without_one() {
    let word = read(
        "Summary.pdf",
        &pdf_as_word_writes(&["Patient: Jane Doe", "NHS number: 943 476 5919"]),
    );
    let text = word.text.expect("text read");
    assert!(text.contains("Patient: Jane Doe\n"), "{text:?}");
    assert!(
        text.contains("NHS number: 943 476 5919"),
        "kerning is not a space: {text:?}"
    );
    let simple = read("Letter.pdf", &pdf("Re: (Mrs) Hughes \\ 943 476 5919"));
    assert!(
        simple
            .text
            .expect("text read")
            .contains("Re: (Mrs) Hughes \\ 943 476 5919")
    );
}

#[test]
fn pdfs_that_cannot_be_read_say_why() {
    assert_eq!(
        read("Results.pdf", &pdf_encrypted()).unread,
        Some(Unreadable::Encrypted)
    );
    assert_eq!(
        read("Scan.pdf", &pdf_scan()).unread,
        Some(Unreadable::Scanned)
    );
    assert_eq!(
        read("Letter.pdf", b"not a pdf at all").unread,
        Some(Unreadable::Damaged)
    );
    // A zip bomb in a page's content: 17 MiB of spaces deflate to a few kilobytes.
    let bomb = pdf_bomb(17 * 1024 * 1024);
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    assert_eq!(read("Bomb.pdf", &bomb).unread, Some(Unreadable::TooLarge));
}

#[test]
fn what_cannot_be_read_says_why() {
    let letter = docx(&["Dear Mrs Hughes,"], None);
    assert_eq!(
        read("Letter.docx", &truncated(&letter)).unread,
        Some(Unreadable::Damaged)
    );
    assert_eq!(
        read("Plan.docx", &password_protected_office()).unread,
        Some(Unreadable::Encrypted)
    );
    // A zip bomb: 17 MiB of text deflates to a few kilobytes; reading stops at the limit.
    let bomb = docx(&[&" ".repeat(17 * 1024 * 1024)], None);
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    assert_eq!(read("Bomb.docx", &bomb).unread, Some(Unreadable::TooLarge));
    let picture = read("Logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_eq!(
        (picture.text, picture.unread),
        (None, None),
        "pictures have no text, and are not unread"
    );
}

#[test]
fn attached_messages_are_read_to_a_depth() {
    let mut message = b"Subject: innermost\r\n\r\nNHS number 943 476 5919\r\n".to_vec();
    let mut unread = Vec::new();
    for depth in 0..5 {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&message);
        message = format!(
            "Subject: level {depth}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--b--\r\n"
        )
        .into_bytes();
        let draft = Draft::from_mime(&message).expect("a message");
        unread.push(draft.attachments[0].unread);
        if depth == 0 {
            let text = draft.attachments[0].text.as_deref().unwrap_or_default();
            assert!(text.contains("NHS number 943 476 5919"), "{text:?}");
        }
    }
    assert_eq!(
        unread,
        [
            None,
            None,
            None,
            Some(Unreadable::TooDeep),
            Some(Unreadable::TooDeep)
        ],
        "read three deep, then reported unread"
    );
}

#[test]
fn bad_base64_is_an_error_naming_the_attachment() {
    let json = r#"{"attachments": [{"name": "a.docx"}, {"name": "b.docx", "content_base64": "not base64!"}]}"#;
    match Draft::from_json(json) {
        Err(DraftError::Json { path, .. }) => assert_eq!(path, "attachments[1].content_base64"),
        other => panic!("{other:?}"),
    }
}
