//! presend-core: the rules that check an email in the moment before it is sent, and
//! warn a UK GP practice's staff about what could breach patient confidentiality or
//! professional standards.
//!
//! The crate is pure: no I/O, no clock, no global state, no logging, and no panics on
//! any input. Every limit on input is a named constant in [`limits`] with a typed error.
//!
//! ```
//! use presend_core::{Checker, Draft, Policy, Verdict};
//!
//! let policy = Policy::from_json(r#"{"known_contacts": ["an.other@nhs.net"]}"#)?;
//! let checker = Checker::new(policy)?;
//! let draft = Draft::from_mime(
//!     b"From: reception.meadowbank@nhs.net\r\nTo: am.other@nhs.net\r\nSubject: Referral\r\n\r\nPlease see the attached.\r\n",
//! )?;
//! let report = checker.check(&draft);
//! assert_eq!(report.verdict, Verdict::Block);
//! assert_eq!(report.findings[0].rule, "near-miss-recipient");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The flow: a [`Draft`] (from RFC 5322 bytes or the JSON draft every binding
//! accepts) and a [`Policy`] (the practice's settings) go into a [`Checker`], which
//! derives one message view and runs every rule listed in [`RuleMeta::all`], returning
//! a [`Report`].
//!
//! # Layers
//!
//! The modules read top to bottom. Each uses only modules in its own layer or the
//! layers below it, and no modules use each other in a circle:
//! `scripts/module-layers.mjs`, part of the test command, checks both against this
//! table. A rule may read the `context` and anything beneath it, and nothing
//! else: not the checker, not another rule's workings.
//!
//! | Layer | Modules | What they hold |
//! |---|---|---|
//! | 5 checking | `checker`, `registry`, `rule`, `rules`, `policy_json`, `rewrite` | [`Checker`]; the list of rules ([`RuleMeta::all`]); the `Rule` trait and `declare_rule!`; one file per rule; [`Policy::from_json`], which names unknown rules; `rewrite::apply` (feature `rewrite`) |
//! | 4 context | `context` | everything a rule may read: the policy compiled into tables, the draft and its view, [`CheckOptions`], and the lookups rules share |
//! | 3 settings and view | `policy`, `view` | [`Policy`], the practice's settings; [`MessageView`], which text is the sender's own, signature or quoted, and where patient data is |
//! | 2 reading | `draft`, `draft_json`, `mime`, `extract`, `contacts`, `patients`, `pid`, `category`, `lexicon`, `domain_slips` | [`Draft`] and its readers ([`Draft::from_json`], [`Draft::from_mime`], attachments' text); [`ContactIndex`]; [`PatientIndex`]; [`pid`] detection and masking; [`ConsentCategory`] and the classifier; the word lists; domain slips |
//! | 1 foundations | `text`, `limits`, `distance`, `address`, `report`, `meta`, `error` | [`TextRange`] and text helpers; [`limits`]; [`distance`]; [`Mailbox`]; [`Report`] and [`Finding`]; [`RuleMeta`]; [`PolicyError`] |

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Layer 1: foundations.
mod address;
pub mod distance;
mod error;
pub mod limits;
mod meta;
mod report;
mod text;
// Layer 2: reading drafts, contacts, patients, patient data and words.
mod category;
pub mod contacts;
mod domain_slips;
mod draft;
mod draft_json;
mod extract;
mod lexicon;
#[cfg(feature = "mime")]
mod mime;
mod patients;
pub mod pid;
// Layer 3: the practice's settings, and the message as the rules see it.
mod policy;
mod view;
// Layer 4: what a rule may read.
mod context;
// Layer 5: the rules, their registry, the checker, and what is built on the registry.
mod checker;
mod policy_json;
mod registry;
#[cfg(feature = "rewrite")]
pub mod rewrite;
mod rule;
mod rules;

pub use address::Mailbox;
pub use category::ConsentCategory;
pub use checker::Checker;
pub use contacts::{
    ContactFormat, ContactIndex, ContactsError, NearMiss, parse_contacts, read_contacts,
};
pub use context::CheckOptions;
pub use draft::{Attachment, Body, Draft, DraftError};
pub use error::PolicyError;
pub use extract::Unreadable;
pub use meta::{Guidance, Relation, RuleMeta, Source};
pub use patients::{PatientIndex, PatientsError};
pub use pid::{Detection, PidKind, PidPattern};
pub use policy::{DEFAULT_POLICY_JSON, Policy, RuleLevel};
pub use report::{Applicability, Edit, Field, Finding, Fix, Report, Severity, Verdict};
pub use text::{Span, TextRange};
pub use view::{MessageView, PatientData, Region};
