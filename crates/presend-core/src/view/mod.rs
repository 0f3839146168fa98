//! The message view: what every rule reads, derived once per draft.
//!
//! The body is turned into one analysed text (the plain-text body, or the HTML body
//! rendered to text when there is none) and split into [`Region`]s: the sender's own
//! new text, their signature, and the quoted history of earlier messages. Addresses and
//! links in the text are found once, so rules can skip them.

mod html;
mod lines;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::draft::Draft;
use crate::pid::{Detection, Detector};
use crate::report::Field;
use crate::text::{Span, TextRange, Utf16Index, ascii_lowercase};

/// Who wrote a stretch of the body. Ordered by how far it is from the sender's own
/// words, so combining two opinions of a line takes the larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// The sender's own new text.
    Own,
    /// The sender's signature block (after `-- `, or a client's signature container).
    Signature,
    /// History of earlier messages: still sent, but not written now.
    Quoted,
}

/// A draft prepared for the rules. Hosts can use it to show which part of a
/// message presend reads as the sender's own text.
#[derive(Debug)]
pub struct MessageView<'d> {
    /// The analysed body text: the draft's own plain text, borrowed (a message at the
    /// size limit is not copied again), or its HTML rendered.
    pub(crate) body: Cow<'d, str>,
    /// The body's regions, in order, covering every line.
    pub(crate) regions: Vec<(TextRange, Region)>,
    /// What in the body word rules must not read as words (see [`shield`]), in order,
    /// none overlapping.
    pub(crate) shielded: Vec<TextRange>,
    /// Whether `body` is the draft's HTML body rendered (there was no plain text).
    from_html: bool,
    /// UTF-16 offsets of the body.
    pub(crate) body_utf16: Utf16Index,
    /// UTF-16 offsets of the subject.
    pub(crate) subject_utf16: Utf16Index,
    /// What in the subject word rules must not read as words.
    pub(crate) subject_shielded: Vec<TextRange>,
    /// Patient-identifiable data in the body (every region: history is sent too).
    pub(crate) body_pid: Vec<Detection>,
    /// Patient-identifiable data in the subject.
    pub(crate) subject_pid: Vec<Detection>,
    /// Patient-identifiable data in attachments' names and text.
    pub(crate) attachment_pid: Vec<AttachmentPid>,
}

/// One piece of patient-identifiable data and where it is (see [`MessageView::patient_data`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatientData {
    /// The field it is in.
    pub field: Field,
    /// The attachment's index, for attachments.
    pub attachment: Option<usize>,
    /// For attachments: found in the file name (`true`) or the text (`false`).
    pub in_name: bool,
    /// What and where.
    pub detection: Detection,
}

/// Patient-identifiable data in one attachment.
#[derive(Debug)]
pub(crate) struct AttachmentPid {
    /// The attachment's index in the draft.
    pub index: usize,
    /// Found in its file name.
    pub in_name: Vec<Detection>,
    /// Found in its text (text-like attachments only).
    pub in_text: Vec<Detection>,
}

/// Links and email addresses, in text with ASCII letters folded. The regex crate
/// guarantees linear time on any input. Address and domain characters are ASCII and
/// Latin letters with accents, as UK mail writes them: Unicode's `\w`, three times
/// over, made this the costliest pattern to compile at a checker's first use.
static SHIELDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?x)
        (?: \b(?:https?|ftp|mailto|tel):[^\s<>\x22]+ )        # scheme links
      | (?: \bwww\.[^\s<>\x22]+ )                              # bare www links
      | (?: [0-9a-z_\u{C0}-\u{24F}.%+\-']+@[0-9a-z_\u{C0}-\u{24F}\-]+(?:\.[0-9a-z_\u{C0}-\u{24F}\-]+)+ )  # email addresses
      | (?: \b[0-9a-z_\u{C0}-\u{24F}\-]+(?:\.[0-9a-z_\u{C0}-\u{24F}\-]+)*\.(?:com|org|net|uk|gov|nhs|io|co)(?:/[^\s<>\x22]*)? \b )  # bare domains
        ",
    )
    .expect("the shielded-text pattern is valid")
});

impl<'d> MessageView<'d> {
    /// Derives the view of `draft`, finding patient-identifiable data with `detector`.
    pub(crate) fn new(draft: &'d Draft, detector: &Detector) -> Self {
        let (body, marks, from_html) = match (&draft.body.text, &draft.body.html) {
            (Some(text), _) if !text.trim().is_empty() || draft.body.html.is_none() => {
                (Cow::Borrowed(text.as_str()), Vec::new(), false)
            }
            (_, Some(html)) => {
                let rendered = html::render(html);
                (Cow::Owned(rendered.text), rendered.marks, true)
            }
            (text, None) => (
                Cow::Borrowed(text.as_deref().unwrap_or_default()),
                Vec::new(),
                false,
            ),
        };
        let regions = regions_of(&body, &marks);
        let shielded = shield(&body);
        let attachment_pid = draft
            .attachments
            .iter()
            .enumerate()
            .map(|(index, attachment)| AttachmentPid {
                index,
                in_name: detector.detect_in_file_name(&attachment.name),
                in_text: attachment
                    .text
                    .as_deref()
                    .map(|text| detector.detect(text))
                    .unwrap_or_default(),
            })
            .filter(|found| !found.in_name.is_empty() || !found.in_text.is_empty())
            .collect();
        Self {
            body_pid: detector.detect(&body),
            subject_pid: detector.detect(&draft.subject),
            attachment_pid,
            body_utf16: Utf16Index::new(&body),
            subject_utf16: Utf16Index::new(&draft.subject),
            subject_shielded: shield(&draft.subject),
            body,
            regions,
            shielded,
            from_html,
        }
    }

    /// The analysed body text: the plain-text body, or the HTML body rendered to text.
    /// Finding spans in the body point into this text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body's regions in order: byte ranges of [`MessageView::body`] (whole lines)
    /// and who wrote them.
    pub fn regions(&self) -> &[(TextRange, Region)] {
        &self.regions
    }

    /// Patient-identifiable data in the message, masked nowhere: for hosts that
    /// highlight it in the compose window. Each item: the field, the attachment index
    /// (for [`Field::Attachment`]; then `in_name` says whether the name or the text),
    /// and the detection, whose range points into the subject, [`MessageView::body`],
    /// or the attachment's name or text.
    pub fn patient_data(&self) -> impl Iterator<Item = PatientData> + '_ {
        let subject = self.subject_pid.iter().map(|&d| PatientData {
            field: Field::Subject,
            attachment: None,
            in_name: false,
            detection: d,
        });
        let body = self.body_pid.iter().map(|&d| PatientData {
            field: Field::Body,
            attachment: None,
            in_name: false,
            detection: d,
        });
        let attachments = self.attachment_pid.iter().flat_map(|a| {
            let names = a.in_name.iter().map(move |&d| PatientData {
                field: Field::Attachment,
                attachment: Some(a.index),
                in_name: true,
                detection: d,
            });
            let texts = a.in_text.iter().map(move |&d| PatientData {
                field: Field::Attachment,
                attachment: Some(a.index),
                in_name: false,
                detection: d,
            });
            names.chain(texts)
        });
        subject.chain(body).chain(attachments)
    }

    /// The ranges of the body in `region`.
    pub(crate) fn ranges(&self, region: Region) -> impl Iterator<Item = TextRange> + '_ {
        self.regions
            .iter()
            .filter(move |(_, r)| *r == region)
            .map(|&(range, _)| range)
    }

    /// The sender's own text and signature: everything the sender wrote now.
    pub(crate) fn authored(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.regions
            .iter()
            .filter(|(_, r)| *r != Region::Quoted)
            .map(|&(range, _)| range)
    }

    /// Where text added to the sender's own text belongs: the end of the last line
    /// they wrote before any quoted history (the end of the body if there is none).
    pub(crate) fn end_of_authored(&self) -> TextRange {
        let first_quoted = first_quoted(&self.regions);
        let authored = &self.regions[..first_quoted.unwrap_or(self.regions.len())];
        let end = authored
            .iter()
            .rev()
            .find(|&&(range, _)| !self.body_text(range).trim().is_empty())
            .map_or(0, |&(range, _)| {
                range.start() + self.body_text(range).trim_end().len()
            });
        TextRange::new(end, end)
    }

    /// The same place as [`MessageView::end_of_authored`] in the draft's HTML body
    /// `html`: before the element that starts the quoted history, or before `</body>`.
    /// Hosts insert HTML there, so none keeps its own list of each client's quote markup.
    pub(crate) fn end_of_authored_in_html(&self, html: &str) -> Span {
        let history_starts = if self.from_html {
            first_quoted(&self.regions).map(|i| self.regions[i].0.start())
        } else {
            // The plain-text body was analysed; the HTML's own structure decides here.
            let rendered = html::render(html);
            let regions = regions_of(&rendered.text, &rendered.marks);
            first_quoted(&regions).map(|i| regions[i].0.start())
        };
        let at = history_starts.map_or_else(
            || html::end_of_body(html),
            |text_at| html::source_offset(html, text_at),
        );
        Utf16Index::new(html).span(TextRange::new(at, at))
    }

    /// The text of `range` in the body.
    pub(crate) fn body_text(&self, range: TextRange) -> &str {
        &self.body[range.start()..range.end()]
    }
}

/// The body's regions: each line takes the region the HTML structure (`marks`, from
/// [`html::render`]) gives it, raised by what the text itself shows; runs of lines in
/// one region are merged.
fn regions_of(body: &str, marks: &[(usize, Region)]) -> Vec<(TextRange, Region)> {
    let mut found = lines::lines(body);
    // Structure from HTML first; the text detector may then raise a line further.
    for line in &mut found {
        // Marks are in offset order: a binary search keeps many marks on many
        // lines (alternating quotes in hostile HTML) from costing their product.
        let region_at = |at: usize| {
            let after = marks.partition_point(|&(offset, _)| offset <= at);
            after.checked_sub(1).map_or(Region::Own, |i| marks[i].1)
        };
        let text = &body[line.range.start()..line.range.end()];
        let first = line.range.start() + (text.len() - text.trim_start().len());
        line.region =
            region_at(first).max(region_at(line.range.end().saturating_sub(1).max(first)));
    }
    lines::classify(body, &mut found);
    let mut regions: Vec<(TextRange, Region)> = Vec::new();
    for line in found {
        match regions.last_mut() {
            Some((range, region)) if *region == line.region => {
                *range = TextRange::new(range.start(), line.range.end());
            }
            _ => regions.push((line.range, line.region)),
        }
    }
    regions
}

/// The index of the first quoted region.
fn first_quoted(regions: &[(TextRange, Region)]) -> Option<usize> {
    regions
        .iter()
        .position(|&(_, region)| region == Region::Quoted)
}

/// What in `text` word rules must not read as words, in order and merged where they
/// overlap: email addresses and links, and every line holding text that could not be
/// decoded. Undecoded bytes leave fragments of words ("h\u{FFFD}r \u{FFFD}r" for Swedish
/// "här är", garbage for a broken transfer encoding) that read as textspeak and other
/// terms no one wrote. Such a line holds U+FFFD (the replacement character), or a
/// control character no written text has: ISO-2022-JP, when no charset says so, is
/// escape sequences around ASCII letters.
fn shield(text: &str) -> Vec<TextRange> {
    let mut shielded: Vec<TextRange> = SHIELDED
        .find_iter(&ascii_lowercase(text))
        .map(|m| TextRange::new(m.start(), m.end()))
        .collect();
    let undecoded = |c: char| {
        c == char::REPLACEMENT_CHARACTER
            || (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    };
    if !text.contains(undecoded) {
        return shielded;
    }
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.contains(undecoded) {
            shielded.push(TextRange::new(start, start + line.len()));
        }
        start += line.len();
    }
    shielded.sort_unstable();
    let mut merged: Vec<TextRange> = Vec::with_capacity(shielded.len());
    for range in shielded {
        match merged.last_mut() {
            Some(last) if last.end() >= range.start() => {
                *last = TextRange::new(last.start(), last.end().max(range.end()));
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// Whether `range` overlaps any of `shielded` (sorted by start).
pub(crate) fn is_shielded(shielded: &[TextRange], range: TextRange) -> bool {
    let after = shielded.partition_point(|s| s.end() <= range.start());
    shielded.get(after).is_some_and(|s| s.overlaps(range))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Body;
    use crate::pid::Detector;

    fn view_of(text: Option<&str>, html: Option<&str>) -> (Draft, Vec<(String, Region)>) {
        let draft = Draft {
            body: Body {
                text: text.map(str::to_owned),
                html: html.map(str::to_owned),
            },
            ..Draft::default()
        };
        let view = MessageView::new(&draft, &Detector::default());
        let regions = view
            .regions
            .iter()
            .map(|&(r, region)| (view.body_text(r).trim().to_owned(), region))
            .collect();
        (draft.clone(), regions)
    }

    #[test]
    fn plain_text_wins_over_html_when_both_present() {
        let (_, regions) = view_of(Some("plain"), Some("<p>html</p>"));
        assert_eq!(regions, [("plain".to_owned(), Region::Own)]);
    }

    #[test]
    fn html_only_body_is_rendered_with_history_marked() {
        let (_, regions) = view_of(None, Some("<p>Mine</p><blockquote>theirs</blockquote>"));
        assert_eq!(regions[0], ("Mine".to_owned(), Region::Own));
        assert!(
            regions
                .iter()
                .any(|(text, region)| text.contains("theirs") && *region == Region::Quoted)
        );
    }

    #[test]
    fn addresses_and_links_are_shielded() {
        let draft = Draft {
            body: Body {
                text: Some("mail u.smith@nhs.net or see https://ur.example/u/2day now".into()),
                html: None,
            },
            ..Draft::default()
        };
        let view = MessageView::new(&draft, &Detector::default());
        let u = view.body.find("u.smith").unwrap();
        assert!(is_shielded(&view.shielded, TextRange::new(u, u + 1)));
        let link_u = view.body.find("/u/").unwrap() + 1;
        assert!(is_shielded(
            &view.shielded,
            TextRange::new(link_u, link_u + 1)
        ));
        let now = view.body.find("now").unwrap();
        assert!(!is_shielded(&view.shielded, TextRange::new(now, now + 3)));
    }

    /// `html` with `|` where [`MessageView::end_of_authored_in_html`] puts added text,
    /// the view built from `text` when given (as a client sending both would).
    fn html_insertion(text: Option<&str>, html: &str) -> String {
        let draft = Draft {
            body: Body {
                text: text.map(str::to_owned),
                html: Some(html.to_owned()),
            },
            ..Draft::default()
        };
        let view = MessageView::new(&draft, &Detector::default());
        let at = view.end_of_authored_in_html(html);
        assert_eq!(at.start, at.end);
        let at = at.start as usize;
        format!("{}|{}", &html[..at], &html[at..])
    }

    #[test]
    fn added_html_goes_above_each_clients_history() {
        let cases = [
            // Thunderbird: attribution div, then the cited blockquote.
            (
                r#"<p>See you then.</p><div class="moz-cite-prefix">On 1 May, Jane wrote:<br></div><blockquote type="cite">old</blockquote>"#,
                r#"<p>See you then.</p>|<div class="moz-cite-prefix">"#,
            ),
            // Gmail: the `<br>` before the quote container starts the gap.
            (
                r#"<div dir="ltr">Thanks</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Jane wrote:</div><blockquote class="gmail_quote">old</blockquote></div>"#,
                r#"<div dir="ltr">Thanks</div>|<br><div class="gmail_quote">"#,
            ),
            // Outlook on the web: everything after `appendonsend` is history.
            (
                r#"<html><body><div>Reply</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Jane</div><div>old</div></body></html>"#,
                r#"<div>Reply</div>|<div id="appendonsend">"#,
            ),
            // Outlook desktop: the reply header's top border.
            (
                r#"<p>Reply</p><div style="border:none;border-top:solid #E1E1E1 1.0pt"><p><b>From:</b> x</p></div><p>old</p>"#,
                r#"<p>Reply</p>|<div style="border:none"#,
            ),
            // History marked only by text: a separator line in a paragraph.
            (
                r#"<p>Reply</p><p>-----Original Message-----<br>From: Jane</p>"#,
                r#"<p>Reply</p>|<p>-----Original"#,
            ),
        ];
        for (html, expected) in cases {
            let shown = html_insertion(None, html);
            assert!(shown.contains(expected), "{shown}");
            // The same place when the client also sends a plain-text version.
            assert_eq!(html_insertion(Some("Reply\n\n> old"), html), shown);
        }
    }

    #[test]
    fn added_html_without_history_goes_at_the_end_of_the_body() {
        assert_eq!(
            html_insertion(
                None,
                "<HTML><BODY><p>Hi</p><div class=\"moz-signature\">-- <br>Dr Patel</div></BODY></HTML>"
            ),
            "<HTML><BODY><p>Hi</p><div class=\"moz-signature\">-- <br>Dr Patel</div>|</BODY></HTML>"
        );
        assert_eq!(
            html_insertion(None, "<p>A fragment</p>"),
            "<p>A fragment</p>|"
        );
        // History from the very first line: above it, inside the body.
        assert_eq!(
            html_insertion(None, "<body class=x><blockquote>old</blockquote></body>"),
            "<body class=x>|<blockquote>old</blockquote></body>"
        );
    }

    #[test]
    fn html_insertion_counts_utf16_for_javascript_hosts() {
        let html = "<p>Caf\u{e9} \u{1F600}</p><blockquote>old</blockquote>";
        let draft = Draft {
            body: Body {
                text: None,
                html: Some(html.to_owned()),
            },
            ..Draft::default()
        };
        let view = MessageView::new(&draft, &Detector::default());
        let at = view.end_of_authored_in_html(html);
        let prefix = &html[..at.start as usize];
        assert!(prefix.ends_with("</p>"));
        assert_eq!(at.utf16_start as usize, prefix.encode_utf16().count());
        assert!(at.utf16_start < at.start);
    }
}
