use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use unicode_segmentation::UnicodeSegmentation;

use crate::context::Context;
use crate::lexicon::{Hit, List};
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::{TextRange, list_lines};
use crate::view::{Region, is_shielded};

declare_rule! {
    /// ## What it catches
    /// Text-message language in the sender's own new text or the subject: abbreviations
    /// (`pls`, `thx`, `btw`, `lol`), letter and number homophones (`u`, `ur`, `r`, `gr8`,
    /// `b4`, `2moro`, `l8r`, `c u`), emoticons (`:)`, `;-)`) and kisses as a sign-off
    /// (`xx` at the end of a line). One finding for each, with the plain word to use.
    ///
    /// ## Why it matters
    /// The MPS factsheet asks practices to answer patients' email professionally and to
    /// avoid textspeak in particular. Every email to a patient becomes part of their
    /// record, and may be read by others who use the same account.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["jane.doe@gmail.com"], "subject": "Appointment",
    ///  "body": {"text": "Dear Jane,\n\nYour appointment is confirmed. See u on Monday.\n\nKind regards"}}
    /// ```
    ///
    /// ## Not flagged
    /// A patient's own textspeak quoted in a reply, links and addresses, placeholders
    /// (`XXX`, `Skype: xxx`), lines of text that could not be decoded (where a wrong
    /// charset leaves fragments such as `r`), and ordinary abbreviations and capital
    /// letters:
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "subject": "Re: appt",
    ///  "body": {"text": "Dear Jane,\n\nFYI the UK guidance on vitamin D is at https://ur.example/u/2day and Dr Okafor is in Room R.\n\nOn Mon, 3 Nov 2025, Jane wrote:\n> thx c u 2moro\n"}}
    /// ```
    ///
    /// ## What to do
    /// Write the words out in full (each finding suggests them), and sign off with
    /// "Kind regards" or your name and role.
    pub Textspeak {
        id: "textspeak",
        default: Warn,
        summary: "Text-message language (u, pls, gr8, 2moro, :), xx) in the sender's own text or subject",
        fix: NeedsReview,
        sources: [
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Follows, point: "respond professionally and avoid textspeak" },
        ],
    }
}

/// The textspeak lexicon (`data/textspeak.tsv`), compiled once per process.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// Word terms with their plain words; "c u" among them. They are found with the
    /// other word lists, in one pass over the sender's text ([`Context::own_words`]).
    word_terms: Vec<(&'static str, &'static str)>,
    /// `None` only if the automaton could not be built, which the embedded list
    /// cannot cause.
    emoticons: Option<AhoCorasick>,
    emoticon_terms: Vec<(&'static str, &'static str)>,
}

const LEXICON: &str = include_str!("../../data/textspeak.tsv");
const REMOVE: &str = "(remove)";

/// The word terms, for the shared word-list automaton: a hit's term is its position here.
pub(crate) fn lexicon_terms() -> Vec<&'static str> {
    Lexicon::shared()
        .word_terms
        .iter()
        .map(|&(term, _)| term)
        .collect()
}

impl Lexicon {
    /// The lexicon, built on first use; it depends on no policy, so one serves every checker.
    fn shared() -> &'static Lexicon {
        static SHARED: LazyLock<Lexicon> = LazyLock::new(Lexicon::new);
        &SHARED
    }

    fn new() -> Self {
        // "c u": two single letters that only mean "see you" together.
        let mut word_terms = vec![("c u", "see you")];
        let mut emoticon_terms = Vec::new();
        for line in list_lines(LEXICON) {
            let (term, plain) = line.split_once('\t').unwrap_or((line, REMOVE));
            if term.chars().any(char::is_alphanumeric) && !term.starts_with([':', ';', '<']) {
                word_terms.push((term, plain));
            } else {
                emoticon_terms.push((term, plain));
            }
        }
        // Leftmost-longest, so `:-)` is one match rather than `:-` and `)`.
        let emoticons = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(emoticon_terms.iter().map(|(term, _)| term))
            .ok();
        Self {
            word_terms,
            emoticons,
            emoticon_terms,
        }
    }
}

pub(crate) struct Term {
    field: Field,
    range: TextRange,
    term: String,
    plain: &'static str,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Emoticon,
    Kisses,
}

impl Rule for Textspeak {
    type State = Term;

    fn run(cx: &Context<'_>) -> Vec<Term> {
        let lexicon = Lexicon::shared();
        let words = cx.own_words();
        let mut found = Vec::new();
        let subject = cx.draft.subject.as_str();
        let (body, shielded) = (cx.view.body.as_ref(), &cx.view.shielded);
        let subject_shielded = &cx.view.subject_shielded;
        let subject_hits = words.subject.of(List::Textspeak);
        word_terms(lexicon, subject, subject_hits, Field::Subject, &mut found);
        marks(
            lexicon,
            subject,
            TextRange::new(0, subject.len()),
            subject_shielded,
            Field::Subject,
            &mut found,
        );
        let body_hits = words.body.of(List::Textspeak);
        word_terms(lexicon, body, body_hits, Field::Body, &mut found);
        for range in cx.view.ranges(Region::Own) {
            marks(lexicon, body, range, shielded, Field::Body, &mut found);
        }
        found
    }

    fn location(_cx: &Context<'_>, state: &Term) -> Location {
        Location::text(state.field, state.range)
    }

    fn message(_cx: &Context<'_>, state: &Term) -> String {
        match state.kind {
            Kind::Word if state.plain == REMOVE => format!(
                "\"{}\" is text-message language; leave it out of a professional email.",
                state.term
            ),
            Kind::Word => format!(
                "\"{}\" is text-message language; in a professional email write \"{}\".",
                state.term, state.plain
            ),
            Kind::Emoticon => format!(
                "The emoticon \"{}\" reads as informal in a professional email; remove it.",
                state.term
            ),
            Kind::Kisses => format!(
                "Kisses (\"{}\") are not a professional sign-off; end with \"Kind regards\" and your name.",
                state.term
            ),
        }
    }

    fn fix(cx: &Context<'_>, state: &Term) -> Option<Proposal> {
        let replacement = if state.plain == REMOVE {
            String::new()
        } else {
            state.plain.to_owned()
        };
        let index = match state.field {
            Field::Subject => &cx.view.subject_utf16,
            _ => &cx.view.body_utf16,
        };
        let title = if replacement.is_empty() {
            format!("Remove \"{}\"", state.term)
        } else {
            format!("Replace \"{}\" with \"{replacement}\"", state.term)
        };
        Some(Proposal {
            title,
            edit: Edit::ReplaceText {
                field: state.field,
                span: index.span(state.range),
                replacement,
            },
        })
    }
}

/// The word terms among `hits` (the textspeak hits in `text`, links, addresses and
/// undecoded text already left out) that are textspeak here: not glued to a longer
/// form, and the longer of two that overlap ("c u" over its "u").
fn word_terms(lexicon: &Lexicon, text: &str, hits: &[Hit], field: Field, found: &mut Vec<Term>) {
    let mut hits: Vec<Hit> = hits
        .iter()
        .copied()
        .filter(|hit| !joined(text, hit.range))
        .collect();
    hits.sort_by_key(|hit| (hit.range.start(), std::cmp::Reverse(hit.range.end())));
    let mut last_end = 0;
    for Hit { range: at, term } in hits {
        if at.start() < last_end {
            continue;
        }
        let word = &text[at.start()..at.end()];
        let Some(&(term, plain)) = lexicon.word_terms.get(term) else {
            continue;
        };
        // Single letters count only in lower case: capital U and R are names of rooms,
        // units and grades. "c u" likewise.
        if (word.len() == 1 || term == "c u") && word != term {
            continue;
        }
        last_end = at.end();
        found.push(Term {
            field,
            range: at,
            term: word.to_owned(),
            plain,
            kind: Kind::Word,
        });
    }
}

/// Kisses and emoticons in `text[range]`: marks rather than words, found line by line.
fn marks(
    lexicon: &Lexicon,
    text: &str,
    range: TextRange,
    shielded: &[TextRange],
    field: Field,
    found: &mut Vec<Term>,
) {
    let slice = &text[range.start()..range.end()];
    let whole_word = |at: TextRange| {
        let before = text[..at.start()].chars().next_back();
        let after = text[at.end()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    };
    // Kisses: a run of x's closing a short line.
    let bytes = slice.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !matches!(bytes[at], b'x' | b'X') {
            at += 1;
            continue;
        }
        let end = bytes[at..]
            .iter()
            .position(|b| !matches!(b, b'x' | b'X'))
            .map_or(bytes.len(), |n| at + n);
        let run = TextRange::new(range.start() + at, range.start() + end);
        let word = &text[run.start()..run.end()];
        if whole_word(run)
            && !is_shielded(shielded, run)
            && !joined(text, run)
            && is_kisses(text, run, word)
        {
            found.push(Term {
                field,
                range: run,
                term: word.to_owned(),
                plain: REMOVE,
                kind: Kind::Kisses,
            });
        }
        at = end;
    }
    for hit in lexicon
        .emoticons
        .iter()
        .flat_map(|automaton| automaton.find_iter(slice))
    {
        let at = TextRange::new(range.start() + hit.start(), range.start() + hit.end());
        let before = text[..at.start()].chars().next_back();
        let after = text[at.end()..].chars().next();
        let bounded = before.is_none_or(|c| c.is_whitespace() || c == '(')
            && after.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?' | ')'));
        if bounded && !is_shielded(shielded, at) {
            let (term, _) = lexicon.emoticon_terms[hit.pattern().as_usize()];
            found.push(Term {
                field,
                range: at,
                term: term.to_owned(),
                plain: REMOVE,
                kind: Kind::Emoticon,
            });
        }
    }
}

/// Whether the word at `at` is glued to its neighbours by a hyphen, apostrophe, slash,
/// ampersand or dot (`U-shaped`, `r&d`, `u.s.`), making it part of something larger.
fn joined(text: &str, at: TextRange) -> bool {
    let glue = |c: char| {
        matches!(
            c,
            '-' | '\'' | '\u{2019}' | '/' | '&' | '_' | '@' | '.' | '=' | '+'
        )
    };
    let before = text[..at.start()].chars().next_back();
    let after = text[at.end()..].chars().next();
    let after_glued = after.is_some_and(|c| glue(c) && c != '.') || {
        // A full stop ends a sentence unless a letter follows it (`u.s.`).
        after == Some('.')
            && text[at.end() + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    };
    before.is_some_and(glue) || after_glued
}

/// `x`, `xx`, `xxx` closing a short line: a sign-off of kisses. Capital `XX` and
/// `XXX`, and x's after a label (`Skype: xxx`), are placeholders for something left
/// out ("Joe XXX", a subject of "XX"), not kisses.
fn is_kisses(text: &str, at: TextRange, word: &str) -> bool {
    let kisses = (1..=4).contains(&word.len()) && word.bytes().all(|b| b == b'x');
    let after_label = text[..at.start()].trim_end().ends_with(':');
    if !kisses || after_label {
        return false;
    }
    // Both scans stop early, so a long line of x's stays linear.
    let rest_of_line_empty = text[at.end()..]
        .chars()
        .take_while(|&c| c != '\n')
        .all(|c| c.is_whitespace() || matches!(c, '.' | '!'));
    if !rest_of_line_empty {
        return false;
    }
    const SIGN_OFF_WINDOW: usize = 64;
    let window_start = at.start().saturating_sub(SIGN_OFF_WINDOW);
    let window_start = (window_start..=at.start())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at.start());
    let before = &text[window_start..at.start()];
    let line = before.rfind('\n').map_or(before, |n| &before[n + 1..]);
    let whole_line = window_start == 0 || before.contains('\n');
    whole_line && line.unicode_words().count() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Hits, Lexicons};

    fn terms(text: &str) -> Vec<String> {
        let lexicon = Lexicon::new();
        let words = Lexicons::new([(List::Textspeak, lexicon_terms())]);
        let whole = TextRange::new(0, text.len());
        let mut hits = Hits::default();
        words.search(text, whole, &mut hits);
        let mut found = Vec::new();
        let hits = hits.of(List::Textspeak);
        word_terms(&lexicon, text, hits, Field::Body, &mut found);
        marks(&lexicon, text, whole, &[], Field::Body, &mut found);
        found.sort_by_key(|t| t.range);
        found
            .into_iter()
            .map(|t| text[t.range.start()..t.range.end()].to_owned())
            .collect()
    }

    #[test]
    fn finds_abbreviations_homophones_emoticons_and_kisses() {
        assert_eq!(
            terms("c u 2moro, thx :) gr8 news b4 lunch"),
            ["c u", "2moro", "thx", ":)", "gr8", "b4"]
        );
        assert_eq!(terms("Thanks for coming in\nLove Sarah xx\n"), ["xx"]);
        assert_eq!(terms("See you then\nJo x"), ["x"]);
        assert_eq!(terms("Are u free? PLS reply ;-)"), ["u", "PLS", ";-)"]);
    }

    #[test]
    fn ignores_ordinary_words_capitals_and_joined_forms() {
        assert!(terms("I saw a GP in the UK, FYI, ASAP, Dr, NP, ATM, vitamin D").is_empty());
        assert!(terms("The U-shaped curve; Room R; Flat 2B; r&d; the u.s. site").is_empty());
        assert!(terms("Meet at 10:30 (see note 3:1) and xx-ray xxl").is_empty());
        // Placeholders for what was left out, not kisses.
        assert!(terms("Thanks,\nJoe XXX").is_empty());
        assert!(terms("XX").is_empty());
        assert!(terms("Name\nskype: xxx\n").is_empty());
        assert!(
            terms("Our ref is XX-1234 for flat XX in block C and multiply by x now").is_empty()
        );
    }
}
