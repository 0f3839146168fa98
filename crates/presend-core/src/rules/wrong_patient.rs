use std::collections::BTreeSet;

use crate::context::Context;
use crate::meta::{Guidance, Relation, Source};
use crate::patients::PatientIndex;
use crate::pid::{Detection, PidKind, dates};
use crate::report::Field;
use crate::rule::{Location, Rule, declare_rule};
use crate::text::ascii_lowercase;

declare_rule! {
    /// ## What it catches
    /// A message about one patient going to another patient's address: a letter for
    /// Mrs Hughes attached to a reply to Mr Shah. It needs the practice's patient list
    /// (`--patients FILE`: email address, NHS number, name, date of birth, exported from
    /// the clinical system). The message names a patient when its subject, text or an
    /// attachment gives their NHS number, or their date of birth with their surname
    /// nearby; the rule fires for each recipient whose address the list gives to other
    /// patients only.
    ///
    /// A family's shared address listed on each member (a parent writing for a child)
    /// is theirs: a message naming any patient the address belongs to is quiet. An
    /// address not in the list is for the other rules.
    ///
    /// ## Why it matters
    /// Sending one patient's details to another is the breach of confidentiality the
    /// MDU and the MDDUS see most often from email: the wrong "Mr Shah" picked by
    /// autocomplete, the wrong letter attached. It cannot be called back.
    ///
    /// ## Example
    /// With this patient list:
    /// ```csv,patients
    /// Name,NHS number,Date of birth,Email
    /// Margaret Hughes,943 476 5919,03/04/1961,margaret.hughes@btinternet.com
    /// Priya Shah,,29/02/1984,priya.shah@gmail.com
    /// Arjun Shah,,12/08/2015,priya.shah@gmail.com
    /// ```
    /// Mrs Hughes's letter sent to Mrs Shah:
    /// ```json,expect_finding
    /// {"from": "reception.meadowbank@nhs.net", "to": ["priya.shah@gmail.com"],
    ///  "subject": "Your letter",
    ///  "body": {"text": "Re: NHS number 943 476 5919\n\nYour review is due."}}
    /// ```
    ///
    /// ## Not flagged
    /// The same letter to Mrs Hughes, and Arjun's letter (named by his date of birth and
    /// surname) to his mother's address, which the list gives to him too:
    /// ```json
    /// {"to": ["margaret.hughes@btinternet.com"],
    ///  "body": {"text": "Re: NHS number 943 476 5919\n\nYour review is due."}}
    /// ```
    /// ```json
    /// {"to": ["priya.shah@gmail.com"],
    ///  "body": {"text": "Re: Arjun Shah, date of birth 12/08/2015\n\nHis vaccinations are due."}}
    /// ```
    ///
    /// ## What to do
    /// Check the recipient and the attachment: the message names one patient and is
    /// going to another. Send it to the right patient, or attach the right letter.
    pub WrongPatient {
        id: "wrong-patient",
        default: Block,
        summary: "A message naming one patient (NHS number, or date of birth with surname) is going to an address the patient list gives to another",
        fix: None,
        sources: [
            Source { guidance: Guidance::MduAvoidingEmailDangers, relation: Relation::Inspired, point: "check the recipient's address: a message to the wrong person is a breach of confidentiality" },
            Source { guidance: Guidance::MddusEmailingPatients, relation: Relation::Inspired, point: "check you are sending to the right patient before you send" },
        ],
    }
}

pub(crate) struct Misdirected {
    field: Field,
    address: String,
    /// Patients the message names whom the address does not belong to.
    named: Vec<usize>,
    /// Whom the address belongs to.
    owners: Vec<usize>,
}

impl Rule for WrongPatient {
    type State = Misdirected;

    fn run(cx: &Context<'_>) -> Vec<Misdirected> {
        let index = &cx.tables.patients;
        if index.is_empty() {
            return Vec::new();
        }
        let named = named_patients(cx, index);
        if named.is_empty() {
            return Vec::new();
        }
        cx.draft
            .recipients()
            .filter_map(|(field, mailbox)| {
                let owners = index.at_address(mailbox);
                let others: Vec<usize> = named
                    .iter()
                    .copied()
                    .filter(|p| !owners.contains(p))
                    .collect();
                (!owners.is_empty() && !others.is_empty()).then(|| Misdirected {
                    field,
                    address: mailbox.address.clone(),
                    named: others,
                    owners: owners.to_vec(),
                })
            })
            .collect()
    }

    fn location(_cx: &Context<'_>, state: &Misdirected) -> Location {
        Location::address(state.field, &state.address)
    }

    fn message(cx: &Context<'_>, state: &Misdirected) -> String {
        let index = &cx.tables.patients;
        let describe = |id: usize| {
            let patient = index.patient(id);
            let name = cx.shown(PidKind::PatientName, &patient.name);
            match &patient.nhs_number {
                Some(number) => format!(
                    "{name} (NHS number {})",
                    cx.shown(PidKind::NhsNumber, number)
                ),
                None => name,
            }
        };
        let named = match state.named.as_slice() {
            [one] => describe(*one),
            [first, rest @ ..] => format!("{} and {} other patients", describe(*first), rest.len()),
            [] => String::new(),
        };
        let owners: Vec<String> = state
            .owners
            .iter()
            .map(|&id| cx.shown(PidKind::PatientName, &index.patient(id).name))
            .collect();
        format!(
            "This message gives details of {named}, but the practice's patient list gives {} to {}. Check you are writing to the right patient, and attaching the right letter, before sending.",
            state.address,
            owners.join(" and ")
        )
    }
}

/// The indexed patients the message names, wherever it names them.
fn named_patients(cx: &Context<'_>, index: &PatientIndex) -> BTreeSet<usize> {
    let view = cx.view;
    let mut texts: Vec<(&str, &[Detection])> = vec![
        (cx.draft.subject.as_str(), &view.subject_pid),
        (view.body(), &view.body_pid),
    ];
    for found in &view.attachment_pid {
        let attachment = &cx.draft.attachments[found.index];
        texts.push((attachment.name.as_str(), &found.in_name));
        if let Some(text) = &attachment.text {
            texts.push((text, &found.in_text));
        }
    }
    let mut named = BTreeSet::new();
    for (text, detections) in texts {
        for detection in detections {
            let written = &text[detection.range.start()..detection.range.end()];
            match detection.kind {
                PidKind::NhsNumber => {
                    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
                    named.extend(index.with_number(&digits));
                }
                PidKind::DateOfBirth => {
                    let Some(date) = dates::parse(written) else {
                        continue;
                    };
                    named.extend(index.born_on(date).iter().copied().filter(|&id| {
                        index
                            .patient(id)
                            .family
                            .as_deref()
                            .is_some_and(|family| near(text, detection.range.start(), family))
                    }));
                }
                _ => {}
            }
        }
    }
    named
}

/// How far from a date of birth a surname still belongs to it: a letter's heading
/// ("Re: Margaret Hughes, DOB 03/04/1961") or a table row.
const NAME_WINDOW: usize = 300;

/// Whether `word` (lower case) is in `text` as a whole word within [`NAME_WINDOW`] bytes
/// of `at`.
fn near(text: &str, at: usize, word: &str) -> bool {
    let mut start = at.saturating_sub(NAME_WINDOW);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + NAME_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let window = ascii_lowercase(&text[start..end]);
    window.match_indices(word).any(|(found, _)| {
        let before = window[..found].chars().next_back();
        let after = window[found + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
