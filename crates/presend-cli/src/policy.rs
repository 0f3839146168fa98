//! `presend policy`, and loading the settings every command checks under: the policy,
//! contacts files and patient list. `presend policy` prints the default policy, checks a
//! policy file, writes a starter policy with every key explained, and prints the
//! policy's JSON Schema.
//!
//! A practice manager edits the policy by hand, so every error names the file, the
//! line and column, and the key (`policy.json:7:5: invalid policy at
//! `secure_domain`: unknown key …; did you mean `secure_domains`?`), as compilers do.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use presend_core::{
    Checker, ContactFormat, DEFAULT_POLICY_JSON, PatientIndex, Policy, PolicyError, RuleMeta,
    read_contacts,
};

use crate::exit::{self, ExitStatus};

/// Reads and validates a policy file; the error names the file, line, column and key.
pub(crate) fn load(path: &Path) -> Result<Policy, String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read policy: {e}", path.display()))?;
    Policy::from_json(&text).map_err(|error| located(path, &text, &error))
}

/// `FILE:LINE:COLUMN: error`, the position being the key the error names (or, for
/// text that is not JSON at all, where the reader stopped).
fn located(path: &Path, text: &str, error: &PolicyError) -> String {
    let mut message = error.to_string();
    // The reader's own position is exact (a missing comma); otherwise the key's.
    let position = match position_in_message(&message) {
        Some((at, position)) => {
            message.truncate(at);
            Some(position)
        }
        None => error
            .path()
            .filter(|key| *key != ".")
            .and_then(|key| position_of_key(text, key)),
    };
    match position {
        Some((line, column)) => format!("{}:{line}:{column}: {message}", path.display()),
        None => format!("{}: {message}", path.display()),
    }
}

/// Line and column (from 1) of the value at `key_path` (`rules.txtspeak`,
/// `secure_domains[1]`, `consent.jane.doe@gmail.com[0]`), or of the deepest part of the
/// path that is there.
fn position_of_key(text: &str, key_path: &str) -> Option<(usize, usize)> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).ok()?;
    let mut value = parsed.value.as_ref()?;
    let mut at = value.range().start;
    let mut rest = key_path;
    while !rest.is_empty() {
        if let Some(index) = rest.strip_prefix('[') {
            let (number, after) = index.split_once(']')?;
            let Value::Array(array) = value else { break };
            let Some(element) = number
                .parse()
                .ok()
                .and_then(|i: usize| array.elements.get(i))
            else {
                break;
            };
            value = element;
            at = value.range().start;
            rest = after.strip_prefix('.').unwrap_or(after);
            continue;
        }
        let Value::Object(object) = value else { break };
        // Keys may hold dots (a consent register's addresses): the longest key that
        // the path continues from is the one meant.
        let property = object
            .properties
            .iter()
            .filter(|property| {
                let name = name_of(&property.name);
                rest.strip_prefix(name)
                    .is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
            })
            .max_by_key(|property| name_of(&property.name).len());
        let Some(property) = property else { break };
        at = property.range.start;
        rest = &rest[name_of(&property.name).len()..];
        rest = rest.strip_prefix('.').unwrap_or(rest);
        value = &property.value;
    }
    Some(line_and_column(text, at))
}

fn name_of<'a>(name: &'a ObjectPropName<'_>) -> &'a str {
    match name {
        ObjectPropName::String(string) => &string.value,
        ObjectPropName::Word(word) => word.value,
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// The position the JSON reader's errors end with (`… at line 3 column 5`): where the
/// suffix starts, and the line and column.
fn position_in_message(message: &str) -> Option<(usize, (usize, usize))> {
    let at = message.rfind(" at line ")?;
    let (line, column) = message[at + " at line ".len()..].split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some((at, (line.trim().parse().ok()?, column.parse().ok()?)))
}

/// `presend policy`: the embedded default policy.
pub(crate) fn print_default() -> ExitStatus {
    exit::print(DEFAULT_POLICY_JSON)
}

/// `presend policy check FILE`.
pub(crate) fn check(path: &Path) -> ExitStatus {
    match load(path) {
        Ok(_) => exit::print(&format!("{}: a valid policy\n", path.display())),
        Err(message) => {
            exit::error(&message);
            ExitStatus::Error
        }
    }
}

/// `presend policy schema`: the JSON Schema editors validate a policy file with.
pub(crate) fn print_schema() -> ExitStatus {
    exit::print(&schema_text())
}

/// The schema as `docs/policy.schema.json` holds it.
pub(crate) fn schema_text() -> String {
    serde_json::to_string_pretty(&Policy::json_schema()).unwrap_or_default() + "\n"
}

/// `presend policy init [FILE]`: a starter policy, every key with its explanation and
/// its default value, to standard output or a new file (never over an existing one).
pub(crate) fn init(path: Option<&Path>) -> ExitStatus {
    let text = starter_policy();
    let Some(path) = path.filter(|path| *path != Path::new("-")) else {
        return exit::print(&text);
    };
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    match written {
        Ok(()) => {
            exit::error(&format!(
                "wrote {}: edit it, then `presend policy check {}`",
                path.display(),
                path.display()
            ));
            ExitStatus::Pass
        }
        Err(error) => {
            exit::error(&format!("cannot write {}: {error}", path.display()));
            ExitStatus::Error
        }
    }
}

/// The starter policy: the default policy's keys in its order, each preceded by its
/// description from the schema (the policy types' documentation), and every rule listed
/// at its default level with its summary.
fn starter_policy() -> String {
    let schema = Policy::json_schema();
    let defaults = parse_to_ast(
        DEFAULT_POLICY_JSON,
        &CollectOptions::default(),
        &ParseOptions::default(),
    )
    .ok()
    .and_then(|parsed| match parsed.value {
        Some(Value::Object(object)) => Some(object),
        _ => None,
    });
    let mut out = String::from(
        "// presend policy. Every key is optional: one left out keeps the value shown here.\n\
         // Check it with `presend policy check FILE`; `presend explain RULE-ID` tells what\n\
         // each rule catches.\n{\n",
    );
    let properties: Vec<_> = defaults.map(|o| o.properties).unwrap_or_default();
    for (index, property) in properties.iter().enumerate() {
        let key = name_of(&property.name);
        let description = schema["properties"][key]["description"]
            .as_str()
            .unwrap_or_default();
        out.push('\n');
        for line in wrap(description, 84) {
            let _ = writeln!(out, "  // {line}");
        }
        let comma = if index + 1 < properties.len() {
            ","
        } else {
            ""
        };
        if key == "rules" {
            out.push_str("  \"rules\": {\n");
            let rules: Vec<&RuleMeta> = RuleMeta::all().collect();
            for (i, meta) in rules.iter().enumerate() {
                for line in wrap(meta.summary, 82) {
                    let _ = writeln!(out, "    // {line}");
                }
                let comma = if i + 1 < rules.len() { "," } else { "" };
                let _ = writeln!(
                    out,
                    "    \"{}\": \"{}\"{comma}",
                    meta.id,
                    meta.default_severity.as_str()
                );
            }
            let _ = writeln!(out, "  }}{comma}");
        } else {
            let value =
                &DEFAULT_POLICY_JSON[property.value.range().start..property.value.range().end];
            let _ = writeln!(out, "  \"{key}\": {value}{comma}");
        }
    }
    out.push_str("}\n");
    out
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Reads the policy, contacts and patient list files and compiles the checker.
pub(crate) fn load_checker(
    policy: Option<&Path>,
    contacts: &[std::path::PathBuf],
    patients: Option<&Path>,
) -> Result<Checker, String> {
    let mut policy = match policy {
        None => Policy::default(),
        Some(path) => load(path)?,
    };
    for path in contacts {
        let name = path.display().to_string();
        let format = ContactFormat::from_file_name(&name)
            .ok_or_else(|| format!("{name}: contacts must be a .csv, .vcf or .json file"))?;
        let file =
            fs::File::open(path).map_err(|e| format!("{name}: cannot read contacts: {e}"))?;
        let found = read_contacts(std::io::BufReader::new(file), format)
            .map_err(|e| format!("{name}: {e}"))?;
        policy
            .add_contacts(found)
            .map_err(|e| format!("{name}: {e}"))?;
    }
    let checker = Checker::new(policy).map_err(|e| e.to_string())?;
    let Some(path) = patients else {
        return Ok(checker);
    };
    let name = path.display();
    let file =
        fs::File::open(path).map_err(|e| format!("{name}: cannot read the patient list: {e}"))?;
    let index = PatientIndex::from_csv(std::io::BufReader::new(file))
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(checker.with_patients(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_by_path_even_with_dots_in_them() {
        let text = "{\n  // a note\n  \"consent\": {\n    \"jane.doe@gmail.com\": [\"results\", \"bogus\"]\n  },\n  \"rules\": {\"txtspeak\": \"off\"}\n}";
        assert_eq!(
            position_of_key(text, "consent.jane.doe@gmail.com[1]"),
            Some((4, 39))
        );
        assert_eq!(position_of_key(text, "rules.txtspeak"), Some((6, 13)));
        assert_eq!(
            position_of_key(text, "rules.missing"),
            Some((6, 3)),
            "the deepest part there"
        );
    }

    #[test]
    fn the_starter_policy_is_the_default_written_out() {
        let mut starter = Policy::from_json(&starter_policy()).expect("valid");
        for meta in RuleMeta::all() {
            assert_eq!(
                starter.severity_of(meta),
                Some(meta.default_severity),
                "{}",
                meta.id
            );
        }
        starter.rules.clear();
        assert_eq!(starter, Policy::default());
    }
}
