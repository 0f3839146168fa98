use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// `crates/presend-cli/tests/<name>`.
pub fn test_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Runs `presend` with `args` from the repository root, with `stdin` as input.
pub fn presend(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_presend"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("presend runs");
    if let Some(input) = stdin {
        use std::io::Write;
        // presend may exit before reading its input (a bad policy, say): a closed pipe
        // then is expected, not a failure of the test.
        match child.stdin.take().expect("stdin").write_all(input) {
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                panic!("write stdin: {error}")
            }
            _ => {}
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("presend finishes")
}

/// Every rule id, as `presend rules --format json` lists them.
pub fn rule_ids() -> Vec<String> {
    let output = presend(&["rules", "--format", "json"], None);
    assert_eq!(output.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("rules JSON");
    rules
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Compares `actual` with the file at `path`; with `PRESEND_BLESS=1`, rewrites it.
/// On a mismatch writes `<path>.actual` and fails naming both, with the differing lines.
pub fn assert_snapshot(path: &Path, actual: &str) {
    if std::env::var_os("PRESEND_BLESS").is_some() {
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    let actual_path = PathBuf::from(format!("{}.actual", path.display()));
    if expected == actual {
        let _ = std::fs::remove_file(&actual_path);
        return;
    }
    std::fs::write(&actual_path, actual).expect("write actual");
    let mut differences = String::new();
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    for index in 0..e.len().max(a.len()) {
        if e.get(index) != a.get(index) {
            differences.push_str(&format!(
                "  {:>3} - {}\n  {:>3} + {}\n",
                index + 1,
                e.get(index).unwrap_or(&""),
                index + 1,
                a.get(index).unwrap_or(&"")
            ));
        }
    }
    panic!(
        "{} differs (actual in {}; review, then PRESEND_BLESS=1):\n{differences}",
        path.display(),
        actual_path.display()
    );
}

/// A directory of its own under the system's temporary directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("presend-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Self(dir)
    }

    pub fn copy(&self, from: &str, to: &str) -> PathBuf {
        let target = self.0.join(to);
        std::fs::copy(repo_root().join(from), &target).expect("copy fixture");
        target
    }

    pub fn arg(&self) -> &str {
        self.0.to_str().expect("UTF-8 path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
