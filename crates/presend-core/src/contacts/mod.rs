//! Known contacts: read from address-book exports, and indexed for near-miss lookup.

mod index;

pub use index::{ContactIndex, NearMiss};

/// The address-book formats practices export from Outlook, Thunderbird and NHSmail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactFormat {
    /// CSV with a header row; every column whose name mentions "mail" is read
    /// (Outlook's `E-mail Address`, Thunderbird's `Primary Email`, Google's `E-mail 1 - Value`).
    Csv,
    /// vCard (`.vcf`), every `EMAIL` property.
    VCard,
    /// JSON: a list of address strings or of objects with an `email` or `address` member.
    Json,
}

impl ContactFormat {
    /// The format a file name's extension suggests.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Self::Csv),
            "vcf" | "vcard" => Some(Self::VCard),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Why a contacts export could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContactsError {
    /// The CSV is malformed.
    #[error("CSV contacts, line {line}: {message}")]
    Csv {
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The CSV header names no email column.
    #[error("CSV contacts: no column whose name mentions \"mail\" (found: {columns})")]
    NoEmailColumn {
        /// The header's columns.
        columns: String,
    },
    /// The export could not be read (not UTF-8, or the reader failed).
    #[error("contacts could not be read: {message}")]
    Unreadable {
        /// Why.
        message: String,
    },
    /// The JSON is malformed or of the wrong shape.
    #[error("JSON contacts at `{path}`: {message}")]
    Json {
        /// Where.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads the addresses in a contacts export. Values that are not addresses (display
/// names, "SMTP" type columns, blanks) are skipped.
pub fn parse_contacts(text: &str, format: ContactFormat) -> Result<Vec<String>, ContactsError> {
    match format {
        ContactFormat::Csv => parse_csv(text.as_bytes()),
        ContactFormat::VCard => Ok(parse_vcard(text)),
        ContactFormat::Json => parse_json(text),
    }
}

/// [`parse_contacts`] from a reader the caller opened: a CSV export is read a record at a
/// time, so a national directory never has to be in memory as text as well as addresses.
/// (vCard and JSON exports are read whole; they are address books, not directories.)
pub fn read_contacts(
    mut reader: impl std::io::Read,
    format: ContactFormat,
) -> Result<Vec<String>, ContactsError> {
    if format == ContactFormat::Csv {
        return parse_csv(reader);
    }
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|error| ContactsError::Unreadable {
            message: error.to_string(),
        })?;
    parse_contacts(&text, format)
}

fn looks_like_address(value: &str) -> bool {
    let value = value.trim();
    value.contains('@')
        && !value.contains(char::is_whitespace)
        && !value.starts_with('@')
        && !value.ends_with('@')
}

fn parse_csv(source: impl std::io::Read) -> Result<Vec<String>, ContactsError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    let csv_error = |error: csv::Error| ContactsError::Csv {
        line: error.position().map_or(0, |p| p.line()),
        message: error.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let columns: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, name)| name.to_lowercase().contains("mail"))
        .map(|(index, _)| index)
        .collect();
    if columns.is_empty() {
        return Err(ContactsError::NoEmailColumn {
            columns: headers.iter().collect::<Vec<_>>().join(", "),
        });
    }
    let mut addresses = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        for &column in &columns {
            if let Some(value) = record.get(column).filter(|v| looks_like_address(v)) {
                addresses.push(value.trim().to_owned());
            }
        }
    }
    Ok(addresses)
}

fn parse_vcard(text: &str) -> Vec<String> {
    // RFC 6350 §3.2: a line starting with a space or tab continues the previous one.
    let mut unfolded: Vec<String> = Vec::new();
    for line in text.lines() {
        match (line.strip_prefix([' ', '\t']), unfolded.last_mut()) {
            (Some(rest), Some(previous)) => previous.push_str(rest),
            _ => unfolded.push(line.to_owned()),
        }
    }
    unfolded
        .iter()
        .filter_map(|line| {
            let (property, value) = line.split_once(':')?;
            let name = property.split(';').next()?.rsplit('.').next()?;
            (name.eq_ignore_ascii_case("email") && looks_like_address(value))
                .then(|| value.trim().to_owned())
        })
        .collect()
}

fn parse_json(text: &str) -> Result<Vec<String>, ContactsError> {
    #[derive(serde::Deserialize)]
    #[serde(
        untagged,
        expecting = "an address string or an object with an `email` or `address` member"
    )]
    enum Entry {
        Address(String),
        Email { email: String },
        Object { address: String },
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let entries: Vec<Entry> =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            ContactsError::Json {
                path: error.path().to_string(),
                message: error.into_inner().to_string(),
            }
        })?;
    Ok(entries
        .into_iter()
        .map(|entry| match entry {
            Entry::Address(address)
            | Entry::Email { email: address }
            | Entry::Object { address } => address,
        })
        .filter(|address| looks_like_address(address))
        .map(|address| address.trim().to_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outlook_and_thunderbird_csv() {
        let outlook = "First Name,Last Name,E-mail Address,E-mail Type,E-mail Display Name\n\
                       An,Other,an.other@nhs.net,SMTP,An Other (an.other@nhs.net)\n\
                       No,Mail,,,\n";
        assert_eq!(
            parse_contacts(outlook, ContactFormat::Csv).unwrap(),
            ["an.other@nhs.net"]
        );
        let thunderbird =
            "First Name,Primary Email,Secondary Email\r\nJane,jane@x.com,\"jd@y.org\"\r\n";
        assert_eq!(
            parse_contacts(thunderbird, ContactFormat::Csv).unwrap(),
            ["jane@x.com", "jd@y.org"]
        );
        assert!(matches!(
            parse_contacts("Name,Phone\nA,1\n", ContactFormat::Csv),
            Err(ContactsError::NoEmailColumn { .. })
        ));
    }

    #[test]
    fn reads_a_csv_stream_as_it_reads_text() {
        let outlook = "First Name,E-mail Address\nAn,an.other@nhs.net\nJo,jo@x.org\n";
        // One byte per read: records cross every read boundary.
        struct Trickle<'a>(&'a [u8]);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
                let Some((&first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buffer[0] = first;
                self.0 = rest;
                Ok(1)
            }
        }
        assert_eq!(
            read_contacts(Trickle(outlook.as_bytes()), ContactFormat::Csv).unwrap(),
            parse_contacts(outlook, ContactFormat::Csv).unwrap()
        );
        assert!(matches!(
            read_contacts(&[0xff, 0xfe][..], ContactFormat::VCard),
            Err(ContactsError::Unreadable { .. })
        ));
    }

    #[test]
    fn reads_folded_vcards_and_json() {
        let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:An Other\r\nEMAIL;TYPE=INTERNET:an.other\r\n @nhs.net\r\nitem1.EMAIL:b@c.com\r\nEND:VCARD\r\n";
        assert_eq!(
            parse_contacts(vcard, ContactFormat::VCard).unwrap(),
            ["an.other@nhs.net", "b@c.com"]
        );
        let json = r#"["a@b.com", {"email": "c@d.com"}, {"address": "e@f.com", "name": "E"}]"#;
        assert_eq!(
            parse_contacts(json, ContactFormat::Json).unwrap(),
            ["a@b.com", "c@d.com", "e@f.com"]
        );
        assert!(matches!(
            parse_contacts("[1]", ContactFormat::Json),
            Err(ContactsError::Json { .. })
        ));
    }
}
