//! What a message is about (appointments, prescriptions, results, general, marketing),
//! decided by a transparent word count over `data/categories.tsv` so every decision
//! can be explained by the phrases that made it.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::lexicon::Hit;
use crate::text::list_lines;

/// A category of message a patient may agree to receive by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ConsentCategory {
    /// Appointment bookings and reminders.
    Appointments,
    /// Repeat prescriptions.
    Prescriptions,
    /// Test results.
    Results,
    /// General practice information.
    General,
    /// Newsletters and promotions.
    Marketing,
}

impl ConsentCategory {
    /// The lower-case name used in policies and findings.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentCategory::Appointments => "appointments",
            ConsentCategory::Prescriptions => "prescriptions",
            ConsentCategory::Results => "results",
            ConsentCategory::General => "general",
            ConsentCategory::Marketing => "marketing",
        }
    }
}

const LEXICON: &str = include_str!("../data/categories.tsv");

/// The categories in tie-break order: the more sensitive wins a tie.
const PRECEDENCE: [ConsentCategory; 5] = [
    ConsentCategory::Results,
    ConsentCategory::Prescriptions,
    ConsentCategory::Appointments,
    ConsentCategory::Marketing,
    ConsentCategory::General,
];

/// The subject says what a message is about more surely than any sentence of it.
const SUBJECT_WEIGHT: u32 = 2;

/// How findings name a category to the sender.
pub(crate) fn describe(category: ConsentCategory) -> &'static str {
    match category {
        ConsentCategory::Appointments => "appointments",
        ConsentCategory::Prescriptions => "prescriptions",
        ConsentCategory::Results => "test results",
        ConsentCategory::General => "general practice information",
        ConsentCategory::Marketing => "newsletters or events",
    }
}

/// The first few deciding phrases, quoted, for a finding's message.
pub(crate) fn quote_deciding(deciding: &[String]) -> String {
    const SHOWN: usize = 3;
    deciding
        .iter()
        .take(SHOWN)
        .map(|phrase| format!("\"{phrase}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A message's category and the phrases that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Classification {
    /// `None`: no phrase of any category, so the message is undecided.
    pub category: Option<ConsentCategory>,
    /// The winning category's phrases as found, first seen first, each once.
    pub deciding: Vec<String>,
}

/// The category lexicon. Its phrases are searched with the other word lists, in one pass
/// over the sender's text ([`crate::context::Context::own_words`]).
#[derive(Debug)]
pub(crate) struct Classifier {
    /// Every phrase of the lexicon; a hit's term is its position here.
    terms: Vec<String>,
    /// The category and weight of each phrase of `terms`.
    phrases: Vec<(ConsentCategory, u32)>,
}

impl Classifier {
    /// The classifier, built on first use. It depends on no policy, so one serves
    /// every checker and `Checker::new` stays cheap.
    pub(crate) fn shared() -> &'static Classifier {
        static SHARED: LazyLock<Classifier> = LazyLock::new(Classifier::new);
        &SHARED
    }

    fn new() -> Self {
        let mut terms = Vec::new();
        let mut phrases = Vec::new();
        for line in list_lines(LEXICON) {
            let mut fields = line.split('\t');
            let (Some(category), Some(phrase), Some(weight)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(category) = PRECEDENCE.iter().copied().find(|c| c.as_str() == category) else {
                continue;
            };
            let weight = weight.trim().parse().unwrap_or(1);
            // Mail clients turn apostrophes typographic: "we’d love" is "we'd love".
            if phrase.contains('\'') {
                terms.push(phrase.replace('\'', "\u{2019}"));
                phrases.push((category, weight));
            }
            terms.push(phrase.to_owned());
            phrases.push((category, weight));
        }
        Self { terms, phrases }
    }

    /// The phrases, for the shared word-list automaton.
    pub(crate) fn terms(&self) -> Vec<&str> {
        self.terms.iter().map(String::as_str).collect()
    }

    /// Classifies a message by the category hits in its subject and in the sender's
    /// own text of its body.
    pub(crate) fn classify(
        &self,
        (subject, subject_hits): (&str, &[Hit]),
        (body, body_hits): (&str, &[Hit]),
    ) -> Classification {
        let mut scores = [0u32; 5];
        let mut found: Vec<(ConsentCategory, String)> = Vec::new();
        let texts = [
            (subject, subject_hits, SUBJECT_WEIGHT),
            (body, body_hits, 1),
        ];
        for (text, hits, multiplier) in texts {
            for hit in without_overlaps(hits) {
                let Some(&(category, weight)) = self.phrases.get(hit.term) else {
                    continue;
                };
                let hit = (hit.range.start(), hit.range.end());
                let slot = PRECEDENCE.iter().position(|c| *c == category).unwrap_or(0);
                scores[slot] += weight * multiplier;
                let phrase = text[hit.0..hit.1].to_lowercase();
                if !found.iter().any(|(c, p)| *c == category && *p == phrase) {
                    found.push((category, phrase));
                }
            }
        }
        let best = scores
            .iter()
            .enumerate()
            .filter(|&(_, &s)| s > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)));
        match best {
            None => Classification {
                category: None,
                deciding: Vec::new(),
            },
            Some((slot, _)) => {
                let category = PRECEDENCE[slot];
                let deciding = found
                    .into_iter()
                    .filter(|(c, _)| *c == category)
                    .map(|(_, p)| p)
                    .collect();
                Classification {
                    category: Some(category),
                    deciding,
                }
            }
        }
    }
}

/// The hits in order, the longest at each position, none overlapping.
fn without_overlaps(hits: &[Hit]) -> Vec<Hit> {
    let mut found = hits.to_vec();
    found.sort_by_key(|hit| (hit.range.start(), std::cmp::Reverse(hit.range.end())));
    let mut kept: Vec<Hit> = Vec::with_capacity(found.len());
    for hit in found {
        if kept
            .last()
            .is_none_or(|last| last.range.end() <= hit.range.start())
        {
            kept.push(hit);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Hits, Lexicons, List};
    use crate::text::TextRange;

    fn classify(subject: &str, body: &str) -> (Option<ConsentCategory>, Vec<String>) {
        let classifier = Classifier::new();
        let words = Lexicons::new([(List::Categories, classifier.terms())]);
        let hits = |text: &str| {
            let mut hits = Hits::default();
            words.search(text, TextRange::new(0, text.len()), &mut hits);
            hits
        };
        let (in_subject, in_body) = (hits(subject), hits(body));
        let result = classifier.classify(
            (subject, in_subject.of(List::Categories)),
            (body, in_body.of(List::Categories)),
        );
        (result.category, result.deciding)
    }

    #[test]
    fn the_subject_and_the_sensitive_category_weigh_most() {
        let (category, deciding) = classify(
            "Your blood test results",
            "Please book an appointment to discuss.",
        );
        assert_eq!(category, Some(ConsentCategory::Results));
        assert_eq!(deciding, ["blood test", "results"]);
        let (category, _) = classify("Repeat prescription", "Ready to collect from the pharmacy.");
        assert_eq!(category, Some(ConsentCategory::Prescriptions));
        let (category, _) = classify("Spring newsletter", "Join us for a coffee morning.");
        assert_eq!(category, Some(ConsentCategory::Marketing));
        let (_, deciding) = classify("Practice newsletter", "We\u{2019}d love to see you.");
        assert_eq!(
            deciding,
            ["newsletter", "we\u{2019}d love"],
            "no phrase hides another; curly apostrophes match"
        );
    }

    #[test]
    fn no_phrase_means_undecided_and_parts_of_words_do_not_count() {
        assert_eq!(classify("Thanks", "We have received your email.").0, None);
        assert_eq!(
            classify("", "The rescanned documents").0,
            None,
            "`scan` inside a word"
        );
    }
}
