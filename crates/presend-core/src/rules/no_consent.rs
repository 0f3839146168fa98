use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};

declare_rule! {
    /// ## What it catches
    /// When the policy has a `consent` register, any patient recipient who is not in it:
    /// To, Cc and Bcc alike, addresses compared ignoring case. A patient is anyone outside
    /// the practice's and secure domains and not at an NHS organisation (`*.nhs.uk`,
    /// `nhs.scot`, `hscni.net`): hospital colleagues need no consent. Without a register
    /// (or with an empty one) the rule does not run, since presend cannot know who has
    /// opted in.
    ///
    /// ## Why it matters
    /// The MDDUS is clear that patients must opt in before the practice emails them at
    /// all, even for an appointment reminder, and that only patients who agreed should
    /// receive email. Someone else may read the inbox a patient never gave the practice.
    ///
    /// ## Example
    /// ```json,policy
    /// {"consent": {"jane.doe@gmail.com": ["appointments", "prescriptions"]}}
    /// ```
    /// ```json,expect_finding
    /// {"to": ["bob.roe@hotmail.co.uk"], "subject": "Your appointment"}
    /// ```
    ///
    /// ## Not flagged
    /// A patient in the register (in any letter case), and colleagues:
    /// ```json
    /// {"to": ["Jane.Doe@Gmail.com"], "cc": ["sarah.patel@nhs.net"], "subject": "Your appointment"}
    /// ```
    ///
    /// ## What to do
    /// Check the patient's record for their email consent. If they have not opted in,
    /// contact them another way; if they have, add them to the practice's register.
    pub NoConsent {
        id: "no-consent",
        default: Block,
        summary: "A patient recipient is not in the practice's email consent register",
        fix: None,
        sources: [
            Source { guidance: Guidance::MddusOptIn, relation: Relation::Follows, point: "patients should opt in before receiving any email from their practice" },
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "express consent is needed even for an appointment reminder" },
        ],
    }
}

pub(crate) struct Unconsented {
    field: Field,
    address: String,
}

impl Rule for NoConsent {
    type State = Unconsented;

    fn run(cx: &Context<'_>) -> Vec<Unconsented> {
        let register = &cx.tables.policy.consent;
        if register.is_empty() {
            return Vec::new();
        }
        cx.patients()
            .into_iter()
            .filter(|(_, mailbox)| !register.contains_key(&mailbox.normalized()))
            .map(|(field, mailbox)| Unconsented {
                field,
                address: mailbox.address.clone(),
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Unconsented) -> Location {
        Location::address(state.field, &state.address)
    }

    fn message(_cx: &Context<'_>, state: &Unconsented) -> String {
        format!(
            "{} is not in the practice's email consent register, so has not agreed to be emailed. Check their record, and contact them another way if they have not opted in.",
            state.address
        )
    }
}
