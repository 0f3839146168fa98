use std::path::{Path, PathBuf};

use presend_core::{Checker, Policy};
use serde_json::Value;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// `fixtures/` at the repository root.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures")
}

/// The third-party corpora (`corpora/` in the repository, copied from the project's
/// shared folder with their licences and `SOURCES.md`), or `$PRESEND_CORPORA` to run
/// the same tests over another copy.
pub fn corpora_dir() -> PathBuf {
    let corpora = std::env::var_os("PRESEND_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("corpora"));
    assert!(
        corpora.is_dir(),
        "the corpora are not at {}: set PRESEND_CORPORA to a corpora folder",
        corpora.display()
    );
    corpora
}

/// Every file below `dir`, sorted, recursively.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A checker for the policy at `path`.
pub fn checker_for(path: &Path) -> Checker {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let policy = Policy::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Checker::new(policy).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `value` with every span (`span`, a fix's `at`) removed, for comparing reports of texts whose
/// byte offsets differ (the same message with LF and with CRLF line endings).
pub fn without_spans(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !matches!(key.as_str(), "span" | "at" | "html_at"))
                .map(|(k, v)| (k.clone(), without_spans(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_spans).collect()),
        other => other.clone(),
    }
}

/// A line diff of two texts, for failure messages.
pub fn diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let common = expected.len().max(actual.len());
    for index in 0..common {
        match (expected.get(index), actual.get(index)) {
            (Some(e), Some(a)) if e == a => {}
            (e, a) => {
                if let Some(e) = e {
                    out.push_str(&format!("  line {:>3} - {e}\n", index + 1));
                }
                if let Some(a) = a {
                    out.push_str(&format!("  line {:>3} + {a}\n", index + 1));
                }
            }
        }
    }
    out
}
