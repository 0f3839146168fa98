//! Where a finding is in the file it came from, by line: what SARIF viewers (code
//! scanning) and JUnit reports point at.
//!
//! Findings locate themselves by field (and address, and a span of the decoded text);
//! the file holds headers and a transfer-encoded body. A recipient or sender finding is
//! placed on the header line that holds its address, a subject finding on the Subject
//! line, and a body or attachment finding on the first line of the body, since the
//! decoded text's offsets do not map back onto quoted-printable or base64 lines.

use presend_core::{Field, Finding};

/// Line numbers (from 1) of the parts of one input file.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceLines {
    /// Each header line (or, in a JSON draft, each line) with its number, lower-cased,
    /// and the field whose header or key it belongs to.
    lines: Vec<(u32, Option<Field>, String)>,
    /// The first line of the body (or of the `body` key).
    body: u32,
    /// The first line of the attachments (the body for a message; `attachments` in a draft).
    attachments: u32,
}

impl SourceLines {
    /// The lines of an RFC 5322 message: its header block, field by field.
    pub(crate) fn of_message(bytes: &[u8]) -> Self {
        let mut lines = Vec::new();
        let mut field = None;
        let mut body = 1;
        for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let number = index as u32 + 1;
            let line = String::from_utf8_lossy(line).to_lowercase();
            if line.trim().is_empty() && !lines.is_empty() {
                body = number + 1;
                break;
            }
            if !line.starts_with([' ', '\t']) {
                field = line
                    .split_once(':')
                    .and_then(|(name, _)| header_field(name.trim()));
            }
            lines.push((number, field, line));
        }
        Self {
            lines,
            body,
            attachments: body,
        }
    }

    /// The lines of a JSON draft: each key of the draft's shape starts its field.
    pub(crate) fn of_draft(bytes: &[u8]) -> Self {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = Vec::new();
        let mut field = None;
        let (mut body, mut attachments) = (None, None);
        for (index, line) in text.lines().enumerate() {
            let number = index as u32 + 1;
            let line = line.to_lowercase();
            let key = line
                .trim_start()
                .strip_prefix('"')
                .and_then(|rest| rest.split_once('"'));
            if let Some((key, rest)) = key
                && rest.trim_start().starts_with(':')
            {
                match key {
                    "body" => body = body.or(Some(number)),
                    "attachments" => attachments = attachments.or(Some(number)),
                    _ => {}
                }
                if let Some(keyed) = header_field(key) {
                    field = Some(keyed);
                }
            }
            lines.push((number, field, line));
        }
        let body = body.unwrap_or(1);
        Self {
            lines,
            body,
            attachments: attachments.unwrap_or(body),
        }
    }

    /// The line a finding points at.
    pub(crate) fn line_of(&self, finding: &Finding) -> u32 {
        match finding.field {
            Field::Body => self.body,
            Field::Attachment => self.attachments,
            field => {
                let in_field = || self.lines.iter().filter(move |(_, f, _)| *f == Some(field));
                let address = finding.address.as_deref().map(str::to_lowercase);
                address
                    .and_then(|address| {
                        in_field()
                            .find(|(_, _, line)| line.contains(&address))
                            .map(|(number, _, _)| *number)
                    })
                    .or_else(|| in_field().next().map(|(number, _, _)| *number))
                    .unwrap_or(1)
            }
        }
    }
}

/// The finding field a header name or draft key (lower case) belongs to.
fn header_field(name: &str) -> Option<Field> {
    Some(match name {
        "from" => Field::From,
        "to" => Field::To,
        "cc" => Field::Cc,
        "bcc" => Field::Bcc,
        "subject" => Field::Subject,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(field: Field, address: Option<&str>) -> Finding {
        Finding {
            rule: "bulk-exposure",
            severity: presend_core::Severity::Block,
            message: String::new(),
            field,
            address: address.map(str::to_owned),
            attachment: None,
            span: None,
            excerpt: None,
            fix: None,
        }
    }

    #[test]
    fn a_message_places_addresses_on_their_header_line_and_text_at_the_body() {
        let raw = b"Received: from x\r\nFrom: a@nhs.net\r\nTo: b@gmail.com,\r\n C@AOL.com\r\nSubject: hi\r\n\r\nbody\r\n";
        let lines = SourceLines::of_message(raw);
        assert_eq!(lines.line_of(&finding(Field::To, Some("c@aol.com"))), 4);
        assert_eq!(lines.line_of(&finding(Field::To, None)), 3);
        assert_eq!(lines.line_of(&finding(Field::Subject, None)), 5);
        assert_eq!(lines.line_of(&finding(Field::Body, None)), 7);
        assert_eq!(lines.line_of(&finding(Field::Cc, None)), 1, "no Cc header");
    }

    #[test]
    fn a_draft_places_findings_at_their_keys() {
        let draft = b"{\n  \"from\": \"a@nhs.net\",\n  \"to\": [\n    \"b@gmail.com\",\n    \"c@aol.com\"\n  ],\n  \"body\": {\"text\": \"to: x\"}\n}\n";
        let lines = SourceLines::of_draft(draft);
        assert_eq!(lines.line_of(&finding(Field::To, Some("c@aol.com"))), 5);
        assert_eq!(lines.line_of(&finding(Field::From, None)), 2);
        assert_eq!(lines.line_of(&finding(Field::Body, None)), 7);
        assert_eq!(lines.line_of(&finding(Field::Attachment, None)), 7);
    }
}
