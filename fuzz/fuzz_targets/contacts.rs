//! Any text as a contacts export, in each format presend reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presend_core::{ContactFormat, parse_contacts};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [
        ContactFormat::Csv,
        ContactFormat::VCard,
        ContactFormat::Json,
    ] {
        let _ = parse_contacts(text, format);
    }
});
