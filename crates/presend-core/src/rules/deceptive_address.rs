use crate::address::Mailbox;
use crate::context::Context;
use crate::domain_slips::lookalike_target;
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};

declare_rule! {
    /// ## What it catches
    /// A recipient address made to read as another:
    ///
    /// - **Lookalike letters**: a domain written with letters of another alphabet that
    ///   look like Latin ones, standing for NHSmail, the practice's own or secure domains,
    ///   or a major provider's: `nһs.net` with a Cyrillic `һ`, and the same in the
    ///   punycode a mail client may show (`nhs.xn--nt-nlc`, `xn--gmil-63d.com`). Letters
    ///   are compared by their Unicode confusable skeletons (TR39).
    /// - **Invisible characters** in the address: zero-width spaces and joiners, soft
    ///   hyphens, and the controls that reverse the direction of text, which make an
    ///   address read differently from where it goes.
    /// - **A display name that is another address** at an NHS, practice or secure domain:
    ///   `"an.other@nhs.net" <an.other@gmail.com>` shows one address and sends to
    ///   another.
    ///
    /// ## Why it matters
    /// The MDU asks senders to check the recipient's address before confidential
    /// information goes; these addresses are built to pass that check by eye. They come
    /// from phishing mail replied to, and from contacts saved from it.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["dr.jones@nhs.xn--nt-nlc"], "subject": "Referral"}
    /// ```
    ///
    /// ## Not flagged
    /// International domains in their own script, and a display name that is the same
    /// address or an address nowhere trusted:
    /// ```json
    /// {"to": ["info@xn--mnchen-3ya.de", "\"jane.doe@gmail.com\" <jane.doe@gmail.com>",
    ///         "\"jane@oldisp.co.uk\" <jane.doe@gmail.com>"]}
    /// ```
    ///
    /// ## What to do
    /// Do not send to it. Type the address afresh or pick it from the practice's address
    /// book. If it came from a message you are replying to, treat that message as
    /// suspicious and tell whoever looks after the practice's IT.
    pub DeceptiveAddress {
        id: "deceptive-address",
        default: Block,
        summary: "A recipient's address is made to look like another: lookalike letters, invisible characters, or a display name that is a different trusted address",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient's email address is correct before sending confidential information" },
        ],
    }
}

pub(crate) struct Deception {
    field: Field,
    address: String,
    kind: Kind,
}

enum Kind {
    /// The domain reads as `target`; it is `shown` in Unicode.
    Lookalike { target: String, shown: String },
    /// The address holds these invisible characters (as `U+XXXX`).
    Invisible { found: Vec<String> },
    /// The display name is this other address.
    DisplayName { shown: String },
}

/// Characters that change how an address reads without being seen: zero-width spaces
/// and joiners, the word joiner and invisible operators, the byte order mark, the soft
/// hyphen, and the bidirectional marks, embeddings, overrides and isolates.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// The address a display name spells out, if it is one (`"an.other@nhs.net"`).
fn address_in_name(mailbox: &Mailbox) -> Option<String> {
    let name = mailbox.name.as_deref()?;
    name.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')'))
        .find(|word| word.contains('@') && !word.starts_with('@') && !word.ends_with('@'))
        .map(str::to_lowercase)
}

impl Rule for DeceptiveAddress {
    type State = Deception;

    fn run(cx: &Context<'_>) -> Vec<Deception> {
        let targets = &cx.tables.typo_targets;
        cx.draft
            .recipients()
            .filter_map(|(field, mailbox)| {
                let address = mailbox.address.clone();
                let invisible: Vec<String> = address
                    .chars()
                    .filter(|&c| is_invisible(c))
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect();
                let kind = if !invisible.is_empty() {
                    Kind::Invisible { found: invisible }
                } else if let Some((target, shown)) = mailbox.domain().and_then(|domain| {
                    lookalike_target(&domain, targets.iter().map(String::as_str))
                }) {
                    Kind::Lookalike {
                        target: target.to_owned(),
                        shown,
                    }
                } else {
                    let shown = address_in_name(mailbox)?;
                    let trusted_shown = crate::address::domain_of(&shown).is_some_and(|domain| {
                        cx.is_trusted_domain(domain)
                            || crate::address::domain_within(domain, "nhs.uk")
                    });
                    if shown == mailbox.normalized() || !trusted_shown || !cx.is_external(mailbox) {
                        return None;
                    }
                    Kind::DisplayName { shown }
                };
                Some(Deception {
                    field,
                    address,
                    kind,
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Deception) -> Location {
        Location::address(state.field, &state.address)
    }

    fn message(_cx: &Context<'_>, state: &Deception) -> String {
        match &state.kind {
            Kind::Lookalike { target, shown } => format!(
                "This address is not at {target}: its domain \"{shown}\" uses letters from another alphabet that look the same. Do not send to it; type the address afresh."
            ),
            Kind::Invisible { found } => format!(
                "This address contains invisible characters ({}) that change how it reads. Do not send to it; type the address afresh.",
                found.join(", ")
            ),
            Kind::DisplayName { shown } => format!(
                "This recipient is shown as {shown} but the message would go to {}. Check who it is before sending.",
                state.address
            ),
        }
    }

    fn fix(_cx: &Context<'_>, state: &Deception) -> Option<Proposal> {
        // Only invisible characters have a certain repair; the others need the sender
        // to find the right address.
        let Kind::Invisible { .. } = state.kind else {
            return None;
        };
        let cleaned: String = state
            .address
            .chars()
            .filter(|&c| !is_invisible(c))
            .collect();
        Some(Proposal {
            title: format!("Send to {cleaned} instead"),
            edit: Edit::ReplaceAddress {
                field: state.field,
                from: state.address.clone(),
                to: cleaned,
            },
        })
    }
}
