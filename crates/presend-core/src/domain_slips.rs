//! Whether a domain looks like a slip of the keyboard for another: the judgement
//! `domain-typo` makes of each recipient and the policy makes of its own domains.

use crate::distance::osa_within;
use crate::text::list_lines;

/// The domains practices write to most: NHSmail, NHS organisations and the providers
/// most patients use (`data/well_known_domains.txt`).
pub(crate) const WELL_KNOWN_DOMAINS: &str = include_str!("../data/well_known_domains.txt");

/// `domain` as a reader sees it, when that is not what it is: its punycode labels
/// (`xn--…`) decoded. `None` for a domain of plain ASCII labels.
pub(crate) fn displayed(domain: &str) -> Option<String> {
    if domain.is_ascii() && !domain.split('.').any(|label| label.starts_with("xn--")) {
        return None;
    }
    let labels: Vec<String> = domain
        .split('.')
        .map(|label| match label.strip_prefix("xn--") {
            Some(encoded) => punycode::decode(encoded).unwrap_or_else(|()| label.to_owned()),
            None => label.to_owned(),
        })
        .collect();
    Some(labels.join("."))
}

/// The target `domain` is made to look like: one whose Unicode confusable skeleton
/// (TR39: `nһs.net` with a Cyrillic һ, `gmаil.com` with a Cyrillic а, both also as
/// punycode) is the same as `domain`'s, though the two differ. Only a domain with
/// characters beyond ASCII, or punycode, can be one.
pub(crate) fn lookalike_target<'t>(
    domain: &str,
    targets: impl IntoIterator<Item = &'t str>,
) -> Option<(&'t str, String)> {
    let shown = displayed(domain)?;
    let skeleton =
        |text: &str| -> String { unicode_security::skeleton(&text.to_lowercase()).collect() };
    let own = skeleton(&shown);
    targets
        .into_iter()
        .find(|target| *target != shown && skeleton(target) == own)
        .map(|target| (target, shown))
}

/// The well-known domain `domain` looks like a slip for, if any (`nhs.nte` → `nhs.net`).
/// A well-known domain, or one under it, is none.
pub(crate) fn slip_for_well_known(domain: &str) -> Option<&'static str> {
    let well_known = || list_lines(WELL_KNOWN_DOMAINS);
    if well_known().any(|known| crate::address::domain_within(domain, known)) {
        return None;
    }
    let typed = registrable(domain);
    well_known()
        .filter_map(|target| slips_from(typed, target).map(|slips| (slips, target)))
        .min()
        .map(|(_, target)| target)
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
pub(crate) fn split(domain: &str) -> (&str, &str) {
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
pub(crate) fn registrable(domain: &str) -> &str {
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
pub(crate) fn slips_from(typed: &str, target: &str) -> Option<usize> {
    is_slip_for(typed, target)
        .then(|| osa_within(typed.as_bytes(), target.as_bytes(), usize::MAX).unwrap_or(usize::MAX))
}

/// Whether `typed` (not itself a real domain) looks like a slip for `target`.
pub(crate) fn is_slip_for(typed: &str, target: &str) -> bool {
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
    fn policy_domains_are_judged_against_the_well_known() {
        assert_eq!(slip_for_well_known("nhs.nte"), Some("nhs.net"));
        assert_eq!(slip_for_well_known("gmial.com"), Some("gmail.com"));
        for real in [
            "nhs.net",
            "meadowbank-practice.nhs.uk",
            "nhs.scot",
            "zen.co.uk",
            "leeds.gov.uk",
        ] {
            assert_eq!(slip_for_well_known(real), None, "{real}");
        }
    }

    #[test]
    fn lookalikes_are_found_in_unicode_and_in_punycode() {
        let targets = ["nhs.net", "gmail.com", "meadowbank-practice.nhs.uk"];
        for (domain, meant) in [
            ("nhs.xn--nt-nlc", "nhs.net"),
            ("xn--gmil-63d.com", "gmail.com"),
            ("n\u{04BB}s.net", "nhs.net"),
            ("gm\u{0430}il.com", "gmail.com"),
        ] {
            let found = lookalike_target(domain, targets);
            assert_eq!(found.map(|(target, _)| target), Some(meant), "{domain}");
        }
        for domain in [
            "nhs.net",
            "gmail.com",
            "xn--mnchen-3ya.de",
            "caf\u{e9}.fr",
            "nhs.nte",
        ] {
            assert_eq!(lookalike_target(domain, targets), None, "{domain}");
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
