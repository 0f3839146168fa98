use std::sync::LazyLock;

use regex::Regex;

use crate::context::Context;
use crate::lexicon::{Hit, List as LexiconList};
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};
use crate::text::{LazyRegex, TextRange, ascii_lowercase, is_ascii_word, list_lines};
use crate::view::Region;

declare_rule! {
    /// ## What it catches
    /// Clinical matters in the sender's own new text of a message to a patient (a
    /// recipient outside the practice's and secure domains and not at an NHS
    /// organisation; a referral to a hospital trust is not a message to a patient):
    /// - a diagnosis asserted about the patient: "the tests confirm you have type 2
    ///   diabetes", "positive for chlamydia";
    /// - a test result with its value: "your HbA1c was 52 mmol/mol", "eGFR 48",
    ///   "blood pressure 158/96";
    /// - a medicine with its dose: "increase your amlodipine to 10mg", "two puffs of
    ///   salbutamol";
    /// - advice about symptoms: "if the rash spreads…", "take paracetamol".
    ///
    /// Administration is not clinical: booking a diabetes review, a prescription ready to
    /// collect, asking the patient to ring about their results, the "if urgent, call 111"
    /// line. Nor is anything in quoted history or the signature. The words it knows are
    /// data files (`data/clinical/`), each with its sources.
    ///
    /// ## Why it matters
    /// The MDDUS advises GPs not to discuss clinical matters by email, and never as a
    /// substitute for a consultation; the MDDUS and MPS both warn that others may read a
    /// patient's email. The MPS lists results among the matters email may carry only by
    /// agreement, which is what `disclosure-level` checks.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["jane.doe@gmail.com"], "subject": "Your blood test",
    ///  "body": {"text": "Dear Jane,\n\nYour HbA1c was 52 mmol/mol, so please make an appointment.\n\nKind regards"}}
    /// ```
    ///
    /// ## Not flagged
    /// Administration, and the same result sent to a colleague on NHSmail:
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "subject": "Your results",
    ///  "body": {"text": "Dear Jane,\n\nYour blood test results are back. Please ring the surgery to discuss them, or book a review of your diabetes.\n\nIf your query is urgent, call 111."}}
    /// ```
    /// ```json
    /// {"to": ["sarah.patel@nhs.net"], "body": {"text": "Jane's HbA1c was 52 mmol/mol; please review her metformin 500mg."}}
    /// ```
    ///
    /// ## What to do
    /// Take the clinical detail out and ask the patient to ring the surgery or book an
    /// appointment to discuss it.
    pub ClinicalContent {
        id: "clinical-content",
        default: Warn,
        summary: "Clinical detail (a diagnosis, a result with its value, a dose, symptom advice) in a message to a patient",
        fix: None,
        sources: [
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "do not discuss clinical matters by email; it is no substitute for a consultation" },
            Source { guidance: Guidance::MddusOptIn, relation: Relation::Follows, point: "refrain from discussing clinical issues by email" },
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Inspired, point: "keep email to appropriate matters; it is hard to answer questions about symptoms well by email" },
        ],
    }
}

/// The clinical word lists.
const CONDITIONS: &str = include_str!("../../data/clinical/conditions.txt");
const TESTS: &str = include_str!("../../data/clinical/tests.txt");
const MEDICINES: &str = include_str!("../../data/clinical/medicines.txt");
const SYMPTOMS: &str = include_str!("../../data/clinical/symptoms.txt");
const REMEDIES: &str = include_str!("../../data/clinical/remedies.txt");
/// Words that open a pattern of their own (a blood pressure reading, a change of dose),
/// found with the word lists so that the rest of the pattern is only compiled, and
/// only searched, after one of them.
const READINGS: &[&str] = &["reading", "readings", "bp"];
const PRESSURE: &[&str] = &["pressure"];
const DOSE_CHANGES: &[&str] = &[
    "take", "taking", "use", "using", "increase", "reduce", "decrease", "double", "halve",
];

/// Laboratory units: a number with one of these is a result, whatever precedes it.
/// (The patterns search text with ASCII letters folded, so micro is written in each of
/// its forms: the micro sign and the Greek letter in either case.)
const LAB_UNITS: &str = r"mmol/mol|mmol/l|mg/dl|[µμΜ]mol/l|umol/l|micromol/l|g/l|g/dl|ml/min(?:/1\.73\s?m2)?|x\s?10\^?9/l|mmhg|ng/ml|iu/l|miu/l|mu/l|u/l|pmol/l|nmol/l";
const DOSE_UNITS: &str =
    r"mg|mcg|micrograms?|milligrams?|g|grams?|ml|units?|puffs?|tablets?|capsules?|drops?|sachets?";
/// Counts of doses, in digits or words ("two puffs", "1 to 2 tablets").
const COUNT: &str = r"(?:\d+|one|two|three|four|half\s+a|a)";
const COUNT_UNITS: &str = r"puffs?|tablets?|capsules?|drops?|sachets?|spoonfuls?";
/// A word, as the patterns mean one: English, and Latin letters with accents. (Unicode's
/// `\w` would cost the regex crate a table of hundreds of ranges to compile.)
const WORD: &str = r"[0-9A-Za-z_\u{C0}-\u{24F}]";

/// How far before or after a word-list hit its context may reach, in bytes. The context
/// patterns bound their gaps at 50 characters, and their words and spaces fit well
/// within this.
const WINDOW: usize = 240;

/// Which word list a phrase comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Conditions,
    Tests,
    Medicines,
    Symptoms,
    Remedies,
    Readings,
    Pressure,
    DoseChanges,
}

/// Where a pattern for one kind of clinical matter looks. Each is compiled at its
/// first use: a pattern around a word list only for a text with a hit of that list.
#[derive(Debug)]
enum Shape {
    /// Over the whole text: the pattern names no word list.
    Plain(LazyRegex),
    /// Around a hit of one word list: `before` must match before the hit and `after`
    /// after it, each within its gap (each absent when the hit stands alone on that
    /// side). Where hits give matches with one start, the old pattern's quantifiers
    /// chose: the nearest hit when lazy (`nearest`), else the farthest.
    Around {
        list: List,
        before: Option<Before>,
        after: Option<After>,
        nearest: bool,
    },
}

/// The `before` side of a pattern: `regex` must end within `gap` characters of the
/// hit's start, none of them ending a sentence or a line, as a `[^.!?\n]{0,gap}?`
/// after it would.
///
/// Gaps are code rather than part of the pattern: forty copies of a class that takes
/// in most of Unicode cost the regex crate more to compile than the rest of a pattern
/// did.
#[derive(Debug)]
struct Before {
    gap: usize,
    regex: LazyRegex,
}

/// The `after` side of a pattern: `regex` must match within `gap` characters of the
/// hit's end, as a lazy `[^.!?\n]{0,gap}?` before it would.
#[derive(Debug)]
struct After {
    gap: usize,
    regex: LazyRegex,
}

/// The clinical lexicons and the patterns that use them.
///
/// The word lists are searched with the other lexicons in one pass over the sender's
/// text ([`Context::own_words`]), and each pattern is split at its word list into small
/// regexes around a hit, so nothing large is compiled at first use. (The four patterns this
/// replaced inlined each list, up to 9.6 KB of alternation, and took about 18 ms to
/// compile natively, and over a second in Outlook's JavaScript-only runtime.)
#[derive(Debug)]
struct Lexicon {
    /// Every phrase of every list, for the shared word-list automaton.
    terms: Vec<&'static str>,
    /// The list each phrase (by its position in `terms`) comes from.
    lists: Vec<List>,
    /// Each kind's patterns, in the order its old alternation tried them: at one start,
    /// the first that matches wins.
    patterns: Vec<(Kind, Shape)>,
}

/// The `before` side: `pattern` within `gap` characters of the hit's start.
///
/// With no gap, the pattern must end where the hit begins: the hit's first character is
/// kept in the searched text, so `\b` at the join is judged as in the whole text. With
/// one, the pattern's matches must never overlap and each must end in the one place
/// ("if the", "if your", …), so that the leftmost match ending within the gap is the
/// one the gap in a single pattern would give.
fn before(gap: usize, pattern: &str) -> Before {
    let regex = if gap == 0 {
        format!(r"(?:{pattern})(?s:.)\z")
    } else {
        pattern.to_owned()
    };
    Before {
        gap,
        regex: LazyRegex::new(regex),
    }
}

/// The `after` side: `pattern` within `gap` characters of the hit's end.
fn after(gap: usize, pattern: &str) -> After {
    After {
        gap,
        regex: LazyRegex::new(pattern.to_owned()),
    }
}

/// Every phrase of the clinical lists, for the shared word-list automaton: a hit's term
/// is its position here.
pub(crate) fn lexicon_terms() -> Vec<&'static str> {
    Lexicon::shared().terms.clone()
}

impl Lexicon {
    /// The lexicons, built on first use: they depend on no policy, so one copy
    /// serves every checker and `Checker::new` stays cheap.
    fn shared() -> &'static Lexicon {
        static SHARED: LazyLock<Lexicon> = LazyLock::new(Lexicon::new);
        &SHARED
    }

    fn new() -> Self {
        let mut lists = Vec::new();
        let data = [
            (List::Conditions, CONDITIONS),
            (List::Tests, TESTS),
            (List::Medicines, MEDICINES),
            (List::Symptoms, SYMPTOMS),
            (List::Remedies, REMEDIES),
        ]
        .into_iter()
        .flat_map(|(list, text)| list_lines(text).map(move |phrase| (list, phrase)));
        let words = [
            (List::Readings, READINGS),
            (List::Pressure, PRESSURE),
            (List::DoseChanges, DOSE_CHANGES),
        ]
        .into_iter()
        .flat_map(|(list, words)| words.iter().map(move |&word| (list, word)));
        let mut terms = Vec::new();
        for (list, phrase) in data.chain(words) {
            terms.push(phrase);
            lists.push(list);
        }

        let diagnosis_trigger = r"\b(?:diagnosed\s+with|diagnosis\s+(?:of|is)|(?:confirms?|confirmed|shows?|showed)\s+(?:that\s+)?you\s+have|(?:results?|tests?|bloods?|scan|x-?ray|swab|biopsy|smear)\s+(?:shows?|showed|suggests?|suggested|indicates?|indicated|confirms?|confirmed)(?:\s+that)?(?:\s+you\s+have)?|consistent\s+with|in\s+keeping\s+with|(?:tested\s+)?positive\s+for|you\s+have(?:\s+got)?|you've\s+got|you\s+are\s+suffering\s+from|suffering\s+from)\s+(?:(?:a|an|the|mild|moderate|severe|early|borderline|possible|probable|likely|some|signs\s+of|evidence\s+of|type\s*[12]|stage\s*\d)\s+){0,3}";
        let result_after = format!(
            r"(?:\s+(?:level|levels|reading|readings|result|count|score))?(?:\s*(?:was|were|is|of|at|now|:|=|-|–|came\s+back(?:\s+at)?|has\s+(?:come\s+down|gone\s+up|dropped|risen|fallen|increased|decreased)\s+to|measured|has\s+been))*\s*\d+(?:\.\d+)?(?:/\d+)?\b(?:\s*(?:{LAB_UNITS}|%))?(?:[^:\d]|$)"
        );
        let dose_after = format!(
            r"\b(?:\d+(?:\.\d+)?\s*(?:{DOSE_UNITS})|{COUNT}\s+(?:to\s+{COUNT}\s+)?(?:{COUNT_UNITS}))\b"
        );
        let dose_before = format!(r"\b\d+(?:\.\d+)?\s*(?:{DOSE_UNITS})\s+(?:of\s+)?(?:your\s+)?");
        let count_before = format!(
            r"\b{COUNT}\s+(?:to\s+{COUNT}\s+)?(?:{COUNT_UNITS})\s+(?:of\s+)?(?:(?:your|the|a|an|{WORD}+)\s+){{0,2}}"
        );
        let frequency_after = r"\b(?:once|twice|three\s+times|four\s+times)\s+(?:a|per)\s+day\b";
        let if_symptom_before = r"\bif\s+(?:the|your|you|this|it|these|any)\b";
        let worse_after = r"\b(?:gets?\s+worse|getting\s+worse|worsens?|persists?|continues?|spreads?|returns?|comes?\s+back|doesn't\s+(?:settle|improve|go)|does\s+not\s+(?:settle|improve|go)|lasts?\s+(?:more|longer))";
        let develop_before = r"\bif\s+you\s+(?:develop|notice|get|experience|start\s+to\s+have)\s+(?:a\s+|an\s+|any\s+|more\s+)?";
        let remedy_before = r"\b(?:take|taking|try|use|using|apply|drink|keep\s+taking)\s+(?:some\s+|regular\s+|plenty\s+of\s+)?";

        let reading_after = r"\b(?:was|were|is|of|at|averag[a-z]*)\s+\d{2,3}/\d{2,3}\b";
        let dose_change_after = r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|milligrams?|ml)\b";

        let around = |list, before_pattern: Option<&str>, after: Option<After>| Shape::Around {
            list,
            before: before_pattern.map(|pattern| before(0, pattern)),
            after,
            nearest: false,
        };
        let patterns = vec![
            (
                Kind::Diagnosis,
                around(List::Conditions, Some(diagnosis_trigger), None),
            ),
            // "readings? … was 152/94", "blood pressure … was 158/96", "BP … was …".
            (
                Kind::Result,
                around(List::Readings, None, Some(after(40, reading_after))),
            ),
            (
                Kind::Result,
                around(
                    List::Pressure,
                    Some(r"\bblood\s+"),
                    Some(after(40, reading_after)),
                ),
            ),
            (
                Kind::Result,
                around(List::Tests, None, Some(after(0, &result_after))),
            ),
            (
                Kind::Result,
                Shape::Plain(LazyRegex::new(format!(
                    r"\b\d+(?:\.\d+)?\s*(?:{LAB_UNITS})(?:[^0-9A-Za-z_]|$)"
                ))),
            ),
            (
                Kind::Dose,
                around(List::Medicines, None, Some(after(40, &dose_after))),
            ),
            (
                Kind::Dose,
                around(List::Medicines, Some(&dose_before), None),
            ),
            (
                Kind::Dose,
                around(List::Medicines, Some(&count_before), None),
            ),
            (
                Kind::Dose,
                around(List::Medicines, None, Some(after(40, frequency_after))),
            ),
            (
                Kind::Dose,
                around(List::DoseChanges, None, Some(after(20, dose_change_after))),
            ),
            (
                Kind::Advice,
                // The old pattern's gaps around the symptom were lazy: the nearest hit wins.
                Shape::Around {
                    list: List::Symptoms,
                    before: Some(before(50, if_symptom_before)),
                    after: Some(after(40, worse_after)),
                    nearest: true,
                },
            ),
            (
                Kind::Advice,
                around(List::Symptoms, Some(develop_before), None),
            ),
            (
                Kind::Advice,
                around(List::Remedies, Some(remedy_before), None),
            ),
        ];
        Self {
            terms,
            lists,
            patterns,
        }
    }

    /// Clinical matters in `text`, earliest first, none overlapping. `text` starts at
    /// `offset` in the body, and `hits` are the clinical word-list hits in the body.
    fn find(&self, text: &str, offset: usize, hits: &[Hit], out: &mut Vec<Clinical>) {
        // The lists and patterns are in lower case (see `text::regex`).
        let folded = ascii_lowercase(text);
        let text = folded.as_ref();
        let within = TextRange::new(offset, offset + text.len());
        let mut hits: Vec<(usize, usize, List)> = hits
            .iter()
            .filter(|hit| within.start() <= hit.range.start() && hit.range.end() <= within.end())
            .filter_map(|hit| {
                let list = *self.lists.get(hit.term)?;
                Some((hit.range.start() - offset, hit.range.end() - offset, list))
            })
            .collect();
        hits.sort_unstable_by_key(|&(start, end, _)| (start, end));
        let mut found = Vec::new();
        for kind in [Kind::Diagnosis, Kind::Result, Kind::Dose, Kind::Advice] {
            self.find_kind(kind, text, &hits, offset, &mut found);
        }
        found.sort_by_key(|c: &Clinical| (c.range.start(), std::cmp::Reverse(c.range.end())));
        for clinical in found {
            if out
                .last()
                .is_none_or(|last| !last.range.overlaps(clinical.range))
            {
                out.push(clinical);
            }
        }
    }

    /// One kind's matches, as its old single regex's `find_iter` gave them: the leftmost
    /// match (at one start, the first pattern in order), then the leftmost that starts
    /// where it ended, and so on.
    fn find_kind(
        &self,
        kind: Kind,
        text: &str,
        hits: &[(usize, usize, List)],
        offset: usize,
        out: &mut Vec<Clinical>,
    ) {
        let patterns: Vec<&Shape> = self
            .patterns
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, shape)| shape)
            .collect();
        // Each pattern's leftmost match at or after `resume`, kept between rounds while
        // it still starts there: a later `resume` can only remove matches, so a kept
        // match stays the leftmost, and a pattern with none (`Some(None)`) has no more.
        // This keeps the whole search linear in the text and its hits.
        let mut next: Vec<Option<Option<(usize, usize)>>> = vec![None; patterns.len()];
        let mut resume = 0;
        while resume <= text.len() {
            let mut best: Option<(usize, usize)> = None;
            for (index, shape) in patterns.iter().enumerate() {
                let stale = match next[index] {
                    None => true,
                    Some(found) => found.is_some_and(|(start, _)| start < resume),
                };
                if stale {
                    next[index] = Some(Self::leftmost(shape, text, hits, resume));
                }
                if let Some(Some((start, end))) = next[index]
                    && best.is_none_or(|(s, _)| start < s)
                {
                    best = Some((start, end));
                }
            }
            let Some((start, end)) = best else { break };
            let matched =
                text[start..end].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
            out.push(Clinical {
                kind,
                range: TextRange::new(offset + start, offset + start + matched.len()),
            });
            resume = if end > start { end } else { end + 1 };
        }
    }

    /// A pattern's leftmost match that starts at or after `resume`.
    fn leftmost(
        shape: &Shape,
        text: &str,
        hits: &[(usize, usize, List)],
        resume: usize,
    ) -> Option<(usize, usize)> {
        match shape {
            Shape::Plain(regex) => regex
                .get()?
                .find_at(text, resume)
                .map(|m| (m.start(), m.end())),
            Shape::Around {
                list,
                before,
                after,
                nearest,
            } => {
                let first = hits.partition_point(|&(start, _, _)| start < resume);
                let mut chosen: Option<(usize, usize)> = None;
                for &(start, end, hit_list) in &hits[first..] {
                    // A later hit's match starts at most WINDOW before it.
                    let bound = chosen.map_or(usize::MAX, |(s, _)| s);
                    if start.saturating_sub(WINDOW) > bound {
                        break;
                    }
                    if hit_list != *list {
                        continue;
                    }
                    let from = match before {
                        None => Some(start),
                        Some(Before { gap, regex }) => regex
                            .get()
                            .and_then(|regex| before_match(regex, text, start, resume, *gap)),
                    };
                    let to = match after {
                        None => Some(end),
                        Some(After { gap, regex }) => regex
                            .get()
                            .and_then(|regex| after_match(regex, text, end, *gap)),
                    };
                    let (Some(from), Some(to)) = (from, to) else {
                        continue;
                    };
                    let better = chosen.is_none_or(|(s, e)| {
                        from < s || (from == s && if *nearest { to < e } else { to > e })
                    });
                    if better {
                        chosen = Some((from, to));
                    }
                }
                chosen
            }
        }
    }
}

/// Where a `before` side's match starts, if one ends at most `gap` characters before
/// `hit`, none of them a sentence end or line break: the leftmost start at or after
/// `resume`, at most `WINDOW` bytes before the hit (which keeps the search linear
/// however many hits a text has). `find_at` judges `\b` at the window's edge by the
/// text before it.
fn before_match(regex: &Regex, text: &str, hit: usize, resume: usize, gap: usize) -> Option<usize> {
    let mut from = hit.saturating_sub(WINDOW).max(resume);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if gap == 0 {
        // The pattern ends with the hit's first character and `\z`.
        let hit_char = text[hit..].chars().next().map_or(0, char::len_utf8);
        return regex
            .find_at(&text[..hit + hit_char], from)
            .map(|m| m.start());
    }
    let mut earliest = hit;
    for c in text[..hit].chars().rev().take(gap) {
        if matches!(c, '.' | '!' | '?' | '\n') {
            break;
        }
        earliest -= c.len_utf8();
    }
    // A match ends before the hit, which follows a non-word character, so cutting the
    // text at the hit changes no `\b` in it.
    let mut at = from;
    while let Some(found) = regex.find_at(&text[..hit], at) {
        if found.end() >= earliest {
            return Some(found.start());
        }
        if found.end() == at {
            break;
        }
        at = found.end();
    }
    None
}

/// Where an `after` side's match ends, if one starts at most `gap` characters after
/// `hit_end`, none of them a sentence end or line break. A lazy gap takes the nearest
/// start, as does the leftmost match from `hit_end`. Searched for in at most `WINDOW`
/// bytes after the hit, ending just before a non-word character; `find_at` judges `\b`
/// at `hit_end` by the text before it.
fn after_match(regex: &Regex, text: &str, hit_end: usize, gap: usize) -> Option<usize> {
    let mut latest = hit_end;
    for c in text[hit_end..].chars().take(gap) {
        if matches!(c, '.' | '!' | '?' | '\n') {
            break;
        }
        latest += c.len_utf8();
    }
    let mut to = (hit_end + WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if to < text.len() {
        to = text[hit_end..to]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_ascii_word(c))
            .map_or(hit_end, |(i, _)| hit_end + i);
    }
    let found = regex.find_at(&text[..to], hit_end)?;
    (found.start() <= latest).then_some(found.end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Diagnosis,
    Result,
    Dose,
    Advice,
}

pub(crate) struct Clinical {
    kind: Kind,
    range: TextRange,
}

impl Rule for ClinicalContent {
    type State = Clinical;

    fn run(cx: &Context<'_>) -> Vec<Clinical> {
        if cx.patients().is_empty() {
            return Vec::new();
        }
        let hits = cx.own_words().body.of(LexiconList::Clinical);
        let mut found = Vec::new();
        for range in cx.view.ranges(Region::Own) {
            Lexicon::shared().find(cx.view.body_text(range), range.start(), hits, &mut found);
        }
        found
    }

    fn location(_cx: &Context<'_>, state: &Clinical) -> Location {
        Location::text(Field::Body, state.range)
    }

    fn message(_cx: &Context<'_>, state: &Clinical) -> String {
        let what = match state.kind {
            Kind::Diagnosis => "a diagnosis",
            Kind::Result => "a test result with its value",
            Kind::Dose => "a medicine with its dose",
            Kind::Advice => "advice about symptoms",
        };
        format!(
            "This gives a patient clinical detail by email ({what}). Take it out and ask them to ring the surgery or book an appointment to discuss it."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Hits, Lexicons};

    /// `lexicon.find` over the whole of `text`, with the word-list hits a check gives it.
    fn find_in(lexicon: &Lexicon, text: &str) -> Vec<Clinical> {
        let words = Lexicons::new([(LexiconList::Clinical, lexicon.terms.clone())]);
        let mut hits = Hits::default();
        words.search(text, TextRange::new(0, text.len()), &mut hits);
        let mut found = Vec::new();
        lexicon.find(text, 0, hits.of(LexiconList::Clinical), &mut found);
        found
    }

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        find_in(&Lexicon::new(), text)
            .into_iter()
            .map(|c| (c.kind, text[c.range.start()..c.range.end()].to_owned()))
            .collect()
    }

    #[test]
    fn finds_each_kind_of_clinical_matter() {
        assert_eq!(
            kinds("The tests confirm you have type 2 diabetes.")[0].0,
            Kind::Diagnosis
        );
        assert_eq!(
            kinds("Your HbA1c was 52 mmol/mol."),
            [(Kind::Result, "HbA1c was 52 mmol/mol".to_owned())]
        );
        assert_eq!(kinds("Blood pressure 158/96 today")[0].0, Kind::Result);
        assert_eq!(kinds("potassium 5.9")[0].0, Kind::Result);
        assert_eq!(
            kinds("Please increase your amlodipine to 10mg.")[0].0,
            Kind::Dose
        );
        assert_eq!(kinds("Take two puffs of salbutamol")[0].0, Kind::Dose);
        assert_eq!(kinds("If the rash spreads, ring us.")[0].0, Kind::Advice);
        assert_eq!(kinds("Take paracetamol for the pain.")[0].0, Kind::Advice);
        assert_eq!(kinds("a reading of 7.2 mmol/L")[0].0, Kind::Result);
        assert_eq!(
            kinds("The average of your readings over the week was 152/94.")[0].0,
            Kind::Result
        );
        assert_eq!(
            kinds("Take two puffs of your brown Clenil inhaler twice a day.")[0].0,
            Kind::Dose
        );
        assert_eq!(
            kinds("Your blue salbutamol inhaler, two to four puffs as needed.")[0].0,
            Kind::Dose
        );
        assert_eq!(
            kinds("Take one 500mg capsule three times a day.")[0].0,
            Kind::Dose
        );
    }

    #[test]
    fn word_list_hits_are_whole_words_and_take_their_context_from_the_whole_text() {
        // "asthma" inside another word is no hit; one that follows non-ASCII text is.
        assert!(kinds("You have pseudoasthmatic tendencies.").is_empty());
        assert_eq!(
            kinds("Siân, the tests confirm you have asthma.")[0],
            (Kind::Diagnosis, "tests confirm you have asthma".to_owned())
        );
        // Two hits in one sentence: each finds its own context, as the old single
        // pattern's find_iter did, and the lazy gap takes the nearest symptom.
        assert_eq!(
            kinds("If the rash spreads, or if your cough gets worse, ring us."),
            [
                (Kind::Advice, "If the rash spreads".to_owned()),
                (Kind::Advice, "if your cough gets worse".to_owned())
            ]
        );
        // Context at the very start and end of the text.
        assert_eq!(
            kinds("potassium 5.9"),
            [(Kind::Result, "potassium 5.9".to_owned())]
        );
        assert_eq!(
            kinds("Take paracetamol"),
            [(Kind::Advice, "Take paracetamol".to_owned())]
        );
        // A word character just before the window's edge still counts for `\b`.
        let padded = format!("{}take paracetamol", "x".repeat(super::WINDOW));
        assert!(
            kinds(&padded).is_empty(),
            "\"xxx…take\" is one word, not \"take\""
        );
    }

    #[test]
    fn administration_is_not_clinical() {
        for text in [
            "Your diabetes review is booked for Monday at 10:30.",
            "We have confirmed your diabetes review appointment.",
            "Your prescription for amlodipine is ready to collect.",
            "Please ring the surgery to discuss your results.",
            "If your query is urgent, please call 111 or 999.",
            "Your cholesterol test is on 12 May at 9.",
            "Your blood test is in Room T4 at 10:30.",
            "You have an appointment at the diabetes clinic.",
            "Join our weight management programme: 12 weeks.",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn words_that_open_a_pattern_find_it_across_spacing_and_case() {
        assert_eq!(
            kinds("Your blood\npressure reading was 158/96."),
            [(
                Kind::Result,
                "blood\npressure reading was 158/96".to_owned()
            )]
        );
        assert_eq!(
            kinds("BP at the pharmacy: was 141/89"),
            [(Kind::Result, "BP at the pharmacy: was 141/89".to_owned())]
        );
        assert_eq!(
            kinds("Please INCREASE it to 10 mg."),
            [(Kind::Dose, "INCREASE it to 10 mg".to_owned())]
        );
        assert!(kinds("Your bloodpressure was 158/96 Please take it.").is_empty());
        assert_eq!(
            kinds("eGFR 48 ML/MIN, creatinine 80 μmol/L"),
            [
                (Kind::Result, "eGFR 48 ML/MIN".to_owned()),
                (Kind::Result, "creatinine 80 μmol/L".to_owned())
            ]
        );
    }

    #[test]
    fn gaps_count_characters_and_stop_at_a_sentence_end() {
        let dose = |gap: &str| kinds(&format!("Take your amlodipine {gap} 10mg daily"));
        // The space either side counts: 40 characters in all, then 41.
        assert_eq!(dose(&"x".repeat(38))[0].0, Kind::Dose);
        assert!(dose(&"x".repeat(39)).is_empty());
        assert_eq!(dose(&"é".repeat(38))[0].0, Kind::Dose);
        assert!(dose(&"é".repeat(39)).is_empty());
        assert!(kinds("Take amlodipine. Then 10mg").is_empty());
        assert!(kinds("If your cough! gets worse").is_empty());
        // Before the hit: "If the", then 50 characters, then 51.
        let advice = |gap: &str| kinds(&format!("If the {gap} rash spreads"));
        assert_eq!(advice(&"x".repeat(48))[0].0, Kind::Advice);
        assert!(advice(&"x".repeat(49)).is_empty());
        assert_eq!(advice(&"é".repeat(48))[0].0, Kind::Advice);
        assert!(kinds("If the itch. The rash spreads").is_empty());
        // The leftmost opening within reach counts, not the nearest.
        assert_eq!(
            kinds("if it comes to it if your rash spreads")[0].1,
            "if it comes to it if your rash spreads"
        );
    }

    #[test]
    fn patterns_are_compiled_only_for_a_text_that_needs_them() {
        let lexicon = Lexicon::new();
        let compiled = |lexicon: &Lexicon| {
            lexicon
                .patterns
                .iter()
                .flat_map(|(_, shape)| match shape {
                    Shape::Plain(regex) => vec![regex],
                    Shape::Around { before, after, .. } => before
                        .iter()
                        .map(|b| &b.regex)
                        .chain(after.iter().map(|a| &a.regex))
                        .collect(),
                })
                .filter(|regex| regex.is_compiled())
                .count()
        };
        find_in(&lexicon, "Thank you for your email.");
        assert_eq!(compiled(&lexicon), 1, "only the laboratory units' pattern");
        find_in(&lexicon, "If the rash spreads, ring us.");
        assert_eq!(compiled(&lexicon), 4, "and the symptoms' three");
        for (_, shape) in &lexicon.patterns {
            let regexes = match shape {
                Shape::Plain(regex) => vec![regex],
                Shape::Around { before, after, .. } => before
                    .iter()
                    .map(|b| &b.regex)
                    .chain(after.iter().map(|a| &a.regex))
                    .collect(),
            };
            for regex in regexes {
                assert!(regex.get().is_some(), "{regex:?}");
            }
        }
    }
}
