use crate::category;
use crate::category::ConsentCategory;
use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};

declare_rule! {
    /// ## What it catches
    /// When the policy has a `consent` register, a message whose category is not one a
    /// patient recipient agreed to: test results emailed to a patient who agreed only to
    /// appointment reminders. The category (appointments, prescriptions, results,
    /// general, marketing) comes from the words of the subject and the sender's own
    /// text (`data/categories.tsv`), and each finding names the words that decided it.
    /// A message with none of those words is undecided and not reported; a patient with
    /// no entry at all is `no-consent`'s finding.
    ///
    /// ## Why it matters
    /// The MDDUS advises agreeing levels of disclosure with each patient: some are happy
    /// to be emailed about appointments or repeat prescriptions but not about results,
    /// and the practice should not presume to know what a patient wants kept private.
    ///
    /// ## Example
    /// ```json,policy
    /// {"consent": {"jane.doe@gmail.com": ["appointments"]}}
    /// ```
    /// ```json,expect_finding
    /// {"to": ["jane.doe@gmail.com"], "subject": "Your blood test results",
    ///  "body": {"text": "Your results are back. Please ring the surgery to discuss them."}}
    /// ```
    ///
    /// ## Not flagged
    /// An appointment reminder, and an undecided acknowledgement:
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "subject": "Appointment reminder",
    ///  "body": {"text": "Your appointment is on Monday at 10:30."}}
    /// ```
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "subject": "Thank you",
    ///  "body": {"text": "We have received your email and will reply shortly."}}
    /// ```
    ///
    /// ## What to do
    /// Contact the patient the way they agreed to (a call, a letter, the NHS App), or
    /// check their record in case they have since agreed to more.
    pub DisclosureLevel {
        id: "disclosure-level",
        default: Warn,
        summary: "The message's category is not one the patient agreed to receive by email",
        fix: None,
        sources: [
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "agree levels of disclosure with each patient" },
            Source { guidance: Guidance::MddusOptIn, relation: Relation::Follows, point: "agree levels of disclosure before sending anything electronically" },
        ],
    }
}

pub(crate) struct Undisclosed {
    field: Field,
    address: String,
    category: ConsentCategory,
    agreed: Vec<ConsentCategory>,
}

impl Rule for DisclosureLevel {
    type State = Undisclosed;

    fn run(cx: &Context<'_>) -> Vec<Undisclosed> {
        let register = &cx.tables.policy.consent;
        if register.is_empty() {
            return Vec::new();
        }
        let Some(category) = cx.category().category else {
            return Vec::new();
        };
        cx.patients()
            .into_iter()
            .filter_map(|(field, mailbox)| {
                let agreed = register.get(&mailbox.normalized())?;
                (!agreed.contains(&category)).then(|| Undisclosed {
                    field,
                    address: mailbox.address.clone(),
                    category,
                    agreed: agreed.clone(),
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Undisclosed) -> Location {
        Location::address(state.field, &state.address)
    }

    fn message(cx: &Context<'_>, state: &Undisclosed) -> String {
        let words = category::quote_deciding(&cx.category().deciding);
        let agreed = match state.agreed.as_slice() {
            [] => "nothing".to_owned(),
            list => list
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        format!(
            "This message is about {} (from the words {words}), but {} agreed to email only for: {agreed}. Contact them another way, or check what they have agreed to.",
            category::describe(state.category),
            state.address
        )
    }
}
