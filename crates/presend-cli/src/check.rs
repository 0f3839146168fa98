//! `presend check`: every input checked in parallel, reported in the chosen format.

use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use presend_core::{CheckOptions, Checker, Severity};

use crate::args::{CheckArgs, Deny, Format};
use crate::exit::{self, ExitStatus};
use crate::inputs::{self, Input};
use crate::output::{self, Checked, Located};
use crate::policy::load_checker;

pub(crate) fn run(args: &CheckArgs) -> ExitStatus {
    let settings = &args.settings;
    let checker = match load_checker(
        settings.policy.as_deref(),
        &settings.contacts,
        settings.patients.as_deref(),
    ) {
        Ok(checker) => checker,
        Err(message) => {
            exit::error(&message);
            return ExitStatus::Error;
        }
    };
    let (inputs, unreadable) = inputs::expand(&args.paths);
    let options = if args.show_pid {
        CheckOptions::showing_pid()
    } else {
        CheckOptions::default()
    };
    let mut results = check_all(&checker, &inputs, options);
    results.extend(unreadable.into_iter().map(|(source, message)| Checked {
        source,
        outcome: Err(message),
    }));

    let text = match args.format {
        Format::Human => output::human(&results, args.verbose),
        Format::Json => output::json(&results),
        Format::Sarif => output::sarif(&results),
        Format::Junit => output::junit(&results, fail_at(args.deny)),
    };
    if exit::print(&text) == ExitStatus::Error {
        return ExitStatus::Error;
    }
    // Each unreadable input is named once, in the output chosen (JSON's `errors`, a
    // SARIF notification, a JUnit error, or the human report): a CI step reading JSON
    // would otherwise see every error twice.
    status(&results, args.deny)
}

/// The lowest severity that fails the run.
fn fail_at(deny: Option<Deny>) -> Severity {
    match deny {
        Some(Deny::Warn) => Severity::Warn,
        Some(Deny::Block) | None => Severity::Block,
    }
}

fn status(results: &[Checked], deny: Option<Deny>) -> ExitStatus {
    let fail_at = fail_at(deny);
    results
        .iter()
        .map(|result| match &result.outcome {
            Err(_) => ExitStatus::Error,
            Ok(Located { report, .. }) if report.findings.iter().any(|f| f.severity >= fail_at) => {
                ExitStatus::Blocked
            }
            Ok(_) => ExitStatus::Pass,
        })
        .max()
        .unwrap_or(ExitStatus::Pass)
}

/// How long a run goes before a progress bar appears (on a terminal only): a check of a
/// few messages says nothing until its answer; a corpus says how far it has got.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Counts checked inputs on standard error once a run is long, if that is a terminal.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    on_terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} messages checked, {per_sec}, about {eta} left",
        ) {
            bar.set_style(style);
        }
        Self {
            bar,
            started: Instant::now(),
            on_terminal: std::io::stderr().is_terminal(),
        }
    }

    fn one_done(&self) {
        self.bar.inc(1);
        if self.on_terminal && self.bar.is_hidden() && self.started.elapsed() > PROGRESS_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Checks every input, on every core, returning results in input order. Each worker
/// reads one message at a time, so only reports are held, never the corpus.
fn check_all(checker: &Checker, inputs: &[Input], options: CheckOptions) -> Vec<Checked> {
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .max(1);
    let progress = Progress::new(inputs.len());
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Checked>> = inputs.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(index) else {
                            break;
                        };
                        let outcome = read_and_check(checker, input, options);
                        progress.one_done();
                        done.push((
                            index,
                            Checked {
                                source: input.source(),
                                outcome,
                            },
                        ));
                    }
                    done
                })
            })
            .collect();
        for (index, checked) in handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
        {
            slots[index] = Some(checked);
        }
    });
    // A worker that died takes its unfinished results with it; name those inputs
    // rather than lose them silently.
    slots
        .into_iter()
        .zip(inputs)
        .map(|(slot, input)| {
            slot.unwrap_or_else(|| Checked {
                source: input.source(),
                outcome: Err(INTERNAL_ERROR.to_owned()),
            })
        })
        .collect()
}

/// Reads and checks one input. A panic (a bug in presend) is this input's error
/// alone: the worker goes on, and every other input keeps its result.
fn read_and_check(
    checker: &Checker,
    input: &Input,
    options: CheckOptions,
) -> Result<Located, String> {
    panic::catch_unwind(AssertUnwindSafe(|| {
        input.read().map(|(draft, source_lines)| {
            let report = checker.check_with(&draft, options);
            let lines = report
                .findings
                .iter()
                .map(|f| source_lines.line_of(f))
                .collect();
            Located { report, lines }
        })
    }))
    .unwrap_or_else(|_| Err(INTERNAL_ERROR.to_owned()))
}

/// What the output says of an input presend failed on.
const INTERNAL_ERROR: &str =
    "presend failed on this message (an internal error) and did not check it; please report it";
