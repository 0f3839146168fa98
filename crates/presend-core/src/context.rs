//! Everything a rule may read while it checks one draft: the policy compiled into
//! lookup tables once per checker ([`Tables`]), and per draft the [`Context`]: the
//! draft, its view, the caller's options, and the lookups rules share (the word lists'
//! hits, the message's category, near misses, how patient data is named).
//!
//! Rules read this and nothing above it: not the checker, not each other.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::address::{Mailbox, domain_suffixes, domain_within};
use crate::category::{Classification, Classifier};
use crate::contacts::{ContactIndex, NearMiss};
use crate::domain_slips::WELL_KNOWN_DOMAINS;
use crate::draft::Draft;
use crate::lexicon::{Hits, Lexicons, List};
use crate::meta::RuleMeta;
use crate::patients::PatientIndex;
use crate::pid::{self, Detector, PidKind};
use crate::policy::Policy;
use crate::report::{Edit, Field, Severity};
use crate::text::{TextRange, fold_for_matching, list_lines};
use crate::view::{MessageView, Region, is_shielded};

/// NHSmail encrypts a message sent to an outside address when its subject carries this.
pub(crate) const SECURE_TAG: &str = "[secure]";

/// How many slips (insertions, deletions, substitutions, transpositions) away from a
/// known contact an unknown address may be to count as a near miss.
pub(crate) const NEAR_MISS_EDITS: usize = 2;

/// The built-in personal (free-mail) domains.
const PERSONAL_DOMAINS: &str = include_str!("../data/personal_domains.txt");

/// Personal (free-mail) domains: a sender at one is on a personal account.
#[derive(Debug)]
pub(crate) struct PersonalDomains {
    /// Providers whose customers' mailboxes are at the provider's domain itself
    /// (gmail.com): its subdomains are the provider's own systems (arf.mail.yahoo.com).
    exact: HashSet<String>,
    /// Providers that give each customer a subdomain (`*.plus.com` in the list), and
    /// every domain the policy adds, subdomains included.
    with_subdomains: HashSet<String>,
}

impl PersonalDomains {
    fn new(policy: &Policy) -> Self {
        let (mut exact, mut with_subdomains) = (HashSet::new(), HashSet::new());
        for line in list_lines(PERSONAL_DOMAINS) {
            match line.strip_prefix("*.") {
                Some(domain) => with_subdomains.insert(domain.to_owned()),
                None => exact.insert(line.to_owned()),
            };
        }
        with_subdomains.extend(policy.personal_domains.iter().cloned());
        for own in &policy.organisation_domains {
            exact.remove(own);
            with_subdomains.remove(own);
        }
        Self {
            exact,
            with_subdomains,
        }
    }

    /// The personal provider `domain` (lower case) belongs to, if any.
    pub(crate) fn provider_of<'d>(&self, domain: &'d str) -> Option<&'d str> {
        domain_suffixes(domain)
            .enumerate()
            .find(|&(depth, suffix)| {
                (depth == 0 && self.exact.contains(suffix)) || self.with_subdomains.contains(suffix)
            })
            .map(|(_, suffix)| suffix)
    }
}

/// A policy compiled for the rules: lookup tables, the contact index, the patient
/// list and the PID detector, built once per checker and read by every check.
#[derive(Debug)]
pub(crate) struct Tables {
    pub policy: Policy,
    /// Each rule's severity under the policy (`None`: off), by id, in registry order.
    pub levels: Vec<(&'static str, Option<Severity>)>,
    pub personal_domains: PersonalDomains,
    /// Domains `domain-typo` protects, with their characters for quick comparison.
    pub typo_targets: Vec<String>,
    /// Real domains never reported as typos.
    pub real_domains: HashSet<String>,
    pub contacts: ContactIndex,
    /// The configured footer, folded for matching.
    pub footer: Option<String>,
    pub pid: Detector,
    /// Which patient each address belongs to, when the host gave a patient list.
    pub patients: PatientIndex,
}

impl Tables {
    /// Compiles `policy`, whose rules run at `levels`, with its PID patterns compiled
    /// into `pid`.
    pub fn new(
        mut policy: Policy,
        pid: Detector,
        levels: Vec<(&'static str, Option<Severity>)>,
    ) -> Self {
        let personal_domains = PersonalDomains::new(&policy);
        let mut typo_targets: Vec<String> = list_lines(WELL_KNOWN_DOMAINS)
            .map(str::to_owned)
            .chain(policy.organisation_domains.iter().cloned())
            .chain(policy.secure_domains.iter().cloned())
            .collect();
        typo_targets.sort();
        typo_targets.dedup();
        let real_domains = typo_targets
            .iter()
            .cloned()
            .chain(
                list_lines(PERSONAL_DOMAINS).map(|line| line.trim_start_matches("*.").to_owned()),
            )
            .chain(policy.personal_domains.iter().cloned())
            .chain(
                policy
                    .known_contacts
                    .iter()
                    .filter_map(|c| crate::address::domain_of(c).map(str::to_owned)),
            )
            .collect();
        Self {
            levels,
            personal_domains,
            typo_targets,
            real_domains,
            // Moved, not copied: a national directory is a million addresses.
            contacts: ContactIndex::new(std::mem::take(&mut policy.known_contacts)),
            footer: policy.footer.as_deref().map(fold_for_matching),
            pid,
            policy,
            patients: PatientIndex::default(),
        }
    }

    /// Whether the policy leaves `rule` running.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.levels
            .iter()
            .any(|&(id, severity)| id == rule.id && severity.is_some())
    }
}

/// How a caller wants a check done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Show patient-identifiable data as written in messages and excerpts. Off by
    /// default: reports are printed in CI logs and shown on shared screens, so an NHS
    /// number appears as `*** *** 5919` unless the caller asks.
    pub show_pid: bool,
}

impl CheckOptions {
    /// Options that show patient-identifiable data unmasked.
    pub fn showing_pid() -> Self {
        Self { show_pid: true }
    }
}

/// Domains of NHS organisations across the UK. Patients do not have addresses here.
const NHS_ORGANISATION_DOMAINS: &[&str] =
    &["nhs.uk", "nhs.net", "nhs.scot", "hscni.net", "wales.nhs.uk"];

/// What a rule sees while checking one draft: all it may read.
pub(crate) struct Context<'a> {
    /// The policy, compiled.
    pub tables: &'a Tables,
    pub draft: &'a Draft,
    pub view: &'a MessageView<'a>,
    pub options: CheckOptions,
    /// The word lists every rule that reads words shares.
    lexicons: &'a Lexicons,
    /// The message's category, classified when a rule first asks.
    category: OnceCell<Classification>,
    /// The word lists' hits in the sender's own text, searched when a rule first asks.
    own_words: OnceCell<OwnWords>,
    /// Each recipient's near miss (by lower-case address), looked up once for every
    /// rule that asks.
    near_misses: OnceCell<HashMap<String, Option<NearMiss<'a>>>>,
}

/// Every word-list hit in what the sender wrote: the subject, and the body's own text
/// (not the signature or quoted history), leaving out links, addresses and text that
/// could not be decoded. Ranges are in the subject and in the view's body.
#[derive(Debug, Default)]
pub(crate) struct OwnWords {
    pub subject: Hits,
    pub body: Hits,
}

impl<'a> Context<'a> {
    pub fn new(
        tables: &'a Tables,
        draft: &'a Draft,
        view: &'a MessageView<'a>,
        options: CheckOptions,
        lexicons: &'a Lexicons,
    ) -> Self {
        Self {
            tables,
            draft,
            view,
            options,
            lexicons,
            category: OnceCell::new(),
            own_words: OnceCell::new(),
            near_misses: OnceCell::new(),
        }
    }

    /// Whether the policy leaves `rule` running: a rule that another reports better
    /// (`domain-typo` beside `near-miss-recipient`) stays quiet only while that one runs.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.tables.is_enabled(rule)
    }

    /// The known contact `mailbox`, a recipient, is a typing slip away from, if any.
    /// Every recipient is looked up once, when a rule first asks, so
    /// `near-miss-recipient` and the rules that defer to it share one answer.
    pub fn near_miss(&self, mailbox: &Mailbox) -> Option<NearMiss<'a>> {
        let tables = self.tables;
        let near_misses = self.near_misses.get_or_init(|| {
            self.draft
                .recipients()
                .map(|(_, recipient)| {
                    let address = recipient.normalized();
                    let near = tables.contacts.nearest(&address, NEAR_MISS_EDITS);
                    (address, near)
                })
                .collect()
        });
        let address = mailbox.normalized();
        match near_misses.get(&address) {
            Some(near) => near.clone(),
            // Not a recipient (no rule asks of one today): looked up on its own.
            None => tables.contacts.nearest(&address, NEAR_MISS_EDITS),
        }
    }

    /// The kinds of patient data found, as a finding names them: "an NHS number and a
    /// date of birth", a practice identifier by its name in the policy.
    pub fn describe_pid(&self, kinds: &BTreeSet<PidKind>) -> String {
        let mut phrases: Vec<String> = Vec::new();
        for kind in kinds {
            let phrase = match kind {
                PidKind::NhsNumber => "an NHS number".to_owned(),
                PidKind::ChiNumber => "a CHI number".to_owned(),
                PidKind::HcNumber => "an H&C number".to_owned(),
                PidKind::DateOfBirth => "a date of birth".to_owned(),
                PidKind::PatientName => "a patient's name".to_owned(),
                PidKind::Address => "an address".to_owned(),
                PidKind::PracticeIdentifier(index) => {
                    format!("an identifier ({})", self.tables.pid.pattern_name(*index))
                }
            };
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        match phrases.as_slice() {
            [] => "patient-identifiable data".to_owned(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// Whether `domain` (lower case) is one of the practice's own or a secure domain.
    pub fn is_trusted_domain(&self, domain: &str) -> bool {
        let policy = &self.tables.policy;
        policy
            .organisation_domains
            .iter()
            .chain(&policy.secure_domains)
            .any(|parent| domain_within(domain, parent))
    }

    /// Whether `mailbox` is outside the practice and its secure domains.
    pub fn is_external(&self, mailbox: &Mailbox) -> bool {
        mailbox
            .domain()
            .is_none_or(|domain| !self.is_trusted_domain(&domain))
    }

    /// The edit that adds `text` at the end of what the sender wrote, above any quoted
    /// history: located in the analysed text and, when there is one, the HTML body.
    pub fn append_to_authored(&self, text: String) -> Edit {
        Edit::AppendText {
            text,
            at: self.view.body_utf16.span(self.view.end_of_authored()),
            html_at: self
                .draft
                .body
                .html
                .as_deref()
                .map(|html| self.view.end_of_authored_in_html(html)),
        }
    }

    /// What the message is about (see `data/categories.tsv`).
    pub fn category(&self) -> &Classification {
        self.category.get_or_init(|| {
            let words = self.own_words();
            Classifier::shared().classify(
                (&self.draft.subject, words.subject.of(List::Categories)),
                (&self.view.body, words.body.of(List::Categories)),
            )
        })
    }

    /// The word lists' hits in what the sender wrote, searched once for every rule
    /// that reads it.
    pub fn own_words(&self) -> &OwnWords {
        self.own_words.get_or_init(|| {
            let lexicons = self.lexicons;
            let mut words = OwnWords::default();
            let subject = &self.draft.subject;
            lexicons.search(
                subject,
                TextRange::new(0, subject.len()),
                &mut words.subject,
            );
            for range in self.view.ranges(Region::Own) {
                lexicons.search(&self.view.body, range, &mut words.body);
            }
            // Links, addresses and undecoded text are not words the sender wrote.
            let view = self.view;
            words
                .subject
                .retain(|hit| !is_shielded(&view.subject_shielded, hit.range));
            words
                .body
                .retain(|hit| !is_shielded(&view.shielded, hit.range));
            words
        })
    }

    /// The recipients who may be patients: outside the organisation and secure domains,
    /// and not at an NHS organisation (a hospital trust on `*.nhs.uk` is a colleague
    /// even where its mail is not secure). Each address once (compared ignoring case),
    /// with the first field it is in. The consent, clinical and marketing rules speak
    /// of these; the data-security rules speak of every recipient outside the secure
    /// domains. The sender's own address is not a patient, even on a personal account
    /// (the personal-sender rule speaks of that): copying yourself needs no consent.
    pub fn patients(&self) -> Vec<(Field, &Mailbox)> {
        let mut seen = HashSet::new();
        seen.extend(self.sender());
        self.draft
            .recipients()
            .filter(|(_, mailbox)| {
                let nhs = mailbox.domain().is_some_and(|domain| {
                    NHS_ORGANISATION_DOMAINS
                        .iter()
                        .any(|nhs| domain_within(&domain, nhs))
                });
                self.is_external(mailbox) && !nhs && seen.insert(mailbox.normalized())
            })
            .collect()
    }

    /// The addresses the message would reach unencrypted: every recipient outside the
    /// organisation and secure domains, unless the subject carries NHSmail's `[secure]`
    /// (any letter case), which has it encrypted.
    pub fn unencrypted_recipients(&self) -> Vec<String> {
        if self.draft.subject.to_lowercase().contains(SECURE_TAG) {
            return Vec::new();
        }
        self.external_recipients()
            .into_iter()
            .map(|(_, mailbox)| mailbox.address.clone())
            .collect()
    }

    /// An attachment's name as a finding may show it, in quotes, with patient data in
    /// it masked unless the caller asked to see it.
    pub fn attachment_name_shown(&self, index: usize) -> String {
        let name = self
            .draft
            .attachments
            .get(index)
            .map_or("", |attachment| attachment.name.as_str());
        if name.is_empty() {
            return format!("number {} (it has no name)", index + 1);
        }
        let in_name = self
            .view
            .attachment_pid
            .iter()
            .find(|found| found.index == index)
            .map_or(&[][..], |found| found.in_name.as_slice());
        if self.options.show_pid || in_name.is_empty() {
            format!("\"{name}\"")
        } else {
            format!("\"{}\"", pid::mask_within(name, 0..name.len(), in_name))
        }
    }

    /// Whether the sender is on a secure domain (NHSmail), so `[secure]` in the subject
    /// would have the message encrypted.
    pub fn sender_is_secure(&self) -> bool {
        let Some(domain) = self.draft.from.as_ref().and_then(Mailbox::domain) else {
            return false;
        };
        self.tables
            .policy
            .secure_domains
            .iter()
            .any(|secure| domain_within(&domain, secure))
    }

    /// Every recipient outside the organisation and secure domains, each once.
    pub fn external_recipients(&self) -> Vec<(Field, &Mailbox)> {
        let mut seen = HashSet::new();
        self.draft
            .recipients()
            .filter(|(_, mailbox)| self.is_external(mailbox) && seen.insert(mailbox.normalized()))
            .collect()
    }

    /// `text` as it may be shown: masked unless the caller asked to see PID.
    pub fn shown(&self, kind: PidKind, text: &str) -> String {
        if self.options.show_pid {
            text.to_owned()
        } else {
            pid::mask(kind, text)
        }
    }

    /// The sender's address, lower case.
    pub fn sender(&self) -> Option<String> {
        self.draft.from.as_ref().map(Mailbox::normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_providers_own_their_domain_and_only_some_their_subdomains() {
        let policy = Policy::from_json(r#"{"personal_domains": ["example-isp.net"]}"#).unwrap();
        let personal = PersonalDomains::new(&policy);
        assert_eq!(personal.provider_of("gmail.com"), Some("gmail.com"));
        assert_eq!(
            personal.provider_of("arf.mail.yahoo.com"),
            None,
            "Yahoo's systems"
        );
        assert_eq!(
            personal.provider_of("meadowbank.plus.com"),
            Some("plus.com"),
            "PlusNet gives each customer a subdomain"
        );
        assert_eq!(
            personal.provider_of("home.example-isp.net"),
            Some("example-isp.net"),
            "a policy's domain takes in its subdomains, as before"
        );
        assert_eq!(personal.provider_of("mailgmail.com"), None);
    }
}
