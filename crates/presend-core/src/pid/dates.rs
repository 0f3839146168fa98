//! Dates of birth, only where labelled as such: a date on its own is an appointment,
//! a clinic, a deadline far more often than a birthday.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{TextRange, ascii_lowercase};

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// A date-of-birth label. Checked first, on its own: the date pattern after it, most of
/// the cost of compiling, is then compiled only for a text with a label. Both search
/// text with ASCII letters folded.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?x)\b(?: d\.?\s?o\.?\s?b\b\.? | date\s+of\s+birth | born(?:\s+on)? | birth\s?date )",
    )
    .expect("the date-of-birth label pattern is valid")
});

/// A date in a UK form, straight after a label. Group `date` is the date itself.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        \A\s*[:\-–]?\s*
        (?P<date>
            \d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})\b
          | \d{{4}}-\d{{2}}-\d{{2}}\b
          | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}}\b
          | (?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b
        )"
    );
    crate::text::regex(&pattern).expect("the date-of-birth pattern is valid")
});

/// Labelled dates of birth in `text` (the range of the date, not the label), as one
/// pattern of the label then the date would find them: each label's optional parts
/// can end it in only one place that a date may follow, so the leftmost label with a
/// date after it starts the leftmost match, and the search goes on after its date.
pub(crate) fn find(text: &str, out: &mut Vec<TextRange>) {
    let folded = ascii_lowercase(text);
    let text = folded.as_ref();
    let mut at = 0;
    while let Some(label) = LABEL.find_at(text, at) {
        let date = DATE
            .captures(&text[label.end()..])
            .and_then(|captures| captures.name("date"));
        let Some(date) = date else {
            // Labels start with an ASCII letter, so the next byte is a boundary.
            at = label.start() + 1;
            continue;
        };
        let (start, end) = (label.end() + date.start(), label.end() + date.end());
        if is_plausible(date.as_str()) {
            out.push(TextRange::new(start, end));
        }
        at = end;
    }
}

/// A calendar date: what a date of birth in a message and in the patient list are
/// compared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A date written in one of the UK forms `find` recognises (`03/04/1961`, `3.4.1961`,
/// `1961-04-03`, `3rd April 1961`, `April 3, 1961`). A two-digit year is not read: which
/// century it means cannot be told without a clock, and a wrong guess would name the
/// wrong patient.
pub(crate) fn parse(date: &str) -> Option<Date> {
    let folded = date.trim().to_ascii_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "of")
        .collect();
    let number = |word: &str| -> Option<u32> {
        word.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()
    };
    let month_of = |word: &str| -> Option<u32> {
        const NAMES: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        NAMES
            .iter()
            .position(|name| word.starts_with(name))
            .map(|i| i as u32 + 1)
    };
    let (day, month, year) = match words.as_slice() {
        [year, month, day] if year.len() == 4 => (number(day)?, number(month)?, number(year)?),
        [day, month, year] if month_of(month).is_some() => {
            (number(day)?, month_of(month)?, number(year)?)
        }
        [month, day, year] if month_of(month).is_some() => {
            (number(day)?, month_of(month)?, number(year)?)
        }
        [day, month, year] => (number(day)?, number(month)?, number(year)?),
        _ => return None,
    };
    (year >= 1000 && valid_day_month(day, month)).then(|| Date {
        year: u16::try_from(year).ok().unwrap_or(0),
        month: month as u8,
        day: day as u8,
    })
}

/// Whether a numeric date has a real day and month (`31/02/1961` has not). Dates with
/// month names are taken as written.
fn is_plausible(date: &str) -> bool {
    let numbers: Vec<u32> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [year, month, day] if *year > 999 => valid_day_month(*day, *month),
        [day, month, _] if !date.chars().any(char::is_alphabetic) => valid_day_month(*day, *month),
        _ => true,
    }
}

/// Whether `day` exists in `month` in some year (29 February included).
pub(super) fn valid_day_month(day: u32, month: u32) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `**/**/1961`: the date with all but its year hidden.
pub(crate) fn mask(date: &str) -> String {
    let year = date
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .map(str::to_owned)
        .or_else(|| {
            let last = date.rsplit(|c: char| !c.is_ascii_digit()).next()?;
            (last.len() == 2).then(|| last.to_owned())
        });
    match year {
        Some(year) => format!("**/**/{year}"),
        None => "**/**/****".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.into_iter().map(|r| &text[r.start()..r.end()]).collect()
    }

    #[test]
    fn finds_labelled_dates_in_uk_forms() {
        assert_eq!(dates("DOB: 03/04/1961"), ["03/04/1961"]);
        assert_eq!(dates("D.O.B. 3/4/61"), ["3/4/61"]);
        assert_eq!(dates("date of birth 3rd April 1961"), ["3rd April 1961"]);
        assert_eq!(dates("born on 1961-04-03"), ["1961-04-03"]);
        assert_eq!(dates("Date of Birth:\n3 Apr 1961"), ["3 Apr 1961"]);
    }

    #[test]
    fn a_label_without_a_date_does_not_hide_the_next() {
        // "birthdate" starts inside "date of birth", which has no date after it.
        assert_eq!(dates("date of birthdate 03/04/1961"), ["03/04/1961"]);
        assert_eq!(dates("DOB and DOB: 03/04/1961"), ["03/04/1961"]);
        assert_eq!(
            dates("Born on 3 May 1961, born 4th of June 1962"),
            ["3 May 1961", "4th of June 1962"]
        );
        assert_eq!(
            dates("d ob 1961-04-03 dob 12/12/12"),
            ["1961-04-03", "12/12/12"]
        );
    }

    #[test]
    fn ignores_unlabelled_and_impossible_dates() {
        assert!(dates("your appointment on 03/04/2026 at 10:00").is_empty());
        assert!(dates("clinic date 3 April 2026").is_empty());
        assert!(dates("DOB 31/02/1961").is_empty());
        assert!(dates("the doberman 03/04/1961").is_empty());
    }

    #[test]
    fn parses_each_uk_form_and_refuses_two_digit_years() {
        let date = Some(Date {
            year: 1961,
            month: 4,
            day: 3,
        });
        for written in [
            "03/04/1961",
            "3.4.1961",
            "1961-04-03",
            "3rd April 1961",
            "3 of Apr 1961",
            "April 3, 1961",
        ] {
            assert_eq!(parse(written), date, "{written}");
        }
        assert_eq!(parse("03/04/61"), None);
        assert_eq!(parse("31/02/1961"), None);
    }

    #[test]
    fn masks_all_but_the_year() {
        assert_eq!(mask("03/04/1961"), "**/**/1961");
        assert_eq!(mask("3rd April 1961"), "**/**/1961");
        assert_eq!(mask("3/4/61"), "**/**/61");
    }
}
