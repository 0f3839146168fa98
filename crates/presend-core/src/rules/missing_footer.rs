use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::fold_for_matching;

/// The footer suggested when the policy configures none.
pub(crate) const SUGGESTED_FOOTER: &str = "This email and any attachments are confidential and intended solely for the named recipient. If you have received it in error, please tell the sender and delete it.";

declare_rule! {
    /// ## What it catches
    /// A message whose sender's own new text (signature included) lacks the practice's
    /// confidentiality footer. With `footer` set in the policy, that exact text must be
    /// there, though matching forgives letter case, line wrapping, spacing and curly
    /// quotes, in plain-text and HTML bodies alike. Without it, any paragraph (or two
    /// adjacent ones) that speaks of confidentiality and of the intended recipient or
    /// addressee counts. A footer that appears only in the quoted history of a reply
    /// does not count: that is the other person's footer, or yours from last time.
    ///
    /// ## Why it matters
    /// Practices require a confidentiality statement on what they send, as the MPS asks
    /// for one on every fax cover sheet; it tells a wrong recipient what to do. The BMA's
    /// view is also worth knowing: a disclaimer does not make an insecure email safe, so
    /// this rule is a matter of practice standards, never a substitute for the others.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["jane.doe@gmail.com"], "subject": "Your appointment",
    ///  "body": {"text": "Dear Jane,\n\nYour appointment is on Monday at 10:00.\n\nKind regards\nReception"}}
    /// ```
    ///
    /// ## Not flagged
    /// A footer that wraps differently and uses a curly apostrophe:
    /// ```json
    /// {"body": {"text": "Thank you.\n\nThis email is confidential and intended\nonly for the addressee. If it\u2019s reached you in error, please delete it."}}
    /// ```
    ///
    /// ## What to do
    /// Add the practice footer at the end of your message, above the quoted history. The
    /// fix appends the configured footer; with none configured it suggests a wording.
    pub MissingFooter {
        id: "missing-footer",
        default: Warn,
        summary: "The confidentiality footer is missing from the sender's own new text",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Inspired, point: "send a confidentiality statement with sensitive communications (there, a fax cover sheet)" },
            Source { guidance: Guidance::BmaSecureOnlineServices, relation: Relation::Inspired, point: "a disclaimer alone does not protect the practice: encryption still matters" },
        ],
    }
}

/// Words that show a paragraph is about confidentiality.
const CONFIDENTIALITY_CUES: &[&str] = &["confidential", "privileged"];

/// The cues, found in text as written (ignoring ASCII case) without a lower-cased copy.
static CONFIDENTIALITY_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(CONFIDENTIALITY_CUES)
        .ok()
});
/// Words that show a paragraph is about who the message is meant for.
const RECIPIENT_CUES: &[&str] = &[
    "intended recipient",
    "addressee",
    "intended solely",
    "intended only",
    "intended for the",
    "intended for use",
    "named recipient",
    "received this email in error",
    "received this message in error",
    "received it in error",
    "received this in error",
];

pub(crate) struct Missing;

impl Rule for MissingFooter {
    type State = Missing;

    fn run(cx: &Context<'_>) -> Vec<Missing> {
        // Read region by region, never copying the whole of what the sender wrote: a
        // message at the size limit is 64 MiB, and its copies are what memory peaks on.
        let authored: Vec<&str> = cx
            .view
            .authored()
            .map(|range| cx.view.body_text(range))
            .collect();
        let present = match &cx.tables.footer {
            Some(footer) => {
                // Folding makes every run of whitespace one space, so the regions joined
                // by a space read as the text joined by its line breaks.
                let mut folded = String::new();
                for text in &authored {
                    if !folded.is_empty() {
                        folded.push(' ');
                    }
                    folded.push_str(&fold_for_matching(text));
                }
                folded.contains(footer.as_str())
            }
            None => {
                // A notice needs a confidentiality word: only paragraphs with one (and
                // their neighbours, for notices split in two) are folded and read, and a
                // message with no such word at all is done with at once.
                let cue = |text: &str| {
                    CONFIDENTIALITY_WORDS
                        .as_ref()
                        .is_some_and(|words| words.is_match(text))
                };
                let paragraphs: Vec<&str> = if authored.iter().any(|text| cue(text)) {
                    authored.iter().flat_map(|text| paragraphs(text)).collect()
                } else {
                    Vec::new()
                };
                (0..paragraphs.len())
                    .filter(|&i| cue(paragraphs[i]))
                    .any(|i| {
                        let here = fold_for_matching(paragraphs[i]);
                        let with =
                            |j: usize| paragraphs.get(j).map(|other| fold_for_matching(other));
                        is_notice(&here)
                            || i.checked_sub(1)
                                .and_then(with)
                                .is_some_and(|before| is_notice(&format!("{before} {here}")))
                            || with(i + 1)
                                .is_some_and(|after| is_notice(&format!("{here} {after}")))
                    })
            }
        };
        if present { Vec::new() } else { vec![Missing] }
    }

    fn location(_cx: &Context<'_>, _state: &Missing) -> Location {
        Location::field(Field::Body)
    }

    fn message(cx: &Context<'_>, _state: &Missing) -> String {
        match cx.tables.footer {
            Some(_) => "The practice's confidentiality footer is not in your message (a footer in the quoted history does not count). Add it at the end of your message.".to_owned(),
            None => "Your message has no confidentiality footer (one in the quoted history does not count). Add the practice's footer at the end of your message.".to_owned(),
        }
    }

    fn fix(cx: &Context<'_>, _state: &Missing) -> Option<Proposal> {
        let footer = cx
            .tables
            .policy
            .footer
            .as_deref()
            .unwrap_or(SUGGESTED_FOOTER);
        Some(Proposal {
            title: "Add the confidentiality footer".to_owned(),
            edit: cx.append_to_authored(footer.to_owned()),
        })
    }
}

/// Paragraphs: runs of lines separated by blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n")
        .flat_map(|block| block.split("\r\n\r\n"))
        .filter(|p| !p.trim().is_empty())
}

/// Whether a folded paragraph is a confidentiality notice.
fn is_notice(folded: &str) -> bool {
    CONFIDENTIALITY_CUES.iter().any(|cue| folded.contains(cue))
        && RECIPIENT_CUES.iter().any(|cue| folded.contains(cue))
}
