//! Fixed messages: an RFC 5322 message with fixes applied (what `presend fix` writes).
//!
//! The message is edited where a fix changes it and kept byte for byte everywhere else:
//! attachments, other headers, each part's transfer encoding, threading headers
//! (`Message-ID`, `In-Reply-To`, `References`) and the line endings all stay as they
//! were. A recipient header, the subject or a body part that a fix changes is written
//! again with mail-builder, which encodes names, subjects and text as mail needs.
//!
//! ```
//! use presend_core::{Applicability, Checker, Draft, Policy, rewrite};
//!
//! let raw = b"From: reception@meadowbank-practice.nhs.uk\r\n\
//! To: jane.doe@gmail.com, bob.roe@hotmail.co.uk\r\n\
//! Subject: Flu clinic\r\n\r\nSaturday 9am.\r\n";
//! let checker = Checker::new(Policy::default())?;
//! let report = checker.check(&Draft::from_mime(raw)?);
//! let safe: Vec<_> = report.findings.iter().filter_map(|f| f.fix.as_ref()).filter(|fix| fix.applicability == Applicability::Safe).collect();
//! let fixed = rewrite::apply(raw, &safe)?;
//! let again = checker.check(&Draft::from_mime(&fixed.message)?);
//! assert!(again.findings.iter().all(|f| f.rule != "bulk-exposure"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::ops::Range;

use mail_builder::headers::Header as _;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::text::Text;
use mail_builder::mime::MimePart;
use mail_parser::{HeaderName, MessagePart, MessageRef};

use crate::address::Mailbox;
use crate::draft::DraftError;
use crate::mime::{PART_SEPARATOR, html_parts, mailboxes, parse, part_text, text_parts};
use crate::report::{Edit, Field, Fix};

/// A message with fixes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The whole message, ready to send or save as `.eml`.
    pub message: Vec<u8>,
    /// The fixes that could not be applied to this message, with why, by their index
    /// in the list given to [`apply`].
    pub not_applied: Vec<NotApplied>,
}

/// A fix [`apply`] left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotApplied {
    /// Its index in the fixes given.
    pub index: usize,
    /// Why, in a sentence.
    pub reason: &'static str,
}

/// Applies `fixes` (from a report on this same message) to the message `raw`.
///
/// Recipients are moved and corrected in their headers, a subject tag is added, and
/// appended text goes into every body part (plain text and HTML) where the fix placed
/// it, above any quoted history. A change to the wording of the text (`replace-text`)
/// is not applied: it needs the sender's judgement. The only error is a message that
/// cannot be read, as [`crate::Draft::from_mime`] reports it.
pub fn apply(raw: &[u8], fixes: &[&Fix]) -> Result<Rewritten, DraftError> {
    let (start, message) = parse(raw)?;
    let root = message.root();
    let source = &raw[start..];
    let mut rewrite = Rewrite {
        crlf: uses_crlf(source),
        splices: Vec::new(),
    };
    let mut not_applied = Vec::new();
    let mut recipients = Recipients::read(&root);
    let mut subject_tags = Vec::new();
    let mut text_additions = Vec::new();
    let mut html_additions = Vec::new();

    // Addresses are corrected before recipients move, so a correction finds its
    // address in the field the report saw it in.
    let corrections_first = fixes
        .iter()
        .enumerate()
        .filter(|(_, fix)| matches!(fix.edit, Edit::ReplaceAddress { .. }))
        .chain(
            fixes
                .iter()
                .enumerate()
                .filter(|(_, fix)| !matches!(fix.edit, Edit::ReplaceAddress { .. })),
        );
    for (index, fix) in corrections_first {
        let outcome = match &fix.edit {
            Edit::MoveToBcc { addresses, to } => {
                recipients.move_to_bcc(addresses, to.as_deref());
                Ok(())
            }
            Edit::ReplaceAddress { field, from, to } => recipients.replace(*field, from, to),
            Edit::AddSubjectTag { tag } => {
                subject_tags.push(tag.as_str());
                Ok(())
            }
            Edit::AppendText { text, at, html_at } => {
                text_additions.push((at.start as usize, text.as_str()));
                if let Some(html_at) = html_at {
                    html_additions.push((html_at.start as usize, text.as_str()));
                }
                Ok(())
            }
            Edit::ReplaceText { .. } => {
                Err("a change to the wording needs the sender's judgement, so it is not applied")
            }
        };
        if let Err(reason) = outcome {
            not_applied.push(NotApplied { index, reason });
        }
    }
    not_applied.sort_by_key(|skip| skip.index);

    recipients.write(&root, &mut rewrite);
    rewrite.subject(&root, &subject_tags);
    let text = text_parts(&root).collect::<Vec<_>>();
    let html = html_parts(&root).collect::<Vec<_>>();
    // The fix's place in the plain text holds only when the text is what was read: a
    // blank plain-text part beside HTML is passed over, as the checker passes it over.
    let text_was_read = html.is_empty()
        || text
            .iter()
            .any(|part| part_text(part).is_some_and(|text| !text.trim().is_empty()));
    if text_was_read {
        rewrite.append_to_parts(&text, &text_additions, Kind::Plain);
    }
    rewrite.append_to_parts(&html, &html_additions, Kind::Html);

    let mut out = Vec::with_capacity(raw.len() + 256);
    out.extend_from_slice(&raw[..start]);
    out.extend(rewrite.splice_into(source));
    Ok(Rewritten {
        message: out,
        not_applied,
    })
}

/// Whether the message's header lines end in CRLF (as sent mail does) rather than LF
/// (as many `.eml` files on disk do); what is written again follows the message.
fn uses_crlf(source: &[u8]) -> bool {
    source
        .iter()
        .position(|&byte| byte == b'\n')
        .is_some_and(|at| at > 0 && source[at - 1] == b'\r')
}

/// Replacements of byte ranges of the message, applied together at the end so every
/// range still points into the original.
struct Rewrite {
    crlf: bool,
    splices: Vec<(Range<usize>, Vec<u8>)>,
}

impl Rewrite {
    fn replace(&mut self, range: Range<usize>, mut bytes: Vec<u8>) {
        if !self.crlf {
            // mail-builder writes CRLF; a message written with LF keeps LF throughout.
            bytes = bytes
                .split(|&b| b == b'\r')
                .flat_map(|piece| piece.iter().copied())
                .collect();
        }
        self.splices.push((range, bytes));
    }

    fn splice_into(mut self, source: &[u8]) -> Vec<u8> {
        // Stable: insertions at one place keep the order they were made in.
        self.splices
            .sort_by_key(|(range, _)| (range.start, range.end));
        let mut out = Vec::with_capacity(source.len());
        let mut at = 0;
        for (range, bytes) in self.splices {
            // Every range is a distinct header, part header or body; one that overlaps
            // an earlier one would be a bug, and is dropped rather than corrupt the
            // message.
            if range.start < at {
                continue;
            }
            out.extend_from_slice(&source[at..range.start]);
            out.extend_from_slice(&bytes);
            at = range.end;
        }
        out.extend_from_slice(&source[at..]);
        out
    }

    /// Adds `tags` at the start of the subject, each unless it is there already.
    fn subject(&mut self, root: &MessageRef<'_>, tags: &[&str]) {
        let subject = root.subject().unwrap_or_default();
        let mut new = subject.to_owned();
        for tag in tags.iter().rev() {
            if !new.to_lowercase().contains(&tag.to_lowercase()) {
                new = format!("{tag} {new}").trim_end().to_owned();
            }
        }
        if new == subject {
            return;
        }
        let mut header = b"Subject: ".to_vec();
        // Writing into a Vec cannot fail.
        let _ = Text::new(new).write_header(&mut header, "Subject: ".len());
        let range = first_header(root, &HeaderName::Subject)
            .unwrap_or_else(|| header_block_end(root.root_part()));
        self.replace(range, header);
    }

    /// Writes `additions` (byte offsets in the parts' joined text, as the draft's body
    /// holds it) into the parts they fall in.
    fn append_to_parts(
        &mut self,
        parts: &[MessagePart<'_>],
        additions: &[(usize, &str)],
        kind: Kind,
    ) {
        if additions.is_empty() {
            return;
        }
        // Where each part's text starts in the joined text.
        let mut offset = 0usize;
        for part in parts {
            let Some(text) = part_text(part) else {
                continue;
            };
            let start = offset;
            let end = start + text.len();
            offset = end + PART_SEPARATOR.len_utf8();
            let mut mine: Vec<(usize, &str)> = additions
                .iter()
                .filter(|&&(at, _)| (start..=end).contains(&at))
                .map(|&(at, addition)| (at - start, addition))
                .collect();
            if mine.is_empty() {
                continue;
            }
            mine.sort_by_key(|&(at, _)| at);
            self.write_part(part, &insert_all(&text, &mine, kind));
        }
    }

    /// Writes `part` again with `text` as its body: new Content-Type (charset UTF-8,
    /// other parameters kept) and Content-Transfer-Encoding headers, other headers kept.
    fn write_part(&mut self, part: &MessagePart<'_>, text: &str) {
        let (ctype, subtype) = part.content_type().map_or(("text", "plain"), |ct| {
            (ct.ctype(), ct.subtype().unwrap_or("plain"))
        });
        let mut content_type =
            ContentType::new(format!("{ctype}/{subtype}")).attribute("charset", "utf-8");
        if let Some(ct) = part.content_type() {
            for (name, value) in ct.attributes().filter(|(name, _)| *name != "charset") {
                content_type = content_type.attribute(name.to_owned(), value.to_owned());
            }
        }
        let mut written = Vec::new();
        let _ = MimePart::new(content_type, text.to_owned()).write_part(&mut written);
        let split = written
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .map_or(written.len(), |at| at + 2);
        let body = written.split_off((split + 2).min(written.len()));
        written.truncate(split);
        let headers = written;

        let headers_of = |name: &HeaderName<'_>| {
            part.headers()
                .iter()
                .filter(|header| header.name() == *name)
                .map(|header| header.offset_field() as usize..header.offset_end() as usize)
                .collect::<Vec<_>>()
        };
        let content_types = headers_of(&HeaderName::ContentType);
        match content_types.first() {
            Some(first) => self.replace(first.clone(), headers),
            None => self.replace(header_block_end(*part), headers),
        }
        for range in content_types
            .into_iter()
            .skip(1)
            .chain(headers_of(&HeaderName::ContentTransferEncoding))
        {
            self.replace(range, Vec::new());
        }
        self.replace(
            part.offset_body() as usize..part.offset_end() as usize,
            body,
        );
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Plain,
    Html,
}

/// `text` with each addition inserted at its offset (in order), as its own paragraph.
fn insert_all(text: &str, additions: &[(usize, &str)], kind: Kind) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for &(offset, addition) in additions {
        // The fix's place is on a character boundary of the text it was made for; if
        // the text is not that one, the end is the safe place.
        let offset = if text.is_char_boundary(offset) {
            offset
        } else {
            text.len()
        };
        out.push_str(&text[at..offset]);
        at = offset;
        match kind {
            Kind::Plain => {
                let addition = addition.replace('\n', newline);
                out.push_str(&format!("{newline}{newline}{addition}{newline}"));
            }
            Kind::Html => {
                let lines: Vec<String> = addition.lines().map(escape_html).collect();
                out.push_str(&format!("<p>{}</p>{newline}", lines.join("<br>")));
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The byte range of the first header called `name` in the message's header.
fn first_header(root: &MessageRef<'_>, name: &HeaderName<'_>) -> Option<Range<usize>> {
    root.headers()
        .iter()
        .find(|header| header.name() == *name)
        .map(|header| header.offset_field() as usize..header.offset_end() as usize)
}

/// An empty range at the end of a part's header block (after its last header), where a
/// new header goes.
fn header_block_end(part: MessagePart<'_>) -> Range<usize> {
    let end = part
        .headers()
        .iter()
        .map(|header| header.offset_end() as usize)
        .max()
        .unwrap_or(part.offset_header() as usize);
    end..end
}

/// A recipient as the message has it, and the address it was first written with (so a
/// fix naming that address still finds it after another fix corrected it).
struct Recipient {
    mailbox: Mailbox,
    written: String,
}

impl Recipient {
    fn is(&self, address: &str) -> bool {
        self.mailbox.address.eq_ignore_ascii_case(address)
            || self.written.eq_ignore_ascii_case(address)
    }
}

/// To, Cc and Bcc, and which of them a fix changed.
struct Recipients {
    lists: [Vec<Recipient>; 3],
    changed: [bool; 3],
    sender: Option<Mailbox>,
}

const RECIPIENT_FIELDS: [(Field, HeaderName<'static>, &str); 3] = [
    (Field::To, HeaderName::To, "To"),
    (Field::Cc, HeaderName::Cc, "Cc"),
    (Field::Bcc, HeaderName::Bcc, "Bcc"),
];

impl Recipients {
    fn read(root: &MessageRef<'_>) -> Self {
        let read = |lists: &mut dyn Iterator<Item = mail_parser::AddressList<'_>>| {
            lists
                .flat_map(mailboxes)
                .map(|mailbox| Recipient {
                    written: mailbox.address.clone(),
                    mailbox,
                })
                .collect::<Vec<_>>()
        };
        Self {
            lists: [
                read(&mut root.all_to()),
                read(&mut root.all_cc()),
                read(&mut root.all_bcc()),
            ],
            changed: [false; 3],
            sender: root.from().and_then(|list| mailboxes(list).next()),
        }
    }

    fn index(field: Field) -> Option<usize> {
        RECIPIENT_FIELDS.iter().position(|(f, _, _)| *f == field)
    }

    fn move_to_bcc(&mut self, addresses: &[String], to: Option<&str>) {
        let moving = |recipient: &Recipient| addresses.iter().any(|a| recipient.is(a));
        let mut moved = Vec::new();
        for index in [0, 1] {
            let list = std::mem::take(&mut self.lists[index]);
            let (going, staying): (Vec<_>, Vec<_>) = list.into_iter().partition(moving);
            self.changed[index] |= !going.is_empty();
            self.lists[index] = staying;
            moved.extend(going);
        }
        for recipient in moved {
            if !self.lists[2]
                .iter()
                .any(|r| r.is(&recipient.mailbox.address))
            {
                self.lists[2].push(recipient);
                self.changed[2] = true;
            }
        }
        if let Some(own) = to
            && !self.lists[0].iter().any(|r| r.is(own))
        {
            // The sender's own address, with their name when the From header gives it.
            let mailbox = match &self.sender {
                Some(sender) if sender.address.eq_ignore_ascii_case(own) => sender.clone(),
                _ => Mailbox {
                    name: None,
                    address: own.to_owned(),
                },
            };
            self.lists[0].insert(
                0,
                Recipient {
                    written: mailbox.address.clone(),
                    mailbox,
                },
            );
            self.changed[0] = true;
        }
    }

    fn replace(&mut self, field: Field, from: &str, to: &str) -> Result<(), &'static str> {
        let index = Self::index(field).ok_or("only a recipient's address can be replaced")?;
        let mut found = false;
        for recipient in self.lists[index].iter_mut().filter(|r| r.is(from)) {
            recipient.mailbox.address = to.to_owned();
            found = true;
        }
        self.changed[index] |= found;
        found
            .then_some(())
            .ok_or("the address is no longer in that field")
    }

    /// Writes each changed field as one header where its first header was (or at the
    /// end of the header block), removing any others; an emptied field is removed.
    fn write(&self, root: &MessageRef<'_>, rewrite: &mut Rewrite) {
        for (index, (_, name, label)) in RECIPIENT_FIELDS.iter().enumerate() {
            if !self.changed[index] {
                continue;
            }
            let mut header = Vec::new();
            if !self.lists[index].is_empty() {
                header.extend_from_slice(label.as_bytes());
                header.extend_from_slice(b": ");
                let list = Address::new_list(
                    self.lists[index]
                        .iter()
                        .map(|r| {
                            Address::new_address(
                                r.mailbox.name.as_deref().map(Cow::Borrowed),
                                r.mailbox.address.as_str(),
                            )
                        })
                        .collect(),
                );
                let _ = list.write_header(&mut header, label.len() + 2);
            }
            let mut existing = root
                .headers()
                .iter()
                .filter(|h| h.name() == *name)
                .map(|h| h.offset_field() as usize..h.offset_end() as usize);
            match existing.next() {
                Some(first) => rewrite.replace(first, header),
                None => rewrite.replace(header_block_end(root.root_part()), header),
            }
            for other in existing {
                rewrite.replace(other, Vec::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Draft;
    use crate::text::Span;

    fn fix(edit: Edit) -> Fix {
        Fix {
            title: String::new(),
            applicability: crate::report::Applicability::Safe,
            edit,
        }
    }

    fn at(offset: u32) -> Span {
        Span {
            start: offset,
            end: offset,
            utf16_start: offset,
            utf16_end: offset,
        }
    }

    #[test]
    fn every_to_header_merges_into_one_and_lf_stays_lf() {
        let raw = b"From: Reception <r@nhs.net>\nTo: a@gmail.com\nX-Keep: yes\nTo: \"Roe, Bob\" <b@aol.com>\nSubject: Hi\n\nBody\n";
        let moved = fix(Edit::MoveToBcc {
            addresses: vec!["a@gmail.com".into(), "B@AOL.COM".into()],
            to: Some("r@nhs.net".into()),
        });
        let fixed = apply(raw, &[&moved]).unwrap().message;
        let text = String::from_utf8(fixed.clone()).unwrap();
        assert!(!text.contains('\r'), "{text}");
        assert!(text.starts_with("From: Reception <r@nhs.net>\nTo: \"Reception\" <r@nhs.net>\nX-Keep: yes\nSubject: Hi\nBcc: "), "{text}");
        let draft = Draft::from_mime(&fixed).unwrap();
        assert_eq!(draft.to.len(), 1);
        let bcc: Vec<_> = draft
            .bcc
            .iter()
            .map(|m| (m.name.as_deref(), m.address.as_str()))
            .collect();
        assert_eq!(
            bcc,
            [(None, "a@gmail.com"), (Some("Roe, Bob"), "b@aol.com")]
        );
        assert!(text.ends_with("\n\nBody\n"));
    }

    #[test]
    fn a_subject_tag_encodes_what_mail_needs_and_is_added_once() {
        let raw = "From: r@nhs.net\r\nSubject: Résultats\r\n\r\nBody\r\n".as_bytes();
        let tag = fix(Edit::AddSubjectTag {
            tag: "[secure]".into(),
        });
        let fixed = apply(raw, &[&tag, &tag]).unwrap().message;
        assert!(fixed.is_ascii(), "the subject header is RFC 2047 encoded");
        assert_eq!(
            Draft::from_mime(&fixed).unwrap().subject,
            "[secure] Résultats"
        );
    }

    #[test]
    fn text_goes_where_the_fix_placed_it_and_the_part_says_utf_8() {
        let raw = b"From: r@nhs.net\nSubject: Hi\n\nNew text.\n\n> quoted\n";
        let footer = fix(Edit::AppendText {
            text: "Confidential: for the named recipient.".into(),
            at: at(9),
            html_at: None,
        });
        let fixed = apply(raw, &[&footer]).unwrap().message;
        let draft = Draft::from_mime(&fixed).unwrap();
        assert_eq!(
            draft.body.text.as_deref(),
            Some("New text.\n\nConfidential: for the named recipient.\n\n\n> quoted\n")
        );
        let text = String::from_utf8(fixed).unwrap();
        assert!(
            text.contains("Content-Type: text/plain; charset=\"utf-8\"\n"),
            "{text}"
        );
    }

    #[test]
    fn a_wording_change_is_not_applied_and_a_missing_address_is_named() {
        let raw = b"From: r@nhs.net\nTo: a@gmial.com\n\nc u\n";
        let reword = fix(Edit::ReplaceText {
            field: Field::Body,
            span: at(0),
            replacement: "see you".into(),
        });
        let absent = fix(Edit::ReplaceAddress {
            field: Field::Cc,
            from: "a@gmial.com".into(),
            to: "a@gmail.com".into(),
        });
        let rewritten = apply(raw, &[&reword, &absent]).unwrap();
        assert_eq!(rewritten.message, raw);
        let skipped: Vec<_> = rewritten.not_applied.iter().map(|n| n.index).collect();
        assert_eq!(skipped, [0, 1]);
    }

    #[test]
    fn a_message_that_cannot_be_read_is_an_error() {
        assert_eq!(apply(b"\x7fELF", &[]), Err(DraftError::Unparseable));
    }
}
