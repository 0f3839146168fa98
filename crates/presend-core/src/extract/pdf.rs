//! The text layer of a PDF: the strings its pages show, mapped to Unicode through each
//! font's `ToUnicode` map where it has one (as Word, LibreOffice and browsers write
//! them), read as Latin-1 where it has not.
//!
//! Written for presend rather than taken from a PDF library, because what presend
//! needs of one is narrow and what it must not do is strict: it reads from memory, in
//! WebAssembly too (no clock, no random numbers), never decompresses more than
//! [`MAX_ATTACHMENT_TEXT_BYTES`] from one stream nor four times that from one file (a
//! PDF can hold a zip bomb), and says "unread" rather than guess when a file is
//! encrypted or shows nothing it can decode. Objects are found by scanning for
//! `N G obj`, so a damaged cross-reference table does not hide them, and objects
//! packed in object streams are unpacked.

use std::collections::HashMap;
use std::io::Read;

use flate2::read::ZlibDecoder;

use super::Unreadable;
use crate::limits::MAX_ATTACHMENT_TEXT_BYTES;

/// The most bytes decompressed from one file, all streams together.
const MAX_DECOMPRESSED: usize = 4 * MAX_ATTACHMENT_TEXT_BYTES;

/// One object: its dictionary's text and its stream's bytes, decoded where presend can.
#[derive(Default)]
struct Object {
    dict: String,
    stream: Option<Vec<u8>>,
}

/// The text shown on a PDF's pages.
pub(super) fn text(bytes: &[u8]) -> Result<String, Unreadable> {
    let mut budget = MAX_DECOMPRESSED;
    let mut objects = scan_objects(bytes, &mut budget)?;
    if objects.values().any(|o| o.dict.contains("/Encrypt")) || trailer_has_encrypt(bytes) {
        return Err(Unreadable::Encrypted);
    }
    unpack_object_streams(&mut objects);
    let fonts = font_maps(&objects);
    let mut out = String::new();
    for (page, fonts_on_page) in pages(&objects, &fonts) {
        for id in page {
            let Some(stream) = objects.get(&id).and_then(|o| o.stream.as_ref()) else {
                continue;
            };
            show_text(stream, &fonts_on_page, &mut out)?;
        }
        out.push('\n');
    }
    if out.trim().is_empty() {
        // Pages that show no text: a scan if they show pictures, else blank.
        if objects.values().any(|o| o.dict.contains("/Image")) {
            return Err(Unreadable::Scanned);
        }
    }
    Ok(out)
}

fn trailer_has_encrypt(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    String::from_utf8_lossy(tail).contains("/Encrypt")
}

/// Every `N G obj … endobj` in the file, by object number (the last of a number wins,
/// as incremental updates intend).
fn scan_objects(bytes: &[u8], budget: &mut usize) -> Result<HashMap<u32, Object>, Unreadable> {
    let mut objects = HashMap::new();
    let mut at = 0;
    while let Some(found) = find(bytes, b" obj", at) {
        at = found + 4;
        let Some(number) = object_number_before(bytes, found) else {
            continue;
        };
        let body_start = at;
        let end = find(bytes, b"endobj", body_start).unwrap_or(bytes.len());
        let body = &bytes[body_start..end];
        let mut object = Object::default();
        match find(body, b"stream", 0) {
            Some(stream_at) if !body[..stream_at].ends_with(b"end") => {
                object.dict = String::from_utf8_lossy(&body[..stream_at]).into_owned();
                let mut data_start = stream_at + b"stream".len();
                if body.get(data_start) == Some(&b'\r') {
                    data_start += 1;
                }
                if body.get(data_start) == Some(&b'\n') {
                    data_start += 1;
                }
                let data_end = find(body, b"endstream", data_start).unwrap_or(body.len());
                let data = trim_eol(&body[data_start..data_end]);
                object.stream = decode(&object.dict, data, budget)?;
            }
            _ => object.dict = String::from_utf8_lossy(body).into_owned(),
        }
        objects.insert(number, object);
        at = end;
    }
    if objects.is_empty() {
        return Err(Unreadable::Damaged);
    }
    Ok(objects)
}

fn trim_eol(data: &[u8]) -> &[u8] {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    data.strip_suffix(b"\r").unwrap_or(data)
}

/// The object number in `12 0 obj`, read backwards from the space before `obj`.
fn object_number_before(bytes: &[u8], at: usize) -> Option<u32> {
    let before = &bytes[..at];
    let generation_start = before.iter().rposition(|b| !b.is_ascii_digit())? + 1;
    if generation_start == before.len() || before[generation_start - 1] != b' ' {
        return None;
    }
    let number_end = generation_start - 1;
    let number_start = before[..number_end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    std::str::from_utf8(&before[number_start..number_end])
        .ok()?
        .parse()
        .ok()
}

/// A stream's bytes after its filters: Flate (bounded), or none. Pictures and fonts'
/// programs are not decoded (no text is read from them); other filters give `None`.
fn decode(dict: &str, data: &[u8], budget: &mut usize) -> Result<Option<Vec<u8>>, Unreadable> {
    let image_or_font = dict.contains("/Image")
        || dict.contains("/Length1")
        || dict.contains("/Length2")
        || dict.contains("/FontFile");
    if image_or_font || dict.contains("/XRef") {
        return Ok(None);
    }
    if !dict.contains("/Filter") {
        return Ok(Some(data.to_vec()));
    }
    if !dict.contains("/FlateDecode") || dict.contains("/DecodeParms") {
        return Ok(None);
    }
    let room = (*budget).min(MAX_ATTACHMENT_TEXT_BYTES);
    let mut out = Vec::new();
    // A stream that stops inflating early keeps what it gave: a truncated stream is
    // common in damaged files, and its text is still the file's.
    let _ = ZlibDecoder::new(data)
        .take(room as u64 + 1)
        .read_to_end(&mut out);
    if out.len() > room {
        return Err(Unreadable::TooLarge);
    }
    *budget -= out.len();
    Ok(Some(out))
}

/// Objects packed inside object streams (`/Type /ObjStm`), added where the file has no
/// object of that number outside one.
fn unpack_object_streams(objects: &mut HashMap<u32, Object>) {
    let mut unpacked = Vec::new();
    for object in objects.values() {
        if !object.dict.contains("/ObjStm") {
            continue;
        }
        let (Some(stream), Some(first)) = (&object.stream, number_after(&object.dict, "/First"))
        else {
            continue;
        };
        let header = String::from_utf8_lossy(&stream[..first.min(stream.len())]).into_owned();
        let numbers: Vec<usize> = header
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let pairs: Vec<(usize, usize)> = numbers
            .as_chunks::<2>()
            .0
            .iter()
            .map(|&[number, offset]| (number, offset))
            .collect();
        for (index, &(number, offset)) in pairs.iter().enumerate() {
            let start = first + offset;
            let end = pairs
                .get(index + 1)
                .map_or(stream.len(), |&(_, next)| first + next);
            if let (Some(body), Ok(number)) = (
                stream.get(start..end.min(stream.len())),
                u32::try_from(number),
            ) {
                unpacked.push((number, String::from_utf8_lossy(body).into_owned()));
            }
        }
    }
    for (number, dict) in unpacked {
        objects
            .entry(number)
            .or_insert(Object { dict, stream: None });
    }
}

/// The integer after a key: `/First 42`.
fn number_after(dict: &str, key: &str) -> Option<usize> {
    let rest = &dict[dict.find(key)? + key.len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())?
        .parse()
        .ok()
}

/// The object numbers of `N 0 R` references in `text`.
fn references(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "[]<>/".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(3)
        .filter(|w| w[2] == "R" && w[1].parse::<u32>().is_ok())
        .filter_map(|w| w[0].parse().ok())
        .collect()
}

/// The value of `key` in a dictionary: an inline `<< … >>`, an array `[ … ]`, or a
/// reference, as text.
fn value_of<'d>(dict: &'d str, key: &str) -> Option<&'d str> {
    let mut search = 0;
    while let Some(found) = dict[search..].find(key) {
        let at = search + found + key.len();
        search = at;
        // `/Font` must not match `/FontDescriptor`.
        if dict[at..].starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let rest = dict[at..].trim_start();
        let offset = dict.len() - rest.len();
        return Some(if rest.starts_with("<<") {
            &dict[offset..offset + balanced(rest, "<<", ">>")]
        } else if rest.starts_with('[') {
            &dict[offset..offset + rest.find(']').map_or(rest.len(), |e| e + 1)]
        } else {
            let end = rest.find(['/', '>']).unwrap_or(rest.len());
            &dict[offset..offset + end]
        });
    }
    None
}

/// The length of the balanced `open … close` group `text` starts with.
fn balanced(text: &str, open: &str, close: &str) -> usize {
    let mut depth = 0usize;
    let mut at = 0;
    while at < text.len() {
        if text[at..].starts_with(open) {
            depth += 1;
            at += open.len();
        } else if text[at..].starts_with(close) {
            depth = depth.saturating_sub(1);
            at += close.len();
            if depth == 0 {
                return at;
            }
        } else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// A font's map from character codes to text, from its `ToUnicode` CMap.
#[derive(Clone, Default)]
struct FontMap {
    /// Bytes per code (2 for the `Identity-H` fonts Word writes).
    width: usize,
    codes: HashMap<u32, String>,
}

/// Each font object's map, for fonts with a `ToUnicode` CMap.
fn font_maps(objects: &HashMap<u32, Object>) -> HashMap<u32, FontMap> {
    let mut maps = HashMap::new();
    for (&number, object) in objects {
        let Some(reference) =
            value_of(&object.dict, "/ToUnicode").and_then(|v| references(v).first().copied())
        else {
            continue;
        };
        if let Some(cmap) = objects.get(&reference).and_then(|o| o.stream.as_ref()) {
            maps.insert(number, parse_cmap(&String::from_utf8_lossy(cmap)));
        }
    }
    maps
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(cmap: &str) -> FontMap {
    let mut map = FontMap {
        width: 1,
        codes: HashMap::new(),
    };
    let hex = |token: &str| -> Option<(u32, usize)> {
        let digits = token.trim_start_matches('<').trim_end_matches('>');
        Some((u32::from_str_radix(digits, 16).ok()?, digits.len() / 2))
    };
    let unicode = |token: &str| -> String {
        let digits = token.trim_start_matches('<').trim_end_matches('>');
        let units: Vec<u16> = (0..digits.len() / 4)
            .filter_map(|i| u16::from_str_radix(&digits[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    for section in cmap.split("beginbfchar").skip(1) {
        let body = section.split("endbfchar").next().unwrap_or_default();
        let tokens: Vec<&str> = body.split_whitespace().collect();
        for [code, text] in tokens.as_chunks::<2>().0 {
            if let Some((code, width)) = hex(code) {
                map.width = map.width.max(width);
                map.codes.insert(code, unicode(text));
            }
        }
    }
    for section in cmap.split("beginbfrange").skip(1) {
        let body = section.split("endbfrange").next().unwrap_or_default();
        let tokens: Vec<&str> = body.split_whitespace().collect();
        for [low, high, first] in tokens.as_chunks::<3>().0 {
            let (Some((low, width)), Some((high, _))) = (hex(low), hex(high)) else {
                continue;
            };
            map.width = map.width.max(width);
            let Some(first) = unicode(first).chars().next() else {
                continue;
            };
            for (offset, code) in (low..=high.min(low + 0xFFFF)).enumerate() {
                if let Some(c) = char::from_u32(first as u32 + offset as u32) {
                    map.codes.insert(code, c.to_string());
                }
            }
        }
    }
    map
}

/// Each page's content streams, with the fonts its resources name.
fn pages(
    objects: &HashMap<u32, Object>,
    maps: &HashMap<u32, FontMap>,
) -> Vec<(Vec<u32>, HashMap<String, FontMap>)> {
    let mut numbers: Vec<u32> = objects
        .iter()
        .filter(|(_, o)| {
            o.dict.contains("/Page") && !o.dict.contains("/Pages") && o.dict.contains("/Contents")
        })
        .map(|(&n, _)| n)
        .collect();
    numbers.sort_unstable();
    numbers
        .into_iter()
        .map(|number| {
            let dict = &objects[&number].dict;
            let contents = value_of(dict, "/Contents")
                .map(references)
                .unwrap_or_default();
            let contents = contents
                .into_iter()
                .flat_map(|id| match objects.get(&id) {
                    // An indirect array of streams.
                    Some(o) if o.stream.is_none() && o.dict.trim_start().starts_with('[') => {
                        references(&o.dict)
                    }
                    _ => vec![id],
                })
                .collect();
            (contents, page_fonts(objects, dict, maps))
        })
        .collect()
}

/// A page's font resources by name, each with its map (empty for a simple font).
fn page_fonts(
    objects: &HashMap<u32, Object>,
    page: &str,
    maps: &HashMap<u32, FontMap>,
) -> HashMap<String, FontMap> {
    let resolve = |value: &str| -> String {
        if value.trim_start().starts_with("<<") {
            value.to_owned()
        } else {
            references(value)
                .first()
                .and_then(|id| objects.get(id))
                .map(|o| o.dict.clone())
                .unwrap_or_default()
        }
    };
    let resources = value_of(page, "/Resources")
        .map(resolve)
        .unwrap_or_default();
    let fonts = value_of(&resources, "/Font")
        .map(resolve)
        .unwrap_or_default();
    let mut named = HashMap::new();
    let inner = fonts.trim().trim_start_matches("<<").trim_end_matches(">>");
    for entry in inner.split('/').skip(1) {
        let mut words = entry.split_whitespace();
        let (Some(name), Some(id)) = (
            words.next(),
            words.next().and_then(|w| w.parse::<u32>().ok()),
        ) else {
            continue;
        };
        named.insert(name.to_owned(), maps.get(&id).cloned().unwrap_or_default());
    }
    named
}

/// Appends the text a content stream shows: strings of `Tj`, `TJ`, `'` and `"`, a line
/// break where a line or text block ends, a space for a wide `TJ` gap.
fn show_text(
    stream: &[u8],
    fonts: &HashMap<String, FontMap>,
    out: &mut String,
) -> Result<(), Unreadable> {
    let mut font = FontMap::default();
    let mut operands: Vec<Operand> = Vec::new();
    let mut at = 0;
    while at < stream.len() {
        let byte = stream[at];
        match byte {
            b'(' => {
                let (string, next) = literal_string(stream, at);
                operands.push(Operand::Text(string));
                at = next;
            }
            b'<' if stream.get(at + 1) != Some(&b'<') => {
                let end = stream[at..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(stream.len(), |e| at + e);
                operands.push(Operand::Text(hex_string(&stream[at + 1..end])));
                at = end + 1;
            }
            b'[' => {
                operands.push(Operand::ArrayStart);
                at += 1;
            }
            b']' => {
                let start = operands
                    .iter()
                    .rposition(|o| matches!(o, Operand::ArrayStart))
                    .unwrap_or(0);
                let items: Vec<Operand> = operands.drain(start..).skip(1).collect();
                operands.push(Operand::Array(items));
                at += 1;
            }
            b'/' => {
                let end = stream[at + 1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"/[]()<>".contains(b))
                    .map_or(stream.len(), |e| at + 1 + e);
                operands.push(Operand::Name(
                    String::from_utf8_lossy(&stream[at + 1..end]).into_owned(),
                ));
                at = end;
            }
            b'%' => {
                at = stream[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(stream.len(), |e| at + e);
            }
            b if b.is_ascii_whitespace() => at += 1,
            _ => {
                let end = stream[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"/[]()<>%".contains(b))
                    .map_or(stream.len(), |e| at + e)
                    .max(at + 1);
                let word = &stream[at..end];
                at = end;
                if let Ok(number) = std::str::from_utf8(word).unwrap_or("x").parse::<f32>() {
                    operands.push(Operand::Number(number));
                    continue;
                }
                match word {
                    b"Tf" => {
                        if let Some(Operand::Name(name)) = operands
                            .iter()
                            .rev()
                            .find(|o| matches!(o, Operand::Name(_)))
                        {
                            font = fonts.get(name).cloned().unwrap_or_default();
                        }
                    }
                    b"Tj" | b"'" | b"\"" => {
                        if word != b"Tj" {
                            out.push('\n');
                        }
                        if let Some(Operand::Text(bytes)) = operands.last() {
                            push_shown(bytes, &font, out);
                        }
                    }
                    b"TJ" => {
                        if let Some(Operand::Array(items)) = operands.last() {
                            for item in items {
                                match item {
                                    Operand::Text(bytes) => push_shown(bytes, &font, out),
                                    Operand::Number(gap) if *gap < -200.0 => out.push(' '),
                                    _ => {}
                                }
                            }
                        }
                    }
                    b"T*" | b"ET" => out.push('\n'),
                    b"Td" | b"TD" => {
                        let moved_down =
                            matches!(operands.last(), Some(Operand::Number(y)) if *y != 0.0);
                        out.push(if moved_down { '\n' } else { ' ' });
                    }
                    b"Tm" => out.push('\n'),
                    _ => {}
                }
                operands.clear();
                if out.len() > MAX_ATTACHMENT_TEXT_BYTES {
                    return Err(Unreadable::TooLarge);
                }
            }
        }
    }
    Ok(())
}

enum Operand {
    Text(Vec<u8>),
    Number(f32),
    Name(String),
    ArrayStart,
    Array(Vec<Operand>),
}

/// A string's codes as text: through the font's map, or as Latin-1.
fn push_shown(bytes: &[u8], font: &FontMap, out: &mut String) {
    if font.codes.is_empty() {
        out.extend(bytes.iter().map(|&b| char::from(b)));
        return;
    }
    for chunk in bytes.chunks(font.width.max(1)) {
        let code = chunk.iter().fold(0u32, |code, &b| code << 8 | u32::from(b));
        if let Some(text) = font.codes.get(&code) {
            out.push_str(text);
        }
    }
}

/// A `( … )` string from `at`, with its escapes and nested parentheses, and where it ends.
fn literal_string(stream: &[u8], at: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut index = at;
    while index < stream.len() {
        let byte = stream[index];
        index += 1;
        match byte {
            b'(' => {
                if depth > 0 {
                    out.push(byte);
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (out, index);
                }
                out.push(byte);
            }
            b'\\' => {
                let Some(&next) = stream.get(index) else {
                    break;
                };
                index += 1;
                match next {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' | b'f' => {}
                    b'0'..=b'7' => {
                        let digits = stream[index - 1..]
                            .iter()
                            .take(3)
                            .take_while(|b| (b'0'..=b'7').contains(b))
                            .count();
                        let value = stream[index - 1..index - 1 + digits]
                            .iter()
                            .fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
                        out.push(value as u8);
                        index += digits - 1;
                    }
                    b'\r' | b'\n' => {}
                    other => out.push(other),
                }
            }
            _ => out.push(byte),
        }
    }
    (out, stream.len())
}

/// A `< … >` string's bytes.
fn hex_string(hex: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .iter()
        .filter(|b| b.is_ascii_hexdigit())
        .copied()
        .collect();
    digits
        .chunks(2)
        .filter_map(|pair| {
            let text = std::str::from_utf8(pair).ok()?;
            let padded = if pair.len() == 1 {
                format!("{text}0")
            } else {
                text.to_owned()
            };
            u8::from_str_radix(&padded, 16).ok()
        })
        .collect()
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| from + at)
}
