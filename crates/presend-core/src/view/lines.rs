//! Splitting plain text into the sender's own text, signature and quoted history.
//!
//! Works line by line, because every mail client marks quoted history at the start of
//! a line: `>` prefixes, an attribution line (`On … wrote:`), Outlook's header block
//! (`From: … Sent: … To: … Subject:`), or a separator (`-----Original Message-----`,
//! `---------- Forwarded message ---------`). A signature starts at the RFC 3676
//! delimiter `-- ` or at a client's "Sent from my iPhone" line.

use super::Region;
use crate::text::TextRange;

/// One line of text, its range without the line ending, and its region.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub range: TextRange,
    pub region: Region,
}

/// Splits `text` into lines (ranges exclude `\r\n` / `\n`).
pub(super) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            let end = if at > start && text.as_bytes()[at - 1] == b'\r' {
                at - 1
            } else {
                at
            };
            out.push(Line {
                range: TextRange::new(start, end),
                region: Region::Own,
            });
            start = at + 1;
        }
    }
    if start < text.len() {
        out.push(Line {
            range: TextRange::new(start, text.len()),
            region: Region::Own,
        });
    }
    out
}

/// Raises each line's region (never lowers it: a line the HTML structure already
/// marked as quoted stays quoted) by what the text itself shows.
pub(super) fn classify(text: &str, lines: &mut [Line]) {
    let line_text = |line: &Line| text[line.range.start()..line.range.end()].trim();
    let mut in_signature = false;
    let mut index = 0;
    while index < lines.len() {
        let current = line_text(&lines[index]);
        if current.starts_with('>') {
            raise(&mut lines[index], Region::Quoted);
            index += 1;
            continue;
        }
        if let Some(header_lines) = history_header(lines, index, &line_text) {
            // Unless the history that follows is `>`-quoted (an inline reply, where the
            // sender's own text may continue below), everything after is history.
            let next =
                (index + header_lines..lines.len()).find(|&i| !line_text(&lines[i]).is_empty());
            let inline = next.is_some_and(|i| line_text(&lines[i]).starts_with('>'));
            let until = if inline {
                index + header_lines
            } else {
                lines.len()
            };
            for line in &mut lines[index..until] {
                raise(line, Region::Quoted);
            }
            index = until;
            continue;
        }
        let raw = &text[lines[index].range.start()..lines[index].range.end()];
        if raw == "-- " || raw == "--" || is_mobile_signature(current) {
            in_signature = true;
        }
        if in_signature {
            raise(&mut lines[index], Region::Signature);
        }
        index += 1;
    }
}

fn raise(line: &mut Line, region: Region) {
    line.region = line.region.max(region);
}

/// If quoted history starts at `index`, how many lines its header takes.
fn history_header<'t>(
    lines: &[Line],
    index: usize,
    line_text: &impl Fn(&Line) -> &'t str,
) -> Option<usize> {
    let current = line_text(&lines[index]);
    let lower = current.to_lowercase();
    if is_separator(&lower) {
        return Some(1);
    }
    // Outlook's separator rule `____` directly above its header block.
    if current.len() >= 10 && current.bytes().all(|b| b == b'_') {
        let next = (index + 1..lines.len()).find(|&i| !line_text(&lines[i]).is_empty())?;
        return outlook_header_block(lines, next, line_text).map(|_| 1);
    }
    if let Some(length) = outlook_header_block(lines, index, line_text) {
        return Some(length);
    }
    if is_attribution(&lower) {
        return Some(1);
    }
    // Attribution wrapped over two lines: "On Mon, 3 Nov 2025 at 09:12, Jane Doe\n<jane@x> wrote:".
    if lower.starts_with("on ") && index + 1 < lines.len() {
        let next = line_text(&lines[index + 1]).to_lowercase();
        if next.len() < 120 && is_attribution(&format!("{lower} {next}")) {
            return Some(2);
        }
    }
    None
}

fn is_separator(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| c == '-' || c == '_' || c == '=' || c.is_whitespace());
    let fenced = lower.starts_with("---") || lower.starts_with("___");
    (fenced
        && matches!(
            core,
            "original message"
                | "forwarded message"
                | "message d'origine"
                | "ursprüngliche nachricht"
                | "original appointment"
        ))
        || lower == "begin forwarded message:"
}

/// Attribution lines of the clients practices use (English first, then the common
/// European forms found in the reply corpora).
fn is_attribution(lower: &str) -> bool {
    if lower.len() > 300 {
        return false;
    }
    let ends_wrote = [
        "wrote:",
        "a écrit :",
        "a écrit:",
        "schrieb:",
        "escribió:",
        "ha scritto:",
        "skrev:",
    ]
    .iter()
    .any(|ending| lower.ends_with(ending));
    ends_wrote
        && (lower.starts_with("on ")
            || lower.starts_with("le ")
            || lower.starts_with("am ")
            || lower.contains('@')
            || lower.starts_with('"'))
}

/// Outlook's quoted-message header: a `From:` line followed, within a few lines, by
/// `Sent:`/`Date:` and `To:`/`Subject:` lines. Returns the block's length.
fn outlook_header_block<'t>(
    lines: &[Line],
    index: usize,
    line_text: &impl Fn(&Line) -> &'t str,
) -> Option<usize> {
    let starts = |text: &str, keys: &[&str]| {
        let lower = text.trim_start_matches('*').to_lowercase();
        keys.iter().any(|key| lower.starts_with(key))
    };
    if !starts(line_text(&lines[index]), FROM_KEYS) {
        return None;
    }
    let window = &lines[index + 1..lines.len().min(index + 7)];
    let dated = window
        .iter()
        .position(|l| starts(line_text(l), SENT_KEYS))?;
    let addressed = window.iter().rposition(|l| starts(line_text(l), TO_KEYS))?;
    Some(1 + dated.max(addressed) + 1)
}

/// The header labels of quoted-message blocks, in the languages of the reply corpora
/// (English, German, French, Russian).
const FROM_KEYS: &[&str] = &["from:", "von:", "de :", "de:", "от:"];
const SENT_KEYS: &[&str] = &[
    "sent:",
    "date:",
    "gesendet:",
    "envoyé :",
    "отправлено:",
    "дата:",
];
const TO_KEYS: &[&str] = &[
    "to:",
    "subject:",
    "cc:",
    "an:",
    "betreff:",
    "à :",
    "objet :",
    "кому:",
    "тема:",
];

fn is_mobile_signature(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.len() < 60
        && (lower.starts_with("sent from my ")
            || lower.starts_with("get outlook for ")
            || lower.starts_with("sent from outlook")
            || lower.starts_with("sent from mail for windows"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(text: &str) -> Vec<(String, Region)> {
        let mut found = lines(text);
        classify(text, &mut found);
        found
            .iter()
            .map(|l| (text[l.range.start()..l.range.end()].to_owned(), l.region))
            .collect()
    }

    fn region_of(text: &str, needle: &str) -> Region {
        regions(text)
            .into_iter()
            .find(|(line, _)| line.contains(needle))
            .map(|(_, region)| region)
            .expect("needle present")
    }

    #[test]
    fn gmail_attribution_and_prefixed_lines_are_quoted() {
        let text = "Thanks, see you then.\n\nOn Mon, 3 Nov 2025 at 09:12, Jane Doe <jane@x.com>\nwrote:\n> c u 2moro\n> Jane\n";
        assert_eq!(region_of(text, "see you then"), Region::Own);
        assert_eq!(region_of(text, "On Mon"), Region::Quoted);
        assert_eq!(region_of(text, "2moro"), Region::Quoted);
    }

    #[test]
    fn inline_reply_keeps_own_text_between_quotes() {
        let text = "On 3 Nov 2025, Jane wrote:\n> Can I come at 10?\nYes, 10 is fine.\n> Thanks\n";
        assert_eq!(region_of(text, "Yes, 10"), Region::Own);
        assert_eq!(region_of(text, "come at 10"), Region::Quoted);
    }

    #[test]
    fn outlook_header_block_quotes_the_rest() {
        let text = "Noted.\r\n\r\n________________________________\r\nFrom: Jane Doe <jane@x.com>\r\nSent: 03 November 2025 09:12\r\nTo: Reception\r\nSubject: Appointment\r\n\r\nunquoted history\r\n";
        assert_eq!(region_of(text, "Noted"), Region::Own);
        assert_eq!(region_of(text, "____"), Region::Quoted);
        assert_eq!(region_of(text, "unquoted history"), Region::Quoted);
    }

    #[test]
    fn original_message_separator_and_signature() {
        let text = "Hello\n-- \nDr Patel\n-----Original Message-----\nold text\n";
        assert_eq!(region_of(text, "Hello"), Region::Own);
        assert_eq!(region_of(text, "Dr Patel"), Region::Signature);
        assert_eq!(region_of(text, "old text"), Region::Quoted);
    }

    #[test]
    fn a_from_line_in_ordinary_prose_is_not_history() {
        let text = "From: the practice team\nWe are closed on Monday.\n";
        assert_eq!(region_of(text, "closed"), Region::Own);
    }
}
