use crate::address::{domain_suffixes, domain_within};
use crate::context::Context;
use crate::domain_slips::{lookalike_target, registrable, slips_from};
use crate::meta::{Guidance, Relation, Source};
use crate::report::{Edit, Field};
use crate::rule::Declared;
use crate::rule::{Location, Proposal, Rule, declare_rule};
use crate::rules::deceptive_address::DeceptiveAddress;
use crate::rules::near_miss_recipient::NearMissRecipient;

declare_rule! {
    /// ## What it catches
    /// A recipient whose domain looks like a misspelling of a domain the practice writes
    /// to: NHSmail (`nhs.nte`, `nsh.net`, `nhsnet`), the practice's own and secure domains,
    /// and the providers most patients use (`gmial.com`, `hotmail.co`, `yahoo.co.ik`,
    /// `btinternt.com`). Longer domains may be two slips out, short ones one; for
    /// three-letter names such as `nhs` or `aol` only swapped letters, a missing dot or
    /// a slip in the ending count, since many real domains differ from them by one letter.
    ///
    /// ## Why it matters
    /// A misspelt domain sends the message to a stranger's server, or to nobody, and
    /// the MDU reminds senders to check an address before confidential information goes.
    /// Typo domains are also registered on purpose to collect misdirected mail.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"to": ["dr.jones@nhs.nte"], "subject": "Discharge summary"}
    /// ```
    ///
    /// ## Not flagged
    /// Real domains that merely look unusual: Scotland's NHS, NICE, councils, universities,
    /// Apple's older addresses, a provider's country domain, and any NHS organisation under
    /// `nhs.uk`, unless it is a slip for the practice's own (`example-sugrery.nhs.uk` for
    /// `example-surgery.nhs.uk` is flagged):
    /// ```json
    /// {"bcc": ["a@nhs.scot", "b@nice.org.uk", "c@leeds.gov.uk", "d@kcl.ac.uk", "e@mac.com",
    ///          "f@yahoo.fr", "g@leedsth.nhs.uk"]}
    /// ```
    ///
    /// ## What to do
    /// Correct the domain (the fix offers the likely one) or confirm the address with the
    /// recipient. When the corrected address is a known contact, `near-miss-recipient`
    /// reports it instead, naming the contact.
    pub DomainTypo {
        id: "domain-typo",
        default: Block,
        summary: "A recipient's domain looks like a misspelling of NHSmail, the practice's own or a major email provider's",
        fix: Safe,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient's email address is correct before sending confidential information" },
        ],
    }
}

pub(crate) struct Slip {
    field: Field,
    typed: String,
    domain: String,
    suggested_domain: String,
}

impl Rule for DomainTypo {
    type State = Slip;

    fn run(cx: &Context<'_>) -> Vec<Slip> {
        let tables = cx.tables;
        let near_miss_reports = cx.is_enabled(NearMissRecipient::META);
        let deceptive_reports = cx.is_enabled(DeceptiveAddress::META);
        cx.draft
            .recipients()
            .filter_map(|(field, mailbox)| {
                let domain = mailbox.domain()?;
                if cx.is_trusted_domain(&domain) {
                    return None;
                }
                if deceptive_reports
                    && lookalike_target(&domain, tables.typo_targets.iter().map(String::as_str))
                        .is_some()
                {
                    return None; // deceptive-address names the lookalike
                }
                let typed = registrable(&domain);
                let nearest = |targets: &mut dyn Iterator<Item = &String>| {
                    targets
                        .filter_map(|target| slips_from(typed, target).map(|slips| (slips, target)))
                        .min()
                        .map(|(_, target)| target.clone())
                };
                // The practice's own domains are targets wherever they sit: a slip for
                // example-surgery.nhs.uk is itself under nhs.uk, where every other
                // domain is an NHS organisation's and real.
                let policy = &tables.policy;
                let own_slip = if tables.real_domains.contains(typed) {
                    None
                } else {
                    nearest(
                        &mut policy
                            .organisation_domains
                            .iter()
                            .chain(&policy.secure_domains),
                    )
                };
                let target = match own_slip {
                    Some(own) => own,
                    None => {
                        let real = domain_suffixes(&domain)
                            .any(|suffix| tables.real_domains.contains(suffix))
                            || domain_within(&domain, "nhs.uk");
                        if real {
                            return None;
                        }
                        // The nearest target: `homail.com` is one slip from hotmail.com,
                        // two from gmail.com.
                        nearest(&mut tables.typo_targets.iter())?
                    }
                };
                if near_miss_reports && cx.near_miss(mailbox).is_some() {
                    return None; // near-miss-recipient names the contact meant
                }
                Some(Slip {
                    field,
                    typed: mailbox.address.clone(),
                    domain: typed.to_owned(),
                    suggested_domain: target,
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Slip) -> Location {
        Location::address(state.field, &state.typed)
    }

    fn message(_cx: &Context<'_>, state: &Slip) -> String {
        format!(
            "The domain of {} looks like a misspelling of {} (typed \"{}\"). Correct the address before sending.",
            state.typed, state.suggested_domain, state.domain
        )
    }

    fn fix(_cx: &Context<'_>, state: &Slip) -> Option<Proposal> {
        let local = state.typed.rsplit_once('@').map_or("", |(local, _)| local);
        let corrected = format!("{local}@{}", state.suggested_domain);
        Some(Proposal {
            title: format!("Send to {corrected} instead"),
            edit: Edit::ReplaceAddress {
                field: state.field,
                from: state.typed.clone(),
                to: corrected,
            },
        })
    }
}
