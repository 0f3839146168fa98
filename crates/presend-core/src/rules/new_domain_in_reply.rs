use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::context::Context;
use crate::distance::osa_within;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};
use crate::view::Region;

declare_rule! {
    /// ## What it catches
    /// A reply that adds a recipient in To or Cc at a domain no one in the conversation
    /// it answers wrote from or to: the classic autocomplete slip, where typing "Jane"
    /// offers a Jane from another organisation. The conversation is read from the quoted
    /// history (its `From:`, `To:` and `Cc:` lines and "… wrote:" attributions) and the
    /// sender's own domain. Not judged: recipients on NHSmail, on the practice's own and
    /// secure domains and at NHS organisations (colleagues); a domain a slip away from
    /// the conversation's (domain-typo's and near-miss-recipient's); Bcc (a deliberate
    /// copy); forwards, which go to new people by design; and a reply with no addresses
    /// in its history.
    ///
    /// ## Why it matters
    /// The MDU warns that a mistyped or autocompleted address sends confidential
    /// information to the wrong person, and the MDDUS that email is easily sent to the
    /// wrong recipient. A stranger added to a thread about a patient receives the whole
    /// history.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "reception.meadowbank@nhs.net",
    ///  "to": ["jane.doe@gmail.com", "jane.doe@lawfirm-example.co.uk"],
    ///  "subject": "Re: Your appointment",
    ///  "body": {"text": "Tuesday at 10:30 is fine.\n\nOn Mon, 3 Nov 2025, Jane Doe <jane.doe@gmail.com> wrote:\n> Can I move my appointment?\n"}}
    /// ```
    ///
    /// ## Not flagged
    /// Everyone already in the conversation, and a colleague on NHSmail brought in:
    /// ```json
    /// {"from": "reception.meadowbank@nhs.net",
    ///  "to": ["jane.doe@gmail.com", "sarah.patel@nhs.net"],
    ///  "subject": "Re: Your appointment",
    ///  "body": {"text": "Tuesday at 10:30 is fine.\n\nOn Mon, 3 Nov 2025, Jane Doe <jane.doe@gmail.com> wrote:\n> Can I move my appointment?\n"}}
    /// ```
    /// A new message (no history to compare with):
    /// ```json
    /// {"to": ["jane.doe@lawfirm-example.co.uk"], "subject": "Records request"}
    /// ```
    ///
    /// ## What to do
    /// Check the new recipient is the person you meant, not someone autocomplete
    /// offered. If they are, send; if not, remove them.
    pub NewDomainInReply {
        id: "new-domain-in-reply",
        default: Warn,
        summary: "A reply or forward adds a recipient at a domain not in the conversation it answers",
        fix: None,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient's address: autocomplete can pick the wrong person" },
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Inspired, point: "email is easily sent to the wrong recipient" },
        ],
    }
}

/// A reply's subject: `Re:` and its equivalents in other mail clients' languages
/// (`AW:`, `SV:`, `VS:`, `Antw:`), perhaps numbered (`Re[2]:`). A forward (`Fw:`) goes
/// to new people by design, and is not judged.
static REPLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"(?i)^\s*(?:re|aw|sv|vs|antw)(?:\[\d+\])?\s*:")
        .expect("the reply pattern is valid")
});

/// An email address's domain.
static ADDRESS_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"[A-Za-z0-9._%+'\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
        .expect("the address pattern is valid")
});

pub(crate) struct NewDomain {
    field: Field,
    address: String,
    domain: String,
    conversation: Vec<String>,
}

impl Rule for NewDomainInReply {
    type State = NewDomain;

    fn run(cx: &Context<'_>) -> Vec<NewDomain> {
        if !REPLY.is_match(&cx.draft.subject) {
            return Vec::new();
        }
        let view = cx.view;
        let mut conversation: BTreeSet<String> = view
            .ranges(Region::Quoted)
            .flat_map(|range| {
                ADDRESS_DOMAIN
                    .captures_iter(&view.body()[range.start()..range.end()])
                    .filter_map(|captures| captures.get(1))
                    .map(|domain| domain.as_str().trim_end_matches('.').to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        if conversation.is_empty() {
            return Vec::new();
        }
        conversation.extend(cx.draft.from.as_ref().and_then(|from| from.domain()));
        let mut seen = BTreeSet::new();
        cx.patients()
            .into_iter()
            // Bcc in a reply is a deliberate copy, not a name typed into To or Cc.
            .filter(|(field, _)| *field != Field::Bcc)
            .filter_map(|(field, mailbox)| {
                let domain = mailbox.domain()?;
                // A domain a slip away from the conversation's is domain-typo's and
                // near-miss-recipient's to judge, not a new party.
                let slip = conversation
                    .iter()
                    .any(|known| osa_within(domain.as_bytes(), known.as_bytes(), 2).is_some());
                let new = !conversation.contains(&domain) && !slip;
                (new && seen.insert(mailbox.normalized())).then(|| NewDomain {
                    field,
                    address: mailbox.address.clone(),
                    domain,
                    conversation: conversation.iter().cloned().collect(),
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &NewDomain) -> Location {
        Location::address(state.field, &state.address)
    }

    fn message(_cx: &Context<'_>, state: &NewDomain) -> String {
        format!(
            "{} is at {}, which is not in the conversation you are answering (its messages are at {}). Check this is the person you meant, not one autocomplete offered, before sending.",
            state.address,
            state.domain,
            state.conversation.join(", ")
        )
    }
}
