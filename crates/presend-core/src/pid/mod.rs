//! Patient-identifiable data (PID): the one detector behind `pid-insecure`,
//! `pid-in-subject`, and the masking of every excerpt presend prints.
//!
//! What counts, and how each kind is written out when masked:
//!
//! | kind | found by | masked |
//! |---|---|---|
//! | NHS, CHI and H&C numbers | modulus 11 plus context (`numbers`) | `*** *** 5919` |
//! | date of birth | a UK date after a DOB label (`dates`) | `**/**/1961` |
//! | patient name | a titled or labelled name with a DOB or address in its paragraph (`names`) | `J*** D**` |
//! | address | a postcode or street address beside such a name | `LS6 ***`, `** Cardigan Road` |
//! | practice identifiers | the policy's `pid_patterns` | `******12` |

pub(crate) mod dates;
pub(crate) mod names;
mod numbers;

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::error::PolicyError;
use crate::text::TextRange;

/// A practice-specific patient identifier, as a regular expression (Rust `regex`
/// syntax, which matches in linear time whatever the pattern).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PidPattern {
    /// What the identifier is, as findings should name it (`EMIS patient number`).
    pub name: String,
    /// The pattern, e.g. `\bEMIS-\d{6}\b`.
    pub pattern: String,
}

/// The kinds of patient-identifiable data presend recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PidKind {
    /// An NHS number (England, Wales, Isle of Man).
    NhsNumber,
    /// A Community Health Index number (Scotland).
    ChiNumber,
    /// A Health and Care number (Northern Ireland).
    HcNumber,
    /// A date labelled as a date of birth.
    DateOfBirth,
    /// A patient's name, identifying because a date of birth or address is beside it.
    PatientName,
    /// A postcode or street address beside a patient's name.
    Address,
    /// A match of the policy's `pid_patterns[index]`.
    PracticeIdentifier(usize),
}

impl PidKind {
    /// A stable kebab-case name: `nhs-number`, `date-of-birth`, `practice-identifier`, …
    pub fn as_str(self) -> &'static str {
        match self {
            PidKind::NhsNumber => "nhs-number",
            PidKind::ChiNumber => "chi-number",
            PidKind::HcNumber => "hc-number",
            PidKind::DateOfBirth => "date-of-birth",
            PidKind::PatientName => "patient-name",
            PidKind::Address => "address",
            PidKind::PracticeIdentifier(_) => "practice-identifier",
        }
    }

    /// Whether this kind is a health-service number or a date of birth: the kinds that
    /// must never be in a subject line.
    pub(crate) fn is_number_or_birth_date(self) -> bool {
        matches!(
            self,
            PidKind::NhsNumber | PidKind::ChiNumber | PidKind::HcNumber | PidKind::DateOfBirth
        )
    }
}

/// One piece of patient-identifiable data found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    /// What it is.
    pub kind: PidKind,
    /// Where it is, in bytes of the text it was found in.
    pub range: TextRange,
}

/// Most bytes a compiled `pid_patterns` regex may take: a pattern larger than this is
/// rejected with the policy, so a hostile policy cannot exhaust memory.
const MAX_PATTERN_SIZE: usize = 1 << 20;

/// The detector, with the practice's own patterns compiled.
#[derive(Debug, Default)]
pub(crate) struct Detector {
    patterns: Vec<(String, Regex)>,
}

impl Detector {
    /// Compiles the policy's `pid_patterns`. The regex crate guarantees matching in
    /// time linear in the text, whatever the pattern.
    pub(crate) fn new(patterns: &[PidPattern]) -> Result<Self, PolicyError> {
        let patterns = patterns
            .iter()
            .enumerate()
            .map(|(index, pattern)| {
                let regex = RegexBuilder::new(&pattern.pattern)
                    .size_limit(MAX_PATTERN_SIZE)
                    .build()
                    .map_err(|error| PolicyError::Invalid {
                        path: format!("pid_patterns[{index}].pattern"),
                        message: format!("not a valid pattern: {error}"),
                    })?;
                if regex.is_match("") {
                    return Err(PolicyError::Invalid {
                        path: format!("pid_patterns[{index}].pattern"),
                        message: "the pattern matches empty text, so it would match everywhere"
                            .to_owned(),
                    });
                }
                Ok((pattern.name.clone(), regex))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { patterns })
    }

    /// The name the policy gave `pid_patterns[index]`.
    pub(crate) fn pattern_name(&self, index: usize) -> &str {
        self.patterns
            .get(index)
            .map_or("a practice identifier", |(name, _)| name.as_str())
    }

    /// Every piece of PID in a file name, with its range in `name`. File names join
    /// words with underscores and run labels into numbers (`Letter_NHS_943_476_5919.pdf`,
    /// `NHS9434765919.pdf`), so the name is read with its underscores as spaces and a
    /// space between letters and digits.
    pub(crate) fn detect_in_file_name(&self, name: &str) -> Vec<Detection> {
        let mut spaced = String::with_capacity(name.len() + 8);
        // The byte of `name` each byte of `spaced` stands for (a space put in stands
        // for the byte after it).
        let mut origin = Vec::with_capacity(name.len() + 8);
        let mut previous: Option<char> = None;
        for (at, c) in name.char_indices() {
            let joins_kinds = previous.is_some_and(|p| {
                (p.is_ascii_alphabetic() && c.is_ascii_digit())
                    || (p.is_ascii_digit() && c.is_ascii_alphabetic())
            });
            if joins_kinds {
                spaced.push(' ');
                origin.push(at);
            }
            spaced.push(if c == '_' { ' ' } else { c });
            origin.extend(std::iter::repeat_n(at, c.len_utf8()));
            previous = Some(c);
        }
        origin.push(name.len());
        self.detect(&spaced)
            .into_iter()
            .filter_map(|detection| {
                let start = *origin.get(detection.range.start())?;
                let last = *origin.get(detection.range.end().checked_sub(1)?)?;
                let end = last + name[last..].chars().next()?.len_utf8();
                Some(Detection {
                    kind: detection.kind,
                    range: TextRange::new(start, end),
                })
            })
            .collect()
    }

    /// Every piece of PID in `text`, in order, none overlapping.
    pub(crate) fn detect(&self, text: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        let mut numbers = Vec::new();
        numbers::find(text, &mut numbers);
        found.extend(
            numbers
                .into_iter()
                .map(|(kind, range)| Detection { kind, range }),
        );
        let mut dobs = Vec::new();
        dates::find(text, &mut dobs);
        let (mut names, mut addresses) = (Vec::new(), Vec::new());
        names::find(text, &dobs, &mut names, &mut addresses);
        found.extend(dobs.into_iter().map(|range| Detection {
            kind: PidKind::DateOfBirth,
            range,
        }));
        found.extend(names.into_iter().map(|range| Detection {
            kind: PidKind::PatientName,
            range,
        }));
        found.extend(addresses.into_iter().map(|range| Detection {
            kind: PidKind::Address,
            range,
        }));
        for (index, (_, regex)) in self.patterns.iter().enumerate() {
            found.extend(regex.find_iter(text).map(|m| Detection {
                kind: PidKind::PracticeIdentifier(index),
                range: TextRange::new(m.start(), m.end()),
            }));
        }
        // Earliest first; of two that overlap, keep the longer (a number inside a
        // practice identifier is one identifier).
        found.sort_by_key(|d| (d.range.start(), std::cmp::Reverse(d.range.end())));
        let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
        for detection in found {
            if kept
                .last()
                .is_none_or(|last| !last.range.overlaps(detection.range))
            {
                kept.push(detection);
            }
        }
        kept
    }
}

/// `detected` as presend shows it when PID is masked.
pub(crate) fn mask(kind: PidKind, detected: &str) -> String {
    match kind {
        PidKind::NhsNumber | PidKind::ChiNumber | PidKind::HcNumber => {
            let digits: String = detected.chars().filter(char::is_ascii_digit).collect();
            format!("*** *** {}", &digits[digits.len().saturating_sub(4)..])
        }
        PidKind::DateOfBirth => dates::mask(detected),
        PidKind::PatientName => names::mask_words(detected),
        PidKind::Address => names::mask_address(detected),
        PidKind::PracticeIdentifier(_) => {
            let count = detected.chars().count();
            detected
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i + 2 < count && !c.is_whitespace() {
                        '*'
                    } else {
                        c
                    }
                })
                .collect()
        }
    }
}

/// `text[window]` as it may be shown, every detection in it masked. A detection the
/// window cuts is masked whole, from `text`, so the mask says what it would of the whole
/// (the last four digits of the number, not of the part in view) and nothing of the
/// part cut off.
pub(crate) fn mask_within(text: &str, window: Range<usize>, detections: &[Detection]) -> String {
    let mut out = String::with_capacity(window.len());
    let mut at = window.start;
    let mut masked_any = false;
    let first = detections.partition_point(|d| d.range.end() <= window.start);
    for detection in detections[first..]
        .iter()
        .take_while(|d| d.range.start() < window.end)
    {
        let (start, stop) = (detection.range.start(), detection.range.end());
        // Detections do not overlap; one that did would already be masked.
        if masked_any && start < at {
            continue;
        }
        let (Some(whole), Some(before)) = (text.get(start..stop), text.get(at..start.max(at)))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(&mask(detection.kind, whole));
        at = stop.max(at);
        masked_any = true;
    }
    if at < window.end {
        out.push_str(text.get(at..window.end).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_masks_each_kind() {
        let detector = Detector::new(&[PidPattern {
            name: "EMIS number".into(),
            pattern: r"\bEMIS-\d{6}\b".into(),
        }])
        .expect("valid pattern");
        let text = "Mrs Jane Doe, DOB 03/04/1961, NHS no 943 476 5919, LS6 2AB, EMIS-123456";
        let found = detector.detect(text);
        let kinds: Vec<PidKind> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                PidKind::PatientName,
                PidKind::DateOfBirth,
                PidKind::NhsNumber,
                PidKind::Address,
                PidKind::PracticeIdentifier(0)
            ]
        );
        assert_eq!(
            mask_within(text, 0..text.len(), &found),
            "Mrs J*** D**, DOB **/**/1961, NHS no *** *** 5919, LS6 ***, *********56"
        );
    }

    #[test]
    fn numbers_in_file_names_are_found_where_they_are() {
        let detector = Detector::default();
        for name in [
            "Letter_NHS_943_476_5919.pdf",
            "NHS9434765919.pdf",
            "referral-nhs-943-476-5919.docx",
        ] {
            let found = detector.detect_in_file_name(name);
            assert_eq!(found.len(), 1, "{name}");
            let range = found[0].range;
            let digits: String = name[range.start()..range.end()]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(digits, "9434765919", "{name}");
        }
        assert!(
            detector
                .detect_in_file_name("Invoice_2024_1134960026.pdf")
                .is_empty()
        );
        assert!(
            detector
                .detect_in_file_name("flu_clinic_poster_v2.pdf")
                .is_empty()
        );
    }

    #[test]
    fn masking_a_window_masks_detections_it_cuts_whole() {
        let text = "NHS number 943 476 5919 today";
        let found = Detector::default().detect(text);
        let inside = text.find("476").expect("inside the number");
        assert_eq!(
            mask_within(text, inside..text.len(), &found),
            "*** *** 5919 today"
        );
        // A window that ends inside the number shows the number's last four digits,
        // not the last four in view (6591).
        let cut = text.find("9 today").expect("before the last digit");
        assert_eq!(mask_within(text, 0..cut, &found), "NHS number *** *** 5919");
    }

    #[test]
    fn bad_or_empty_patterns_are_policy_errors() {
        let bad = Detector::new(&[PidPattern {
            name: "x".into(),
            pattern: "(".into(),
        }])
        .unwrap_err();
        assert_eq!(bad.path(), Some("pid_patterns[0].pattern"));
        let empty = Detector::new(&[PidPattern {
            name: "x".into(),
            pattern: "a*".into(),
        }])
        .unwrap_err();
        assert!(empty.to_string().contains("empty text"));
    }
}
