//! The patient index: which patient each email address belongs to, from a CSV the
//! practice exports from its clinical system (email address, NHS number, name, date of
//! birth). It lets `wrong-patient` see that a letter about one patient is going to
//! another's address.
//!
//! The index is patient data itself. It is read from bytes the host hands over (the
//! CLI and embedding hosts read a local file; the add-ins never fetch it), held in
//! memory only, and never printed: findings show its names and numbers masked.

use std::collections::HashMap;

use crate::address::Mailbox;
use crate::limits::MAX_PATIENTS;
use crate::pid::dates::{self, Date};

/// One patient as the index holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Patient {
    /// The NHS number's ten digits.
    pub nhs_number: Option<String>,
    /// First name and surname, lower case.
    pub given: Option<String>,
    pub family: Option<String>,
    pub birth: Option<Date>,
    /// The name as written, for masked display.
    pub name: String,
}

/// Patients by NHS number, by email address and by date of birth.
#[derive(Debug, Clone, Default)]
pub struct PatientIndex {
    patients: Vec<Patient>,
    by_number: HashMap<String, Vec<usize>>,
    by_address: HashMap<String, Vec<usize>>,
    by_birth: HashMap<Date, Vec<usize>>,
}

/// Why a patient list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PatientsError {
    /// The CSV is malformed.
    #[error("patient list, line {line}: {message}")]
    Csv {
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The header lacks a column the index needs.
    #[error("patient list: no {wanted} column (found: {columns})")]
    MissingColumn {
        /// The column wanted, in words.
        wanted: &'static str,
        /// The header's columns.
        columns: String,
    },
    /// More patients than [`MAX_PATIENTS`].
    #[error("patient list: more than {limit} patients")]
    TooMany {
        /// The limit.
        limit: usize,
    },
}

impl PatientIndex {
    /// Reads a patient list: CSV with a header row naming an email column (`Email`,
    /// `Email address`) and an NHS number column (`NHS number`, `NHS no`), a name
    /// (`Name`, or `First name` and `Surname`) and a date of birth (`Date of birth`,
    /// `DOB`) as it has them. A cell may hold several addresses separated by `;`
    /// (a family's shared address is listed on each member).
    pub fn from_csv(reader: impl std::io::Read) -> Result<Self, PatientsError> {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header = csv.headers().map_err(csv_error)?.clone();
        let key = |name: &str| -> String {
            name.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let column = |names: &[&str]| header.iter().position(|h| names.contains(&key(h).as_str()));
        let columns = || header.iter().collect::<Vec<_>>().join(", ");
        let email = column(&["email", "emailaddress", "mail"]).ok_or_else(|| {
            PatientsError::MissingColumn {
                wanted: "email address",
                columns: columns(),
            }
        })?;
        let number = column(&["nhsnumber", "nhsno", "nhs"]);
        let name = column(&["name", "patientname", "fullname"]);
        let given = column(&["firstname", "forename", "givenname"]);
        let family = column(&["surname", "lastname", "familyname"]);
        let birth = column(&["dateofbirth", "dob", "birthdate"]);
        if number.is_none() && birth.is_none() {
            return Err(PatientsError::MissingColumn {
                wanted: "NHS number or date of birth",
                columns: columns(),
            });
        }
        let mut index = Self::default();
        for record in csv.records() {
            let record = record.map_err(csv_error)?;
            if index.patients.len() >= MAX_PATIENTS {
                return Err(PatientsError::TooMany {
                    limit: MAX_PATIENTS,
                });
            }
            let cell = |column: Option<usize>| {
                column
                    .and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            };
            let full_name = match (cell(name), cell(given), cell(family)) {
                (Some(name), _, _) => name.to_owned(),
                (None, given, family) => [given, family]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            let words: Vec<String> = full_name
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            let patient = Patient {
                nhs_number: cell(number)
                    .map(|n| n.chars().filter(char::is_ascii_digit).collect::<String>())
                    .filter(|digits| digits.len() == 10),
                given: cell(given)
                    .map(str::to_lowercase)
                    .or_else(|| words.first().cloned()),
                family: cell(family)
                    .map(str::to_lowercase)
                    .or_else(|| words.last().cloned()),
                birth: cell(birth).and_then(dates::parse),
                name: full_name,
            };
            let id = index.patients.len();
            if let Some(number) = &patient.nhs_number {
                index.by_number.entry(number.clone()).or_default().push(id);
            }
            if let Some(birth) = patient.birth {
                index.by_birth.entry(birth).or_default().push(id);
            }
            for address in cell(Some(email))
                .into_iter()
                .flat_map(|c| c.split([';', ',']))
            {
                let address = address.trim().to_lowercase();
                if address.contains('@') {
                    index.by_address.entry(address).or_default().push(id);
                }
            }
            index.patients.push(patient);
        }
        Ok(index)
    }

    /// How many patients it holds.
    pub fn len(&self) -> usize {
        self.patients.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.patients.is_empty()
    }

    pub(crate) fn patient(&self, id: usize) -> &Patient {
        &self.patients[id]
    }

    /// The patients with this NHS number (its digits).
    pub(crate) fn with_number(&self, digits: &str) -> &[usize] {
        self.by_number.get(digits).map_or(&[], Vec::as_slice)
    }

    /// The patients born on this date.
    pub(crate) fn born_on(&self, date: Date) -> &[usize] {
        self.by_birth.get(&date).map_or(&[], Vec::as_slice)
    }

    /// The patients this address belongs to (a family may share one).
    pub(crate) fn at_address(&self, mailbox: &Mailbox) -> &[usize] {
        self.by_address
            .get(&mailbox.normalized())
            .map_or(&[], Vec::as_slice)
    }
}

fn csv_error(error: csv::Error) -> PatientsError {
    PatientsError::Csv {
        line: error.position().map_or(0, csv::Position::line),
        // The csv crate's messages name positions and kinds, never field values.
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_export_with_a_shared_family_address() {
        let csv = "Surname,First name,NHS Number,DOB,Email\n\
                   Hughes,Margaret,943 476 5919,03/04/1961,margaret.hughes@btinternet.com\n\
                   Shah,Arjun,,12/08/2015,priya.shah@gmail.com; arjun.shah@outlook.com\n\
                   Shah,Priya,,1984-02-29,priya.shah@gmail.com\n";
        let index = PatientIndex::from_csv(csv.as_bytes()).expect("read");
        assert_eq!(index.len(), 3);
        assert_eq!(index.with_number("9434765919"), [0]);
        let shared = Mailbox {
            name: None,
            address: "Priya.Shah@gmail.com".into(),
        };
        assert_eq!(index.at_address(&shared), [1, 2]);
        let margaret = index.patient(0);
        assert_eq!(
            (margaret.given.as_deref(), margaret.family.as_deref()),
            (Some("margaret"), Some("hughes"))
        );
        assert_eq!(
            index.born_on(Date {
                year: 1984,
                month: 2,
                day: 29
            }),
            [2]
        );
    }

    #[test]
    fn an_export_without_an_email_column_is_refused_by_name() {
        let error =
            PatientIndex::from_csv("Name,NHS number\nA B,9434765919\n".as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "patient list: no email address column (found: Name, NHS number)"
        );
    }
}
