//! Office Open XML (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS, ODP) files: zip
//! archives whose text is in XML parts. The parts that hold what a reader sees are read
//! (the body, headers, footers, notes and comments; every sheet; every slide), tracked
//! deletions included, since they travel with the file.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Contents, Unreadable};
use crate::limits::{MAX_ARCHIVE_ENTRIES, MAX_ATTACHMENT_TEXT_BYTES};

pub(super) fn contents(bytes: &[u8]) -> Contents {
    match read(bytes) {
        Ok(text) => Contents::Text(text),
        Err(unreadable) => Contents::Unread(unreadable),
    }
}

fn read(bytes: &[u8]) -> Result<String, Unreadable> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Unreadable::Damaged)?;
    if archive.len() > MAX_ARCHIVE_ENTRIES {
        return Err(Unreadable::TooLarge);
    }
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    // Sheets, slides and headers in their numbered order (sheet2 before sheet10).
    names.sort_by_key(|name| natural_key(name));
    let has = |name: &str| names.iter().any(|n| n == name);
    let mut out = Text::default();
    if has("word/document.xml") {
        let parts = names.iter().filter(|n| {
            n.starts_with("word/")
                && n.ends_with(".xml")
                && [
                    "document",
                    "header",
                    "footer",
                    "footnotes",
                    "endnotes",
                    "comments",
                ]
                .iter()
                .any(|part| n["word/".len()..].starts_with(part))
        });
        for name in parts {
            out.xml(&entry(&mut archive, name, out.room())?, &[])?;
        }
    } else if has("xl/workbook.xml") {
        let shared = if has("xl/sharedStrings.xml") {
            shared_strings(&entry(&mut archive, "xl/sharedStrings.xml", out.room())?)?
        } else {
            Vec::new()
        };
        let sheets = names
            .iter()
            .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"));
        for name in sheets {
            out.xml(&entry(&mut archive, name, out.room())?, &shared)?;
        }
    } else if has("ppt/presentation.xml") {
        let slides = names.iter().filter(|n| {
            (n.starts_with("ppt/slides/") || n.starts_with("ppt/notesSlides/"))
                && n.ends_with(".xml")
        });
        for name in slides {
            out.xml(&entry(&mut archive, name, out.room())?, &[])?;
        }
    } else if has("content.xml") && has("mimetype") {
        out.xml(&entry(&mut archive, "content.xml", out.room())?, &[])?;
    } else {
        // Another archive: an encrypted one says so; the rest are not documents read here.
        let encrypted = (0..archive.len()).any(|index| {
            archive
                .by_index_raw(index)
                .is_ok_and(|file| file.encrypted())
        });
        return Err(if encrypted {
            Unreadable::Encrypted
        } else {
            Unreadable::Unsupported
        });
    }
    Ok(out.text)
}

/// One archive entry, decompressed, at most `room` bytes of it.
fn entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    room: usize,
) -> Result<Vec<u8>, Unreadable> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::UnsupportedArchive(_) | ZipError::InvalidPassword) => {
            return Err(Unreadable::Encrypted);
        }
        Err(_) => return Err(Unreadable::Damaged),
    };
    if file.encrypted() {
        return Err(Unreadable::Encrypted);
    }
    // XML is at least as long as the text in it, so an entry over the room left is
    // too large, whatever it declares (a zip bomb declares little).
    let mut bytes = Vec::new();
    file.take(room as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| Unreadable::Damaged)?;
    if bytes.len() > room {
        return Err(Unreadable::TooLarge);
    }
    Ok(bytes)
}

/// `sheet10.xml` after `sheet2.xml`: digits compared as numbers.
fn natural_key(name: &str) -> (String, u64) {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    let letters: String = name.chars().filter(|c| !c.is_ascii_digit()).collect();
    (letters, digits.parse().unwrap_or(0))
}

/// The text gathered from a file's parts, and how much room it has left.
#[derive(Default)]
struct Text {
    text: String,
}

impl Text {
    fn room(&self) -> usize {
        MAX_ATTACHMENT_TEXT_BYTES.saturating_sub(self.text.len())
    }

    fn push(&mut self, text: &str) -> Result<(), Unreadable> {
        if text.len() > self.room() {
            return Err(Unreadable::TooLarge);
        }
        self.text.push_str(text);
        Ok(())
    }

    /// Appends the text of one XML part: its text nodes, with a line break where a
    /// paragraph or row ends and a tab where a cell ends. In a sheet, a cell whose type
    /// is `s` holds an index into `shared` (the workbook's shared strings), and a
    /// formula's text is not a value.
    fn xml(&mut self, xml: &[u8], shared: &[String]) -> Result<(), Unreadable> {
        let mut reader = Reader::from_reader(xml);
        let mut shared_cell = false;
        let mut in_formula = false;
        loop {
            match reader.read_event().map_err(|_| Unreadable::Damaged)? {
                Event::Start(element) => match element.local_name().as_ref() {
                    b"c" => shared_cell = attribute(&element, b"t").as_deref() == Some("s"),
                    b"f" => in_formula = true,
                    _ => {}
                },
                Event::Empty(element) => match element.local_name().as_ref() {
                    b"tab" => self.push("\t")?,
                    b"br" | b"cr" | b"line-break" => self.push("\n")?,
                    b"s" => self.push(" ")?,
                    _ => {}
                },
                Event::End(element) => match element.local_name().as_ref() {
                    b"p" | b"h" | b"tr" | b"row" | b"table-row" | b"si" => self.push("\n")?,
                    b"tc" | b"c" | b"table-cell" => {
                        shared_cell = false;
                        self.push("\t")?;
                    }
                    b"f" => in_formula = false,
                    _ => {}
                },
                Event::Eof => return Ok(()),
                event if !in_formula => {
                    let Some(text) = text_of(&event)? else {
                        continue;
                    };
                    if shared_cell {
                        let index = text.trim().parse::<usize>().ok();
                        let value = index.and_then(|i| shared.get(i));
                        self.push(value.map_or("", String::as_str))?;
                    } else {
                        self.push(&text)?;
                    }
                }
                _ => {}
            }
        }
    }
}

/// An attribute's value, unescaped.
fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|attribute| attribute.unescape_value().ok().map(Cow::into_owned))
}

/// A workbook's shared strings (`xl/sharedStrings.xml`), each `<si>` one string (which
/// may hold line breaks of its own).
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, Unreadable> {
    let mut reader = Reader::from_reader(xml);
    let mut strings = Vec::new();
    let mut current = String::new();
    let mut size = 0;
    loop {
        match reader.read_event().map_err(|_| Unreadable::Damaged)? {
            Event::End(element) if element.local_name().as_ref() == b"si" => {
                strings.push(std::mem::take(&mut current));
            }
            Event::Eof => return Ok(strings),
            event => {
                if let Some(text) = text_of(&event)? {
                    size += text.len();
                    if size > MAX_ATTACHMENT_TEXT_BYTES {
                        return Err(Unreadable::TooLarge);
                    }
                    current.push_str(&text);
                }
            }
        }
    }
}

/// The text an event carries: a text node, a CDATA section, or a character or
/// predefined entity reference.
fn text_of<'e>(event: &'e Event<'_>) -> Result<Option<Cow<'e, str>>, Unreadable> {
    Ok(match event {
        Event::Text(text) => Some(text.decode().map_err(|_| Unreadable::Damaged)?),
        Event::CData(data) => Some(data.decode().map_err(|_| Unreadable::Damaged)?),
        Event::GeneralRef(reference) => match reference.resolve_char_ref() {
            Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
            _ => reference
                .decode()
                .ok()
                .and_then(|name| resolve_predefined_entity(&name))
                .map(Cow::Borrowed),
        },
        _ => None,
    })
}
