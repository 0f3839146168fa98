//! Health-service numbers: NHS (England, Wales, Isle of Man), CHI (Scotland) and H&C
//! (Northern Ireland). All three are ten digits whose last is a modulus-11 check digit.
//!
//! # Scoring
//!
//! About one random ten-digit number in eleven passes modulus 11, so a valid check digit
//! alone proves little. Each candidate with a valid check digit starts at 1 point:
//!
//! | evidence | points |
//! |---|---|
//! | a health label (`NHS`, `NHS no`, `CHI`, `H&C`, `patient`) is the nearest label in the 48 bytes before | +3 |
//! | another label (`tel`, `phone`, `switchboard`, `reception`, `fax`, `ref`, `order`, `invoice`, `account`, `sort code`, …) is the nearest, or, with no label before, a telephone label straight after (`(fax)`), or a dialling prefix straight before (`+44`, `(0)`, `0044`) | −3 |
//! | written in groups (`943 476 5919`, `943-476-5919`, 3-4-3), as NHS numbers are printed | +1 |
//!
//! A candidate scoring 2 or more is patient-identifiable: a labelled number always, a
//! grouped unlabelled one too, a bare unlabelled `9434765919` not, and anything nearest
//! a telephone, order or account label never.

use std::sync::LazyLock;

use regex::Regex;

use super::PidKind;
use crate::text::{Phrases, TextRange, ascii_lowercase, is_ascii_word};

/// Ten digits, plain or in the groupings the NHS prints (3-3-4) and people type (3-4-3),
/// with one separator style throughout.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(?:\d{10}|\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\d{3} \d{4} \d{3}|\d{3}-\d{4}-\d{3})\b",
    )
    .expect("the number pattern is valid")
});

/// Labels that make a nearby number a health-service number, and which service each
/// names.
const HEALTH_LABELS: &[(&str, HealthLabel)] = &[
    ("nhs", HealthLabel::Nhs),
    ("n.h.s", HealthLabel::Nhs),
    ("chi", HealthLabel::Chi),
    ("h&c", HealthLabel::HealthAndCare),
    ("h &c", HealthLabel::HealthAndCare),
    ("h& c", HealthLabel::HealthAndCare),
    ("h & c", HealthLabel::HealthAndCare),
    ("h+c", HealthLabel::HealthAndCare),
    ("health and care", HealthLabel::HealthAndCare),
    ("patient", HealthLabel::Patient),
    ("pt", HealthLabel::Patient),
];

/// Labels that make a nearby number something else.
const OTHER_LABELS: &[&str] = &[
    "tel",
    "telephone",
    "phone",
    "mobile",
    "mob",
    "fax",
    "switchboard",
    "reception",
    "helpline",
    "landline",
    "freephone",
    "dial",
    "ext",
    "extension",
    "sms",
    "whatsapp",
    "call",
    "ring",
    "ref",
    "reference",
    "order",
    "invoice",
    "inv",
    "account",
    "acct",
    "acc",
    "a/c",
    "sort code",
    "booking",
    "tracking",
    "policy",
    "case",
    "ticket",
    "serial",
    "batch",
    "membership",
    "customer",
];

/// Both lists of labels, found as whole words ignoring case. The automaton builds
/// more than ten times faster than the two patterns it replaced compiled, which was
/// most of the first check of a message with a valid number in it.
static LABELS: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(
        HEALTH_LABELS
            .iter()
            .map(|&(label, _)| label)
            .chain(OTHER_LABELS.iter().copied()),
    )
});

/// A telephone label straight after a number (`503-203-1569 (fax)`), as signatures
/// and letterheads write them; in text with ASCII letters folded.
static PHONE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"^[ \t]*[(\[]?[ \t]*(?:tel|telephone|phone|mobile|mob|fax|voice|cell|office|direct|ext|extension)\b")
        .expect("the phone suffix pattern is valid")
});

/// How far before a number its label may be.
const LABEL_WINDOW: usize = 48;
/// Points a number needs to count as patient-identifiable.
const THRESHOLD: i32 = 2;

/// Whether ten digits pass the modulus-11 check the NHS, CHI and H&C numbers share:
/// weights 10 down to 2 on the first nine digits; 11 minus the remainder is the check
/// digit, 11 meaning 0 and 10 meaning no valid number.
pub(crate) fn modulus_11_valid(digits: &[u8; 10]) -> bool {
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        check => check,
    };
    u32::from(digits[9]) == check
}

/// Whether the first six digits are a valid date as DDMMYY (a CHI number's prefix).
fn is_ddmmyy(digits: &[u8; 10]) -> bool {
    let day = u32::from(digits[0] * 10 + digits[1]);
    let month = u32::from(digits[2] * 10 + digits[3]);
    super::dates::valid_day_month(day, month)
}

/// A valid health-service number, what kind it is, and where.
pub(crate) fn find(text: &str, out: &mut Vec<(PidKind, TextRange)>) {
    let folded = ascii_lowercase(text);
    let text = folded.as_ref();
    for candidate in CANDIDATE.find_iter(text) {
        let (start, end) = (candidate.start(), candidate.end());
        if part_of_longer_number(text, start, end) {
            continue;
        }
        let mut digits = [0u8; 10];
        for (slot, digit) in digits
            .iter_mut()
            .zip(candidate.as_str().bytes().filter(u8::is_ascii_digit))
        {
            *slot = digit - b'0';
        }
        if digits.iter().all(|&d| d == digits[0]) || !modulus_11_valid(&digits) {
            continue;
        }
        let label = match nearest_label(text, start) {
            _ if after_dialling_prefix(text, start) => Some(Label::Other),
            None if PHONE_SUFFIX.is_match(&text[end..]) => Some(Label::Other),
            label => label,
        };
        let grouped = candidate.len() > 10;
        let score =
            1 + match label {
                Some(Label::Health(_)) => 3,
                Some(Label::Other) => -3,
                None => 0,
            } + i32::from(grouped);
        if score < THRESHOLD {
            continue;
        }
        let Some(kind) = kind_of(&digits, label) else {
            continue;
        };
        out.push((kind, TextRange::new(start, end)));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    Health(HealthLabel),
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HealthLabel {
    Nhs,
    Chi,
    HealthAndCare,
    Patient,
}

/// The label nearest before `at`, within [`LABEL_WINDOW`] bytes.
fn nearest_label(text: &str, at: usize) -> Option<Label> {
    let mut from = at.saturating_sub(LABEL_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // The label ending last; a health label wins a tie.
    LABELS
        .whole_words(&text[from..at], is_ascii_word)
        .into_iter()
        .map(|(_, end, label)| match HEALTH_LABELS.get(label) {
            Some(&(_, health)) => (end, Label::Health(health)),
            None => (end, Label::Other),
        })
        .max_by_key(|&(end, label)| (end, label != Label::Other))
        .map(|(_, label)| label)
}

/// Whether a telephone number's dialling prefix stands straight before `at`: the UK's
/// country code (`+44`, `0044`) or its dropped trunk zero (`(0)`), as in
/// `+44 (0)113 496 0026`. No health-service number is written so.
fn after_dialling_prefix(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    ["+44", "(0)", "0044", "+ 44"]
        .iter()
        .any(|prefix| before.ends_with(prefix))
}

/// Which service issued the number: its label when it has one, else its range
/// (England 400–499 and 600–799 million and the 999 test range; H&C 320–399 million;
/// CHI numbers start with a date of birth).
fn kind_of(digits: &[u8; 10], label: Option<Label>) -> Option<PidKind> {
    let first_three = u32::from(digits[0]) * 100 + u32::from(digits[1]) * 10 + u32::from(digits[2]);
    match label {
        Some(Label::Health(HealthLabel::Chi)) => is_ddmmyy(digits).then_some(PidKind::ChiNumber),
        Some(Label::Health(HealthLabel::HealthAndCare)) => Some(PidKind::HcNumber),
        Some(Label::Health(HealthLabel::Nhs)) => Some(PidKind::NhsNumber),
        _ if (320..=399).contains(&first_three) => Some(PidKind::HcNumber),
        _ if digits[0] <= 3 && is_ddmmyy(digits) => Some(PidKind::ChiNumber),
        _ => Some(PidKind::NhsNumber),
    }
}

/// Whether the match continues a longer run of digits (`0 943 476 5919 1`).
fn part_of_longer_number(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let separator_at = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'-' | b'.' | b'/'))
    };
    (start >= 2 && separator_at(start - 1) && digit_at(start - 2))
        || (separator_at(end) && digit_at(end + 1))
        || (start >= 1 && digit_at(start - 1))
        || digit_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(number: &str) -> Option<[u8; 10]> {
        let found: Vec<u8> = number
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        (found.len() == 10
            && number
                .bytes()
                .all(|b| b.is_ascii_digit() || b" -".contains(&b)))
        .then(|| {
            let mut out = [0u8; 10];
            out.copy_from_slice(&found);
            out
        })
    }

    #[test]
    fn modulus_11_on_known_numbers() {
        let check = |n: &str| modulus_11_valid(&digits(n).expect("ten digits"));
        assert!(check("9434765919")); // the NHS's published example
        assert!(check("1345678940")); // remainder 0: check digit 0
        assert!(!check("9434765911"));
        assert!(!check("1234567890")); // check digit would be 10
    }

    fn kinds(text: &str) -> Vec<(PidKind, &str)> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.into_iter()
            .map(|(kind, r)| (kind, &text[r.start()..r.end()]))
            .collect()
    }

    #[test]
    fn context_decides_what_a_valid_number_is() {
        assert_eq!(
            kinds("NHS no: 9434765919"),
            [(PidKind::NhsNumber, "9434765919")]
        );
        assert_eq!(
            kinds("see 943 476 5919 attached"),
            [(PidKind::NhsNumber, "943 476 5919")]
        );
        assert_eq!(
            kinds("943-4765-919 is hers"),
            [(PidKind::NhsNumber, "943-4765-919")]
        );
        assert!(
            kinds("number 9434765919 here").is_empty(),
            "bare and unlabelled"
        );
        assert!(kinds("Tel: 943 476 5919").is_empty());
        // Practice telephone numbers whose ten digits pass modulus 11.
        assert!(kinds("Switchboard: +44 (0)113 496 0026").is_empty());
        assert!(kinds("Reception: 113 496 0026").is_empty());
        assert!(kinds("call us on +44 113 496 0026 today").is_empty());
        assert!(kinds("or (0)113-496-0026").is_empty());
        assert_eq!(
            kinds("NHS no 113 496 0026").len(),
            1,
            "the same digits labelled as an NHS number still count"
        );
        assert!(
            kinds("943-476-5919 (fax)").is_empty(),
            "a phone label after, as in signatures"
        );
        assert_eq!(kinds("NHS no 943 476 5919 (home visit)").len(), 1);
        assert!(
            kinds("Patient NHS number, invoice ref 943 476 5919").is_empty(),
            "nearest label wins"
        );
        assert!(
            kinds("NHS number 943 476 5918").is_empty(),
            "bad check digit"
        );
        assert!(kinds("NHS 1111111111").is_empty(), "all one digit");
        assert!(
            kinds("call 01 943 476 5919").is_empty(),
            "part of a longer number"
        );
    }

    #[test]
    fn chi_and_hc_numbers_are_told_apart() {
        // 010170 0008: a CHI number for 1 January 1970 with a valid check digit.
        assert_eq!(
            kinds("CHI 0101700008"),
            [(PidKind::ChiNumber, "0101700008")]
        );
        assert_eq!(
            kinds("see 010 170 0008"),
            [(PidKind::ChiNumber, "010 170 0008")],
            "a date prefix, unlabelled"
        );
        assert_eq!(
            kinds("H&C number 320 000 0007"),
            [(PidKind::HcNumber, "320 000 0007")]
        );
        assert_eq!(kinds("ref 320 000 0007"), []);
        // 321370 0002 passes modulus 11 but 32/13/70 is no date.
        assert!(
            kinds("CHI 3213700002").is_empty(),
            "a CHI label on an impossible date"
        );
    }
}
