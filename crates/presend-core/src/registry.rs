//! The registry: every rule, listed once, and what the rules share that is built from
//! all of them (the word lists' one automaton). The checker runs what is listed here;
//! the policy reader, the CLI and the docs find rules here.

use std::sync::LazyLock;

use crate::category::Classifier;
use crate::distance::nearest;
use crate::lexicon::{Lexicons, List};
use crate::meta::RuleMeta;
use crate::rule::DynRule;
use crate::rules;

/// Every rule. The order is documentation order (`presend rules`, `docs/rules/`): the
/// recipient rules first, since a message to the wrong people cannot be called back,
/// then patient data and consent, then professional standards.
pub(crate) const RULES: &[&dyn DynRule] = &[
    &rules::bulk_exposure::BulkExposure,
    &rules::near_miss_recipient::NearMissRecipient,
    &rules::domain_typo::DomainTypo,
    &rules::deceptive_address::DeceptiveAddress,
    &rules::wrong_patient::WrongPatient,
    &rules::new_domain_in_reply::NewDomainInReply,
    &rules::greeting_mismatch::GreetingMismatch,
    &rules::pid_insecure::PidInsecure,
    &rules::pid_in_subject::PidInSubject,
    &rules::unreadable_attachment::UnreadableAttachment,
    &rules::no_consent::NoConsent,
    &rules::disclosure_level::DisclosureLevel,
    &rules::clinical_content::ClinicalContent,
    &rules::marketing_opt_out::MarketingOptOut,
    &rules::personal_sender::PersonalSender,
    &rules::missing_footer::MissingFooter,
    &rules::textspeak::Textspeak,
];

impl RuleMeta {
    /// Every rule, in documentation order.
    pub fn all() -> impl ExactSizeIterator<Item = &'static RuleMeta> {
        RULES.iter().map(|rule| rule.meta())
    }

    /// The rule with this id.
    pub fn find(id: &str) -> Option<&'static RuleMeta> {
        Self::all().find(|meta| meta.id == id)
    }

    /// The rule whose id is nearest to a mistyped `id`, if any is near.
    pub fn closest(id: &str) -> Option<&'static RuleMeta> {
        nearest(id, Self::all(), |meta| meta.id, 3)
    }
}

/// The word lists the rules read the sender's text for, in one automaton built at
/// first use: they depend on no policy, so one serves every checker.
pub(crate) fn lexicons() -> &'static Lexicons {
    static SHARED: LazyLock<Lexicons> = LazyLock::new(|| {
        Lexicons::new([
            (List::Textspeak, rules::textspeak::lexicon_terms()),
            (List::Clinical, rules::clinical_content::lexicon_terms()),
            (List::Categories, Classifier::shared().terms()),
        ])
    });
    &SHARED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let id = rule.meta().id;
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                !id.is_empty()
                    && id.split('-').all(
                        |part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase())
                    ),
                "rule id {id} is not kebab-case"
            );
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        let files = include_str!("rules/mod.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("pub(crate) mod ")?.strip_suffix(';'))
            .map(|module| module.replace('_', "-"))
            .collect::<Vec<_>>();
        let mut ids: Vec<_> = RULES.iter().map(|rule| rule.meta().id.to_owned()).collect();
        let mut files_sorted = files.clone();
        files_sorted.sort();
        ids.sort();
        assert_eq!(
            files_sorted, ids,
            "each rules/*.rs module must be in RULES, named after its id"
        );
        for rule in RULES {
            assert!(
                rule.meta()
                    .source_file
                    .ends_with(&format!("{}.rs", rule.meta().id.replace('-', "_")))
            );
        }
    }

    #[test]
    fn every_rule_doc_has_the_required_headings() {
        for rule in RULES {
            let docs = rule.meta().docs_markdown();
            for heading in [
                "## What it catches",
                "## Why it matters",
                "## Example",
                "## Not flagged",
                "## What to do",
            ] {
                assert!(
                    docs.contains(heading),
                    "{} docs lack `{heading}`",
                    rule.meta().id
                );
            }
            assert!(
                !rule.meta().sources.is_empty(),
                "{} cites no guidance",
                rule.meta().id
            );
        }
    }
}
