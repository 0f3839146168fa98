//! The command line: every command, argument and option, as clap reads them.

// clap prints these doc comments as the help text, where `[secure]` is NHSmail's
// subject tag, not a link.
#![allow(rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "presend",
    version,
    about = "Check emails before they are sent: patient confidentiality and professional standards for UK GP practices"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check messages (.eml) and drafts (.draft.json); directories are searched recursively.
    ///
    /// Exit status: 0 when nothing blocks, 1 when a message has a blocking finding (or a
    /// warning, with --deny warn), 2 when the command was misused or an input could not
    /// be read, a directory with nothing to check included (the other inputs are still
    /// checked).
    Check(CheckArgs),
    /// Apply every safe fix to a message (.eml) and write the fixed message.
    ///
    /// Safe fixes (each rule declares whether its fix is: `presend explain ID`) move
    /// outside recipients to Bcc, correct misspelt and disguised addresses, add the
    /// confidentiality footer above any quoted history, and add [secure] to the subject.
    /// Everything else in the message is kept as it was. Fixes that need your judgement
    /// are listed, not applied. A summary goes to standard error.
    ///
    /// Exit status: 0 when nothing in the fixed message blocks, 1 when something still
    /// does, 2 when the message or policy could not be read.
    Fix(FixArgs),
    /// Check a practice's fixture mail against the reports it expects.
    ///
    /// Each message (NAME.eml or NAME.draft.json) is checked and its report compared
    /// with NAME.expected.json beside it (the report as `check --format json` gives
    /// it); NAME.policy.json beside it, when there is one, replaces --policy for that
    /// message. A report that differs is shown as a diff.
    ///
    /// Exit status: 0 when every report is as expected, 1 when one is not (or has no
    /// expectation), 2 when a message or policy could not be read.
    Test(TestArgs),
    /// List the rules with their default severity and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Explain a rule: what it catches, why, examples, and what to do.
    Explain {
        /// The rule id, e.g. near-miss-recipient (any letter case).
        id: String,
        /// Print the page as docs/rules/ID.md holds it, with its generated-file note.
        #[arg(long, hide = true)]
        doc_page: bool,
    },
    /// Print the embedded default policy; check, start or describe a policy file.
    ///
    /// `presend policy FILE` is `presend policy check FILE`.
    #[command(args_conflicts_with_subcommands = true)]
    Policy {
        #[command(subcommand)]
        action: Option<PolicyAction>,
        /// A policy file to check.
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum PolicyAction {
    /// Check a policy file: each error names the line, column and key.
    ///
    /// Exit status: 0 when the policy is valid, 2 when it is not.
    Check {
        /// The policy file.
        file: PathBuf,
    },
    /// Write a starter policy, every key explained in a comment, at its default value.
    Init {
        /// Where to write it (a new file; an existing one is never replaced).
        /// Standard output without it.
        file: Option<PathBuf>,
    },
    /// Print the policy's JSON Schema (docs/policy.schema.json), for editors.
    Schema,
}

/// The practice's settings every checking command takes.
#[derive(clap::Args)]
pub(crate) struct Settings {
    /// The practice policy (JSON). Without it, the embedded default policy applies.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
    /// Contacts exports (CSV, vCard .vcf or JSON) to add to the policy's known contacts.
    #[arg(long, value_name = "FILE")]
    pub(crate) contacts: Vec<PathBuf>,
    /// The practice's patient list (CSV: email address, NHS number, name, date of birth),
    /// so a message about one patient going to another's address is caught. It is read
    /// into memory only and never printed unmasked.
    #[arg(long, value_name = "FILE")]
    pub(crate) patients: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check; `-` reads one message or draft from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) settings: Settings,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// The lowest severity that fails the run (exit 1): `block` (the default) or `warn`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) deny: Option<Deny>,
    /// Name every message checked, those that passed too (human format).
    #[arg(short, long)]
    pub(crate) verbose: bool,
    /// Show patient-identifiable data (NHS numbers, dates of birth, names) as written.
    /// By default it is masked (`*** *** 5919`), since output ends up in CI logs.
    #[arg(long)]
    pub(crate) show_pid: bool,
}

#[derive(clap::Args)]
pub(crate) struct FixArgs {
    /// The message to fix (.eml); `-` reads it from standard input.
    #[arg(value_name = "IN")]
    pub(crate) input: PathBuf,
    /// Where to write the fixed message (it may be IN itself); standard output without it.
    #[arg(short, long, value_name = "OUT")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) settings: Settings,
}

#[derive(clap::Args)]
pub(crate) struct TestArgs {
    /// Fixture files or directories (searched recursively for .eml and .draft.json).
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy and contacts (a NAME.policy.json beside a message replaces the policy).
    #[command(flatten)]
    pub(crate) settings: Settings,
    /// Write each NAME.expected.json from the report instead of comparing (review the
    /// changes before committing them).
    #[arg(long)]
    pub(crate) update: bool,
    /// Name the messages that are as expected too.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// Output formats of `presend check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Readable in a terminal and a CI log.
    Human,
    /// `{"reports": [{"source", "verdict", "findings": […]}], "errors": […]}`.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards: every rule with its documentation,
    /// each finding at its file and line.
    Sarif,
    /// JUnit XML, for CI test reports: a test case per message, a failure per finding
    /// at or above the --deny level.
    Junit,
}

/// Output formats of `presend rules`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Human,
    Json,
}

/// What counts as failure beyond blocking findings.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Deny {
    /// Only blocks fail (the default, said outright).
    Block,
    /// Warnings fail too.
    Warn,
}
