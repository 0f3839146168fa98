use crate::context::Context;
use crate::domain_slips::lookalike_target;
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::{Declared, Location, Proposal, Rule, declare_rule};
use crate::rules::deceptive_address::DeceptiveAddress;

declare_rule! {
    /// ## What it catches
    /// A recipient who is not one of the practice's known contacts (the policy's
    /// `known_contacts`, or contacts files given with `--contacts`) but whose whole
    /// address is one or two typing slips from one who is: `am.other@nhs.net` typed for
    /// `an.other@nhs.net`, `jane.doe@gmial.com` for `jane.doe@gmail.com`. A slip is a
    /// letter inserted, left out, changed, or two neighbouring letters swapped. To, Cc and
    /// Bcc are all checked; letter case is ignored.
    ///
    /// ## Why it matters
    /// The MDU's guidance uses this very pair, `an.other@nhs.net` and `am.other@nhs.net`,
    /// to show how easily confidential information reaches the wrong person. Mail clients
    /// autocomplete from history, so one wrong address, once used, keeps coming back.
    ///
    /// ## Example
    /// ```json,policy
    /// {"known_contacts": ["an.other@nhs.net", "jane.doe@gmail.com"]}
    /// ```
    /// ```json,expect_finding
    /// {"to": ["am.other@nhs.net"], "subject": "Referral"}
    /// ```
    ///
    /// ## Not flagged
    /// A known contact in other letter case, and an unknown address that is not close
    /// to any contact:
    /// ```json
    /// {"to": ["An.Other@NHS.net"], "cc": ["duty.doctor@nhs.net"]}
    /// ```
    ///
    /// ## What to do
    /// Check the address against the patient's record or the colleague's signature. If it
    /// is right, add it to the practice's contacts so it is known next time; if not, use
    /// the suggested contact (the fix replaces the address, after you confirm).
    pub NearMissRecipient {
        id: "near-miss-recipient",
        default: Block,
        summary: "A recipient is not a known contact but is one or two typing slips from one",
        fix: NeedsReview,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Follows, point: "check the recipient's address before sending confidential information: an.other@nhs.net is easily mistaken for am.other@nhs.net" },
        ],
    }
}

pub(crate) struct NearMiss {
    field: Field,
    typed: String,
    contact: String,
    distance: usize,
}

impl Rule for NearMissRecipient {
    type State = NearMiss;

    fn run(cx: &Context<'_>) -> Vec<NearMiss> {
        if cx.tables.contacts.is_empty() {
            return Vec::new();
        }
        let deceptive_reports = cx.is_enabled(DeceptiveAddress::META);
        let targets = &cx.tables.typo_targets;
        cx.draft
            .recipients()
            .filter_map(|(field, mailbox)| {
                let near = cx.near_miss(mailbox)?;
                let lookalike = || {
                    mailbox.domain().is_some_and(|domain| {
                        lookalike_target(&domain, targets.iter().map(String::as_str)).is_some()
                    })
                };
                if deceptive_reports && lookalike() {
                    return None; // deceptive-address names the lookalike
                }
                Some(NearMiss {
                    field,
                    typed: mailbox.address.clone(),
                    contact: near.contact.to_owned(),
                    distance: near.distance,
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &NearMiss) -> Location {
        Location::address(state.field, &state.typed)
    }

    fn message(_cx: &Context<'_>, state: &NearMiss) -> String {
        let slips = if state.distance == 1 {
            "one letter"
        } else {
            "two letters"
        };
        format!(
            "{} is not one of your contacts, but is {slips} away from {}. Check you have the right person before sending.",
            state.typed, state.contact
        )
    }

    fn fix(_cx: &Context<'_>, state: &NearMiss) -> Option<Proposal> {
        Some(Proposal {
            title: format!("Send to {} instead", state.contact),
            edit: Edit::ReplaceAddress {
                field: state.field,
                from: state.typed.clone(),
                to: state.contact.clone(),
            },
        })
    }
}
