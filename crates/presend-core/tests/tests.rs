//! presend-core's integration tests, linked into one binary.

/// Shared helpers: locating fixtures and corpora, comparing JSON.
mod util;

/// The attachment fixtures are exactly what their script makes.
mod attachment_fixtures;
/// Attachments read from their bytes, and what is reported unread.
mod attachments;
/// Every message of the shared third-party corpora is checked without a panic.
mod corpora;
/// The examples in each rule's documentation produce exactly what they claim.
mod doc_examples;
/// Office and PDF files made from text, for the attachment fixtures.
mod documents;
/// The same message as RFC 5322 bytes and as a JSON draft gives the same findings.
mod equivalence;
/// Every `.eml` fixture with its safe fixes applied: nothing fixable is left, and
/// nothing else in the message changes.
mod fix_round_trip;
/// Golden fixtures: every `fixtures/<rule>/{fires,quiet}` message against its expected report.
mod fixtures;
/// The core does no I/O and no logging, and depends only on crates reviewed for it.
mod purity;
/// Hostile and oversized input: clear errors, bounded output, no panics or hangs.
mod robustness;
