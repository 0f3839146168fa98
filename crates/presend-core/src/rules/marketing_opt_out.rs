use std::sync::LazyLock;

use regex::Regex;

use crate::category;
use crate::category::ConsentCategory;
use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::ascii_lowercase;

/// How many patients make a mailing.
pub(crate) const MIN_AUDIENCE: usize = 5;

/// The line the fix adds.
const OPT_OUT_LINE: &str = "If you would rather not receive these emails, reply STOP or let us know and we will take you off the list.";

/// Ways a message lets its reader opt out, in text with ASCII letters folded.
static OPT_OUT: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r#"\b(?:unsubscribe|opt[\s-]?out|reply\s+["'“]?stop\b|text\s+["'“]?stop\b|no\s+longer\s+(?:wish|want|like)\s+to\s+(?:receive|hear|get|be\s+(?:emailed|contacted))|would\s+rather\s+not\s+(?:receive|hear)|stop\s+receiving|remove\s+you\s+from\s+(?:our|this|the)\s+(?:mailing\s+|email\s+)?list|take\s+you\s+off\s+(?:our|this|the)\s+(?:mailing\s+|email\s+)?list|manage\s+your\s+(?:email\s+)?preferences)"#,
    )
    .expect("the opt-out pattern is valid")
});

declare_rule! {
    /// ## What it catches
    /// A newsletter or promotion (the marketing category, decided as for
    /// `disclosure-level`) to five or more patients, Bcc included, that gives no way to
    /// opt out: no "unsubscribe", "opt out", "reply STOP", "let us know if you no longer
    /// wish to receive these emails", or the like, in the sender's own text.
    ///
    /// ## Why it matters
    /// The MDU notes that marketing by email falls under GDPR and the Privacy and
    /// Electronic Communications Regulations, and that a GP practice must give patients
    /// a simple way to decline future messages, in every message.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["reception@meadowbank-practice.nhs.uk"],
    ///  "bcc": ["a@gmail.com", "b@gmail.com", "c@gmail.com", "d@gmail.com", "e@gmail.com"],
    ///  "subject": "Our spring newsletter",
    ///  "body": {"text": "Join us for a coffee morning on Friday!"}}
    /// ```
    ///
    /// ## Not flagged
    /// The same newsletter with a way out:
    /// ```json
    /// {"bcc": ["a@gmail.com", "b@gmail.com", "c@gmail.com", "d@gmail.com", "e@gmail.com"],
    ///  "subject": "Our spring newsletter",
    ///  "body": {"text": "Join us for a coffee morning on Friday!\n\nTo stop these emails, reply STOP."}}
    /// ```
    ///
    /// ## What to do
    /// Add a line telling patients how to stop these emails (the fix adds one), and
    /// honour every request.
    pub MarketingOptOut {
        id: "marketing-opt-out",
        default: Warn,
        summary: "A newsletter or promotion to five or more patients offers no way to opt out",
        fix: NeedsReview,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Follows, point: "give patients a simple way to decline future contact, in every message; make sure they can opt out at any time" },
        ],
    }
}

pub(crate) struct Mailing {
    audience: usize,
}

impl Rule for MarketingOptOut {
    type State = Mailing;

    fn run(cx: &Context<'_>) -> Vec<Mailing> {
        // The audience first: it is cheap, and most messages stop there without
        // building the category lexicon.
        let audience = cx.patients().len();
        if audience < MIN_AUDIENCE {
            return Vec::new();
        }
        if cx.category().category != Some(ConsentCategory::Marketing) {
            return Vec::new();
        }
        let offers_way_out = cx
            .view
            .authored()
            .any(|range| OPT_OUT.is_match(&ascii_lowercase(cx.view.body_text(range))));
        if offers_way_out {
            Vec::new()
        } else {
            vec![Mailing { audience }]
        }
    }

    fn location(_cx: &Context<'_>, _state: &Mailing) -> Location {
        Location::field(Field::Body)
    }

    fn message(cx: &Context<'_>, state: &Mailing) -> String {
        let words = category::quote_deciding(&cx.category().deciding);
        format!(
            "This reads as a newsletter or promotion (from the words {words}) going to {} patients, with no way to opt out. Add a line telling them how to stop these emails.",
            state.audience
        )
    }

    fn fix(cx: &Context<'_>, _state: &Mailing) -> Option<Proposal> {
        Some(Proposal {
            title: "Add an opt-out line".to_owned(),
            edit: cx.append_to_authored(OPT_OUT_LINE.to_owned()),
        })
    }
}
