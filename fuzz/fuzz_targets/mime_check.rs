//! Any bytes as an RFC 5322 message: read, then checked with the default policy and
//! with PID shown (the masking paths and the unmasked ones).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use presend_core::{CheckOptions, Checker, Draft};

static CHECKER: LazyLock<Checker> = LazyLock::new(Checker::with_default_policy);

fuzz_target!(|data: &[u8]| {
    if let Ok(draft) = Draft::from_mime(data) {
        let report = CHECKER.check(&draft);
        let _ = report.to_json();
        let _ = CHECKER.check_with(&draft, CheckOptions::showing_pid());
    }
});
