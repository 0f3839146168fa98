//! Spans into analysed text, in UTF-8 bytes and in UTF-16 code units.
//!
//! The core keeps every span as a `u32` byte range ([`TextRange`]). JavaScript hosts
//! (Office.js, Thunderbird, Node) count strings in UTF-16 code units, so a finding also
//! carries the same span converted once per text by [`Utf16Index`], which costs nothing
//! for pure-ASCII text (the common case).

use std::borrow::Cow;
use std::ops::ControlFlow;

use serde::Serialize;

/// A half-open byte range `start..end` into a UTF-8 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// A range from `start` to `end` (swapped if given in the wrong order).
    pub fn new(start: usize, end: usize) -> Self {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        // Inputs are capped at `MAX_INPUT_BYTES`, far below `u32::MAX`.
        Self {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// First byte of the range.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the range.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Whether the two ranges share at least one byte.
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a finding points inside the text it was found in: byte offsets for Rust and C
/// hosts, UTF-16 offsets for JavaScript hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte (UTF-8).
    pub start: u32,
    /// One past the last byte (UTF-8).
    pub end: u32,
    /// First UTF-16 code unit.
    pub utf16_start: u32,
    /// One past the last UTF-16 code unit.
    pub utf16_end: u32,
}

/// Converts byte offsets of one text to UTF-16 offsets.
///
/// Built once per text. For ASCII text it stores nothing and converts for free; otherwise
/// it records, at each non-ASCII character, how many UTF-16 units the text is behind
/// its byte count, and converts with a binary search.
#[derive(Debug, Clone, Default)]
pub struct Utf16Index {
    /// `(byte offset just after a multi-byte character, cumulative bytes minus units)`.
    shifts: Vec<(u32, u32)>,
}

impl Utf16Index {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self::default();
        }
        let mut shifts = Vec::new();
        let mut behind = 0u32;
        for (at, ch) in text.char_indices() {
            let bytes = ch.len_utf8() as u32;
            let units = ch.len_utf16() as u32;
            if bytes != units {
                behind += bytes - units;
                shifts.push((at as u32 + bytes, behind));
            }
        }
        Self { shifts }
    }

    /// The UTF-16 offset of byte offset `byte` (which must be on a character boundary).
    pub fn utf16(&self, byte: u32) -> u32 {
        let before = self.shifts.partition_point(|&(at, _)| at <= byte);
        match before {
            0 => byte,
            n => byte - self.shifts[n - 1].1,
        }
    }

    /// The [`Span`] of `range` in this text.
    pub fn span(&self, range: TextRange) -> Span {
        Span {
            start: range.start,
            end: range.end,
            utf16_start: self.utf16(range.start),
            utf16_end: self.utf16(range.end),
        }
    }
}

/// Compiles one of presend's own patterns with ASCII word boundaries and digits.
///
/// A Unicode `\b` stops the regex crate's fast DFA engines as soon as the text has a
/// non-ASCII character (a curly apostrophe, a name like Siân), and the big lexicon
/// patterns then run several times slower. presend's patterns match English words and
/// ASCII digits, so nothing is lost. (Practices' own `pid_patterns` are compiled as
/// written.)
///
/// Patterns that ignore case are written in lower case without `(?i)`, and search the
/// text folded by [`ascii_lowercase`]: a case-insensitive pattern turns every letter
/// into a class, which takes the regex crate up to twice as long to compile, and
/// compiling is most of what a first check costs.
pub(crate) fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]"))
}

/// `text` with its ASCII letters in lower case, borrowed when it has no capitals.
/// Every byte offset stays the same, so a span found in it is a span of `text`.
pub(crate) fn ascii_lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// One of presend's own patterns, compiled (by [`regex`](fn@regex)) at its first use.
///
/// Compiling is most of what a first check costs, and the add-ins start from nothing
/// at every Send; a pattern needed only around a word-list hit is compiled only for
/// a text that has one.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

impl LazyRegex {
    pub(crate) fn new(pattern: String) -> Self {
        Self {
            pattern,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The compiled pattern: `None` only if it is invalid, which the unit tests rule
    /// out for every pattern presend writes.
    pub(crate) fn get(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| regex(&self.pattern).ok())
            .as_ref()
    }

    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

/// A lexicon's phrases, found in text ignoring ASCII case.
///
/// The automaton holds the phrases in lower case and searches a lower-cased copy of the
/// text (folding ASCII case keeps every byte offset). Aho-Corasick's own ASCII case
/// insensitivity makes the automaton about four times as costly to build: 1 ms
/// natively for the clinical lists, and the add-ins build it afresh at every Send.
/// For the same reason it is a non-contiguous NFA, the cheapest kind to build; the
/// texts searched are short.
#[derive(Debug)]
pub(crate) struct Phrases {
    /// `None` only if the automaton could not be built, which presend's embedded lists
    /// cannot cause.
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Phrases {
    /// The automaton of `phrases`; a hit reports its phrase by position in `phrases`.
    pub(crate) fn new<'p>(phrases: impl IntoIterator<Item = &'p str>) -> Self {
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(phrases.into_iter().map(str::to_ascii_lowercase))
            .ok();
        Self { automaton }
    }

    /// Every occurrence that stands as a whole word in `text`: the characters either
    /// side are not word characters by `is_word`. Overlapping occurrences are all
    /// kept, so that a phrase failing the test ("practice news" in "practice
    /// newsletter") cannot hide one that passes ("newsletter"), and a phrase inside a
    /// longer one ("diabetes" in "type 2 diabetes") is still seen.
    pub(crate) fn whole_words(
        &self,
        text: &str,
        is_word: fn(char) -> bool,
    ) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        self.each_whole_word(text, is_word, |hit| {
            hits.push(hit);
            ControlFlow::Continue(())
        });
        hits
    }

    /// Whether any phrase stands as a whole word in `text`; the search stops at the first.
    pub(crate) fn any_whole_word(&self, text: &str, is_word: fn(char) -> bool) -> bool {
        let mut any = false;
        self.each_whole_word(text, is_word, |_| {
            any = true;
            ControlFlow::Break(())
        });
        any
    }

    /// Hands each whole-word occurrence to `visit` as it is found, until it breaks.
    fn each_whole_word(
        &self,
        text: &str,
        is_word: fn(char) -> bool,
        mut visit: impl FnMut((usize, usize, usize)) -> ControlFlow<()>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let folded = ascii_lowercase(text);
        for found in automaton.find_overlapping_iter(folded.as_ref()) {
            let (start, end) = (found.start(), found.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_none_or(|c| !is_word(c))
                && after.is_none_or(|c| !is_word(c))
                && visit((start, end, found.pattern().as_usize())).is_break()
            {
                return;
            }
        }
    }
}

/// Non-comment lines of an embedded list.
pub(crate) fn list_lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// A word character as the regex crate's ASCII `\b` sees one.
pub(crate) fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Folds text for forgiving comparison: lower case, typographic quotes and dashes made
/// plain, and every run of whitespace (line wrapping included) made one space.
pub fn fold_for_matching(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        let ch = match ch {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            other => other,
        };
        if ch.is_whitespace() {
            pending_space = !folded.is_empty();
            continue;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        folded.extend(ch.to_lowercase());
    }
    folded
}

/// Where an excerpt around a span starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExcerptWindow {
    /// First byte of the excerpt.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    cut_before: bool,
    cut_after: bool,
}

impl ExcerptWindow {
    /// The window around `range`: up to [`EXCERPT_CONTEXT`] characters either side,
    /// never past a line break (the next line may be someone else's quoted text).
    /// Carriage returns are not counted, so a message gives the same excerpt whatever
    /// its line endings. Costs O(context), not O(line): a hostile one-line body with
    /// many findings stays linear.
    pub(crate) fn around(text: &str, range: TextRange) -> Self {
        let mut start = range.start();
        let mut counted = 0;
        for (at, ch) in text[..range.start()].char_indices().rev() {
            if ch == '\n' || counted == EXCERPT_CONTEXT {
                break;
            }
            counted += usize::from(ch != '\r');
            start = at;
        }
        let mut end = range.end();
        let mut counted = 0;
        for (at, ch) in text[range.end()..].char_indices() {
            if ch == '\n' || counted == EXCERPT_CONTEXT {
                break;
            }
            counted += usize::from(ch != '\r');
            end = range.end() + at + ch.len_utf8();
        }
        Self {
            start,
            end,
            cut_before: start > 0 && !text[..start].ends_with('\n'),
            cut_after: end < text.len() && !text[end..].starts_with(['\n', '\r']),
        }
    }

    /// `shown` (the window's text, perhaps masked) on one line, whitespace folded, with
    /// an ellipsis where the line goes on.
    pub(crate) fn render(&self, shown: &str) -> String {
        let mut excerpt = String::with_capacity(shown.len() + 6);
        if self.cut_before {
            excerpt.push('…');
        }
        for (index, word) in shown.split_whitespace().enumerate() {
            if index > 0 {
                excerpt.push(' ');
            }
            excerpt.push_str(word);
        }
        if self.cut_after {
            excerpt.push('…');
        }
        excerpt
    }
}

/// Characters of context an excerpt shows either side of its span.
pub const EXCERPT_CONTEXT: usize = 24;

/// "a@x.com", "a@x.com and b@y.com", "a@x.com, b@y.com and 4 others".
pub(crate) fn list_addresses(addresses: &[String]) -> String {
    const SHOWN: usize = 3;
    match addresses {
        [one] => one.clone(),
        _ if addresses.len() <= SHOWN => {
            let (last, init) = addresses
                .split_last()
                .map_or(("", &[][..]), |(l, i)| (l.as_str(), i));
            format!("{} and {last}", init.join(", "))
        }
        _ => format!(
            "{} and {} others",
            addresses[..SHOWN - 1].join(", "),
            addresses.len() - (SHOWN - 1)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_unchanged() {
        let index = Utf16Index::new("plain text");
        assert_eq!(index.utf16(5), 5);
    }

    #[test]
    fn utf16_offsets_count_code_units_after_accents_and_emoji() {
        // é is 2 bytes / 1 unit; 😀 is 4 bytes / 2 units.
        let text = "é😀 u";
        let index = Utf16Index::new(text);
        let u = text.find('u').unwrap();
        assert_eq!(u, 7);
        let span = index.span(TextRange::new(u, u + 1));
        assert_eq!((span.utf16_start, span.utf16_end), (4, 5));
        let js_units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(js_units[4], u16::from(b'u'));
    }

    #[test]
    fn folding_ignores_case_wrapping_and_smart_quotes() {
        assert_eq!(
            fold_for_matching("If you\u{2019}re NOT\r\n  the   intended"),
            "if you're not the intended"
        );
    }

    fn excerpt(text: &str, range: TextRange) -> String {
        let window = ExcerptWindow::around(text, range);
        window.render(&text[window.start..window.end])
    }

    #[test]
    fn excerpt_stays_on_char_boundaries() {
        let text = "ééééééééééééééééééééééééééééé u ééééééééééééééééééééééééééééé";
        let at = text.find(" u ").unwrap() + 1;
        let cut = excerpt(text, TextRange::new(at, at + 1));
        assert!(cut.contains(" u "));
        assert!(cut.starts_with('…') && cut.ends_with('…'));
    }
}
