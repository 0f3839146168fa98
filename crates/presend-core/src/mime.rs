//! Drafts from RFC 5322 bytes, read with `mail-parser`.

use mail_parser::{AddressList, MessageParser, MessagePart};

use crate::address::Mailbox;
use crate::draft::{Attachment, Body, Draft, DraftError, check_size};
use crate::limits::{MAX_ATTACHMENT_TEXT_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS};

impl Draft {
    /// Reads a draft from the bytes of an RFC 5322 message (an `.eml` file, or what a
    /// mail client hands to its pre-send hook).
    ///
    /// Every To, Cc and Bcc header is read, not only the first, so a second `To:`
    /// cannot hide a bulk exposure. Malformed MIME is read on a best-effort basis;
    /// only input with no header at all is an error.
    pub fn from_mime(raw: &[u8]) -> Result<Self, DraftError> {
        check_size(raw.len())?;
        let parser = MessageParser::new()
            .max_depth(MAX_MIME_DEPTH)
            .max_parts(MAX_MIME_PARTS);
        // Some tools write blank or whitespace-only lines before the header, which a
        // strict reading takes as an empty header and a body of everything else.
        let start = raw
            .split_inclusive(|&b| b == b'\n')
            .take_while(|line| line.iter().all(u8::is_ascii_whitespace))
            .map(<[u8]>::len)
            .sum::<usize>();
        let message = parser.parse(&raw[start..]).ok_or(DraftError::Unparseable)?;
        let root = message.root();
        if root.headers().iter().next().is_none() {
            return Err(DraftError::Unparseable);
        }

        let text = join_bodies(root.text_body().filter(|part| is_type(part, "plain")));
        let html = join_bodies(root.html_body().filter(|part| is_type(part, "html")));
        let attachments = root.attachments().map(attachment).collect();

        Draft {
            from: root.from().and_then(|list| mailboxes(list).next()),
            to: root.all_to().flat_map(mailboxes).collect(),
            cc: root.all_cc().flat_map(mailboxes).collect(),
            bcc: root.all_bcc().flat_map(mailboxes).collect(),
            subject: root.subject().unwrap_or_default().to_owned(),
            body: Body { text, html },
            attachments,
        }
        .within_limits()
    }
}

fn mailboxes(list: AddressList<'_>) -> impl Iterator<Item = Mailbox> + '_ {
    list.mailboxes().filter_map(|mailbox| {
        let address = mailbox.address()?.trim();
        (!address.is_empty()).then(|| Mailbox {
            name: mailbox
                .name()
                .map(str::to_owned)
                .filter(|name| !name.trim().is_empty()),
            address: address.to_owned(),
        })
    })
}

/// Whether a body part is `text/<subtype>` (a part with no Content-Type is text/plain).
fn is_type(part: &MessagePart<'_>, subtype: &str) -> bool {
    match part.content_type() {
        None => subtype == "plain",
        Some(_) => part.is_content_type("text", subtype),
    }
}

fn join_bodies<'m>(parts: impl Iterator<Item = MessagePart<'m>>) -> Option<String> {
    let mut joined: Option<String> = None;
    for part in parts {
        let Some(text) = part.text() else { continue };
        let out = joined.get_or_insert_with(String::new);
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
    }
    joined
}

fn attachment(part: MessagePart<'_>) -> Attachment {
    let content_type = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(subtype) => format!("{}/{}", ct.ctype(), subtype),
            None => ct.ctype().to_owned(),
        })
        .unwrap_or_else(|| "application/octet-stream".to_owned())
        .to_lowercase();
    let name = part
        .attachment_name()
        .map(str::to_owned)
        .or_else(|| {
            part.nested()
                .and_then(|nested| nested.subject().map(str::to_owned))
        })
        .unwrap_or_default();
    // Only text parts are read: binary formats need the host's own extractor.
    let text = part
        .text_prefix_bytes(MAX_ATTACHMENT_TEXT_BYTES)
        .map(|text| text.into_owned());
    Attachment {
        name,
        content_type,
        size: part.decoded_len() as u64,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_to_header_is_read() {
        let raw = b"From: a@nhs.net\r\nTo: one@gmail.com\r\nTo: two@gmail.com, three@yahoo.com\r\n\
Cc: Group: four@aol.com;\r\nSubject: Hi\r\n\r\nHello\r\n";
        let draft = Draft::from_mime(raw).unwrap();
        let to: Vec<_> = draft.to.iter().map(|m| m.address.as_str()).collect();
        assert_eq!(to, ["one@gmail.com", "two@gmail.com", "three@yahoo.com"]);
        assert_eq!(draft.cc[0].address, "four@aol.com");
        assert_eq!(draft.body.text.as_deref(), Some("Hello\r\n"));
    }

    #[test]
    fn html_only_message_keeps_html_and_no_text() {
        let raw = b"From: a@nhs.net\nContent-Type: text/html\n\n<p>Hi</p>\n";
        let draft = Draft::from_mime(raw).unwrap();
        assert_eq!(draft.body.text, None);
        assert_eq!(draft.body.html.as_deref(), Some("<p>Hi</p>\n"));
    }

    #[test]
    fn empty_input_is_unparseable() {
        assert_eq!(Draft::from_mime(b""), Err(DraftError::Unparseable));
    }
}
