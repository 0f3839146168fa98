//! HTML bodies rendered to text, keeping track of which text is quoted history.
//!
//! `mail-parser`'s `html_to_text` flattens structure, but the structure is how HTML mail
//! marks history: `<blockquote>`, Gmail's `gmail_quote`, Thunderbird's `moz-cite-prefix`,
//! and Outlook's `divRplyFwdMsg` / `appendonsend` markers (after which everything is
//! history). This is a small, forgiving tag scanner: it never fails, keeps a bounded
//! stack of open elements, and runs in one pass.

use super::Region;
use crate::limits::MAX_HTML_DEPTH;

/// Text rendered from HTML, with the region of each byte range of it.
pub(super) struct Rendered {
    pub text: String,
    /// Byte offsets where the region changes: `(offset, region from here on)`.
    pub marks: Vec<(usize, Region)>,
}

struct Open {
    name: String,
    region: Option<Region>,
}

/// Renders `html` to text.
pub(super) fn render(html: &str) -> Rendered {
    let mut out = Renderer::new(html);
    scan(html, &mut out, |_, _, _| None::<()>);
    Rendered {
        text: out.text,
        marks: out.marks,
    }
}

/// The byte offset in `html` where markup rendering text before `text_at` (a line start
/// in [`render`]'s text) ends and markup rendering the rest begins: where HTML added
/// just before that line belongs, outside the element that starts it.
pub(super) fn source_offset(html: &str, text_at: usize) -> usize {
    if text_at == 0 {
        return after_open_body(html);
    }
    let mut out = Renderer::new(html);
    scan(html, &mut out, |piece, rendered_before, rendered_after| {
        (rendered_before < text_at && rendered_after >= text_at).then_some(match piece {
            // A closing tag ends the line before: add after it. An opening tag (or a
            // `<br>`) starts the new line: add before it, not inside what it opens.
            Piece::Tag {
                closing: true, end, ..
            } => end,
            Piece::Tag { start, .. } | Piece::Text { start } => start,
        })
    })
    .unwrap_or_else(|| end_of_body(html))
}

/// Where HTML added at the end of a message goes: before `</body>` (or `</html>`), or at
/// the very end of a fragment.
pub(super) fn end_of_body(html: &str) -> usize {
    rfind_ascii_case_insensitive(html, "</body")
        .or_else(|| rfind_ascii_case_insensitive(html, "</html"))
        .unwrap_or(html.len())
}

/// Just after the opening `<body …>` tag, or the start of a fragment.
fn after_open_body(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    lower
        .find("<body")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
        .unwrap_or(0)
}

fn rfind_ascii_case_insensitive(html: &str, needle: &str) -> Option<usize> {
    html.as_bytes()
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One piece of the HTML source as [`scan`] hands it to a renderer.
#[derive(Clone, Copy)]
enum Piece {
    /// A tag from `start` (its `<`) to `end` (after its `>`).
    Tag {
        start: usize,
        end: usize,
        closing: bool,
    },
    /// Text from `start`.
    Text { start: usize },
}

/// Feeds `html` to `out` piece by piece, asking `stop` after each piece (with the
/// rendered length before and after it) whether to stop with an answer.
fn scan<T>(
    html: &str,
    out: &mut Renderer,
    mut stop: impl FnMut(Piece, usize, usize) -> Option<T>,
) -> Option<T> {
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let before = out.text.len();
        let piece;
        if bytes[at] == b'<' {
            if html[at..].starts_with("<!--") {
                at = html[at + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |end| at + 4 + end + 3);
                continue;
            }
            // A tag left open at the end of the HTML runs to the end, whatever its
            // last character is.
            let (inner, end) = match html[at..].find('>') {
                Some(close) => (&html[at + 1..at + close], at + close + 1),
                None => (&html[at + 1..], bytes.len()),
            };
            out.tag(inner);
            piece = Piece::Tag {
                start: at,
                end,
                closing: inner.starts_with('/'),
            };
            at = end;
        } else {
            let end = html[at..].find('<').map_or(bytes.len(), |end| at + end);
            out.text_run(&html[at..end]);
            piece = Piece::Text { start: at };
            at = end;
        }
        if let Some(answer) = stop(piece, before, out.text.len()) {
            return Some(answer);
        }
    }
    None
}

impl Renderer {
    fn new(html: &str) -> Self {
        Self {
            text: String::with_capacity(html.len() / 2),
            marks: vec![(0, Region::Own)],
            stack: Vec::new(),
            quoted: 0,
            signature: 0,
            rest_quoted: false,
            skip: None,
            pre: 0,
        }
    }
}

struct Renderer {
    text: String,
    marks: Vec<(usize, Region)>,
    stack: Vec<Open>,
    quoted: usize,
    signature: usize,
    rest_quoted: bool,
    /// Inside an element whose content is not text (`script`, `style`, `head`, …).
    skip: Option<String>,
    pre: usize,
}

impl Renderer {
    fn region(&self) -> Region {
        if self.rest_quoted || self.quoted > 0 {
            Region::Quoted
        } else if self.signature > 0 {
            Region::Signature
        } else {
            Region::Own
        }
    }

    fn mark(&mut self) {
        let region = self.region();
        if self.marks.last().is_some_and(|&(_, last)| last == region) {
            return;
        }
        if self
            .marks
            .last()
            .is_some_and(|&(at, _)| at == self.text.len())
        {
            self.marks.pop();
        }
        if self.marks.last().is_some_and(|&(_, last)| last == region) {
            return;
        }
        self.marks.push((self.text.len(), region));
    }

    /// Ends the current line (for `div`, `li`, `tr`, …).
    fn newline(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Leaves a blank line (for paragraphs, quotes, headings, lists, tables), so the
    /// rendered text has the paragraph structure plain-text mail has.
    fn paragraph_break(&mut self) {
        self.newline();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    fn block_boundary(&mut self, name: &str) {
        if is_paragraph(name) {
            self.paragraph_break();
        } else if is_block(name) {
            self.newline();
        }
    }

    fn tag(&mut self, inner: &str) {
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            return;
        }
        if let Some(skipping) = &self.skip {
            if closing && *skipping == name {
                self.skip = None;
            }
            return;
        }
        if closing {
            self.close(&name);
            return;
        }
        if matches!(
            name.as_str(),
            "script" | "style" | "head" | "title" | "template" | "xml"
        ) && !inner.ends_with('/')
        {
            self.skip = Some(name);
            return;
        }
        let attributes = &inner[name_end..];
        self.block_boundary(&name);
        if name == "br" {
            self.text.push('\n');
        }
        if (name == "td" || name == "th")
            && !self.text.ends_with(['\n', ' '])
            && !self.text.is_empty()
        {
            self.text.push(' ');
        }
        let id = attribute(attributes, "id")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let class = attribute(attributes, "class")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if starts_rest_of_history(&name, &id, &class, attributes) {
            self.rest_quoted = true;
            self.mark();
        }
        if is_void(&name) || inner.ends_with('/') {
            return;
        }
        let region = if name == "blockquote" || is_quote_container(&class) {
            self.quoted += 1;
            Some(Region::Quoted)
        } else if is_signature_container(&id, &class) {
            self.signature += 1;
            Some(Region::Signature)
        } else {
            None
        };
        if name == "pre" {
            self.pre += 1;
        }
        self.mark();
        if self.stack.len() < MAX_HTML_DEPTH {
            self.stack.push(Open { name, region });
        }
    }

    fn close(&mut self, name: &str) {
        let Some(position) = self.stack.iter().rposition(|open| open.name == name) else {
            return;
        };
        for open in self.stack.drain(position..).rev().collect::<Vec<_>>() {
            match open.region {
                Some(Region::Quoted) => self.quoted -= 1,
                Some(Region::Signature) => self.signature -= 1,
                _ => {}
            }
            if open.name == "pre" {
                self.pre -= 1;
            }
            self.block_boundary(&open.name);
        }
        self.mark();
    }

    fn text_run(&mut self, raw: &str) {
        if self.skip.is_some() {
            return;
        }
        let mut pending = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            pending.push_str(&rest[..amp]);
            let candidate = &rest[amp..];
            let end = candidate[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .map(|e| e + 1);
            match end {
                Some(end) if candidate[end..].starts_with(';') && end > 1 => {
                    mail_parser::add_html_token(&mut pending, &candidate.as_bytes()[..=end], false);
                    rest = &candidate[end + 1..];
                }
                _ => {
                    pending.push('&');
                    rest = &candidate[1..];
                }
            }
        }
        pending.push_str(rest);
        if self.pre > 0 {
            self.text.push_str(&pending);
            return;
        }
        for ch in pending.chars() {
            if ch.is_whitespace() && ch != '\u{00A0}' {
                if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                    self.text.push(' ');
                }
            } else {
                self.text.push(if ch == '\u{00A0}' { ' ' } else { ch });
            }
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "img"
            | "meta"
            | "link"
            | "input"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "table"
            | "ul"
            | "ol"
            | "pre"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dl"
    )
}

fn is_block(name: &str) -> bool {
    is_paragraph(name)
        || matches!(
            name,
            "div"
                | "li"
                | "tr"
                | "hr"
                | "section"
                | "article"
                | "header"
                | "footer"
                | "body"
                | "html"
                | "dt"
                | "dd"
        )
}

/// Containers that hold quoted history (and the attribution line above it).
fn is_quote_container(class: &str) -> bool {
    class.split_whitespace().any(|c| {
        matches!(
            c,
            "gmail_quote"
                | "gmail_quote_container"
                | "moz-cite-prefix"
                | "yahoo_quoted"
                | "protonmail_quote"
                | "ms-outlook-mobile-reference-message"
        )
    })
}

fn is_signature_container(id: &str, class: &str) -> bool {
    id == "signature"
        || class
            .split_whitespace()
            .any(|c| matches!(c, "gmail_signature" | "moz-signature" | "signature"))
}

/// Markers after which Outlook puts only the quoted message.
fn starts_rest_of_history(name: &str, id: &str, class: &str, attributes: &str) -> bool {
    if matches!(
        id,
        "divrplyfwdmsg"
            | "appendonsend"
            | "stopspelling"
            | "mail-editor-reference-message-container"
    ) || id.starts_with("olk_src_body_section")
        || class.contains("olk_src_body_section")
    {
        return true;
    }
    // Outlook desktop: the reply header sits in a div whose only border is a top rule.
    if name == "div" {
        let style: String = attribute(attributes, "style")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .split_whitespace()
            .collect();
        return style.contains("border:none") && style.contains("border-top:solid");
    }
    false
}

/// The value of attribute `name` in a tag's attribute text, quotes removed.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let lower = attributes.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[search..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = attributes.len() - after.len() + 1;
        let value = attributes[value_start..].trim_start();
        return Some(match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &value[1..];
                &body[..body.find(quote).unwrap_or(body.len())]
            }
            _ => &value[..value.find(char::is_whitespace).unwrap_or(value.len())],
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region_at(rendered: &Rendered, needle: &str) -> Region {
        let at = rendered.text.find(needle).expect("needle rendered");
        rendered
            .marks
            .iter()
            .rev()
            .find(|&&(offset, _)| offset <= at)
            .map(|&(_, r)| r)
            .unwrap()
    }

    #[test]
    fn renders_blocks_entities_and_whitespace() {
        let rendered = render(
            "<html><head><style>p{}</style></head><body><p>Caf&eacute;  &amp;\n tea</p><p>Next&nbsp;line<br>x</p></body></html>",
        );
        assert_eq!(rendered.text.trim_end(), "Café & tea\n\nNext line\nx");
    }

    #[test]
    fn gmail_quote_and_blockquote_are_history() {
        let html = r#"<div dir="ltr">See you soon</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Jane wrote:<br></div><blockquote class="gmail_quote">c u 2moro</blockquote></div><p>after</p>"#;
        let rendered = render(html);
        assert_eq!(region_at(&rendered, "See you soon"), Region::Own);
        assert_eq!(region_at(&rendered, "Jane wrote"), Region::Quoted);
        assert_eq!(region_at(&rendered, "2moro"), Region::Quoted);
        assert_eq!(region_at(&rendered, "after"), Region::Own);
    }

    #[test]
    fn outlook_markers_quote_everything_after() {
        let html = r#"<p>Reply</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Jane</div><div>old</div>"#;
        let rendered = render(html);
        assert_eq!(region_at(&rendered, "Reply"), Region::Own);
        assert_eq!(region_at(&rendered, "old"), Region::Quoted);
        let desktop = r#"<p>Reply</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>From:</b> x</p></div><p>old</p>"#;
        assert_eq!(region_at(&render(desktop), "old"), Region::Quoted);
    }

    #[test]
    fn signatures_and_malformed_markup() {
        let rendered =
            render(r#"<p>Hi<div class="moz-signature">-- <br>Dr Patel</div><p>unclosed <b>bold"#);
        assert_eq!(region_at(&rendered, "Dr Patel"), Region::Signature);
        assert_eq!(region_at(&rendered, "unclosed"), Region::Own);
        assert!(render("<<<>>>&&&;<a href='x").text.contains("&&&;"));
    }
}
