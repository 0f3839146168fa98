use std::collections::BTreeSet;

use crate::context::{Context, SECURE_TAG};
use crate::meta::{Guidance, Relation, Source};
use crate::pid::PidKind;
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::{TextRange, list_addresses};

declare_rule! {
    /// ## What it catches
    /// Patient-identifiable data going unencrypted to anyone outside the secure and
    /// organisation domains. The data may be anywhere it will travel: the subject, the
    /// sender's own text, the quoted history (it is sent too), attachment names, and the
    /// text inside attachments: plain text, CSV and HTML files, PDFs' text, Word, Excel,
    /// PowerPoint and OpenDocument files (headers, footers and notes included), and
    /// attached messages. A file presend cannot read is `unreadable-attachment`'s. It
    /// counts:
    /// - NHS, CHI and H&C numbers with a valid check digit, labelled or written in
    ///   groups (a bare ten-digit number next to "tel", "order" or "invoice" is not one);
    /// - dates of birth labelled as such (`DOB 03/04/1961`, `born on 3 April 1961`);
    /// - a patient's name with their date of birth or address in the same paragraph;
    /// - the practice's own identifiers, from the policy's `pid_patterns`.
    ///
    /// A subject containing `[secure]` (any case) is NHSmail's instruction to encrypt,
    /// and silences this rule. One finding names the recipients at risk and the kinds of
    /// data.
    ///
    /// ## Why it matters
    /// The BMA's position is that patient-identifiable data must only be sent encrypted;
    /// the MDU's first point on email is to send patient information securely, and the
    /// MDDUS reminds practices that a breach can mean action by the ICO and the GMC.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "reception.meadowbank@nhs.net", "to": ["jane.doe@gmail.com"],
    ///  "subject": "Your letter",
    ///  "body": {"text": "Dear Jane,\n\nWe have updated your record (NHS number 943 476 5919).\n"}}
    /// ```
    ///
    /// ## Not flagged
    /// The same message with `[secure]` in the subject, or sent only to NHSmail:
    /// ```json
    /// {"from": "reception.meadowbank@nhs.net", "to": ["jane.doe@gmail.com"],
    ///  "subject": "[SECURE] Your letter",
    ///  "body": {"text": "We have updated your record (NHS number 943 476 5919)."}}
    /// ```
    /// ```json
    /// {"to": ["sarah.patel@nhs.net"], "body": {"text": "Referral for NHS number 943 476 5919."}}
    /// ```
    /// A number that is a phone number, not an NHS number:
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "body": {"text": "Please call us on tel 943 476 5919."}}
    /// ```
    ///
    /// ## What to do
    /// From NHSmail, add `[secure]` to the subject (the fix does this) so the message is
    /// encrypted; the recipient will be asked to register to read it. From any other
    /// account, remove the patient's details, or send from NHSmail instead.
    pub PidInsecure {
        id: "pid-insecure",
        default: Block,
        summary: "Patient-identifiable data is going unencrypted to a recipient outside NHSmail and the practice",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::BmaSecureOnlineServices, relation: Relation::Follows, point: "send patient-identifiable data only in encrypted messages" },
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Follows, point: "make sure patient information is sent securely" },
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Inspired, point: "unless encrypted, messages may be read by someone else" },
        ],
    }
}

pub(crate) struct Exposure {
    kinds: BTreeSet<PidKind>,
    recipients: Vec<String>,
    field: Field,
    range: Option<TextRange>,
    attachment: Option<usize>,
}

impl Rule for PidInsecure {
    type State = Exposure;

    fn run(cx: &Context<'_>) -> Vec<Exposure> {
        let recipients = cx.unencrypted_recipients();
        if recipients.is_empty() {
            return Vec::new();
        }
        let view = cx.view;
        let attachments = view
            .attachment_pid
            .iter()
            .flat_map(|a| a.in_name.iter().chain(&a.in_text));
        let kinds: BTreeSet<PidKind> = view
            .subject_pid
            .iter()
            .chain(&view.body_pid)
            .chain(attachments)
            .map(|d| d.kind)
            .collect();
        if kinds.is_empty() {
            return Vec::new();
        }
        // Point at the first place the data is, in the order a sender reads a message.
        let (field, range, attachment) = if let Some(first) = view.subject_pid.first() {
            (Field::Subject, Some(first.range), None)
        } else if let Some(first) = view.body_pid.first() {
            (Field::Body, Some(first.range), None)
        } else {
            (
                Field::Attachment,
                None,
                view.attachment_pid.first().map(|a| a.index),
            )
        };
        vec![Exposure {
            kinds,
            recipients,
            field,
            range,
            attachment,
        }]
    }

    fn location(_cx: &Context<'_>, state: &Exposure) -> Location {
        Location {
            field: Some(state.field),
            range: state.range,
            attachment: state.attachment,
            address: None,
        }
    }

    fn message(cx: &Context<'_>, state: &Exposure) -> String {
        let what = cx.describe_pid(&state.kinds);
        let whom = list_addresses(&state.recipients);
        let advice = if cx.sender_is_secure() {
            "Add [secure] to the subject so NHSmail encrypts it, or remove the patient's details."
        } else {
            "Remove the patient's details, or send it from NHSmail with [secure] in the subject."
        };
        format!("This message contains {what} and would go unencrypted to {whom}. {advice}")
    }

    fn fix(cx: &Context<'_>, _state: &Exposure) -> Option<Proposal> {
        // Encryption needs an NHSmail sender; elsewhere only removing the data helps,
        // and that is the sender's judgement, not an edit presend can make.
        cx.sender_is_secure().then(|| Proposal {
            title: "Add [secure] to the subject".to_owned(),
            edit: Edit::AddSubjectTag {
                tag: SECURE_TAG.to_owned(),
            },
        })
    }
}
