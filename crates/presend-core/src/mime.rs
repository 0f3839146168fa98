//! Drafts from RFC 5322 bytes, read with `mail-parser`.

use std::borrow::Cow;

use mail_parser::{AddressList, Message, MessageParser, MessagePart, MessageRef, PartFlags};

use crate::address::Mailbox;
use crate::draft::{Attachment, Body, Draft, DraftError, check_size};
use crate::extract::{self, Contents, Unreadable};
use crate::limits::{MAX_ATTACHMENT_DEPTH, MAX_MIME_DEPTH, MAX_MIME_PARTS};

impl Draft {
    /// Reads a draft from the bytes of an RFC 5322 message (an `.eml` file, or what a
    /// mail client hands to its pre-send hook).
    ///
    /// Input that does not start as a message does (a program or an image renamed
    /// `.eml`) is an error rather than text to check.
    ///
    /// Every To, Cc and Bcc header is read, not only the first, so a second `To:`
    /// cannot hide a bulk exposure. Malformed MIME is read on a best-effort basis;
    /// only input with no header at all is an error.
    pub fn from_mime(raw: &[u8]) -> Result<Self, DraftError> {
        Self::from_mime_within(raw, 0)
    }

    /// [`Draft::from_mime`] for a message attached `depth` messages deep.
    pub(crate) fn from_mime_within(raw: &[u8], depth: usize) -> Result<Self, DraftError> {
        let (_, message) = parse(raw)?;
        let root = message.root();
        let text = join_bodies(text_parts(&root));
        let html = join_bodies(html_parts(&root));
        let attachments = root
            .attachments()
            .map(|part| attachment(part, depth))
            .collect();

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

/// Parses a message as [`Draft::from_mime`] reads it, returning where its header starts
/// in `raw` (the message's offsets count from there) and the parsed message.
pub(crate) fn parse(raw: &[u8]) -> Result<(usize, Message<'_>), DraftError> {
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
    let raw = &raw[start..];
    if !starts_like_a_message(raw) {
        return Err(DraftError::Unparseable);
    }
    let message = parser.parse(raw).ok_or(DraftError::Unparseable)?;
    if message.root().headers().iter().next().is_none() {
        return Err(DraftError::Unparseable);
    }
    // The parser keeps what lies past a limit unread; checking the rest would
    // pass it in silence.
    if message
        .parts()
        .any(|part| part.flags().contains(PartFlags::LIMIT_REACHED))
    {
        return Err(DraftError::TooComplex {
            depth_limit: MAX_MIME_DEPTH,
            parts_limit: MAX_MIME_PARTS,
        });
    }
    Ok((start, message))
}

/// The parts whose text, joined, is the draft's plain-text body.
pub(crate) fn text_parts<'m>(root: &MessageRef<'m>) -> impl Iterator<Item = MessagePart<'m>> {
    root.text_body().filter(|part| is_type(part, "plain"))
}

/// The parts whose text, joined, is the draft's HTML body.
pub(crate) fn html_parts<'m>(root: &MessageRef<'m>) -> impl Iterator<Item = MessagePart<'m>> {
    root.html_body().filter(|part| is_type(part, "html"))
}

/// The separator [`Draft::from_mime`] puts between the texts of several body parts.
pub(crate) const PART_SEPARATOR: char = '\n';

pub(crate) fn mailboxes(list: AddressList<'_>) -> impl Iterator<Item = Mailbox> + '_ {
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
        let Some(text) = part_text(&part) else {
            continue;
        };
        match &mut joined {
            // The first part's decoded text is kept, not copied: a message at the size
            // limit is one part, and a copy of it is what memory would peak on.
            None => joined = Some(text.into_owned()),
            Some(out) => {
                if !out.is_empty() {
                    out.push(PART_SEPARATOR);
                }
                out.push_str(&text);
            }
        }
    }
    joined
}

/// A text part's text. A part labelled US-ASCII whose bytes are not all ASCII was
/// labelled wrongly: it is read as UTF-8 when it is UTF-8 (the usual slip), and
/// otherwise its other bytes become U+FFFD, text that could not be decoded, which the
/// word rules do not read. (Read as the label says, through Windows-1252, Big5 bytes
/// became Latin letters and punctuation, and the letters between read as textspeak.)
pub(crate) fn part_text<'m>(part: &MessagePart<'m>) -> Option<Cow<'m, str>> {
    let labelled_ascii = part
        .content_type()
        .and_then(|content_type| content_type.attribute("charset"))
        .is_some_and(|charset| {
            ["us-ascii", "ascii", "ansi_x3.4-1968"]
                .iter()
                .any(|ascii| charset.trim().eq_ignore_ascii_case(ascii))
        });
    if !labelled_ascii || !part.is_text() {
        return part.text();
    }
    let decoded = part.decoded();
    if decoded.is_ascii() {
        return part.text();
    }
    Some(Cow::Owned(String::from_utf8_lossy(&decoded).into_owned()))
}

fn attachment(part: MessagePart<'_>, depth: usize) -> Attachment {
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
    // Text parts are read whole as text (their charset decoded): the message's size
    // limit bounds them, and a part read in part would pass the rest unchecked. Other
    // parts are read from their bytes for the text inside (documents, attached
    // messages), or reported unread.
    let mut attachment = Attachment {
        name,
        content_type,
        size: part.decoded_len() as u64,
        ..Attachment::default()
    };
    match part.text() {
        Some(text) if part.is_text() => attachment.text = Some(text.into_owned()),
        _ => attachment.take_contents(attachment_contents(
            &part.decoded(),
            &attachment.name,
            &attachment.content_type,
            depth,
        )),
    }
    attachment
}

/// The text inside one attachment's bytes: a document's through [`extract`], an attached
/// message's read here as a message. `depth` counts the attached messages it is inside.
pub(crate) fn attachment_contents(
    bytes: &[u8],
    name: &str,
    content_type: &str,
    depth: usize,
) -> Contents {
    match extract::contents(bytes, name, content_type) {
        Contents::Message => attached_message(bytes, depth),
        contents => contents,
    }
}

/// An attached message's subject, text and attachments' text, as one text.
fn attached_message(bytes: &[u8], depth: usize) -> Contents {
    if depth >= MAX_ATTACHMENT_DEPTH {
        return Contents::Unread(Unreadable::TooDeep);
    }
    let Ok(message) = Draft::from_mime_within(bytes, depth + 1) else {
        return Contents::Unread(Unreadable::Damaged);
    };
    let mut text = message.subject;
    for part in [message.body.text, message.body.html].into_iter().flatten() {
        text.push('\n');
        text.push_str(&part);
    }
    for attachment in message.attachments {
        if let Some(inner) = attachment.text {
            text.push('\n');
            text.push_str(&inner);
        }
        if let Some(unread) = attachment.unread {
            // What could not be read inside it makes the attached message unread too.
            return Contents::Unread(unread);
        }
    }
    Contents::Text(text)
}

/// Whether `raw` starts as a message does: a header field name (printable ASCII, no
/// colon), perhaps spaces, then a colon; or an mbox `From ` line. Read as a message, a
/// binary file's bytes become words and fire the word rules (an `ls` binary gave a
/// hundred textspeak warnings), and say nothing true about the file.
fn starts_like_a_message(raw: &[u8]) -> bool {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    // A stray space before the first field is a damaged header, still a header.
    let indent = raw
        .iter()
        .take_while(|&&byte| byte == b' ' || byte == b'\t')
        .count();
    let raw = &raw[indent..];
    if raw.starts_with(b"From ") {
        return true;
    }
    let name = raw
        .iter()
        .take_while(|&&byte| byte.is_ascii_graphic() && byte != b':')
        .count();
    let colon = raw[name..]
        .iter()
        .position(|&byte| byte != b' ' && byte != b'\t');
    name > 0 && colon.is_some_and(|gap| raw[name + gap] == b':')
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

    #[test]
    fn a_binary_file_is_not_a_message() {
        let programs_and_images: [&[u8]; 4] = [
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0 u r thx\n",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            b"just some text, no header\n\nc u 2moro",
        ];
        for bytes in programs_and_images {
            assert_eq!(
                Draft::from_mime(bytes),
                Err(DraftError::Unparseable),
                "{bytes:?}"
            );
        }
        for message in [
            &b"Subject: hi\r\n\r\nbody"[..],
            b"\xEF\xBB\xBFFrom: a@b.c\n\nbody",
            b"From a@b.c Mon Jan  1 00:00:00 2024\nSubject: mbox\n\nbody",
            b"Subject : an obsolete space before the colon\n\nbody",
            b" From: a stray space first <a@b.c>\nSubject: x\n\nbody",
        ] {
            assert!(Draft::from_mime(message).is_ok(), "{message:?}");
        }
    }
}
