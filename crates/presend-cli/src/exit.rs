//! Exit statuses, with their meanings named once.

use std::io::{self, Write};
use std::process::ExitCode;

/// How a run of `presend` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ExitStatus {
    /// 0: nothing blocks.
    Pass,
    /// 1: a message has a blocking finding (or a warning, with `--deny warn`).
    Blocked,
    /// 2: bad usage, or an input or policy could not be read. Wins over `Blocked`.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Pass => 0,
            ExitStatus::Blocked => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// Writes `text` to standard output: `Pass`, or `Error` once it has said why it could
/// not. A closed pipe (`presend … | head`) is not an error: the reader has what it
/// wanted.
pub(crate) fn print(text: &str) -> ExitStatus {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitStatus::Pass,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Pass,
        Err(error) => {
            self::error(&format!("cannot write output: {error}"));
            ExitStatus::Error
        }
    }
}

/// Reports an error on standard error, prefixed with the program's name.
pub(crate) fn error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "presend: {message}");
}
