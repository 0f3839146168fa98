//! The checker: a policy compiled once, then used for every draft.

use std::collections::HashSet;

use crate::address::{Mailbox, domain_within};
use crate::contacts::ContactIndex;
use crate::draft::{Draft, DraftError};
use crate::policy::{Policy, PolicyError};
use crate::report::{Report, Severity};
use crate::rule::RuleMeta;
use crate::rules::{RULES, textspeak::Lexicon};
use crate::text::fold_for_matching;
use crate::view::MessageView;

/// The built-in personal (free-mail) domains.
const PERSONAL_DOMAINS: &str = include_str!("../data/personal_domains.txt");
/// The domains `domain-typo` protects.
const WELL_KNOWN_DOMAINS: &str = include_str!("../data/well_known_domains.txt");

/// Non-comment lines of an embedded list.
pub(crate) fn list_lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// A policy compiled for checking: lookup tables, the contact index and the lexicons,
/// built once. `Send + Sync`: share one checker across threads.
///
/// ```
/// use presend_core::{Checker, Draft, Policy, Verdict};
///
/// let checker = Checker::new(Policy::default()).unwrap();
/// let draft = Draft::from_json(r#"{
///     "from": "reception@gmail.com",
///     "to": ["jane.doe@hotmail.co.uk"],
///     "subject": "Your appointment",
///     "body": {"text": "Your appointment is confirmed."}
/// }"#).unwrap();
/// let report = checker.check(&draft);
/// assert_eq!(report.verdict, Verdict::Block);
/// assert!(report.findings.iter().any(|f| f.rule == "personal-sender"));
/// ```
#[derive(Debug)]
pub struct Checker {
    pub(crate) policy: Policy,
    pub(crate) severities: Vec<Option<Severity>>,
    pub(crate) personal_domains: HashSet<String>,
    /// Domains `domain-typo` protects, with their characters for quick comparison.
    pub(crate) typo_targets: Vec<String>,
    /// Real domains never reported as typos.
    pub(crate) real_domains: HashSet<String>,
    pub(crate) contacts: ContactIndex,
    /// The configured footer, folded for matching.
    pub(crate) footer: Option<String>,
    pub(crate) textspeak: Lexicon,
}

impl Checker {
    /// Compiles `policy`. Returns a `Result` so that compiling policy-supplied
    /// patterns can report errors without changing the signature.
    pub fn new(policy: Policy) -> Result<Self, PolicyError> {
        Ok(Self::compile(policy))
    }

    /// A checker for the embedded default policy.
    pub fn with_default_policy() -> Self {
        Self::compile(Policy::default())
    }

    fn compile(policy: Policy) -> Self {
        let severities = RULES
            .iter()
            .map(|rule| policy.severity_of(rule.meta()))
            .collect();
        let personal_domains: HashSet<String> = list_lines(PERSONAL_DOMAINS)
            .map(str::to_owned)
            .chain(policy.personal_domains.iter().cloned())
            .filter(|domain| !policy.organisation_domains.contains(domain))
            .collect();
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
            .chain(list_lines(PERSONAL_DOMAINS).map(str::to_owned))
            .chain(policy.personal_domains.iter().cloned())
            .chain(
                policy
                    .known_contacts
                    .iter()
                    .filter_map(|c| crate::address::domain_of(c).map(str::to_owned)),
            )
            .collect();
        Self {
            severities,
            personal_domains,
            typo_targets,
            real_domains,
            contacts: ContactIndex::new(policy.known_contacts.iter().cloned()),
            footer: policy.footer.as_deref().map(fold_for_matching),
            textspeak: Lexicon::new(),
            policy,
        }
    }

    /// The policy this checker was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Checks a draft.
    pub fn check(&self, draft: &Draft) -> Report {
        let view = MessageView::new(draft);
        let cx = Context {
            checker: self,
            draft,
            view: &view,
        };
        let mut findings = Vec::new();
        for (rule, severity) in RULES.iter().zip(&self.severities) {
            if let Some(severity) = *severity {
                rule.check(&cx, severity, &mut findings);
            }
        }
        Report::new(findings)
    }

    /// Checks the bytes of an RFC 5322 message.
    pub fn check_mime(&self, raw: &[u8]) -> Result<Report, DraftError> {
        Ok(self.check(&Draft::from_mime(raw)?))
    }

    /// Checks a JSON draft.
    pub fn check_json(&self, json: &str) -> Result<Report, DraftError> {
        Ok(self.check(&Draft::from_json(json)?))
    }

    /// Whether the policy leaves `rule` running.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        RULES
            .iter()
            .zip(&self.severities)
            .any(|(candidate, severity)| candidate.meta().id == rule.id && severity.is_some())
    }
}

// One checker serves every thread of a host (the CLI's workers, a Node worker pool):
// keep it `Send + Sync`, checked at compile time.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Checker>();
};

/// What a rule sees while checking one draft.
pub(crate) struct Context<'a> {
    pub checker: &'a Checker,
    pub draft: &'a Draft,
    pub view: &'a MessageView,
}

impl Context<'_> {
    /// Whether `domain` (lower case) is one of the practice's own or a secure domain.
    pub fn is_trusted_domain(&self, domain: &str) -> bool {
        let policy = &self.checker.policy;
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

    /// The sender's address, lower case.
    pub fn sender(&self) -> Option<String> {
        self.draft.from.as_ref().map(Mailbox::normalized)
    }
}
