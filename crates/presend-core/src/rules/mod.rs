//! The rules, one file each. Each reads only the [`Context`](crate::context::Context)
//! and the layers below it, never another rule's workings.
//!
//! Adding a rule: write `rules/<id_with_underscores>.rs` with `declare_rule!` and an
//! `impl Rule`, add it to the registry's `RULES`, and run the tests: they fail until the
//! rule has fixtures in `fixtures/<id>/` and its generated page in `docs/rules/<id>.md`.

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
