use std::sync::LazyLock;

use regex::Regex;

use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::pid::PidKind;
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};
use crate::view::Region;

declare_rule! {
    /// ## What it catches
    /// A message to one person outside the practice whose greeting names someone else: "Dear Mrs
    /// Patel" going to `j.shah@gmail.com`, the reply started for one patient and sent to
    /// another. The greeting is the first line of the sender's own text ("Dear", "Hi",
    /// "Hello", "Good morning", with or without a title); who the recipient is comes from
    /// the display name, the address's own words (`priya.shah`, `pshah84`) and, when the
    /// practice gives presend its patient list, the patients the address belongs to.
    ///
    /// It allows for titles, initials ("Dear Dr S Patel"), first names or surnames alone,
    /// common short forms ("Bob" for Robert, "Maggie" for Margaret, "Sam" for Samuel) and
    /// family addresses: a parent's address listed on a child's record is the child's
    /// too, so "Dear Arjun" to his mother's address is quiet, as a parent reading for a
    /// child is normal. It says nothing when the recipient's name cannot be known (an
    /// address such as `info@` with no display name), the greeting names no one ("Dear
    /// all", "Dear Sir or Madam", "Dear members"), or the recipient is a colleague or an
    /// organisation's mailbox (NHSmail, the practice's domains, "High Street Pharmacy"),
    /// which whoever is on duty reads.
    ///
    /// ## Why it matters
    /// The MDU and MDDUS describe email sent to the wrong patient as a common breach of
    /// confidentiality; a greeting that does not match the recipient is often the one
    /// visible sign, seen before sending.
    ///
    /// ## Example
    /// ```json,expect_finding
    /// {"from": "reception.meadowbank@nhs.net",
    ///  "to": [{"name": "Jane Doe", "address": "jane.doe@gmail.com"}],
    ///  "body": {"text": "Dear Mrs Patel,\n\nYour results are back."}}
    /// ```
    ///
    /// ## Not flagged
    /// ```json
    /// {"to": [{"name": "Jane Doe", "address": "jane.doe@gmail.com"}],
    ///  "body": {"text": "Dear Ms Doe,\n\nYour results are back."}}
    /// ```
    /// ```json
    /// {"to": ["robert.roe@hotmail.co.uk"], "body": {"text": "Hi Bob,\n\nSee you on Tuesday."}}
    /// ```
    /// ```json
    /// {"to": ["info@leedscarers-example.org.uk"], "body": {"text": "Dear Mrs Patel,\n\nThank you."}}
    /// ```
    ///
    /// ## What to do
    /// Check the recipient and the greeting belong together: you may be replying to the
    /// wrong message, or have picked the wrong address.
    pub GreetingMismatch {
        id: "greeting-mismatch",
        default: Warn,
        summary: "The greeting names someone other than the message's one recipient",
        fix: None,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient before sending: a message to the wrong person is a breach" },
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Inspired, point: "make sure an email reaches only the patient it is meant for" },
        ],
    }
}

/// A greeting and the name in it: "Dear Mrs Patel,", "Hi Sam!", "Good morning Dr S Patel".
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?ix)^\s*(?:dear|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening))\s+
          (?:(?:mr|mrs|ms|miss|mx|dr|prof|professor|rev|sir|lady)\.?\s+)?
          (?P<name>[a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*){0,2})\s*[,!.:]?\s*$",
    )
    .expect("the greeting pattern is valid")
});

/// Greeting words that name no one in particular.
const NOBODY: [&str; 22] = [
    "all",
    "everyone",
    "team",
    "there",
    "sir",
    "sirs",
    "madam",
    "colleague",
    "colleagues",
    "patient",
    "patients",
    "friends",
    "both",
    "you",
    "folks",
    "members",
    "supporters",
    "volunteers",
    "parents",
    "carers",
    "residents",
    "neighbours",
];

/// Display-name words of an organisation's mailbox, read by whoever is on duty.
const ORGANISATION_WORDS: [&str; 24] = [
    "pharmacy",
    "surgery",
    "practice",
    "clinic",
    "hospital",
    "council",
    "solicitors",
    "partners",
    "ltd",
    "limited",
    "plc",
    "llp",
    "services",
    "team",
    "trust",
    "centre",
    "office",
    "department",
    "school",
    "college",
    "university",
    "charity",
    "reception",
    "records",
];

/// Address words that say nothing about who reads the mailbox.
const ROLE_WORDS: [&str; 14] = [
    "info",
    "admin",
    "office",
    "enquiries",
    "enquiry",
    "contact",
    "mail",
    "hello",
    "reception",
    "bookings",
    "team",
    "support",
    "accounts",
    "noreply",
];

/// Common short forms, each with the names it stands for.
const SHORT_FORMS: [(&str, &[&str]); 14] = [
    ("bob", &["robert"]),
    ("rob", &["robert"]),
    ("bill", &["william"]),
    ("will", &["william"]),
    ("liz", &["elizabeth"]),
    ("beth", &["elizabeth", "bethany"]),
    ("maggie", &["margaret"]),
    ("peggy", &["margaret"]),
    ("jim", &["james"]),
    ("dick", &["richard"]),
    ("ted", &["edward"]),
    ("kate", &["katherine", "catherine", "kathryn"]),
    ("jack", &["john"]),
    ("sandy", &["alexander", "alexandra", "sandra"]),
];

pub(crate) struct Mismatch {
    address: String,
    /// The greeting's words before the name ("Dear Mrs", "Good morning").
    opening: String,
    /// The name it greets.
    greeted: String,
    recipient: Option<String>,
}

impl Rule for GreetingMismatch {
    type State = Mismatch;

    fn run(cx: &Context<'_>) -> Vec<Mismatch> {
        let draft = cx.draft;
        let ([recipient], []) = (draft.to.as_slice(), draft.cc.as_slice()) else {
            return Vec::new();
        };
        // Patients and other people outside: a colleague's or an organisation's mailbox
        // is read by whoever is on duty ("Hi Dave" to the pharmacy is right).
        let outside = cx
            .patients()
            .iter()
            .any(|(_, m)| m.normalized() == recipient.normalized());
        let organisation = recipient.name.as_deref().is_some_and(|name| {
            name.split(|c: char| !c.is_alphabetic())
                .any(|word| ORGANISATION_WORDS.contains(&word.to_lowercase().as_str()))
        });
        if !outside || organisation {
            return Vec::new();
        }
        let view = cx.view;
        let Some(first_line) = view
            .ranges(Region::Own)
            .flat_map(|range| view.body()[range.start()..range.end()].lines())
            .find(|line| !line.trim().is_empty())
        else {
            return Vec::new();
        };
        let Some(name) = GREETING.captures(first_line).and_then(|c| c.name("name")) else {
            return Vec::new();
        };
        // A name is written with a capital: "Dear members" greets a group.
        let capitalised = name
            .as_str()
            .split_whitespace()
            .all(|word| word.starts_with(char::is_uppercase));
        let greeted: Vec<String> = name
            .as_str()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if !capitalised || greeted.iter().any(|word| NOBODY.contains(&word.as_str())) {
            return Vec::new();
        }
        let known = known_names(cx, recipient);
        if known.is_empty() || greeted.iter().any(|word| matches_any(word, &known)) {
            return Vec::new();
        }
        vec![Mismatch {
            address: recipient.address.clone(),
            opening: first_line[..name.start()].trim().to_owned(),
            greeted: name.as_str().to_owned(),
            recipient: recipient.name.clone(),
        }]
    }

    fn location(_cx: &Context<'_>, state: &Mismatch) -> Location {
        Location::address(Field::To, &state.address)
    }

    fn message(cx: &Context<'_>, state: &Mismatch) -> String {
        let shown = |text: &str| cx.shown(PidKind::PatientName, text);
        let whom = match &state.recipient {
            Some(name) => format!("{} ({})", state.address, shown(name)),
            None => state.address.clone(),
        };
        // The greeting's words stay ("Dear Mrs"); the name is masked like any name.
        format!(
            "The message begins \"{} {}\" but is going to {whom}. Check you are writing to the right person, and replying to the right message, before sending.",
            state.opening,
            shown(&state.greeted)
        )
    }
}

/// The recipient's possible names, lower case: the display name's words, the address's
/// own words, and the names of the patients the address belongs to.
fn known_names(cx: &Context<'_>, recipient: &crate::address::Mailbox) -> Vec<String> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut known = Vec::new();
    if let Some(name) = &recipient.name
        && !name.contains('@')
    {
        known.extend(words(name));
    }
    let local = recipient.address.split('@').next().unwrap_or_default();
    known.extend(
        words(local)
            .into_iter()
            .filter(|word| word.len() >= 2 && !ROLE_WORDS.contains(&word.as_str())),
    );
    for &id in cx.tables.patients.at_address(recipient) {
        known.extend(words(&cx.tables.patients.patient(id).name));
    }
    known
}

/// Whether a greeted word is one of the recipient's names: the same, an initial of one,
/// a short form of one (listed, or its first three letters or more), or inside an
/// address word (`pshah84` holds `shah`).
fn matches_any(greeted: &str, known: &[String]) -> bool {
    known.iter().any(|name| {
        name == greeted
            || (greeted.len() == 1 && name.starts_with(greeted))
            || (greeted.len() >= 3
                && (name.starts_with(greeted) || greeted.starts_with(name.as_str()))
                && name.len() >= 3)
            || (greeted.len() >= 3 && name.len() > greeted.len() && name.contains(greeted))
            || SHORT_FORMS
                .iter()
                .any(|(short, long)| *short == greeted && long.contains(&name.as_str()))
    })
}
