//! Any text as a policy: validated, compiled, and used for one check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use presend_core::{Checker, Draft, Policy};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(policy) = Policy::from_json(text)
        && let Ok(checker) = Checker::new(policy)
    {
        let draft = Draft::from_json(
            r#"{"to": ["am.other@nhs.net", "jane.doe@gmail.com"], "subject": "Results",
                "body": {"text": "NHS number 943 476 5919. Your blood test results are back."}}"#,
        );
        if let Ok(draft) = draft {
            let _ = checker.check(&draft);
        }
    }
});
