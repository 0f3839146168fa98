//! Reading a practice's policy document: JSON with `//` and `/* */` comments, errors in
//! a practice manager's words naming the key's path, unknown rule ids answered with the
//! nearest real one, and the document's JSON Schema. Above the registry, because only
//! the registry knows which rules there are.

use std::collections::BTreeMap;

use crate::distance::nearest;
use crate::error::{PolicyError, split_position};
use crate::limits::MAX_POLICY_BYTES;
use crate::meta::RuleMeta;
use crate::policy::{
    DEFAULT_POLICY_JSON, Policy, default_max_visible_external, default_secure_domains,
};

impl Default for Policy {
    fn default() -> Self {
        // The embedded default is checked by a unit test; an empty policy is the
        // equivalent fallback should it ever fail to parse.
        Policy::from_json(DEFAULT_POLICY_JSON).unwrap_or(Policy {
            organisation_domains: Vec::new(),
            secure_domains: default_secure_domains(),
            personal_domains: Vec::new(),
            confirmed_domains: Vec::new(),
            footer: None,
            known_contacts: Vec::new(),
            consent: BTreeMap::new(),
            max_visible_external: default_max_visible_external(),
            rules: BTreeMap::new(),
            pid_patterns: Vec::new(),
        })
    }
}

impl Policy {
    /// Reads and validates a policy. Missing keys take their defaults. `//` and
    /// `/* */` comments are allowed (a policy is a document people annotate), and error
    /// positions count them.
    ///
    /// ```
    /// let error = presend_core::Policy::from_json(r#"{"rules": {"txtspeak": "off"}}"#)
    ///     .unwrap_err();
    /// assert_eq!(error.path(), Some("rules.txtspeak"));
    /// assert!(error.to_string().contains("did you mean `textspeak`"));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, PolicyError> {
        if json.len() > MAX_POLICY_BYTES {
            return Err(PolicyError::TooLarge {
                size: json.len(),
                limit: MAX_POLICY_BYTES,
            });
        }
        let json = without_comments(json);
        let mut deserializer = serde_json::Deserializer::from_str(&json);
        let mut policy: Policy =
            serde_path_to_error::deserialize(&mut deserializer).map_err(read_error)?;
        deserializer
            .end()
            .map_err(|error| PolicyError::invalid(".", error.to_string()))?;
        policy.normalise_and_validate()?;
        check_rule_ids(&policy)?;
        Ok(policy)
    }

    /// Reads and validates a policy already parsed as JSON (a JavaScript object handed
    /// over by a binding), with the same key-path errors as [`Policy::from_json`].
    pub fn from_json_value(value: serde_json::Value) -> Result<Self, PolicyError> {
        let mut policy: Policy = serde_path_to_error::deserialize(value).map_err(read_error)?;
        policy.normalise_and_validate()?;
        check_rule_ids(&policy)?;
        Ok(policy)
    }
}

/// Checks that every rule the policy sets is one presend has, suggesting the nearest
/// when it is not.
fn check_rule_ids(policy: &Policy) -> Result<(), PolicyError> {
    for id in policy.rules.keys() {
        if RuleMeta::find(id).is_none() {
            let hint = RuleMeta::closest(id)
                .map(|meta| format!("; did you mean `{}`?", meta.id))
                .unwrap_or_default();
            return Err(PolicyError::invalid(
                format!("rules.{id}"),
                format!("unknown rule `{id}`{hint} (`presend rules` lists them)"),
            ));
        }
    }
    Ok(())
}

#[cfg(feature = "schema")]
impl Policy {
    /// The JSON Schema (draft 2020-12) of a policy document, derived from the policy
    /// types and their documentation, with each rule id listed under `rules` (its
    /// summary as the description): what editors use to explain and complete a policy
    /// file, and what `docs/policy.schema.json` holds.
    pub fn json_schema() -> serde_json::Value {
        let mut schema = schemars::schema_for!(Policy).to_value();
        schema["title"] = "presend policy".into();
        schema["description"] = "A GP practice's settings for presend: its domains, \
            contacts, consent register, footer and rule levels. Every key is optional; \
            `//` and `/* */` comments are allowed."
            .into();
        let rules: serde_json::Map<String, serde_json::Value> = RuleMeta::all()
            .map(|meta| {
                let level = serde_json::json!({
                    "$ref": "#/$defs/RuleLevel",
                    "description": format!(
                        "{} (default: {}).",
                        meta.summary,
                        meta.default_severity.as_str()
                    ),
                });
                (meta.id.to_owned(), level)
            })
            .collect();
        let rules_schema = &mut schema["properties"]["rules"];
        rules_schema["properties"] = rules.into();
        rules_schema["additionalProperties"] = false.into();
        schema
    }
}

/// A policy the JSON reader refused, in a practice manager's words: the key path, and
/// what that key takes rather than the Rust type (`u32`) the reader names. Values are
/// left out of the message (a consent register's keys are patients' addresses).
fn read_error(error: serde_path_to_error::Error<serde_json::Error>) -> PolicyError {
    let path = error.path().to_string();
    let error = error.into_inner();
    // A syntax error's own position (`at line 2 column 32`: the missing comma) is kept;
    // a wrong value's is dropped, since the key path locates it better (the reader
    // stops at the value's end).
    let syntax = matches!(
        error.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let message = crate::error::without_values(&error.to_string());
    let (problem, position) = split_position(&message);
    let plain = in_plain_words(problem);
    PolicyError::invalid(path, if syntax { plain + position } else { plain })
}

/// A reader's message (its position split off) as a practice manager would put it.
fn in_plain_words(message: &str) -> String {
    // serde: "unknown field `secure_domain`, expected one of `organisation_domains`, …"
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, known)) = rest.split_once("`, expected one of ")
    {
        let known = listed(known);
        return match nearest(key, known.iter().copied(), |name| name, 3) {
            Some(name) => format!("unknown key `{key}`; did you mean `{name}`?"),
            None => format!("unknown key `{key}`; the keys are {}", known.join(", ")),
        };
    }
    // serde: "invalid type: string, expected u32", "… expected a sequence", …
    if let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        let wanted = match expected {
            "u32" | "u64" | "usize" => "a whole number, such as 1",
            "a sequence" => "a list in square brackets, such as [\"nhs.net\"]",
            "a string" => "text in double quotes",
            "a map" => "an object in curly brackets",
            "a boolean" => "true or false",
            other => other,
        };
        return format!("this must be {wanted}, not {found}");
    }
    // serde: "unknown variant `of`, expected one of `off`, `info`, `warn`, `block`"
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, known)) = rest.split_once("`, expected one of ")
    {
        let known = listed(known);
        let suggestion = nearest(value, known.iter().copied(), |name| name, 2)
            .map(|name| format!("; did you mean `{name}`?"))
            .unwrap_or_default();
        return format!("`{value}` is not one of {}{suggestion}", known.join(", "));
    }
    // serde_json's syntax errors.
    let plain = match message {
        "expected `,` or `]`" => {
            "a comma is missing between two items of a list (or the list's closing ])"
        }
        "expected `,` or `}`" => "a comma is missing between two keys (or the closing })",
        "trailing comma" => "remove the comma after the last item",
        "key must be a string" => "a key must be in double quotes",
        "expected value" => "a value is missing, or is not JSON (text needs double quotes)",
        "expected `:`" => "a colon is missing between a key and its value",
        "EOF while parsing a list" => "the policy ends inside a list: a closing ] is missing",
        "EOF while parsing an object" => "the policy ends inside an object: a closing } is missing",
        "EOF while parsing a string" => "the policy ends inside text: a closing \" is missing",
        "EOF while parsing a value" => "the policy is empty or ends early",
        "trailing characters" => "there is more after the policy's closing }",
        _ => message,
    };
    plain.to_owned()
}

/// The names in serde's "expected one of `a`, `b`, `c`".
fn listed(known: &str) -> Vec<&str> {
    known
        .split(", ")
        .map(|name| name.trim_matches('`'))
        .collect()
}

/// `json` with its `//` and `/* */` comments blanked out, every line and column where it
/// was, so a reader's error positions still point into the text as written.
fn without_comments(json: &str) -> String {
    use std::io::Read;

    let mut stripped = String::with_capacity(json.len());
    let comments = json_comments::CommentSettings::c_style();
    match comments
        .strip_comments(json.as_bytes())
        .read_to_string(&mut stripped)
    {
        Ok(_) => stripped,
        // Reading from memory cannot fail; were it to, the reader reports on the text.
        Err(_) => json.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_allowed_and_positions_still_count_them() {
        let policy = Policy::from_json(
            "// Meadowbank's policy\n{\n  /* colleagues */ \"organisation_domains\": [\"meadowbank-practice.nhs.uk\"], // ours\n  \"footer\": \"Confidential // not a comment\"\n}",
        )
        .expect("a commented policy");
        assert_eq!(policy.organisation_domains, ["meadowbank-practice.nhs.uk"]);
        assert_eq!(
            policy.footer.as_deref(),
            Some("Confidential // not a comment")
        );

        let error =
            Policy::from_json("// note\n{\n  \"secure_domains\": [\"nhs.net\" \"x.nhs.uk\"]\n}")
                .unwrap_err()
                .to_string();
        assert!(error.ends_with("a comma is missing between two items of a list (or the list's closing ]) at line 3 column 32"), "{error}");
    }

    fn error_path(json: &str) -> (String, String) {
        match Policy::from_json(json) {
            Err(PolicyError::Invalid { path, message }) => (path, message),
            other => panic!("expected an invalid-policy error, got {other:?}"),
        }
    }

    #[test]
    fn embedded_default_parses() {
        let policy = Policy::from_json(DEFAULT_POLICY_JSON).unwrap();
        assert_eq!(policy.secure_domains, ["nhs.net"]);
        assert_eq!(policy.max_visible_external, 1);
        assert_eq!(Policy::from_json("{}").unwrap(), policy);
    }

    #[test]
    fn unknown_top_level_key_is_named() {
        let (path, message) = error_path(r#"{"secure_domain": ["nhs.net"]}"#);
        assert_eq!(path, "secure_domain");
        assert!(message.contains("secure_domain"), "{message}");
    }

    #[test]
    fn a_policy_domain_that_looks_misspelt_is_an_error_unless_confirmed() {
        let error = Policy::from_json(r#"{"secure_domains": ["nhs.net", "nhs.nte"]}"#).unwrap_err();
        assert_eq!(error.path(), Some("secure_domains[1]"));
        assert!(error.to_string().contains("`nhs.net`"), "{error}");
        assert!(error.to_string().contains("confirmed_domains"), "{error}");
        let confirmed = Policy::from_json(
            r#"{"secure_domains": ["nhs.nte"], "confirmed_domains": ["NHS.NTE"]}"#,
        );
        assert!(confirmed.is_ok(), "{confirmed:?}");
        let error = Policy::from_json(r#"{"organisation_domains": ["gmial.com"]}"#).unwrap_err();
        assert_eq!(error.path(), Some("organisation_domains[0]"));
    }

    #[test]
    fn errors_are_in_a_practice_managers_words() {
        let unknown = Policy::from_json(r#"{"secure_domain": ["nhs.net"]}"#).unwrap_err();
        assert_eq!(unknown.path(), Some("secure_domain"));
        assert!(
            unknown
                .to_string()
                .contains("did you mean `secure_domains`?"),
            "{unknown}"
        );
        let number = Policy::from_json(r#"{"max_visible_external": "two"}"#).unwrap_err();
        assert_eq!(number.path(), Some("max_visible_external"));
        assert!(
            number.to_string().contains("must be a whole number"),
            "{number}"
        );
        assert!(!number.to_string().contains("u32"), "{number}");
        let list = Policy::from_json(r#"{"known_contacts": "a@nhs.net"}"#).unwrap_err();
        assert!(
            list.to_string().contains("a list in square brackets"),
            "{list}"
        );
        assert!(
            !list.to_string().contains("a@nhs.net"),
            "values are left out: {list}"
        );
    }

    #[test]
    fn bad_domain_names_its_index() {
        let (path, message) = error_path(r#"{"secure_domains": ["nhs.net", "@nhs.net"]}"#);
        assert_eq!(path, "secure_domains[1]");
        assert!(message.contains("`@`"), "{message}");
        let (path, _) = error_path(r#"{"organisation_domains": ["meadowbank"]}"#);
        assert_eq!(path, "organisation_domains[0]");
    }

    #[test]
    fn bad_severity_and_type_are_named() {
        let (path, message) = error_path(r#"{"rules": {"textspeak": "loud"}}"#);
        assert_eq!(path, "rules.textspeak");
        assert!(message.contains("loud"), "{message}");
        let (path, _) = error_path(r#"{"max_visible_external": -1}"#);
        assert_eq!(path, "max_visible_external");
        let (path, _) = error_path(r#"{"known_contacts": ["not-an-address"]}"#);
        assert_eq!(path, "known_contacts[0]");
        let (path, _) = error_path(r#"{"consent": {"a@b.com": ["everything"]}}"#);
        assert_eq!(path, "consent.a@b.com[0]");
        let (path, _) = error_path(r#"{"footer": "  "}"#);
        assert_eq!(path, "footer");
        let (path, message) =
            error_path(r#"{"pid_patterns": [{"name": "EMIS", "pattern": "EMIS-("}]}"#);
        assert_eq!(path, "pid_patterns[0].pattern");
        assert!(message.contains("not a valid pattern"), "{message}");
        let (path, _) = error_path(r#"{"pid_patterns": [{"name": "", "pattern": "x"}]}"#);
        assert_eq!(path, "pid_patterns[0].name");
        let (path, _) = error_path(r#"{"pid_patterns": [{"name": "x", "regex": "x"}]}"#);
        assert_eq!(path, "pid_patterns[0].regex");
    }

    #[test]
    fn domains_and_contacts_are_normalised() {
        let policy = Policy::from_json(
            r#"{"organisation_domains": [" Meadowbank-Practice.NHS.uk. "],
                "known_contacts": ["An.Other@NHS.net"]}"#,
        )
        .unwrap();
        assert_eq!(policy.organisation_domains, ["meadowbank-practice.nhs.uk"]);
        assert_eq!(policy.known_contacts, ["an.other@nhs.net"]);
    }
}
