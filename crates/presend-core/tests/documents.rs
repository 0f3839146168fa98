//! Office documents made from text, as the attachment fixtures carry them: the smallest
//! DOCX, XLSX, ODT and PDF files that Word, Excel and LibreOffice open, deflated as they
//! deflate them, plus the shapes of files presend cannot read (a password-protected
//! Office file, an encrypted zip, a damaged archive). Deterministic, so a fixture made
//! from them is the same on every run.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// A zip archive of `(name, contents)`, deflated, with a fixed date.
fn archive(entries: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, contents) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(contents.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#;

/// A Word document with one paragraph per line of `paragraphs`, and `header` in its
/// page header when given.
pub fn docx(paragraphs: &[&str], header: Option<&str>) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(p)
            )
        })
        .collect();
    let namespace = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut entries = vec![
        (
            "[Content_Types].xml",
            format!(r#"{CONTENT_TYPES}<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {namespace}><w:body>{body}</w:body></w:document>"#),
        ),
    ];
    if let Some(header) = header {
        entries.push((
            "word/header1.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {namespace}><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:hdr>"#, escape(header)),
        ));
    }
    archive(&entries)
}

/// An Excel workbook with one sheet of `rows`: cells that parse as whole numbers are
/// written as numbers (as Excel stores an NHS number typed into a cell), the rest as
/// shared strings.
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut shared: Vec<&str> = Vec::new();
    let mut sheet_rows = String::new();
    for (r, row) in rows.iter().enumerate() {
        sheet_rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let reference = format!("{}{}", char::from(b'A' + c as u8), r + 1);
            if cell.parse::<u64>().is_ok() {
                sheet_rows.push_str(&format!(r#"<c r="{reference}"><v>{cell}</v></c>"#));
            } else {
                let index = shared.iter().position(|s| s == cell).unwrap_or_else(|| {
                    shared.push(cell);
                    shared.len() - 1
                });
                sheet_rows.push_str(&format!(r#"<c r="{reference}" t="s"><v>{index}</v></c>"#));
            }
        }
        sheet_rows.push_str("</row>");
    }
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{}</t></si>", escape(s)))
        .collect();
    let main = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
    archive(&[
        (
            "[Content_Types].xml",
            format!(r#"{CONTENT_TYPES}<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/sharedStrings.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst {main} count="{0}" uniqueCount="{0}">{strings}</sst>"#, shared.len()),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>{sheet_rows}</sheetData></worksheet>"#),
        ),
    ])
}

/// An OpenDocument text with one paragraph per line of `paragraphs`.
pub fn odt(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<text:p>{}</text:p>", escape(p)))
        .collect();
    archive(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
        (
            "content.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#),
        ),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_owned(),
        ),
    ])
}

/// A PDF of `objects` (numbered from 1; the first is the catalog), each a dictionary and
/// perhaps a stream, with a correct cross-reference table; `trailer` adds to the trailer.
fn pdf_of(objects: &[(String, Option<Vec<u8>>)], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, (dict, stream)) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", index + 1).bytes());
        match stream {
            Some(data) => {
                out.extend(format!("<< {dict} /Length {} >>\nstream\n", data.len()).bytes());
                out.extend(data);
                out.extend(b"\nendstream");
            }
            None => out.extend(dict.bytes()),
        }
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("deflate");
    encoder.finish().expect("deflate")
}

/// The catalog, the page tree and one page showing `contents` with font `/F1`
/// (object 5, for the caller to add).
fn one_page(contents: Vec<u8>, compressed: bool) -> Vec<(String, Option<Vec<u8>>)> {
    let (filter, data) = if compressed {
        ("/Filter /FlateDecode", deflate(&contents))
    } else {
        ("", contents)
    };
    vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_owned(), None),
        ("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(), None),
        ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(), None),
        (filter.to_owned(), Some(data)),
    ]
}

/// A one-page PDF showing `line` in Helvetica (a simple font, no map), uncompressed.
pub fn pdf(line: &str) -> Vec<u8> {
    let text = line
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let mut objects = one_page(
        format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").into_bytes(),
        false,
    );
    objects.push((
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        None,
    ));
    pdf_of(&objects, "")
}

/// A one-page PDF as Word's "Save as PDF" writes one: the content stream deflated, the
/// text in a Type0 font whose two-byte glyph codes mean nothing without its ToUnicode
/// map (here a character's code is its place among the text's distinct characters),
/// and each line placed with `Tm` and shown by a `TJ` array with kerning.
pub fn pdf_as_word_writes(lines: &[&str]) -> Vec<u8> {
    let mut glyphs: Vec<char> = Vec::new();
    for c in lines.iter().flat_map(|line| line.chars()) {
        if !glyphs.contains(&c) {
            glyphs.push(c);
        }
    }
    let code = |c: char| glyphs.iter().position(|&g| g == c).unwrap_or(0) + 3;
    let mut content = String::from("BT /F1 11 Tf\n");
    for (index, line) in lines.iter().enumerate() {
        let hex: String = line.chars().map(|c| format!("{:04X}", code(c))).collect();
        let (first, rest) = hex.split_at(hex.len().min(8));
        let y = 760 - index * 14;
        content.push_str(&format!("1 0 0 1 72 {y} Tm [<{first}> -12 <{rest}>] TJ\n"));
    }
    content.push_str("ET\n");
    let mut cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n{} beginbfchar\n",
        glyphs.len()
    );
    for &c in &glyphs {
        cmap.push_str(&format!("<{:04X}> <{:04X}>\n", code(c), c as u32));
    }
    cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    let mut objects = one_page(content.into_bytes(), true);
    objects.push(("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>".to_owned(), None));
    objects.push((
        "/Filter /FlateDecode".to_owned(),
        Some(deflate(cmap.as_bytes())),
    ));
    objects.push((
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Calibri >>".to_owned(),
        None,
    ));
    pdf_of(&objects, "")
}

/// A PDF protected by a password: its trailer names an encryption dictionary.
pub fn pdf_encrypted() -> Vec<u8> {
    let mut objects = one_page(b"\x8a\x17\x02\xf4 encrypted".to_vec(), false);
    objects.push((
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        None,
    ));
    objects.push((
        "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -1028 >>".to_owned(),
        None,
    ));
    pdf_of(&objects, "/Encrypt 6 0 R /ID [<01> <01>]")
}

/// A scanned letter: the page shows only a picture.
pub fn pdf_scan() -> Vec<u8> {
    let mut objects = one_page(b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec(), false);
    objects[2].0 = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>".to_owned();
    objects.push((
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8".to_owned(),
        Some(vec![0]),
    ));
    pdf_of(&objects, "")
}

/// The shape of a password-protected Word or Excel file: an OLE2 compound file whose
/// directory names the "EncryptedPackage" stream (the encrypted document itself is
/// random-looking bytes, left out here).
pub fn password_protected_office() -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(512, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(1536, 0);
    bytes
}

/// A Word document cut short, as a failed download or a damaged disk leaves it.
pub fn truncated(document: &[u8]) -> Vec<u8> {
    document[..document.len() / 2].to_vec()
}

/// A PDF whose one page's deflated content is `size` bytes of spaces: a zip bomb.
pub fn pdf_bomb(size: usize) -> Vec<u8> {
    let mut objects = one_page(vec![b' '; size], true);
    objects.push((
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        None,
    ));
    pdf_of(&objects, "")
}
