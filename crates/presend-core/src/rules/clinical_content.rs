use std::sync::LazyLock;

use regex::Regex;

use crate::checker::{Context, list_lines};
use crate::report::Field;
use crate::rule::{Guidance, Location, Relation, Rule, Source, declare_rule};
use crate::text::TextRange;
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
        sources: [
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "do not discuss clinical matters by email; it is no substitute for a consultation" },
            Source { guidance: Guidance::MddusOptIn, relation: Relation::Follows, point: "refrain from discussing clinical issues by email" },
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Inspired, point: "keep email to appropriate matters; it is hard to answer questions about symptoms well by email" },
        ],
    }
}

/// The clinical lexicons, compiled into one pattern per kind of clinical matter.
#[derive(Debug)]
struct Lexicon {
    /// A pattern is missing only if it could not be built, which the embedded lists cannot cause.
    patterns: Vec<(Kind, Regex)>,
}

const CONDITIONS: &str = include_str!("../../data/clinical/conditions.txt");
const TESTS: &str = include_str!("../../data/clinical/tests.txt");
const MEDICINES: &str = include_str!("../../data/clinical/medicines.txt");
const SYMPTOMS: &str = include_str!("../../data/clinical/symptoms.txt");
const REMEDIES: &str = include_str!("../../data/clinical/remedies.txt");

/// Laboratory units: a number with one of these is a result, whatever precedes it.
const LAB_UNITS: &str = r"mmol/mol|mmol/l|mg/dl|µmol/l|umol/l|micromol/l|g/l|g/dl|ml/min(?:/1\.73\s?m2)?|x\s?10\^?9/l|mmhg|ng/ml|iu/l|miu/l|mu/l|u/l|pmol/l|nmol/l";
const DOSE_UNITS: &str =
    r"mg|mcg|micrograms?|milligrams?|g|grams?|ml|units?|puffs?|tablets?|capsules?|drops?|sachets?";
/// Counts of doses, in digits or words ("two puffs", "1 to 2 tablets").
const COUNT: &str = r"(?:\d+|one|two|three|four|half\s+a|a)";
const COUNT_UNITS: &str = r"puffs?|tablets?|capsules?|drops?|sachets?|spoonfuls?";

/// An alternation of a list's phrases, longest first so the longest wins.
fn alternation(list: &'static str) -> String {
    let mut phrases: Vec<&str> = list_lines(list).collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
        .iter()
        .map(|p| regex::escape(p))
        .collect::<Vec<_>>()
        .join("|")
}

impl Lexicon {
    /// The lexicons, compiled on first use: they depend on no policy, so one copy
    /// serves every checker and `Checker::new` stays cheap.
    fn shared() -> &'static Lexicon {
        static SHARED: LazyLock<Lexicon> = LazyLock::new(Lexicon::new);
        &SHARED
    }

    fn new() -> Self {
        let (conditions, tests, medicines) = (
            alternation(CONDITIONS),
            alternation(TESTS),
            alternation(MEDICINES),
        );
        let (symptoms, remedies) = (alternation(SYMPTOMS), alternation(REMEDIES));
        let sources = [
            (
                Kind::Diagnosis,
                format!(
                    r"(?i)\b(?:diagnosed\s+with|diagnosis\s+(?:of|is)|(?:confirms?|confirmed|shows?|showed)\s+(?:that\s+)?you\s+have|(?:results?|tests?|bloods?|scan|x-?ray|swab|biopsy|smear)\s+(?:shows?|showed|suggests?|suggested|indicates?|indicated|confirms?|confirmed)(?:\s+that)?(?:\s+you\s+have)?|consistent\s+with|in\s+keeping\s+with|(?:tested\s+)?positive\s+for|you\s+have(?:\s+got)?|you've\s+got|you\s+are\s+suffering\s+from|suffering\s+from)\s+(?:(?:a|an|the|mild|moderate|severe|early|borderline|possible|probable|likely|some|signs\s+of|evidence\s+of|type\s*[12]|stage\s*\d)\s+){{0,3}}(?:{conditions})\b"
                ),
            ),
            (
                Kind::Result,
                format!(
                    r"(?i)\b(?:readings?|blood\s+pressure|bp)\b[^.!?\n]{{0,40}}?\b(?:was|were|is|of|at|averag\w*)\s+\d{{2,3}}/\d{{2,3}}\b|\b(?:{tests})\b(?:\s+(?:level|levels|reading|readings|result|count|score))?(?:\s*(?:was|were|is|of|at|now|:|=|-|–|came\s+back(?:\s+at)?|has\s+(?:come\s+down|gone\s+up|dropped|risen|fallen|increased|decreased)\s+to|measured|has\s+been))*\s*\d+(?:\.\d+)?(?:/\d+)?\b(?:\s*(?:{LAB_UNITS}|%))?(?:[^:\d]|$)|\b\d+(?:\.\d+)?\s*(?:{LAB_UNITS})(?:\W|$)"
                ),
            ),
            (
                Kind::Dose,
                format!(
                    r"(?i)\b(?:{medicines})\b[^.!?\n]{{0,40}}?\b(?:\d+(?:\.\d+)?\s*(?:{DOSE_UNITS})|{COUNT}\s+(?:to\s+{COUNT}\s+)?(?:{COUNT_UNITS}))\b|\b\d+(?:\.\d+)?\s*(?:{DOSE_UNITS})\s+(?:of\s+)?(?:your\s+)?(?:{medicines})\b|\b{COUNT}\s+(?:to\s+{COUNT}\s+)?(?:{COUNT_UNITS})\s+(?:of\s+)?(?:(?:your|the|a|an|\w+)\s+){{0,2}}(?:{medicines})\b|\b(?:{medicines})\b[^.!?\n]{{0,40}}?\b(?:once|twice|three\s+times|four\s+times)\s+(?:a|per)\s+day\b|\b(?:take|taking|use|using|increase|reduce|decrease|double|halve)\b[^.!?\n]{{0,20}}?\b\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|milligrams?|ml)\b"
                ),
            ),
            (
                Kind::Advice,
                format!(
                    r"(?i)\bif\s+(?:the|your|you|this|it|these|any)\b[^.!?\n]{{0,50}}?\b(?:{symptoms})\b[^.!?\n]{{0,40}}?\b(?:gets?\s+worse|getting\s+worse|worsens?|persists?|continues?|spreads?|returns?|comes?\s+back|doesn't\s+(?:settle|improve|go)|does\s+not\s+(?:settle|improve|go)|lasts?\s+(?:more|longer))|\bif\s+you\s+(?:develop|notice|get|experience|start\s+to\s+have)\s+(?:a\s+|an\s+|any\s+|more\s+)?(?:{symptoms})\b|\b(?:take|taking|try|use|using|apply|drink|keep\s+taking)\s+(?:some\s+|regular\s+|plenty\s+of\s+)?(?:{remedies})\b"
                ),
            ),
        ];
        let patterns = sources
            .into_iter()
            .filter_map(|(kind, source)| crate::text::regex(&source).ok().map(|r| (kind, r)))
            .collect();
        Self { patterns }
    }

    /// Clinical matters in `text`, earliest first, none overlapping.
    fn find(&self, text: &str, offset: usize, out: &mut Vec<Clinical>) {
        let mut found: Vec<Clinical> = self
            .patterns
            .iter()
            .flat_map(|(kind, regex)| {
                regex.find_iter(text).map(|m| {
                    let matched = m
                        .as_str()
                        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
                    Clinical {
                        kind: *kind,
                        range: TextRange::new(
                            offset + m.start(),
                            offset + m.start() + matched.len(),
                        ),
                    }
                })
            })
            .collect();
        found.sort_by_key(|c| (c.range.start(), std::cmp::Reverse(c.range.end())));
        for clinical in found {
            if out
                .last()
                .is_none_or(|last| !last.range.overlaps(clinical.range))
            {
                out.push(clinical);
            }
        }
    }
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
        let mut found = Vec::new();
        for range in cx.view.ranges(Region::Own) {
            Lexicon::shared().find(cx.view.body_text(range), range.start(), &mut found);
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

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let mut found = Vec::new();
        Lexicon::new().find(text, 0, &mut found);
        found
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
}
