//! Any bytes as a JSON draft, as the add-ins and bindings send them.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use presend_core::{Checker, Draft};

static CHECKER: LazyLock<Checker> = LazyLock::new(Checker::with_default_policy);

fuzz_target!(|data: &[u8]| {
    if let Ok(draft) = Draft::from_json_bytes(data) {
        let _ = CHECKER.check(&draft).to_json();
    }
});
