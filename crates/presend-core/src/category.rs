//! What a message is about (appointments, prescriptions, results, general, marketing),
//! decided by a transparent word count over `data/categories.tsv` so every decision
//! can be explained by the phrases that made it.

use std::sync::LazyLock;

use crate::checker::list_lines;
use crate::policy::ConsentCategory;
use crate::text::Phrases;

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

/// The category lexicon, compiled once per checker.
#[derive(Debug)]
pub(crate) struct Classifier {
    /// Every phrase of the lexicon, in the order of `phrases`.
    automaton: Phrases,
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
        let mut patterns = Vec::new();
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
                patterns.push(phrase.replace('\'', "\u{2019}"));
                phrases.push((category, weight));
            }
            patterns.push(phrase.to_owned());
            phrases.push((category, weight));
        }
        let automaton = Phrases::new(patterns.iter().map(String::as_str));
        Self { automaton, phrases }
    }

    /// Classifies a message by its subject and the sender's own text.
    pub(crate) fn classify<'t>(
        &self,
        subject: &str,
        own_text: impl Iterator<Item = &'t str>,
    ) -> Classification {
        let mut scores = [0u32; 5];
        let mut found: Vec<(ConsentCategory, String)> = Vec::new();
        let texts =
            std::iter::once((subject, SUBJECT_WEIGHT)).chain(own_text.map(|text| (text, 1)));
        for (text, multiplier) in texts {
            for (start, end, pattern) in whole_word_matches(&self.automaton, text) {
                let hit = (start, end);
                let (category, weight) = self.phrases[pattern];
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

/// Whole-word matches, longest first at each position, none overlapping.
fn whole_word_matches(automaton: &Phrases, text: &str) -> Vec<(usize, usize, usize)> {
    let mut found = automaton.whole_words(text, char::is_alphanumeric);
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
    for hit in found {
        if kept.last().is_none_or(|last| last.1 <= hit.0) {
            kept.push(hit);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(subject: &str, body: &str) -> (Option<ConsentCategory>, Vec<String>) {
        let result = Classifier::new().classify(subject, std::iter::once(body));
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
