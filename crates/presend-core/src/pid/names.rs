//! A patient's name together with their date of birth or address. A name alone is
//! not treated as identifying (every letter opens "Dear Mrs Smith"); with a date of
//! birth or an address in the same paragraph, it identifies the patient.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{Phrases, TextRange, is_ascii_word};

/// The titles that open a titled name.
const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mx", "Master"];

/// Every name [`NAME`] finds opens with a title, or with "patient" or "name" as its
/// label, standing as a whole word: a text with none of them skips compiling [`NAME`],
/// most of what a first check of a message naming nobody cost here.
static OPENINGS: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(TITLES.iter().copied().chain(["patient", "name"])));

/// A titled name (`Mrs Jane Doe`, `Mr O'Neill`) or a labelled one (`Patient: Jane Doe`).
/// Letters are Latin with accents (`Siân`, `Llŷr`, `Zoë`): UK patient names as mail
/// clients write them, without the regex crate's full Unicode tables in the WASM build.
/// Doctors (`Dr`) are left out: in practice mail they are the staff, not the patients.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(&format!(
        r"(?x)
        \b(?:{titles})\.?[\ \t]+(?P<titled>[A-Z][a-zA-Z\u{{C0}}-\u{{24F}}'’\-]+(?:[\ \t]+[A-Z][a-zA-Z\u{{C0}}-\u{{24F}}'’\-]+){{0,2}})
      | \b(?i:patient(?:'s)?(?:[\ \t]+name)?|name)[\ \t]*[:\-][\ \t]*(?P<labelled>[A-Z][a-zA-Z\u{{C0}}-\u{{24F}}'’\-]+(?:[\ \t]+[A-Z][a-zA-Z\u{{C0}}-\u{{24F}}'’\-]+){{1,3}})
        ",
        titles = TITLES.join("|"),
    ))
    .expect("the name pattern is valid")
});

/// A UK postcode, in capitals as it is written on letters.
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
        .expect("the postcode pattern is valid")
});

/// A street address: a house number and a street with a street-type word.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z\u{C0}-\u{24F}'’\-]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Square|Walk|Rise|Mews|Hill|Park|View|Row|Green|Parade)\b",
    )
    .expect("the street pattern is valid")
});

/// Paragraphs longer than this are searched in windows of this size around a name.
const PASSAGE: usize = 400;

/// Names in `text` that share a paragraph with a date of birth (`dobs`) or an address;
/// each is returned with the addresses that made it identifying.
pub(crate) fn find(
    text: &str,
    dobs: &[TextRange],
    names: &mut Vec<TextRange>,
    addresses: &mut Vec<TextRange>,
) {
    if !OPENINGS.any_whole_word(text, is_ascii_word) {
        return;
    }
    for captures in NAME.captures_iter(text) {
        let Some(name) = captures
            .name("titled")
            .or_else(|| captures.name("labelled"))
        else {
            continue;
        };
        let (from, to) = passage(text, name.start(), name.end());
        let has_dob = dobs
            .iter()
            .any(|dob| dob.start() >= from && dob.end() <= to);
        let mut found_address = false;
        for address in POSTCODE
            .find_iter(&text[from..to])
            .chain(STREET.find_iter(&text[from..to]))
        {
            found_address = true;
            let range = TextRange::new(from + address.start(), from + address.end());
            if !addresses.contains(&range) {
                addresses.push(range);
            }
        }
        if has_dob || found_address {
            names.push(TextRange::new(name.start(), name.end()));
        }
    }
}

/// The paragraph around `start..end`, at most [`PASSAGE`] bytes either side.
fn passage(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut from = start.saturating_sub(PASSAGE);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + PASSAGE).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let from = text[from..start]
        .rfind("\n\n")
        .or_else(|| text[from..start].rfind("\r\n\r\n"))
        .map_or(from, |at| from + at);
    let to = text[end..to]
        .find("\n\n")
        .or_else(|| text[end..to].find("\r\n\r\n"))
        .map_or(to, |at| end + at);
    (from, to)
}

/// `J*** D**`: each word's initial, the rest hidden.
pub(crate) fn mask_words(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(chars.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `LS6 ***`, `** Cardigan Road`: postcodes keep their outward code, street addresses
/// their street name; the parts that single out a house are hidden.
pub(crate) fn mask_address(text: &str) -> String {
    if POSTCODE.is_match(text) && !text.contains(char::is_lowercase) {
        let outward = text
            .split_whitespace()
            .next()
            .filter(|_| text.contains(' '))
            .unwrap_or("");
        return if outward.is_empty() {
            "*** ***".to_owned()
        } else {
            format!("{outward} ***")
        };
    }
    text.split_whitespace()
        .map(|word| {
            if word.chars().any(|c| c.is_ascii_digit()) {
                "**".to_owned()
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, dobs: &[TextRange]) -> Vec<String> {
        let (mut found, mut addresses) = (Vec::new(), Vec::new());
        find(text, dobs, &mut found, &mut addresses);
        found
            .into_iter()
            .map(|r| text[r.start()..r.end()].to_owned())
            .collect()
    }

    #[test]
    fn a_name_identifies_with_a_postcode_address_or_birth_date() {
        assert_eq!(
            names("Re: Mrs Jane Doe, 14 Cardigan Road, Leeds LS6 2AB", &[]),
            ["Jane Doe"]
        );
        assert_eq!(names("Patient: Jane Doe\nLS6 2AB", &[]), ["Jane Doe"]);
        let text = "Mr Tom O'Neill (DOB 03/04/1961)";
        let dob = TextRange::new(text.find("03").expect("date"), text.len() - 1);
        assert_eq!(names(text, &[dob]), ["Tom O'Neill"]);
    }

    #[test]
    fn a_name_alone_or_in_another_paragraph_does_not() {
        assert!(names("Dear Mrs Smith,\n\nThank you for your email.", &[]).is_empty());
        assert!(names("Dear Mrs Smith,\n\nOur address is LS6 2AB.", &[]).is_empty());
        assert!(names("Dr Patel will see you at 14 Cardigan Road", &[]).is_empty());
    }

    #[test]
    fn masks_keep_only_what_does_not_single_out() {
        assert_eq!(mask_words("Jane Doe"), "J*** D**");
        assert_eq!(mask_address("LS6 2AB"), "LS6 ***");
        assert_eq!(mask_address("14 Cardigan Road"), "** Cardigan Road");
    }
}
