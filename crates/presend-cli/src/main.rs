//! `presend`: check emails against a GP practice's pre-send rules.
//!
//! `presend check` reads `.eml` messages and `.draft.json` drafts (files, directories,
//! or `-` for standard input) and reports what each would breach; `presend rules` and
//! `presend explain` show the rules and the guidance behind them.

//!
//! # Layers
//!
//! The modules read top to bottom: each uses only modules in its own layer or below,
//! never in a circle (`scripts/module-layers.mjs` checks this table in the test
//! command). `main` parses the command line and hands each command to its module.
//!
//! | Layer | Modules | What they hold |
//! |---|---|---|
//! | 3 commands | `check`, `fix`, `expect` | `presend check`, `presend fix`, `presend test` |
//! | 2 settings and output | `policy`, `docs`, `output` | loading the policy, contacts and patient list, and `presend policy`; rule docs (`presend rules`, `presend explain`); the human, JSON, SARIF and JUnit formats |
//! | 1 foundations | `args`, `exit`, `inputs`, `locate` | the command line; exit statuses; finding and reading inputs; findings' line numbers |

mod args;
mod check;
mod docs;
mod exit;
mod expect;
mod fix;
mod inputs;
mod locate;
mod output;
mod policy;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, ListFormat, PolicyAction};

fn main() -> ExitCode {
    report_panics_without_content();
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Test(args) => expect::run(&args),
        Command::Rules { format } => docs::list_rules(format == ListFormat::Json),
        Command::Explain { id, doc_page } => docs::explain(&id, doc_page),
        Command::Policy { action, file } => match (action, file) {
            (Some(PolicyAction::Check { file }), _) | (None, Some(file)) => policy::check(&file),
            (Some(PolicyAction::Init { file }), _) => policy::init(file.as_deref()),
            (Some(PolicyAction::Schema), _) => policy::print_schema(),
            (None, None) => policy::print_default(),
        },
    };
    status.into()
}

/// A panic is a bug in presend, and `check` turns one into that message's error. The
/// default report of a panic can quote the text being checked (a slicing error shows
/// the characters around it), and presend never prints a message's content, so only
/// where it happened is shown.
fn report_panics_without_content() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        eprintln!(
            "presend: internal error{at}; please report it (what was being checked is not shown)"
        );
    }));
}
