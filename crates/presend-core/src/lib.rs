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

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod address;
mod category;
mod checker;
pub mod contacts;
pub mod distance;
mod domain_slips;
mod draft;
mod extract;
mod lexicon;
pub mod limits;
#[cfg(feature = "mime")]
mod mime;
mod patients;
pub mod pid;
mod policy;
mod report;
#[cfg(feature = "rewrite")]
pub mod rewrite;
mod rule;
mod rules;
mod text;
mod view;

pub use address::Mailbox;
pub use checker::{CheckOptions, Checker};
pub use contacts::{
    ContactFormat, ContactIndex, ContactsError, NearMiss, parse_contacts, read_contacts,
};
pub use draft::{Attachment, Body, Draft, DraftError};
pub use extract::Unreadable;
pub use patients::{PatientIndex, PatientsError};
pub use pid::{Detection, PidKind};
pub use policy::{
    ConsentCategory, DEFAULT_POLICY_JSON, PidPattern, Policy, PolicyError, RuleLevel,
};
pub use report::{Edit, Field, Finding, Fix, Report, Severity, Verdict};
pub use rule::{Applicability, Guidance, Relation, RuleMeta, Source};
pub use text::{Span, TextRange};
pub use view::{MessageView, PatientData, Region};
