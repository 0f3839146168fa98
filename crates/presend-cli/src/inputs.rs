//! Finding and reading the messages to check.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use presend_core::Draft;

use crate::locate::SourceLines;

/// One thing to check: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// How the input is named in output.
    pub(crate) fn source(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }

    /// Reads and parses the input into a draft, with where its parts are in the file.
    pub(crate) fn read(&self) -> Result<(Draft, SourceLines), String> {
        let (bytes, json) = match self {
            Input::Stdin => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                let json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
                (bytes, json)
            }
            Input::File(path) => {
                let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
                (bytes, is_json(path))
            }
        };
        let (draft, lines) = if json {
            (
                Draft::from_json_bytes(&bytes),
                SourceLines::of_draft(&bytes),
            )
        } else {
            (Draft::from_mime(&bytes), SourceLines::of_message(&bytes))
        };
        draft.map(|draft| (draft, lines)).map_err(|e| e.to_string())
    }
}

pub(crate) fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// Whether a file found while walking a directory is a message or draft to check.
/// Other files there (policies, expected outputs, notes) are left alone.
pub(crate) fn is_checkable(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    name.ends_with(".eml") || name.ends_with(".draft.json")
}

/// Expands `paths` into inputs: files as given, directories searched recursively in
/// name order, `-` as standard input. Paths that cannot be read become errors.
pub(crate) fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let before = inputs.len();
            walk(path, &mut inputs, &mut errors);
            // A directory with nothing to check is a mistake (the wrong folder), not a pass.
            if inputs.len() == before {
                errors.push((
                    path.display().to_string(),
                    "no messages (.eml) or drafts (.draft.json) to check here".to_owned(),
                ));
            }
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push((
                path.display().to_string(),
                "no such file or directory".to_owned(),
            ));
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(String, String)>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            return errors.push((
                dir.display().to_string(),
                format!("cannot read directory: {error}"),
            ));
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs, errors);
        } else if is_checkable(&path) {
            inputs.push(Input::File(path));
        }
    }
}
