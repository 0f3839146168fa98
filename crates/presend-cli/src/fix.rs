//! `presend fix`: apply every safe fix to a message and write it out.
//!
//! Which fixes are safe is each rule's declaration (`presend explain ID` states it), not
//! a judgement made here. Fixes that need the sender's judgement are listed, never
//! applied. The fixed message is checked again, and the exit status is that check's.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use presend_core::{Applicability, Draft, Finding, rewrite};

use crate::args::FixArgs;
use crate::exit::{self, ExitStatus};
use crate::inputs;
use crate::policy::load_checker;

pub(crate) fn run(args: &FixArgs) -> ExitStatus {
    match fix(args) {
        Ok(status) => status,
        Err(message) => {
            exit::error(&message);
            ExitStatus::Error
        }
    }
}

fn fix(args: &FixArgs) -> Result<ExitStatus, String> {
    let settings = &args.settings;
    let checker = load_checker(
        settings.policy.as_deref(),
        &settings.contacts,
        settings.patients.as_deref(),
    )?;
    let source = args.input.display().to_string();
    if inputs::is_json(&args.input) {
        // A JSON draft is the add-ins' picture of a compose window: they apply its
        // fixes there, from the report's `fix` objects.
        return Err(format!(
            "{source}: presend fix rewrites .eml messages; a draft's fixes are in `presend check --format json`'s report"
        ));
    }
    let raw = read_input(&args.input).map_err(|e| format!("{source}: cannot read: {e}"))?;
    let draft = Draft::from_mime(&raw).map_err(|e| format!("{source}: {e}"))?;
    let before = checker.check(&draft);

    let safe: Vec<&Finding> = before
        .findings
        .iter()
        .filter(|finding| {
            finding
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        })
        .collect();
    let fixes: Vec<_> = safe
        .iter()
        .filter_map(|finding| finding.fix.as_ref())
        .collect();
    let rewritten = rewrite::apply(&raw, &fixes).map_err(|e| format!("{source}: {e}"))?;
    let after = Draft::from_mime(&rewritten.message)
        .map(|draft| checker.check(&draft))
        .map_err(|e| {
            format!(
                "{source}: the fixed message could not be read again ({e}); nothing was written"
            )
        })?;

    let mut summary = String::new();
    for (index, finding) in safe.iter().enumerate() {
        let title = finding.fix.as_ref().map_or("", |fix| fix.title.as_str());
        match rewritten
            .not_applied
            .iter()
            .find(|skip| skip.index == index)
        {
            None => {
                let _ = writeln!(summary, "  fixed       {}: {title}", finding.rule);
            }
            Some(skip) => {
                let _ = writeln!(
                    summary,
                    "  not fixed   {}: {title} ({})",
                    finding.rule, skip.reason
                );
            }
        }
    }
    for finding in &after.findings {
        let line = match &finding.fix {
            Some(fix) if fix.applicability != Applicability::Safe => {
                format!("suggestion, not applied: {}", fix.title)
            }
            _ => finding.message.clone(),
        };
        let _ = writeln!(
            summary,
            "  {:<11} {}: {line}",
            finding.severity.as_str().to_uppercase(),
            finding.rule
        );
    }

    write_output(args.output.as_deref(), &rewritten.message)
        .map_err(|e| format!("cannot write the fixed message: {e}"))?;
    let destination = match args.output.as_deref() {
        Some(path) if path != Path::new("-") => path.display().to_string(),
        _ => "standard output".to_owned(),
    };
    let blocking = after
        .findings
        .iter()
        .filter(|f| f.severity == presend_core::Severity::Block)
        .count();
    let verdict = match blocking {
        0 => "nothing in it blocks the send now".to_owned(),
        1 => "1 blocking finding needs you before it is sent".to_owned(),
        n => format!("{n} blocking findings need you before it is sent"),
    };
    let _ = writeln!(
        io::stderr().lock(),
        "{source}: {} fixed, written to {destination}; {verdict}\n{summary}",
        safe.len() - rewritten.not_applied.len(),
    );
    Ok(if blocking > 0 {
        ExitStatus::Blocked
    } else {
        ExitStatus::Pass
    })
}

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    fs::read(path)
}

/// Writes to the file (through a temporary file beside it, so a failure never leaves a
/// half-written message where the input may have been), or to standard output.
fn write_output(path: Option<&Path>, message: &[u8]) -> io::Result<()> {
    match path {
        Some(path) if path != Path::new("-") => {
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(".presend-tmp");
            fs::write(&temporary, message)?;
            fs::rename(&temporary, path)
        }
        _ => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(message)?;
            stdout.flush()
        }
    }
}
