//! The text inside an attachment, from its bytes: Office Open XML and OpenDocument
//! files (zip archives of XML), PDF and text files. Attached messages are recognised
//! here and read by the MIME reader, which reads messages. Pure and bounded:
//! every format has a limit on what it reads, and what cannot be read is said to be
//! unread ([`Unreadable`]), never taken for a file with nothing in it.

#[cfg(feature = "attachments")]
mod office;
#[cfg(feature = "attachments")]
mod pdf;

use serde::{Deserialize, Serialize};

/// Why presend could not read an attachment's contents.
///
/// Not `#[non_exhaustive]`: each binding maps every reason by an exhaustive match, so a
/// new one is a compile error there rather than a value its types do not describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unreadable {
    /// Protected by a password, so presend cannot read it (nor can anyone without it).
    Encrypted,
    /// Damaged, or not the kind of file its contents claim to be.
    Damaged,
    /// Its text is more than presend reads from one attachment
    /// ([`crate::limits::MAX_ATTACHMENT_TEXT_BYTES`]), or its archive has too many parts.
    TooLarge,
    /// A document format this build does not read: a legacy Word or Excel file,
    /// another kind of archive, or any document in a build without the `attachments`
    /// feature.
    Unsupported,
    /// An attached message inside attached messages deeper than presend follows
    /// ([`crate::limits::MAX_ATTACHMENT_DEPTH`]).
    TooDeep,
    /// A scanned document: its pages are pictures of text, which presend cannot read.
    Scanned,
    /// The mail client could not hand the file over (a cloud attachment, a download
    /// that failed or timed out): set by a host in a JSON draft.
    Unavailable,
}

impl Unreadable {
    /// Why, in words a sender reads.
    pub fn describe(self) -> &'static str {
        match self {
            Unreadable::Encrypted => "it is protected by a password",
            Unreadable::Damaged => "it is damaged or not the kind of file it claims to be",
            Unreadable::TooLarge => "it is too large to read before sending",
            Unreadable::Unsupported => "presend cannot read this kind of file",
            Unreadable::TooDeep => "it is an attached message nested too deeply",
            Unreadable::Unavailable => "the mail program could not hand it over",
            Unreadable::Scanned => "it is a scan, a picture of text, which presend cannot read",
        }
    }
}

/// What an attachment's bytes hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Contents {
    /// Its text.
    Text(String),
    /// A kind of file with no text to read (a picture, a sound).
    NoText,
    /// A document presend could not read.
    Unread(Unreadable),
    /// An attached message (`message/rfc822`, `.eml`): a message, which the MIME reader
    /// reads as one, its own attachments included.
    Message,
}

/// The signature an OLE2 compound file starts with: legacy Word and Excel files, and
/// Office Open XML files protected by a password (stored inside one).
const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads the contents of one attachment.
pub(crate) fn contents(bytes: &[u8], name: &str, content_type: &str) -> Contents {
    let name = name.to_ascii_lowercase();
    let content_type = content_type.to_ascii_lowercase();
    let named = |extensions: &[&str]| extensions.iter().any(|ext| name.ends_with(ext));
    if content_type == "message/rfc822" || named(&[".eml"]) {
        return Contents::Message;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zipped(bytes);
    }
    if bytes.starts_with(OLE2) {
        // Word, Excel and PowerPoint put a password-protected .docx/.xlsx/.pptx inside
        // an OLE2 file whose directory names an "EncryptedPackage" stream (UTF-16).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes
            .windows(marker.len())
            .any(|window| window == marker.as_slice());
        return Contents::Unread(if encrypted {
            Unreadable::Encrypted
        } else {
            Unreadable::Unsupported
        });
    }
    if bytes.starts_with(b"%PDF-") || content_type == "application/pdf" || named(&[".pdf"]) {
        return pdf_text(bytes);
    }
    if content_type.starts_with("text/")
        || named(&[".txt", ".csv", ".tsv", ".htm", ".html", ".rtf"])
    {
        return Contents::Text(String::from_utf8_lossy(bytes).into_owned());
    }
    if is_document(&name, &content_type) {
        return Contents::Unread(Unreadable::Unsupported);
    }
    Contents::NoText
}

/// Whether a file no reader took is still a document (whose unread text matters),
/// rather than a picture or sound.
fn is_document(name: &str, content_type: &str) -> bool {
    const DOCUMENTS: [&str; 12] = [
        ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".zip", ".7z",
        ".rar",
    ];
    DOCUMENTS.iter().any(|ext| name.ends_with(ext))
        || content_type.starts_with("application/vnd.")
        || content_type.starts_with("application/msword")
        || content_type.contains("zip")
}

#[cfg(feature = "attachments")]
fn zipped(bytes: &[u8]) -> Contents {
    office::contents(bytes)
}

#[cfg(not(feature = "attachments"))]
fn zipped(_bytes: &[u8]) -> Contents {
    Contents::Unread(Unreadable::Unsupported)
}

#[cfg(feature = "attachments")]
fn pdf_text(bytes: &[u8]) -> Contents {
    // A file named .pdf that is not one is damaged, not a PDF with no text.
    if !bytes.starts_with(b"%PDF-") {
        return Contents::Unread(Unreadable::Damaged);
    }
    match pdf::text(bytes) {
        Ok(text) => Contents::Text(text),
        Err(why) => Contents::Unread(why),
    }
}

#[cfg(not(feature = "attachments"))]
fn pdf_text(_bytes: &[u8]) -> Contents {
    Contents::Unread(Unreadable::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_have_no_text_and_unread_documents_say_why() {
        assert_eq!(
            contents(b"\x89PNG\r\n\x1a\n", "scan.png", "image/png"),
            Contents::NoText
        );
        assert_eq!(
            contents(b"%PDF-1.7\n", "letter.pdf", "application/pdf"),
            Contents::Unread(Unreadable::Damaged),
            "a PDF with no objects"
        );
        let mut protected = OLE2.to_vec();
        protected.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            contents(&protected, "results.xlsx", ""),
            Contents::Unread(Unreadable::Encrypted)
        );
        assert_eq!(
            contents(OLE2, "old.doc", "application/msword"),
            Contents::Unread(Unreadable::Unsupported)
        );
        assert_eq!(
            contents(b"NHS number 943 476 5919", "list.csv", ""),
            Contents::Text("NHS number 943 476 5919".to_owned())
        );
    }
}
