//! Word lists searched together: one automaton for every list, one pass over each text.
//!
//! Three rules read the sender's own text for words from a list: textspeak, clinical
//! terms and the message categories. Searching each list on its own read every byte of
//! that text three times, and each search stopped at every `u` and `r` inside a longer
//! word only to throw the hit away, since those letters are textspeak terms. Here the
//! lists share one automaton that is searched once per text, and a hit is a whole word
//! by construction:
//!
//! - the text is first *folded word by word*: ASCII letters to lower case, and every
//!   character that is not part of a word (spaces, punctuation, a curly apostrophe)
//!   to a space, byte for byte, so every offset stays the same;
//! - each term is folded the same way and framed by a space either side;
//! - the folded text is framed by a space too, so a term can stand at either end.
//!
//! A term then only matches where its first and last characters have non-word
//! characters beside them. Where a term has a non-word character inside it (`c u`,
//! `co-codamol`, `we'd love`), the fold makes that character a space and so would also
//! match `c-u`; such a hit is checked against the text as written.
//!
//! A word character is an ASCII letter or digit, `_`, or any other alphanumeric
//! character (`é` in `Siân` is inside the word, so `si` is not a word there).

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::text::TextRange;

/// What the fold makes of every character that is not part of a word.
const GAP: u8 = b' ';

/// Which list a term is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// `data/textspeak.tsv`'s words (the emoticons are matched apart).
    Textspeak,
    /// `data/clinical/`'s conditions, tests, medicines, symptoms and remedies.
    Clinical,
    /// `data/categories.tsv`'s phrases.
    Categories,
}

const LISTS: usize = 3;

impl List {
    fn slot(self) -> usize {
        match self {
            List::Textspeak => 0,
            List::Clinical => 1,
            List::Categories => 2,
        }
    }
}

/// One term found as a whole word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Where it is in the text searched.
    pub range: TextRange,
    /// Which term of its list, by its position in the list as given to [`Lexicons::new`].
    pub term: usize,
}

/// The hits of one search, by list, in the order they end; overlapping hits are all
/// kept ("diabetes" inside "type 2 diabetes", "u" and "r" in "u r").
#[derive(Debug, Default)]
pub(crate) struct Hits {
    by_list: [Vec<Hit>; LISTS],
}

impl Hits {
    /// Keeps only the hits, of every list, for which `keep` holds.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Hit) -> bool) {
        for hits in &mut self.by_list {
            hits.retain(&mut keep);
        }
    }

    /// The hits of `list`.
    pub(crate) fn of(&self, list: List) -> &[Hit] {
        &self.by_list[list.slot()]
    }
}

/// One automaton for several word lists.
#[derive(Debug)]
pub(crate) struct Lexicons {
    /// `None` only if the automaton could not be built, which presend's embedded lists
    /// cannot cause (a unit test builds them).
    automaton: Option<AhoCorasick>,
    /// What each pattern of the automaton is, by pattern id.
    patterns: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    list: List,
    term: usize,
    /// The term in lower case, when it has a non-word character inside and a hit must
    /// be checked against the text as written.
    exact: Option<Box<str>>,
}

impl Lexicons {
    /// The automaton of `lists`: each list with its terms in order.
    ///
    /// A non-contiguous NFA, the cheapest kind of automaton to build: the add-ins build
    /// it afresh at every Send, and a check searches only what the sender wrote.
    pub(crate) fn new<'t>(lists: impl IntoIterator<Item = (List, Vec<&'t str>)>) -> Self {
        let mut folded_terms = Vec::new();
        let mut patterns = Vec::new();
        for (list, terms) in lists {
            for (term, text) in terms.into_iter().enumerate() {
                let mut folded = Vec::with_capacity(text.len() + 2);
                fold_words(text, &mut folded);
                let inside = &folded[1..folded.len() - 1];
                let exact = inside
                    .contains(&GAP)
                    .then(|| text.to_ascii_lowercase().into_boxed_str());
                folded_terms.push(folded);
                patterns.push(Pattern { list, term, exact });
            }
        }
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&folded_terms)
            .ok();
        Self {
            automaton,
            patterns,
        }
    }

    /// Every whole-word term in `text[range]`, added to `hits` with its range in `text`.
    /// The ends of `range` count as word boundaries.
    pub(crate) fn search(&self, text: &str, range: TextRange, hits: &mut Hits) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let Some(slice) = text.get(range.start()..range.end()) else {
            return;
        };
        let mut folded = Vec::with_capacity(slice.len() + 2);
        fold_words(slice, &mut folded);
        for found in automaton.find_overlapping_iter(&folded) {
            let Some(pattern) = self.patterns.get(found.pattern().as_usize()) else {
                continue;
            };
            // The match spans the term and the framing space either side; the folded
            // text is one byte ahead of `slice`.
            let start = range.start() + found.start();
            let end = range.start() + found.end() - 2;
            if let Some(exact) = &pattern.exact
                && !text
                    .get(start..end)
                    .is_some_and(|written| written.eq_ignore_ascii_case(exact))
            {
                continue;
            }
            hits.by_list[pattern.list.slot()].push(Hit {
                range: TextRange::new(start, end),
                term: pattern.term,
            });
        }
    }
}

/// Appends `text` folded word by word (see the module's documentation), framed by a
/// space either side: byte `i + 1` of the output stands for byte `i` of `text`.
fn fold_words(text: &str, out: &mut Vec<u8>) {
    out.reserve(text.len() + 2);
    out.push(GAP);
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, most of any text, go through the table.
        let ascii = rest
            .bytes()
            .position(|byte| !byte.is_ascii())
            .unwrap_or(rest.len());
        out.extend(
            rest.as_bytes()[..ascii]
                .iter()
                .map(|&byte| fold_ascii(byte)),
        );
        rest = &rest[ascii..];
        let Some(ch) = rest.chars().next() else {
            break;
        };
        let width = ch.len_utf8();
        if ch.is_alphanumeric() {
            out.extend_from_slice(&rest.as_bytes()[..width]);
        } else {
            out.extend(std::iter::repeat_n(GAP, width));
        }
        rest = &rest[width..];
    }
    out.push(GAP);
}

/// An ASCII byte folded: letters to lower case, digits and `_` kept, the rest a gap.
/// Written without branches or a table so that the compiler can fold many bytes at once.
#[inline]
fn fold_ascii(byte: u8) -> u8 {
    let upper = byte.wrapping_sub(b'A') < 26;
    let lower = byte.wrapping_sub(b'a') < 26;
    let digit = byte.wrapping_sub(b'0') < 10;
    let word = upper | lower | digit | (byte == b'_');
    if word {
        byte | (u8::from(upper) << 5)
    } else {
        GAP
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lexicons: &Lexicons, text: &str) -> Vec<(List, usize, String)> {
        let mut hits = Hits::default();
        lexicons.search(text, TextRange::new(0, text.len()), &mut hits);
        [List::Textspeak, List::Clinical, List::Categories]
            .into_iter()
            .flat_map(|list| {
                hits.of(list).iter().map(move |hit| {
                    (
                        list,
                        hit.term,
                        text[hit.range.start()..hit.range.end()].to_owned(),
                    )
                })
            })
            .collect()
    }

    fn lexicons() -> Lexicons {
        Lexicons::new([
            (List::Textspeak, vec!["u", "r", "c u"]),
            (
                List::Clinical,
                vec!["diabetes", "type 2 diabetes", "co-codamol"],
            ),
            (
                List::Categories,
                vec!["results", "we'd love", "we\u{2019}d love"],
            ),
        ])
    }

    #[test]
    fn folding_keeps_word_bytes_and_offsets() {
        let mut folded = Vec::new();
        fold_words("A-z_0é’9", &mut folded);
        assert_eq!(folded, " a z_0é   9 ".as_bytes());
        for byte in 0..128u8 {
            let word = byte.is_ascii_alphanumeric() || byte == b'_';
            let expected = if word { byte.to_ascii_lowercase() } else { GAP };
            assert_eq!(fold_ascii(byte), expected, "{byte}");
        }
    }

    #[test]
    fn terms_match_only_as_whole_words() {
        let lexicons = lexicons();
        assert!(found(&lexicons, "Your results are in our surgery").len() == 1);
        assert_eq!(
            found(&lexicons, "thank U, c u soon"),
            [
                (List::Textspeak, 0, "U".to_owned()),
                (List::Textspeak, 2, "c u".to_owned()),
                (List::Textspeak, 0, "u".to_owned()),
            ],
            "case is folded; the rules decide what capitals mean"
        );
        assert!(
            found(&lexicons, "u_r and Siân\u{2019}s ur").is_empty(),
            "_ and â join words"
        );
        assert_eq!(
            found(&lexicons, "u\u{2019}r").len(),
            2,
            "a curly apostrophe parts words"
        );
    }

    #[test]
    fn overlapping_terms_are_all_found_and_lists_share_one_pass() {
        let lexicons = lexicons();
        let hits = found(&lexicons, "Type 2 diabetes: u r on co-codamol; results.");
        let words: Vec<&str> = hits.iter().map(|(_, _, word)| word.as_str()).collect();
        assert_eq!(
            words,
            [
                "u",
                "r",
                "Type 2 diabetes",
                "diabetes",
                "co-codamol",
                "results"
            ]
        );
    }

    #[test]
    fn a_term_with_punctuation_inside_matches_only_as_written() {
        let lexicons = lexicons();
        let hits = found(&lexicons, "co codamol, c-u, c  u");
        let words: Vec<&str> = hits.iter().map(|(_, _, word)| word.as_str()).collect();
        assert_eq!(words, ["u", "u"], "only the single letters");
        let hits = found(&lexicons, "We\u{2019}d love to, we'd love to");
        assert_eq!(
            hits.iter().map(|(_, term, _)| *term).collect::<Vec<_>>(),
            [2, 1],
            "each apostrophe matches its own form"
        );
    }

    #[test]
    fn a_range_is_searched_with_its_ends_as_word_boundaries() {
        let lexicons = lexicons();
        let text = "xu\nu r\nrx";
        let mut hits = Hits::default();
        lexicons.search(text, TextRange::new(3, 6), &mut hits);
        let ranges: Vec<(usize, usize)> = hits
            .of(List::Textspeak)
            .iter()
            .map(|hit| (hit.range.start(), hit.range.end()))
            .collect();
        assert_eq!(ranges, [(3, 4), (5, 6)]);
    }
}
