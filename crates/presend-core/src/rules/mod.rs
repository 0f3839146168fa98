//! The rules, one file each, and the registry that lists them once.
//!
//! Adding a rule: write `rules/<id_with_underscores>.rs` with `declare_rule!` and an
//! `impl Rule`, add it to [`RULES`], and run the tests: they fail until the rule has
//! fixtures in `fixtures/<id>/` and its generated page in `docs/rules/<id>.md`.

pub(crate) mod bulk_exposure;
pub(crate) mod clinical_content;
pub(crate) mod deceptive_address;
pub(crate) mod disclosure_level;
pub(crate) mod domain_typo;
pub(crate) mod greeting_mismatch;
pub(crate) mod marketing_opt_out;
pub(crate) mod missing_footer;
pub(crate) mod near_miss_recipient;
pub(crate) mod new_domain_in_reply;
pub(crate) mod no_consent;
pub(crate) mod personal_sender;
pub(crate) mod pid_in_subject;
pub(crate) mod pid_insecure;
pub(crate) mod textspeak;
pub(crate) mod unreadable_attachment;
pub(crate) mod wrong_patient;

use crate::rule::DynRule;

/// Every rule. The order is documentation order (`presend rules`, `docs/rules/`): the
/// recipient rules first, since a message to the wrong people cannot be called back,
/// then patient data and consent, then professional standards.
pub(crate) const RULES: &[&dyn DynRule] = &[
    &bulk_exposure::BulkExposure,
    &near_miss_recipient::NearMissRecipient,
    &domain_typo::DomainTypo,
    &deceptive_address::DeceptiveAddress,
    &wrong_patient::WrongPatient,
    &new_domain_in_reply::NewDomainInReply,
    &greeting_mismatch::GreetingMismatch,
    &pid_insecure::PidInsecure,
    &pid_in_subject::PidInSubject,
    &unreadable_attachment::UnreadableAttachment,
    &no_consent::NoConsent,
    &disclosure_level::DisclosureLevel,
    &clinical_content::ClinicalContent,
    &marketing_opt_out::MarketingOptOut,
    &personal_sender::PersonalSender,
    &missing_footer::MissingFooter,
    &textspeak::Textspeak,
];

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
        let files = include_str!("mod.rs")
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
