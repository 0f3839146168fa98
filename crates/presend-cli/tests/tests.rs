//! The `presend` binary, run as CI and practice staff run it.

/// Running the binary and comparing output with checked-in snapshots.
mod util;

/// `presend check`: exit codes, inputs, errors, and each output format's snapshot.
mod check;
/// `presend rules` and `presend explain`, and the generated `docs/rules/` pages.
mod docs;
/// `presend test`: a practice's fixtures against their expected reports.
mod expect;
/// `presend fix`: safe fixes applied, the rest listed, the message written out.
mod fix;
/// Patient data is masked in every output format unless `--show-pid` is given.
mod masking;
/// `presend policy`: the schema in docs, the starter policy, errors with line and column.
mod policy;
