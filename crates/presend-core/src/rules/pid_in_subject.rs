use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::pid::Detection;
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it catches
    /// An NHS, CHI or H&C number, or a labelled date of birth, in the subject line. One
    /// finding for each, wherever the message is going, and even with `[secure]`.
    ///
    /// ## Why it matters
    /// NHSmail's encryption protects the body and attachments, not the subject, which
    /// also shows in inbox lists, notifications and on lock screens. The BMA and MDU ask
    /// that patient-identifiable data travel only encrypted.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["sarah.patel@nhs.net"], "subject": "[secure] Referral NHS no 943 476 5919"}
    /// ```
    ///
    /// ## Not flagged
    /// A reference or telephone number, and a date that is not a date of birth:
    /// ```json
    /// {"to": ["sarah.patel@nhs.net"], "subject": "Invoice ref 943 476 5919 - clinic on 03/04/2026"}
    /// ```
    ///
    /// ## What to do
    /// Take the identifier out of the subject ("Referral" is enough) and put it in the
    /// body of an encrypted message.
    pub PidInSubject {
        id: "pid-in-subject",
        default: Warn,
        summary: "The subject line carries an NHS/CHI/H&C number or a date of birth (subjects are never encrypted)",
        fix: NeedsReview,
        sources: [
            Source { guidance: Guidance::BmaSecureOnlineServices, relation: Relation::Inspired, point: "patient-identifiable data only in encrypted messages: the subject is not" },
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "make sure patient information is sent securely" },
        ],
    }
}

impl Rule for PidInSubject {
    type State = Detection;

    fn run(cx: &Context<'_>) -> Vec<Detection> {
        cx.view
            .subject_pid
            .iter()
            .copied()
            .filter(|d| d.kind.is_number_or_birth_date())
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Detection) -> Location {
        Location::text(Field::Subject, state.range)
    }

    fn message(cx: &Context<'_>, state: &Detection) -> String {
        let what = cx.describe_pid(&[state.kind].into_iter().collect());
        let shown = cx.shown(state.kind, &subject_text(cx, state.range));
        format!(
            "The subject line contains {what} ({shown}). Subject lines are never encrypted, even with [secure]: take it out of the subject."
        )
    }

    fn fix(cx: &Context<'_>, state: &Detection) -> Option<Proposal> {
        Some(Proposal {
            title: "Remove it from the subject".to_owned(),
            edit: Edit::ReplaceText {
                field: Field::Subject,
                span: cx.view.subject_utf16.span(state.range),
                replacement: String::new(),
            },
        })
    }
}

fn subject_text(cx: &Context<'_>, range: TextRange) -> String {
    cx.draft
        .subject
        .get(range.start()..range.end())
        .unwrap_or_default()
        .to_owned()
}
