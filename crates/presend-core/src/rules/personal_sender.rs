use crate::address::domain_within;
use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};

declare_rule! {
    /// ## What it catches
    /// Practice mail sent From a personal, free-mail account: Gmail, Hotmail, Outlook.com,
    /// Yahoo, iCloud, BT Internet, Sky, Virgin Media, TalkTalk and the other providers on
    /// presend's built-in list (UK variants included), or a domain the policy adds with
    /// `personal_domains`. A domain listed in the policy's `organisation_domains` is never
    /// personal. Only the From address counts, and only a person's mailbox: at the
    /// provider's own domain, or on a customer's subdomain where the provider gives those
    /// (PlusNet's `*.plus.com`, and every domain a policy adds). The provider's systems
    /// (`feedback@arf.mail.yahoo.com`) and its mail-system mailboxes
    /// (`mailer-daemon@googlemail.com`, `postmaster@…`, `no-reply@…`) are not.
    ///
    /// ## Why it matters
    /// The MPS factsheet says practice email should come from a secure NHS address, not a
    /// private provider, and the MDU warns that patient data belongs only in professional
    /// accounts. A personal account is outside the practice's security, audit and records.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "Dr Sarah Patel <sarah.patel.gp@gmail.com>", "to": ["jane.doe@hotmail.co.uk"],
    ///  "subject": "Your appointment"}
    /// ```
    ///
    /// ## Not flagged
    /// An NHSmail sender writing to a patient's Gmail address, whatever the display name says:
    /// ```json
    /// {"from": "Gmail Support Team at Meadowbank <reception.meadowbank@nhs.net>",
    ///  "to": ["jane.doe@gmail.com"]}
    /// ```
    ///
    /// ## What to do
    /// Send from your NHSmail or practice account. If the message is already in a personal
    /// mailbox, copy it into the practice account rather than forwarding the thread.
    pub PersonalSender {
        id: "personal-sender",
        default: Block,
        summary: "The message is sent from a personal (free-mail) account, not a practice or NHSmail one",
        fix: None,
        sources: [
            Source { guidance: Guidance::MpsElectronicCommunication, relation: Relation::Follows, point: "email should come from a secure NHS address, not a private email provider" },
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Follows, point: "where practicable, send from a secure NHS email address" },
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "keep clinical information and patient data to professional accounts" },
        ],
    }
}

pub(crate) struct PersonalAccount {
    address: String,
    provider: String,
}

impl Rule for PersonalSender {
    type State = PersonalAccount;

    fn run(cx: &Context<'_>) -> Vec<PersonalAccount> {
        let Some(from) = &cx.draft.from else {
            return Vec::new();
        };
        let Some(domain) = from.domain() else {
            return Vec::new();
        };
        if cx
            .tables
            .policy
            .organisation_domains
            .iter()
            .any(|own| domain_within(&domain, own))
        {
            return Vec::new();
        }
        let local_part = from.address.rsplit_once('@').map_or("", |(local, _)| local);
        let Some(provider) = cx.tables.personal_domains.provider_of(&domain) else {
            return Vec::new();
        };
        if is_mail_system_mailbox(local_part) {
            return Vec::new();
        }
        vec![PersonalAccount {
            address: from.address.clone(),
            provider: provider.to_owned(),
        }]
    }

    fn location(_cx: &Context<'_>, state: &PersonalAccount) -> Location {
        Location::address(Field::From, &state.address)
    }

    fn message(_cx: &Context<'_>, state: &PersonalAccount) -> String {
        format!(
            "You are sending from a personal email account ({}). Send practice email from your NHSmail or practice account instead.",
            state.provider
        )
    }
}

/// Whether `local_part` names one of a mail system's own mailboxes (RFC 2142's
/// `postmaster`, bounces from `mailer-daemon`, senders that take no replies) rather
/// than a person.
fn is_mail_system_mailbox(local_part: &str) -> bool {
    const SYSTEM_MAILBOXES: &[&str] = &[
        "mailer-daemon",
        "postmaster",
        "no-reply",
        "noreply",
        "do-not-reply",
        "donotreply",
        "bounce",
        "bounces",
        "abuse",
    ];
    SYSTEM_MAILBOXES
        .iter()
        .any(|mailbox| local_part.eq_ignore_ascii_case(mailbox))
}
