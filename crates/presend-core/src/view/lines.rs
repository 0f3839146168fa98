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
    // A dated attribution in a language not listed, on one line or wrapped over two:
    // "26.06.2014, 14:41, "Alexander L" <a@example.com>:" (Yandex), "Thu, 26 Jun 2014
    // 14:00:51 +0400 от Alexander L <a@example.com>:" (Mail.ru). Only where quoted text
    // follows at once, since a line of the sender's own can end so too.
    for span in 1..=2 {
        if index + span > lines.len() {
            break;
        }
        let span_lines = &lines[index..index + span];
        if span_lines
            .iter()
            .any(|line| line.region == Region::Quoted || line_text(line).starts_with('>'))
        {
            break;
        }
        // Most lines end otherwise: decided before anything is joined, since this runs
        // for every line of the body.
        if !line_text(&span_lines[span - 1]).ends_with(':') {
            continue;
        }
        // Wrapped, the first line starts the attribution with its date, and the second
        // is not one on its own (then it starts the history itself).
        if span == 2
            && (!has_date_or_time(line_text(&span_lines[0]))
                || is_dated_attribution(line_text(&span_lines[1])))
        {
            break;
        }
        let joined: Vec<&str> = span_lines.iter().map(line_text).collect();
        if is_dated_attribution(&joined.join(" ")) && quoted_next(lines, index + span, line_text) {
            return Some(span);
        }
    }
    None
}

/// Whether `line` could introduce quoted history in any language: short, ending with a
/// colon, naming an address and a date or a time.
fn is_dated_attribution(line: &str) -> bool {
    line.len() <= 300 && line.ends_with(':') && line.contains('@') && has_date_or_time(line)
}

/// Whether `text` holds a time (`14:41`) or a numeric date (`26.06.2014`, `02/04/12`).
fn has_date_or_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits_at = |at: usize| {
        bytes[at.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    (0..bytes.len()).any(|at| {
        let starts = bytes[at].is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_digit());
        if !starts {
            return false;
        }
        let first = digits_at(at);
        let after = at + first;
        let time = first <= 2 && bytes.get(after) == Some(&b':') && digits_at(after + 1) == 2;
        let date = first <= 4
            && matches!(bytes.get(after), Some(b'.' | b'/' | b'-'))
            && (1..=2).contains(&digits_at(after + 1))
            && {
                let second = after + 1 + digits_at(after + 1);
                bytes.get(second) == bytes.get(after) && (2..=4).contains(&digits_at(second + 1))
            };
        time || date
    })
}

/// Whether the first non-empty line from `from` is quoted: `>`-prefixed, or inside the
/// HTML's quoted history.
fn quoted_next<'t>(lines: &[Line], from: usize, line_text: &impl Fn(&Line) -> &'t str) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .find(|line| !line_text(line).is_empty())
        .is_some_and(|line| line.region == Region::Quoted || line_text(line).starts_with('>'))
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
    fn dated_attributions_in_other_languages_are_quoted() {
        for text in [
            "Hello. I am fine.\n\nThu, 26 Jun 2014 14:00:51 +0400 \u{43e}\u{442} Alexander L <abc@example.com>:\n> How are you?\n",
            "Hello\n26.06.2014, 14:41, \"Alexander L\" <abc@example.com>:\n> How are you?\n",
            "Hello\n02.04.2012 14:20 \u{43f}\u{43e}\u{43b}\u{44c}\u{437}\u{43e}\u{432}\u{430}\u{442}\u{435}\u{43b}\u{44c} \"bob@x.org\" <\nbob@x.org> \u{43d}\u{430}\u{43f}\u{438}\u{441}\u{430}\u{43b}:\n\n> Hi\n",
        ] {
            assert_eq!(region_of(text, "Hello"), Region::Own, "{text}");
            assert_eq!(region_of(text, "@"), Region::Quoted, "{text}");
        }
    }

    #[test]
    fn a_dated_line_with_an_address_is_own_text_unless_quotes_follow() {
        let text =
            "Please ring on 12/11/2025 at 10:30 or email reception@x.nhs.uk:\nwe will call back.\n";
        assert_eq!(region_of(text, "reception@"), Region::Own);
        assert_eq!(region_of(text, "call back"), Region::Own);
        let quoted_below = "Hello\n> On 22 Aug 2015, at 19:21, Adam <a@b.com> wrote:\n> Hi\n";
        assert_eq!(
            region_of(quoted_below, "Hello"),
            Region::Own,
            "a line before a quote is not joined to it"
        );
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
