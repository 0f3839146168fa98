//! What a check returns: findings and the verdict they add up to.
//!
//! # JSON shape
//!
//! A [`Report`] serialises (with `serde_json`) to:
//!
//! ```json
//! {"verdict": "block",
//!  "findings": [
//!    {"rule": "near-miss-recipient", "severity": "block",
//!     "message": "am.other@nhs.net is not one of your contacts, but is one letter away from an.other@nhs.net. Check you have the right person before sending.",
//!     "field": "to", "address": "am.other@nhs.net",
//!     "fix": {"title": "Send to an.other@nhs.net instead", "applicability": "needs-review",
//!             "kind": "replace-address", "field": "to",
//!             "from": "am.other@nhs.net", "to": "an.other@nhs.net"}},
//!    {"rule": "textspeak", "severity": "warn", "message": "…", "field": "body",
//!     "span": {"start": 10, "end": 11, "utf16_start": 10, "utf16_end": 11},
//!     "excerpt": "Thank u for…"}]}
//! ```
//!
//! `verdict` is `block`, `warn` or `pass`. Optional members (`address`, `attachment`,
//! `span`, `excerpt`, `fix`) are left out when they do not apply. Spans point into the
//! analysed text of `field`: the subject, or the body as analysed (the plain-text
//! body, or the HTML body rendered to text when there is no plain-text part).

use serde::{Deserialize, Serialize};

use crate::text::Span;

/// How serious a finding is. Ordered: `Info < Warn < Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never stops a send.
    Info,
    /// The sender should look again before sending.
    Warn,
    /// The message should not be sent as it is.
    Block,
}

impl Severity {
    /// The lower-case name used in JSON and policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }
}

/// The overall outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing above `info`.
    Pass,
    /// At least one `warn` finding, no `block`.
    Warn,
    /// At least one `block` finding.
    Block,
}

impl Verdict {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Block => "block",
        }
    }
}

/// The part of the draft a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The sender.
    From,
    /// To recipients.
    To,
    /// Cc recipients.
    Cc,
    /// Bcc recipients.
    Bcc,
    /// The subject line.
    Subject,
    /// The body.
    Body,
    /// An attachment (see [`Finding::attachment`]).
    Attachment,
}

impl Field {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::From => "from",
            Field::To => "to",
            Field::Cc => "cc",
            Field::Bcc => "bcc",
            Field::Subject => "subject",
            Field::Body => "body",
            Field::Attachment => "attachment",
        }
    }
}

/// One problem found in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id, e.g. `bulk-exposure`.
    pub rule: &'static str,
    /// Severity after the policy's overrides.
    pub severity: Severity,
    /// Plain British English: what is wrong and what to do.
    pub message: String,
    /// Which part of the draft.
    pub field: Field,
    /// The address concerned, for sender and recipient findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The index of the attachment concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<usize>,
    /// Where in the field's analysed text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The text around the span, on one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// A change that would resolve the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// A short imperative description, e.g. `Move 6 recipients to Bcc`.
    pub title: String,
    /// Whether a host may apply it without asking (`safe`), or only offer it for the
    /// sender to confirm (`needs-review`: a guessed address, a reworded phrase).
    pub applicability: Applicability,
    /// The change itself.
    #[serde(flatten)]
    pub edit: Edit,
}

/// Whether a fix may be applied without the sender looking at it: declared once per
/// rule (`declare_rule!`'s `fix`), carried by each [`Fix`] the rule proposes, so
/// `presend fix`, the rule docs and every binding agree. A fix is `safe` or
/// `needs-review`; `none` describes a rule that proposes no fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The rule proposes no fix: only the sender can resolve what it finds.
    None,
    /// The change is certain and loses nothing (recipients to Bcc, a footer added, a
    /// misspelt domain corrected): `presend fix` applies it, and a host may too.
    Safe,
    /// A likely change the sender must confirm (a guessed contact, a reworded phrase,
    /// text taken out): offered, never applied unasked.
    NeedsReview,
}

impl Applicability {
    /// How the rule docs describe it, under their "Fix" heading.
    pub fn describe(self) -> &'static str {
        match self {
            Applicability::None => {
                "None: only the sender can resolve what this rule finds, so it proposes no change."
            }
            Applicability::Safe => {
                "Safe (`safe`): the change is certain and loses nothing. `presend fix` applies it without asking, and a host may too."
            }
            Applicability::NeedsReview => {
                "Needs review (`needs-review`): the change is a likely one the sender must confirm. It is offered, never applied unasked; `presend fix` leaves it as a suggestion."
            }
        }
    }
}

/// The change a [`Fix`] makes, tagged by `kind` in JSON.
///
/// Not `#[non_exhaustive]`: every binding converts each kind by an exhaustive match,
/// so a new kind cannot reach a host as something its types do not describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// Move these recipients from To/Cc to Bcc, and put `to` (the sender) in To.
    MoveToBcc {
        /// The addresses to move.
        addresses: Vec<String>,
        /// The address to leave in To, usually the sender's own.
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// Replace one recipient's address with another.
    ReplaceAddress {
        /// The field the recipient is in.
        field: Field,
        /// The address as typed.
        from: String,
        /// The address to use instead.
        to: String,
    },
    /// Add this text at the end of the sender's own text, above any quoted history.
    AppendText {
        /// The text to add: a footer, an opt-out line.
        text: String,
        /// Where to insert it in the body's analysed text: an empty span at the end of
        /// the sender's own text and signature (before the quoted history, if any).
        at: Span,
        /// The same place in the draft's HTML body, when it has one: an empty span
        /// between elements, before the element that starts the quoted history (each
        /// client's quote markup recognised), or before `</body>`. Insert the text there
        /// as an escaped paragraph.
        #[serde(skip_serializing_if = "Option::is_none")]
        html_at: Option<Span>,
    },
    /// Add this tag to the subject line.
    AddSubjectTag {
        /// The tag, e.g. `[secure]` (NHSmail's encryption trigger).
        tag: String,
    },
    /// Replace the text at `span` in `field` with `replacement`.
    ReplaceText {
        /// The field the span is in.
        field: Field,
        /// What to replace.
        span: Span,
        /// The replacement.
        replacement: String,
    },
}

/// The outcome of checking one draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The most serious severity among the findings.
    pub verdict: Verdict,
    /// Findings in a stable order: most severe first, then by field and position.
    pub findings: Vec<Finding>,
}

impl Report {
    /// A report of `findings`, sorted and with its verdict.
    pub fn new(mut findings: Vec<Finding>) -> Self {
        // Most serious first: a host showing one line, or a person reading the first,
        // sees what stops the send. Then in the order of the message.
        findings.sort_by(|a, b| {
            let key = |f: &Finding| {
                (
                    std::cmp::Reverse(f.severity),
                    f.field,
                    f.span.map_or(0, |s| s.start),
                    f.rule,
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| (&a.address, a.attachment).cmp(&(&b.address, b.attachment)))
        });
        let verdict = match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Block) => Verdict::Block,
            Some(Severity::Warn) => Verdict::Warn,
            Some(Severity::Info) | None => Verdict::Pass,
        };
        Self { verdict, findings }
    }

    /// The report as JSON (see the module docs for the shape).
    pub fn to_json(&self) -> String {
        // A report holds only strings, numbers and enums: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}
