//! Every bound the core puts on its input, in one place.
//!
//! The core promises never to hang or grow without bound on hostile input. Each limit
//! here is checked where the input arrives and reported as a typed error naming the
//! limit, never as a panic or a silent truncation of what is checked.

/// Largest RFC 5322 message or JSON draft accepted, in bytes (64 MiB: well above the
/// 35 MB that NHSmail and Microsoft 365 let a sender attach).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Most recipients (To, Cc and Bcc together) in one draft.
pub const MAX_RECIPIENTS: usize = 100_000;

/// Most attachments in one draft.
pub const MAX_ATTACHMENTS: usize = 10_000;

/// Largest policy document accepted, in bytes.
pub const MAX_POLICY_BYTES: usize = 16 * 1024 * 1024;

/// Most known contacts a policy (with its contact files) may hold.
pub const MAX_CONTACTS: usize = 5_000_000;

/// How deeply MIME parts may nest, the message itself counted; a message nested
/// deeper is refused with [`DraftError::TooComplex`](crate::DraftError::TooComplex).
pub const MAX_MIME_DEPTH: usize = 50;

/// Most MIME parts in one message; a message with more is refused with
/// [`DraftError::TooComplex`](crate::DraftError::TooComplex).
pub const MAX_MIME_PARTS: usize = 10_000;

/// HTML elements nested deeper than this are treated as flat text; the renderer keeps
/// a stack of open elements, and this bounds it.
pub const MAX_HTML_DEPTH: usize = 512;

/// Most findings one rule reports for one draft. A hostile or pathological message (a
/// megabyte of "u u u …") would otherwise give a report as large as itself; the
/// findings left out share the rule's severity, so the verdict is the same.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// The most text read from one attachment (a document, a sheet, an attached message):
/// past it the attachment is reported unread rather than read in part. A zip bomb
/// stops here too, since no more than this is ever decompressed.
pub const MAX_ATTACHMENT_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// The most parts an attachment's zip archive may have (a DOCX has a few dozen).
pub const MAX_ARCHIVE_ENTRIES: usize = 10_000;

/// How deep attached messages inside attached messages are read.
pub const MAX_ATTACHMENT_DEPTH: usize = 3;

/// The most patients a patient index may hold (the largest practices have about
/// 60,000; a federation's list is a few hundred thousand).
pub const MAX_PATIENTS: usize = 2_000_000;
