//! The practice's policy: its domains, contacts, footer and rule settings.
//!
//! A policy is JSON, every key optional; a missing key takes the embedded default
//! ([`Policy::default`], `data/default_policy.json`). Unknown keys, mistyped values,
//! malformed domains and unknown rule ids are errors that name the key's path
//! (`rules.txtspeak`, `secure_domains[1]`), so a practice manager can find the line.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::address::domain_of;
use crate::category::ConsentCategory;
use crate::domain_slips::slip_for_well_known;
use crate::error::PolicyError;
use crate::limits::MAX_CONTACTS;
use crate::meta::RuleMeta;
use crate::pid::PidPattern;
use crate::report::Severity;

/// The policy every check runs under when the caller gives none.
pub const DEFAULT_POLICY_JSON: &str = include_str!("../data/default_policy.json");

/// A practice's settings. Build with [`Policy::from_json`] or [`Policy::default`], then
/// compile with [`crate::Checker::new`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Policy {
    /// The practice's own email domains, such as "meadowbank-practice.nhs.uk". People
    /// there are colleagues: never counted as patients or outside recipients.
    #[serde(default)]
    pub organisation_domains: Vec<String>,
    /// Domains where patient details may be sent, because mail there stays encrypted
    /// (NHSmail, "nhs.net", by default).
    #[serde(default = "default_secure_domains")]
    pub secure_domains: Vec<String>,
    /// Personal email providers to add to presend's own list (gmail.com, hotmail.co.uk
    /// and others), such as a local internet provider's domain.
    #[serde(default)]
    pub personal_domains: Vec<String>,
    /// Domains in the lists above that are spelt as you mean them, though they look like
    /// a slip for a well-known domain (a real "nhs.nte" for "nhs.net"). Any other such
    /// domain is refused, since a slip in secure_domains would send patient details
    /// unprotected.
    #[serde(default)]
    pub confirmed_domains: Vec<String>,
    /// The practice's confidentiality footer, word for word, if messages must carry
    /// exactly that text. null: any paragraph about confidentiality and the intended
    /// recipient will do.
    #[serde(default)]
    pub footer: Option<String>,
    /// Addresses the practice really writes to. An address one or two letters away
    /// from one of these is flagged as a likely typing slip.
    #[serde(default)]
    pub known_contacts: Vec<String>,
    /// The consent register: each patient's address, with the kinds of message they
    /// agreed to receive by email (appointments, prescriptions, results, general,
    /// marketing). When it is set, patients not in it are flagged.
    #[serde(default)]
    pub consent: BTreeMap<String, Vec<ConsentCategory>>,
    /// How many people outside the practice and the secure domains may see each
    /// other's addresses in To and Cc before a message is stopped.
    #[serde(default = "default_max_visible_external")]
    pub max_visible_external: u32,
    /// Each rule's level, by rule id: "off", "info", "warn" or "block". A rule not
    /// listed keeps its default level.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// The practice's own patient identifiers (a clinical system's patient number, say),
    /// protected like NHS numbers and dates of birth.
    #[serde(default)]
    pub pid_patterns: Vec<PidPattern>,
}

/// What the policy makes of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// Findings are informational.
    Info,
    /// Findings warn.
    Warn,
    /// Findings block the send.
    Block,
}

impl RuleLevel {
    /// The severity findings get, or `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warn => Some(Severity::Warn),
            RuleLevel::Block => Some(Severity::Block),
        }
    }
}

pub(crate) fn default_secure_domains() -> Vec<String> {
    vec!["nhs.net".to_owned()]
}

pub(crate) fn default_max_visible_external() -> u32 {
    1
}

impl Policy {
    /// Adds contacts (from a contacts file) to `known_contacts`, validated like the rest.
    pub fn add_contacts(
        &mut self,
        contacts: impl IntoIterator<Item = String>,
    ) -> Result<(), PolicyError> {
        let first_new = self.known_contacts.len();
        self.known_contacts.extend(contacts);
        for (index, contact) in self.known_contacts.iter_mut().enumerate().skip(first_new) {
            *contact = validate_address(&format!("known_contacts[{index}]"), contact)?;
        }
        self.check_contact_count()
    }

    fn check_contact_count(&self) -> Result<(), PolicyError> {
        let count = self.known_contacts.len();
        if count > MAX_CONTACTS {
            return Err(PolicyError::TooManyContacts {
                count,
                limit: MAX_CONTACTS,
            });
        }
        Ok(())
    }

    /// Normalises domains and addresses and checks every value a policy holds, except
    /// its rule ids, which only the registry knows.
    pub(crate) fn normalise_and_validate(&mut self) -> Result<(), PolicyError> {
        for (key, domains) in [
            ("organisation_domains", &mut self.organisation_domains),
            ("secure_domains", &mut self.secure_domains),
            ("personal_domains", &mut self.personal_domains),
        ] {
            for (index, domain) in domains.iter_mut().enumerate() {
                *domain = validate_domain(&format!("{key}[{index}]"), domain)?;
            }
        }
        for (index, domain) in self.confirmed_domains.iter_mut().enumerate() {
            *domain = validate_domain(&format!("confirmed_domains[{index}]"), domain)?;
        }
        for (key, domains) in [
            ("organisation_domains", &self.organisation_domains),
            ("secure_domains", &self.secure_domains),
            ("personal_domains", &self.personal_domains),
        ] {
            for (index, domain) in domains.iter().enumerate() {
                if self.confirmed_domains.contains(domain) {
                    continue;
                }
                if let Some(meant) = slip_for_well_known(domain) {
                    return Err(PolicyError::invalid(
                        format!("{key}[{index}]"),
                        format!(
                            "`{domain}` looks like a misspelling of `{meant}`; correct it, or if it is spelt as meant, add it to `confirmed_domains` too"
                        ),
                    ));
                }
            }
        }
        for (index, contact) in self.known_contacts.iter_mut().enumerate() {
            *contact = validate_address(&format!("known_contacts[{index}]"), contact)?;
        }
        self.check_contact_count()?;
        let consent = std::mem::take(&mut self.consent);
        for (address, categories) in consent {
            let normalised = validate_address(&format!("consent.{address}"), &address)?;
            self.consent
                .entry(normalised)
                .or_default()
                .extend(categories);
        }
        if let Some(footer) = &self.footer
            && footer.trim().is_empty()
        {
            return Err(PolicyError::invalid(
                "footer",
                "the footer is empty; remove the key to use the built-in check, or give the footer text",
            ));
        }
        for (index, pattern) in self.pid_patterns.iter().enumerate() {
            if pattern.name.trim().is_empty() {
                return Err(PolicyError::invalid(
                    format!("pid_patterns[{index}].name"),
                    "give the identifier a name, as findings will call it",
                ));
            }
        }
        // Compiling is the only full check of a pattern; the checker compiles again.
        crate::pid::Detector::new(&self.pid_patterns)?;
        Ok(())
    }

    /// The severity the policy gives `rule`, or `None` when it is off.
    pub fn severity_of(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.rules.get(rule.id) {
            Some(level) => level.severity(),
            None => Some(rule.default_severity),
        }
    }
}

fn validate_domain(path: &str, domain: &str) -> Result<String, PolicyError> {
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    let problem = if domain.is_empty() {
        Some("an empty domain")
    } else if domain.contains('@') {
        Some("a domain must not contain `@` (write `nhs.net`, not `@nhs.net` or an address)")
    } else if !domain.contains('.') {
        Some("a domain needs at least one dot, e.g. `nhs.net`")
    } else if !domain
        .split('.')
        .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        Some("a domain may hold only letters, digits, hyphens and single dots")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(PolicyError::invalid(
            path,
            format!("`{domain}` is not a domain: {problem}"),
        )),
        None => Ok(domain),
    }
}

fn validate_address(path: &str, address: &str) -> Result<String, PolicyError> {
    let address = address.trim().to_lowercase();
    let valid = address
        .rsplit_once('@')
        .is_some_and(|(local, _)| !local.is_empty() && !local.contains(char::is_whitespace))
        && domain_of(&address).is_some_and(|domain| domain.contains('.'));
    if !valid {
        return Err(PolicyError::invalid(
            path,
            format!("`{address}` is not an email address (expected `name@domain`)"),
        ));
    }
    Ok(address)
}
