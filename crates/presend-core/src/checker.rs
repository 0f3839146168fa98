//! The checker: a policy compiled once, then every registered rule run over each draft.

use crate::contacts::ContactIndex;
use crate::context::{CheckOptions, Context, Tables};
use crate::draft::{Draft, DraftError};
use crate::error::PolicyError;
use crate::meta::RuleMeta;
use crate::patients::PatientIndex;
use crate::pid::Detector;
use crate::policy::Policy;
use crate::registry::{RULES, lexicons};
use crate::report::Report;
use crate::view::MessageView;

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
    tables: Tables,
}

impl Checker {
    /// Compiles `policy`; fails when its `pid_patterns` do not compile.
    pub fn new(policy: Policy) -> Result<Self, PolicyError> {
        let pid = Detector::new(&policy.pid_patterns)?;
        Ok(Self::compile(policy, pid))
    }

    /// This checker with the practice's patient list, so `wrong-patient` can see a
    /// message about one patient going to another's address.
    pub fn with_patients(mut self, patients: PatientIndex) -> Self {
        self.tables.patients = patients;
        self
    }

    /// A checker for the embedded default policy, which has no patterns to fail.
    pub fn with_default_policy() -> Self {
        Self::compile(Policy::default(), Detector::default())
    }

    fn compile(policy: Policy, pid: Detector) -> Self {
        let levels = RULES
            .iter()
            .map(|rule| (rule.meta().id, policy.severity_of(rule.meta())))
            .collect();
        Self {
            tables: Tables::new(policy, pid, levels),
        }
    }

    /// The policy this checker was compiled from, except `known_contacts`, which are
    /// in [`Checker::contacts`].
    pub fn policy(&self) -> &Policy {
        &self.tables.policy
    }

    /// The known contacts (the policy's `known_contacts`), indexed for near-miss lookup.
    pub fn contacts(&self) -> &ContactIndex {
        &self.tables.contacts
    }

    /// Checks a draft, masking patient-identifiable data in the report.
    pub fn check(&self, draft: &Draft) -> Report {
        self.check_with(draft, CheckOptions::default())
    }

    /// Checks a draft with `options`.
    pub fn check_with(&self, draft: &Draft, options: CheckOptions) -> Report {
        let view = self.view(draft);
        let cx = Context::new(&self.tables, draft, &view, options, lexicons());
        let mut findings = Vec::new();
        for (rule, &(_, severity)) in RULES.iter().zip(&self.tables.levels) {
            if let Some(severity) = severity {
                rule.check(&cx, severity, &mut findings);
            }
        }
        Report::new(findings)
    }

    /// The message view presend derives from `draft`: the analysed body and which of it
    /// is the sender's own text, signature or quoted history.
    pub fn view<'d>(&self, draft: &'d Draft) -> MessageView<'d> {
        MessageView::new(draft, &self.tables.pid)
    }

    /// Checks the bytes of an RFC 5322 message.
    #[cfg(feature = "mime")]
    pub fn check_mime(&self, raw: &[u8]) -> Result<Report, DraftError> {
        Ok(self.check(&Draft::from_mime(raw)?))
    }

    /// Checks a JSON draft.
    pub fn check_json(&self, json: &str) -> Result<Report, DraftError> {
        Ok(self.check(&Draft::from_json(json)?))
    }

    /// Whether the policy leaves `rule` running.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.tables.is_enabled(rule)
    }
}

// One checker serves every thread of a host (the CLI's workers, a Node worker pool):
// keep it `Send + Sync`, checked at compile time.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Checker>();
};
