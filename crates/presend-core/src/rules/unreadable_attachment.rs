use crate::context::{Context, SECURE_TAG};
use crate::extract::Unreadable;
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::text::list_addresses;

declare_rule! {
    /// ## What it catches
    /// An attachment whose contents presend could not read, going unencrypted to
    /// someone outside the secure and organisation domains: a document protected by a
    /// password, a damaged file, one too large to read before sending, a scanned PDF (a
    /// picture of text), a format presend does not read (a legacy `.doc` or `.xls`, a zip
    /// archive), or one the mail client could not hand over. presend reads the text of
    /// PDFs, Word, Excel, PowerPoint and OpenDocument files and attached messages for
    /// patient details; a file it could not read has not been checked, and says so
    /// rather than pass in silence.
    ///
    /// Pictures and sounds are not flagged: presend does not read text in images.
    ///
    /// ## Why it matters
    /// The BMA asks that patient-identifiable data only travel encrypted, and the MDU
    /// that patient information be sent securely. A letter or a spreadsheet is where
    /// such data usually is, and a password on a file is no substitute for encryption:
    /// the password often travels in the next email.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "reception.meadowbank@nhs.net", "to": ["jane.doe@gmail.com"],
    ///  "subject": "Your letter",
    ///  "attachments": [{"name": "Letter.docx", "unread": "encrypted"}]}
    /// ```
    ///
    /// ## Not flagged
    /// The same file to NHSmail, or with `[secure]` in the subject; and a photograph:
    /// ```json
    /// {"to": ["sarah.patel@nhs.net"], "attachments": [{"name": "Letter.docx", "unread": "encrypted"}]}
    /// ```
    /// ```json
    /// {"from": "reception.meadowbank@nhs.net", "to": ["jane.doe@gmail.com"],
    ///  "subject": "[secure] Your letter",
    ///  "attachments": [{"name": "Letter.docx", "unread": "encrypted"}]}
    /// ```
    /// ```json
    /// {"to": ["jane.doe@gmail.com"], "attachments": [{"name": "surgery.jpg", "content_type": "image/jpeg"}]}
    /// ```
    ///
    /// ## What to do
    /// Open the file and make sure it holds no patient details. From NHSmail, add
    /// `[secure]` to the subject (the fix does this) so the whole message is encrypted;
    /// from any other account, send it from NHSmail instead. A password-protected file
    /// is still worth encrypting: send the password another way.
    pub UnreadableAttachment {
        id: "unreadable-attachment",
        default: Warn,
        summary: "An attachment presend could not read (password-protected, damaged, scanned, too large or of an unread kind) is going unencrypted outside NHSmail and the practice",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::BmaSecureOnlineServices, relation: Relation::Inspired, point: "send patient-identifiable data only in encrypted messages: an unread file may hold it" },
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "make sure patient information is sent securely" },
        ],
    }
}

pub(crate) struct Unread {
    attachment: usize,
    why: Unreadable,
    recipients: Vec<String>,
}

impl Rule for UnreadableAttachment {
    type State = Unread;

    fn run(cx: &Context<'_>) -> Vec<Unread> {
        let recipients = cx.unencrypted_recipients();
        if recipients.is_empty() {
            return Vec::new();
        }
        cx.draft
            .attachments
            .iter()
            .enumerate()
            .filter_map(|(attachment, file)| {
                file.unread.map(|why| Unread {
                    attachment,
                    why,
                    recipients: recipients.clone(),
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Unread) -> Location {
        Location {
            field: Some(Field::Attachment),
            attachment: Some(state.attachment),
            ..Location::default()
        }
    }

    fn message(cx: &Context<'_>, state: &Unread) -> String {
        let name = cx.attachment_name_shown(state.attachment);
        let whom = list_addresses(&state.recipients);
        let advice = if cx.sender_is_secure() {
            "add [secure] to the subject so NHSmail encrypts it"
        } else {
            "send it from NHSmail with [secure] in the subject"
        };
        format!(
            "presend could not read the attachment {name} ({}), so it has not been checked for patient details, and it would go unencrypted to {whom}. Open it and make sure it holds none, or {advice}.",
            state.why.describe()
        )
    }

    fn fix(cx: &Context<'_>, _state: &Unread) -> Option<Proposal> {
        cx.sender_is_secure().then(|| Proposal {
            title: "Add [secure] to the subject".to_owned(),
            edit: Edit::AddSubjectTag {
                tag: SECURE_TAG.to_owned(),
            },
        })
    }
}
