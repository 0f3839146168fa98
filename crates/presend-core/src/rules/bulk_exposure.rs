use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};

declare_rule! {
    /// ## What it catches
    /// A message where more people outside the practice than the policy allows
    /// (`max_visible_external`, default 1) are in To or Cc, so every one of them can see
    /// the others' email addresses: the flu-clinic invitation sent with the whole list in
    /// To. Recipients on the practice's own domains and on secure domains (`nhs.net`) are
    /// colleagues, not counted; nor is the sender's own address. Each address is counted
    /// once, whatever its letter case, and every To and Cc header is read.
    ///
    /// ## Why it matters
    /// The MDDUS describes group emails sent without Bcc as one of the commonest mistakes
    /// it sees, and a breach of confidentiality for every patient on the list; the MDU
    /// cites a clinic whose mass email revealed its patients' details. An address alone
    /// can tell the other recipients who attends the clinic.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "reception@meadowbank-practice.nhs.uk",
    ///  "to": ["jane.doe@gmail.com", "bob.roe@hotmail.co.uk", "mary.smith@yahoo.co.uk"],
    ///  "subject": "Flu clinic on Saturday"}
    /// ```
    ///
    /// ## Not flagged
    /// Patients in Bcc with the practice's own address in To:
    /// ```json
    /// {"from": "reception@meadowbank-practice.nhs.uk",
    ///  "to": ["reception@meadowbank-practice.nhs.uk"],
    ///  "bcc": ["jane.doe@gmail.com", "bob.roe@hotmail.co.uk", "mary.smith@yahoo.co.uk"]}
    /// ```
    /// Colleagues on NHSmail, all visible to each other:
    /// ```json
    /// {"to": ["an.other@nhs.net", "sarah.patel@nhs.net", "jane.doe@gmail.com"]}
    /// ```
    ///
    /// ## What to do
    /// Put your own address in To and move everyone else to Bcc. The fix does exactly
    /// this. If a message really must show recipients to each other (a meeting between
    /// a patient and their carer, say), the policy's `max_visible_external` can allow it.
    pub BulkExposure {
        id: "bulk-exposure",
        default: Block,
        summary: "More patients or other outside recipients than allowed can see each other's addresses in To and Cc",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "send group emails with your own address in To and every recipient in Bcc" },
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Follows, point: "use Bcc for several recipients: To and Cc show everyone's address" },
        ],
    }
}

pub(crate) struct Exposure {
    /// Outside addresses visible in To and Cc, as first written, each once.
    visible: Vec<String>,
    field: Field,
}

impl Rule for BulkExposure {
    type State = Exposure;

    fn run(cx: &Context<'_>) -> Vec<Exposure> {
        let sender = cx.sender();
        let mut seen = std::collections::HashSet::new();
        let mut visible = Vec::new();
        let mut in_to = false;
        for (field, mailbox) in cx
            .draft
            .recipients()
            .filter(|(field, _)| *field != Field::Bcc)
        {
            let normalized = mailbox.normalized();
            if Some(&normalized) == sender.as_ref()
                || !cx.is_external(mailbox)
                || !seen.insert(normalized)
            {
                continue;
            }
            in_to |= field == Field::To;
            visible.push(mailbox.address.clone());
        }
        let allowed = cx.tables.policy.max_visible_external as usize;
        if visible.len() <= allowed {
            return Vec::new();
        }
        vec![Exposure {
            visible,
            field: if in_to { Field::To } else { Field::Cc },
        }]
    }

    fn location(_cx: &Context<'_>, state: &Exposure) -> Location {
        Location::field(state.field)
    }

    fn message(cx: &Context<'_>, state: &Exposure) -> String {
        let allowed = cx.tables.policy.max_visible_external;
        let limit = match allowed {
            0 => "the practice allows none".to_owned(),
            1 => "the practice allows one".to_owned(),
            n => format!("the practice allows {n}"),
        };
        format!(
            "{} people outside the practice are in To or Cc and will all see each other's email addresses ({limit}). Put your own address in To and move them to Bcc.",
            state.visible.len()
        )
    }

    fn fix(cx: &Context<'_>, state: &Exposure) -> Option<Proposal> {
        Some(Proposal {
            title: format!("Move {} recipients to Bcc", state.visible.len()),
            edit: Edit::MoveToBcc {
                addresses: state.visible.clone(),
                to: cx.draft.from.as_ref().map(|m| m.address.clone()),
            },
        })
    }
}
