use crate::address::{domain_suffixes, domain_within};
use crate::checker::Context;
use crate::distance::osa_within;
use crate::report::{Edit, Field, Fix};
use crate::rule::Declared;
use crate::rule::{Guidance, Location, Relation, Rule, Source, declare_rule};
use crate::rules::near_miss_recipient::{MAX_EDITS as NEAR_MISS_EDITS, NearMissRecipient};

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
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient's email address is correct before sending confidential information" },
        ],
    }
}

/// Public suffixes under which a provider's name is a real domain, not a slip: the
/// provider's country sites (`yahoo.fr`, `hotmail.de`, `protonmail.ch`) and UK sector
/// suffixes. Deliberately absent: `co`, `cm`, `om`, `ne`: real TLDs, but far more often
/// a slip for `.com` or `.net` in a UK practice's mail.
const REAL_SUFFIXES: &[&str] = &[
    "com", "net", "org", "uk", "co.uk", "org.uk", "ac.uk", "gov.uk", "nhs.uk", "scot", "wales",
    "ie", "fr", "de", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "gr",
    "ca", "us", "eu", "in", "co.in", "co.za", "com.au", "co.nz", "co.jp", "jp", "com.br", "br",
    "mx", "com.mx", "ar", "com.ar", "sg", "com.sg", "hk", "com.hk", "ru", "cn", "info", "me", "io",
    "gov", "edu",
];

/// Two-label suffixes, so `hotmail.co.uk` splits as `hotmail` + `co.uk`.
fn split(domain: &str) -> (&str, &str) {
    for (index, _) in domain.match_indices('.') {
        let suffix = &domain[index + 1..];
        if suffix.contains('.') && REAL_SUFFIXES.contains(&suffix) {
            let name = &domain[..index];
            return (name.rsplit('.').next().unwrap_or(name), suffix);
        }
    }
    match domain.rsplit_once('.') {
        Some((name, suffix)) => (name.rsplit('.').next().unwrap_or(name), suffix),
        None => (domain, ""),
    }
}

/// The registrable part of `domain` (`mail.gmial.com` → `gmial.com`).
fn registrable(domain: &str) -> &str {
    let (name, suffix) = split(domain);
    let length = name.len()
        + if suffix.is_empty() {
            0
        } else {
            suffix.len() + 1
        };
    &domain[domain.len() - length.min(domain.len())..]
}

/// How many slips `typed` (not itself a real domain) is from `target`, if it looks
/// like a slip for it at all.
fn slips_from(typed: &str, target: &str) -> Option<usize> {
    is_slip_for(typed, target)
        .then(|| osa_within(typed.as_bytes(), target.as_bytes(), usize::MAX).unwrap_or(usize::MAX))
}

/// Whether `typed` (not itself a real domain) looks like a slip for `target`.
fn is_slip_for(typed: &str, target: &str) -> bool {
    let (typed_name, typed_suffix) = split(typed);
    let (target_name, target_suffix) = split(target);
    let generic = |suffix: &str| matches!(suffix, "com" | "net" | "org");
    if typed_name == target_name
        && typed_suffix != target_suffix
        && (typed_suffix.is_empty() || (generic(typed_suffix) && generic(target_suffix)))
    {
        return true; // `gmail`, `gmail.net`, `nhs.org`: the right name, a wrong or missing ending
    }
    if typed_name == target_name
        && typed_suffix != target_suffix
        && REAL_SUFFIXES.contains(&typed_suffix)
    {
        return false; // a country or sector variant: yahoo.fr, nhs.uk
    }
    if target_name.len() <= 3 {
        let undotted = |d: &str| d.replace('.', "");
        let swapped = typed_suffix == target_suffix
            && typed_name.len() == target_name.len()
            && osa_within(typed_name.as_bytes(), target_name.as_bytes(), 1).is_some()
            && sorted(typed_name) == sorted(target_name);
        let suffix_slip = typed_name == target_name
            && osa_within(typed_suffix.as_bytes(), target_suffix.as_bytes(), 2).is_some();
        return swapped || suffix_slip || undotted(typed) == undotted(target);
    }
    let limit = if target.len() <= 8 { 1 } else { 2 };
    osa_within(typed.as_bytes(), target.as_bytes(), limit).is_some()
}

fn sorted(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.sort_unstable();
    bytes
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
        let checker = cx.checker;
        let near_miss_reports = checker.is_enabled(NearMissRecipient::META);
        cx.draft
            .recipients()
            .filter_map(|(field, mailbox)| {
                let domain = mailbox.domain()?;
                if cx.is_trusted_domain(&domain) {
                    return None;
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
                let policy = &checker.policy;
                let own_slip = if checker.real_domains.contains(typed) {
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
                            .any(|suffix| checker.real_domains.contains(suffix))
                            || domain_within(&domain, "nhs.uk");
                        if real {
                            return None;
                        }
                        // The nearest target: `homail.com` is one slip from hotmail.com,
                        // two from gmail.com.
                        nearest(&mut checker.typo_targets.iter())?
                    }
                };
                if near_miss_reports
                    && checker
                        .contacts
                        .nearest(&mailbox.normalized(), NEAR_MISS_EDITS)
                        .is_some()
                {
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

    fn fix(_cx: &Context<'_>, state: &Slip) -> Option<Fix> {
        let local = state.typed.rsplit_once('@').map_or("", |(local, _)| local);
        let corrected = format!("{local}@{}", state.suggested_domain);
        Some(Fix {
            title: format!("Send to {corrected} instead"),
            safe: false,
            edit: Edit::ReplaceAddress {
                field: state.field,
                from: state.typed.clone(),
                to: corrected,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(typed: &str, target: &str) -> bool {
        is_slip_for(registrable(typed), target)
    }

    #[test]
    fn catches_the_slips_practices_make() {
        for (typed, target) in [
            ("nhs.nte", "nhs.net"),
            ("nsh.net", "nhs.net"),
            ("nhsnet", "nhs.net"),
            ("gmial.com", "gmail.com"),
            ("hotmail.co", "hotmail.com"),
            ("gmail.con", "gmail.com"),
            ("yaho.co.uk", "yahoo.co.uk"),
            ("mail.gmial.com", "gmail.com"),
            ("gmail.net", "gmail.com"),
            ("nhs.org", "nhs.net"),
            ("yahoo", "yahoo.com"),
        ] {
            assert!(slip(typed, target), "{typed} should be a slip for {target}");
        }
    }

    #[test]
    fn leaves_real_variants_alone() {
        for (typed, target) in [
            ("nhs.scot", "nhs.net"),
            ("yahoo.fr", "yahoo.com"),
            ("aon.com", "aol.com"),
            ("ski.com", "sky.com"),
            ("ons.net", "nhs.net"),
        ] {
            assert!(
                !slip(typed, target),
                "{typed} should not be a slip for {target}"
            );
        }
    }

    #[test]
    fn splits_two_label_suffixes() {
        assert_eq!(split("hotmail.co.uk"), ("hotmail", "co.uk"));
        assert_eq!(split("mail.nhs.net"), ("nhs", "net"));
        assert_eq!(registrable("a.b.leeds.gov.uk"), "leeds.gov.uk");
        assert_eq!(split("nhsnet"), ("nhsnet", ""));
    }
}
