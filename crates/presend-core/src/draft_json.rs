//! Drafts from the JSON every binding accepts (the add-ins build it from Office.js and
//! Thunderbird's compose details), with the bytes of attachments a host could read.

use crate::draft::{Draft, DraftError, check_size};
use crate::error::split_position;
use crate::extract::Unreadable;

impl Draft {
    /// Reads a JSON draft. Unknown fields are an error naming their path.
    pub fn from_json(json: &str) -> Result<Self, DraftError> {
        check_size(json.len())?;
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let draft: Draft = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| invalid_at(error.path().to_string(), error.into_inner()))?;
        deserializer
            .end()
            .map_err(|error| invalid_at(".".to_owned(), error))?;
        draft.with_contents_read()?.within_limits()
    }

    /// Reads a draft already parsed as JSON (a JavaScript object handed over by a
    /// binding). Errors name the path exactly as [`Draft::from_json`] does.
    pub fn from_json_value(value: serde_json::Value) -> Result<Self, DraftError> {
        let draft: Draft = serde_path_to_error::deserialize(value)
            .map_err(|error| invalid_at(error.path().to_string(), error.into_inner()))?;
        draft.with_contents_read()?.within_limits()
    }

    /// Reads each attachment's `content_base64` into its text, and drops the bytes.
    fn with_contents_read(mut self) -> Result<Self, DraftError> {
        for (index, attachment) in self.attachments.iter_mut().enumerate() {
            let Some(encoded) = attachment.content_base64.take() else {
                continue;
            };
            let Some(bytes) = decode_base64(&encoded) else {
                return Err(DraftError::Json {
                    path: format!("attachments[{index}].content_base64"),
                    message: "not valid base64".to_owned(),
                });
            };
            if cfg!(feature = "attachments") {
                let contents =
                    attachment_contents(&bytes, &attachment.name, &attachment.content_type);
                attachment.take_contents(contents);
            } else {
                // This build does not read contents; saying so beats a silent pass.
                attachment.unread = Some(Unreadable::Unsupported);
            }
        }
        Ok(self)
    }

    /// Reads a JSON draft from bytes, which must be UTF-8.
    pub fn from_json_bytes(json: &[u8]) -> Result<Self, DraftError> {
        check_size(json.len())?;
        let text = std::str::from_utf8(json).map_err(|error| DraftError::NotUtf8 {
            offset: error.valid_up_to(),
        })?;
        Self::from_json(text)
    }
}

/// Base64 as hosts write it (the standard alphabet, padded, perhaps in lines).
#[cfg(feature = "attachments")]
fn decode_base64(encoded: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = encoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// Without the `attachments` feature the bytes are not decoded: every file with them is
/// reported unread.
#[cfg(not(feature = "attachments"))]
fn decode_base64(_encoded: &str) -> Option<Vec<u8>> {
    Some(Vec::new())
}

/// A reader's error at `path`, its values left out. A syntax error keeps its position
/// (the missing comma); a wrong value's is dropped, since the path locates it better and
/// a draft given as an object was never text the caller saw.
fn invalid_at(path: String, error: serde_json::Error) -> DraftError {
    let syntax = matches!(
        error.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let message = crate::error::without_values(&error.to_string());
    let message = if syntax {
        message
    } else {
        split_position(&message).0.to_owned()
    };
    DraftError::Json { path, message }
}

/// The text inside an attachment's bytes, attached messages read as messages.
#[cfg(feature = "mime")]
fn attachment_contents(bytes: &[u8], name: &str, content_type: &str) -> crate::extract::Contents {
    crate::mime::attachment_contents(bytes, name, content_type, 0)
}

/// The text inside an attachment's bytes; an attached message is left to
/// [`Attachment::take_contents`](crate::draft::Attachment::take_contents) to call unread.
#[cfg(not(feature = "mime"))]
fn attachment_contents(bytes: &[u8], name: &str, content_type: &str) -> crate::extract::Contents {
    crate::extract::contents(bytes, name, content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_named_with_its_path() {
        let error =
            Draft::from_json(r#"{"to": [{"address": "a@b.com", "nmae": "x"}]}"#).unwrap_err();
        let DraftError::Json { path, message } = error else {
            panic!("{error:?}")
        };
        assert_eq!(path, "to[0].nmae");
        assert!(message.contains("nmae"), "{message}");
        let error = Draft::from_json(r#"{"subjct": "x"}"#).unwrap_err();
        assert!(error.to_string().contains("subjct"), "{error}");
    }

    #[test]
    fn errors_never_quote_the_values_they_reject() {
        let error = Draft::from_json(r#"{"body": "NHS number 943 476 5919"}"#)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("943"), "{error}");
        assert!(
            error.contains("`body`") && error.contains("a string"),
            "{error}"
        );
        let error = Draft::from_json(r#"{"to": 9434765919}"#)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("9434765919"), "{error}");
        let error = Draft::from_json(r#"{"nhs_no": 1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("nhs_no"),
            "unknown keys are still named: {error}"
        );
    }

    #[test]
    fn a_wrong_value_is_located_by_its_path_and_a_syntax_error_by_its_position() {
        let wrong = Draft::from_json(r#"{"subject": 5}"#)
            .unwrap_err()
            .to_string();
        assert!(
            wrong.contains("`subject`") && !wrong.contains("line"),
            "{wrong}"
        );
        let broken = Draft::from_json("{\"subject\": \"a\"\n \"to\": []}")
            .unwrap_err()
            .to_string();
        assert!(broken.contains("at line 2 column 2"), "{broken}");
    }

    #[test]
    fn null_members_mean_none() {
        let draft =
            Draft::from_json(r#"{"subject": null, "to": null, "body": null, "attachments": null}"#)
                .unwrap();
        assert_eq!(draft, Draft::default());
    }

    #[test]
    fn empty_draft_is_valid() {
        assert_eq!(Draft::from_json("{}").unwrap(), Draft::default());
    }

    #[test]
    fn trailing_garbage_and_bad_utf8_are_errors() {
        assert!(Draft::from_json("{} {}").is_err());
        assert_eq!(
            Draft::from_json_bytes(b"{\"subject\": \"\xff\"}"),
            Err(DraftError::NotUtf8 { offset: 13 })
        );
    }
}
