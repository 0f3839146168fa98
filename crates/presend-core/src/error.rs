//! Errors that every layer above may return, and the one discipline they share: an
//! error message names the key or path that is wrong and never quotes the value (a
//! policy's consent keys are patients' addresses; a draft's values are message content).

/// Why a policy (or a contacts file) was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A key is unknown, mistyped or holds a bad value.
    #[error("invalid policy{}: {message}", at_key(.path))]
    Invalid {
        /// The key's path, e.g. `rules.txtspeak` or `secure_domains[1]`.
        path: String,
        /// What is wrong, and what would be right.
        message: String,
    },
    /// The policy document is larger than [`MAX_POLICY_BYTES`](crate::limits::MAX_POLICY_BYTES).
    #[error("the policy is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size given.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// More known contacts than [`MAX_CONTACTS`](crate::limits::MAX_CONTACTS).
    #[error("the policy has {count} known contacts, over the limit of {limit}")]
    TooManyContacts {
        /// Contacts given.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

/// ` at `rules.txtspeak``, or nothing for an error about the document as a whole.
fn at_key(path: &str) -> String {
    match path {
        "." | "?" | "" => String::new(),
        key => format!(" at `{key}`"),
    }
}

impl PolicyError {
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The key path the error is about, when it is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            PolicyError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A serde error message without the values it quotes: a draft's values are message
/// content (an NHS number in the wrong place, say), and error messages reach logs.
/// Keys, paths and expected types stay: they are what a developer needs.
pub(crate) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(['"', '`']) {
        let quote = rest[at..].chars().next().unwrap_or('"');
        let before = &rest[..at];
        // serde_json writes `string "…"`, `integer `…``, `floating point `…``.
        let value_kind = ["string ", "integer ", "floating point ", "char "]
            .iter()
            .find(|kind| before.ends_with(**kind));
        let Some(end) = rest[at + 1..].find(quote).map(|end| at + 1 + end) else {
            break;
        };
        match value_kind {
            Some(kind) => {
                out.push_str(&before[..before.len() - kind.len()]);
                out.push_str(match *kind {
                    "string " => "a string",
                    "integer " => "an integer",
                    "floating point " => "a number",
                    _ => "a character",
                });
            }
            None => out.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A reader's message split from the position it ends with (` at line 3 column 5`).
pub(crate) fn split_position(message: &str) -> (&str, &str) {
    match message.rfind(" at line ") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    }
}
