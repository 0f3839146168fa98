//! The draft: what is about to be sent, whichever host it came from.

use serde::{Deserialize, Serialize};

use crate::address::Mailbox;
use crate::extract::{Contents, Unreadable};
use crate::limits::{MAX_ATTACHMENTS, MAX_INPUT_BYTES, MAX_RECIPIENTS};

/// A message about to be sent.
///
/// Built from a JSON draft ([`Draft::from_json`], the shape every binding accepts and the
/// add-ins produce from Office.js and Thunderbird compose details) or from RFC 5322
/// bytes ([`Draft::from_mime`]). Every field may be missing: a draft with no recipients
/// yet is checked too.
///
/// ```
/// let draft = presend_core::Draft::from_json(r#"{
///     "from": "Reception <reception@meadowbank-practice.nhs.uk>",
///     "to": ["jane.doe@gmail.com", {"name": "Bob Roe", "address": "bob.roe@hotmail.co.uk"}],
///     "subject": "Flu clinic Saturday",
///     "body": {"text": "Dear patient, …"}
/// }"#).unwrap();
/// assert_eq!(draft.to.len(), 2);
/// assert_eq!(draft.to[1].name.as_deref(), Some("Bob Roe"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Mailbox>,
    /// To recipients.
    #[serde(default, deserialize_with = "null_as_default")]
    pub to: Vec<Mailbox>,
    /// Cc recipients.
    #[serde(default, deserialize_with = "null_as_default")]
    pub cc: Vec<Mailbox>,
    /// Bcc recipients (not visible to each other).
    #[serde(default, deserialize_with = "null_as_default")]
    pub bcc: Vec<Mailbox>,
    /// The subject line.
    #[serde(default, deserialize_with = "null_as_default")]
    pub subject: String,
    /// The body, as plain text and/or HTML.
    #[serde(default, deserialize_with = "null_as_default")]
    pub body: Body,
    /// Attachments, described; their text where the host could extract it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub attachments: Vec<Attachment>,
}

/// A draft's body. When both forms are present the plain text is analysed, as it is
/// what the host generated from the same content; HTML alone is rendered to text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The text/plain body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The text/html body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// One attachment of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// File name as the recipient will see it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// MIME content type, e.g. `application/pdf`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub content_type: String,
    /// Size in bytes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub size: u64,
    /// Extracted text, for text-like attachments or where the host extracted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The file's bytes in base64, where the host can give them (Outlook's
    /// `getAttachmentContentAsync`, Thunderbird's `compose.getAttachmentFile`). presend
    /// reads the text inside (into `text`) and does not keep the bytes.
    #[serde(default, skip_serializing)]
    pub content_base64: Option<String>,
    /// Why the file's contents could not be read, when they could not: set by presend
    /// reading `content_base64` or a MIME part, or by a host that could not fetch the
    /// file (a cloud attachment, a timeout). An attachment whose text went unread is
    /// reported, never taken as harmless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<Unreadable>,
}

impl Attachment {
    /// Keeps what was read from the file's bytes: its text, or why it went unread.
    pub(crate) fn take_contents(&mut self, contents: Contents) {
        match contents {
            Contents::Text(text) => self.text = Some(text),
            Contents::NoText => {}
            Contents::Unread(why) => self.unread = Some(why),
            // Only the MIME reader reads attached messages; a build without it cannot.
            Contents::Message => self.unread = Some(Unreadable::Unsupported),
        }
    }
}

/// Why a draft could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// The input is over [`MAX_INPUT_BYTES`].
    #[error("the message is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The JSON draft is malformed or has an unknown or mistyped field.
    #[error("invalid draft at `{path}`: {message}")]
    Json {
        /// Where in the draft (`to[2].address`, `.` for the whole document).
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// The JSON draft is not UTF-8.
    #[error("the draft is not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// This build reads JSON drafts only: presend-core was built without its `mime`
    /// feature (as in the lean WebAssembly build the Outlook add-in runs).
    #[error("this build of presend reads JSON drafts only, not email messages")]
    MimeNotBuilt,
    /// No RFC 5322 message could be read from the bytes: they are empty, or do not
    /// start with a header line (a binary file, for instance).
    #[error(
        "no email message could be read from the input: it is empty, or does not start with a header line such as \"From: ...\" (is it a binary file?)"
    )]
    Unparseable,
    /// More recipients than [`MAX_RECIPIENTS`].
    #[error("the draft has {count} recipients, over the limit of {limit}")]
    TooManyRecipients {
        /// Recipients found.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The message's MIME structure goes past what is read: parts nested more than
    /// [`MAX_MIME_DEPTH`](crate::limits::MAX_MIME_DEPTH) deep, or more than
    /// [`MAX_MIME_PARTS`](crate::limits::MAX_MIME_PARTS) parts. An error rather than a
    /// check of the part read, since what lies past the limit would go unchecked.
    #[error(
        "the message's parts nest more than {depth_limit} deep or number more than {parts_limit}, past what presend reads, so it was not checked"
    )]
    TooComplex {
        /// The nesting limit.
        depth_limit: usize,
        /// The limit on parts.
        parts_limit: usize,
    },
    /// More attachments than [`MAX_ATTACHMENTS`].
    #[error("the draft has {count} attachments, over the limit of {limit}")]
    TooManyAttachments {
        /// Attachments found.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

impl Draft {
    /// Every recipient, To then Cc then Bcc, with the field each is in.
    pub fn recipients(&self) -> impl Iterator<Item = (crate::report::Field, &Mailbox)> {
        let to = self.to.iter().map(|m| (crate::report::Field::To, m));
        let cc = self.cc.iter().map(|m| (crate::report::Field::Cc, m));
        let bcc = self.bcc.iter().map(|m| (crate::report::Field::Bcc, m));
        to.chain(cc).chain(bcc)
    }

    pub(crate) fn within_limits(self) -> Result<Self, DraftError> {
        // Drafts built from parsed JSON never passed through a byte-size check.
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let size = self.subject.len()
            + text(&self.body.text)
            + text(&self.body.html)
            + self
                .attachments
                .iter()
                .map(|a| a.name.len() + text(&a.text))
                .sum::<usize>();
        check_size(size)?;
        let count = self.to.len() + self.cc.len() + self.bcc.len();
        if count > MAX_RECIPIENTS {
            return Err(DraftError::TooManyRecipients {
                count,
                limit: MAX_RECIPIENTS,
            });
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            return Err(DraftError::TooManyAttachments {
                count: self.attachments.len(),
                limit: MAX_ATTACHMENTS,
            });
        }
        Ok(self)
    }
}

/// Reads a member that may be `null` as its default: JSON libraries often write out
/// absent values as `null` (`"subject": null`), and that means "none", not an error.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

pub(crate) fn check_size(size: usize) -> Result<(), DraftError> {
    if size > MAX_INPUT_BYTES {
        return Err(DraftError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}
