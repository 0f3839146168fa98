use std::ffi::{CStr, c_char};
use std::ptr;

use presend::presend_status::{self, *};
use presend::*;

/// The message in this thread's last error.
fn last_error() -> String {
    let length = unsafe { presend_last_error(ptr::null_mut(), 0) };
    let mut buf = vec![0 as c_char; length + 1];
    let copied = unsafe { presend_last_error(buf.as_mut_ptr(), buf.len()) };
    assert_eq!(copied, length);
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// Takes ownership of a string presend returned.
fn take(s: *mut c_char) -> String {
    let text = unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned();
    unsafe { presend_string_free(s) };
    text
}

fn checker(policy: Option<&str>) -> *mut presend_checker {
    let mut checker = ptr::null_mut();
    let (ptr, len) = policy.map_or((ptr::null(), 0), |p| (p.as_ptr().cast(), p.len()));
    assert_eq!(
        unsafe { presend_checker_new(ptr, len, &mut checker) },
        PRESEND_OK,
        "{}",
        last_error()
    );
    checker
}

fn check_json(
    checker: *const presend_checker,
    draft: &[u8],
    flags: u32,
) -> (presend_status, Option<String>) {
    let sentinel = ptr::dangling_mut::<c_char>();
    let mut out = sentinel;
    let status = unsafe {
        presend_checker_check_json_with_flags(
            checker,
            draft.as_ptr().cast(),
            draft.len(),
            flags,
            &mut out,
        )
    };
    if status == PRESEND_OK {
        (status, Some(take(out)))
    } else {
        assert_eq!(out, sentinel, "outputs are written only on success");
        (status, None)
    }
}

#[test]
fn null_arguments_are_refused_not_dereferenced() {
    let checker = checker(None);
    let draft = b"{}";
    let mut out = ptr::null_mut();
    unsafe {
        assert_eq!(
            presend_checker_new(b"{}".as_ptr().cast(), 2, ptr::null_mut()),
            PRESEND_NULL_ARGUMENT
        );
        assert!(last_error().contains("checker_out"));
        assert_eq!(
            presend_checker_new(ptr::null(), 3, &mut ptr::null_mut()),
            PRESEND_NULL_ARGUMENT
        );
        assert_eq!(
            presend_checker_check_json(ptr::null(), draft.as_ptr().cast(), 2, &mut out),
            PRESEND_NULL_ARGUMENT
        );
        assert_eq!(
            presend_checker_check_json(checker, ptr::null(), 2, &mut out),
            PRESEND_NULL_ARGUMENT
        );
        // NULL with length 0 is an empty buffer: not JSON, but not a NULL error either.
        assert_eq!(
            presend_checker_check_json(checker, ptr::null(), 0, &mut out),
            PRESEND_INVALID_DRAFT
        );
        assert_eq!(
            presend_checker_check_json(checker, draft.as_ptr().cast(), 2, ptr::null_mut()),
            PRESEND_NULL_ARGUMENT
        );
        assert_eq!(
            presend_checker_check_mime(checker, ptr::null(), 10, &mut out),
            PRESEND_NULL_ARGUMENT
        );
        assert_eq!(presend_rules_json(ptr::null_mut()), PRESEND_NULL_ARGUMENT);
        presend_string_free(ptr::null_mut());
        presend_checker_free(ptr::null_mut());
        presend_checker_free(checker);
    }
}

#[test]
fn policy_errors_name_the_key() {
    let policy = r#"{"rules": {"txtspeak": "off"}}"#;
    let mut checker = ptr::null_mut();
    let status = unsafe { presend_checker_new(policy.as_ptr().cast(), policy.len(), &mut checker) };
    assert_eq!(status, PRESEND_INVALID_POLICY);
    assert!(checker.is_null(), "no checker is written on failure");
    let message = last_error();
    assert!(
        message.contains("rules.txtspeak") && message.contains("textspeak"),
        "{message}"
    );
    let bad_utf8 = b"{\"footer\": \"\xff\"}";
    assert_eq!(
        unsafe { presend_checker_new(bad_utf8.as_ptr().cast(), bad_utf8.len(), &mut checker) },
        PRESEND_INVALID_UTF8
    );
}

#[test]
fn drafts_and_messages_give_reports_or_named_errors() {
    let checker = checker(None);
    let (status, report) = check_json(
        checker,
        br#"{"from": "a@gmail.com", "to": ["b@hotmail.co.uk"]}"#,
        0,
    );
    assert_eq!(status, PRESEND_OK);
    assert!(report.expect("report").starts_with(r#"{"verdict":"block""#));
    assert_eq!(last_error(), "", "success clears the last error");
    assert_eq!(
        check_json(checker, br#"{"subjct": "x"}"#, 0).0,
        PRESEND_INVALID_DRAFT
    );
    assert!(last_error().contains("subjct"));
    assert_eq!(
        check_json(checker, b"{\"subject\": \"\xc3\x28\"}", 0).0,
        PRESEND_INVALID_UTF8
    );
    assert_eq!(check_json(checker, b"{}", 2).0, PRESEND_INVALID_ARGUMENT);

    let mut out = ptr::null_mut();
    let empty: &[u8] = b"";
    assert_eq!(
        unsafe { presend_checker_check_mime(checker, empty.as_ptr(), 0, &mut out) },
        PRESEND_INVALID_MESSAGE
    );
    let truncated =
        b"From: a@nhs.net\r\nTo: jane@gmail.com\r\nSubject: Hi\r\n\r\nThanks for your em";
    assert_eq!(
        unsafe {
            presend_checker_check_mime(checker, truncated.as_ptr(), truncated.len(), &mut out)
        },
        PRESEND_OK
    );
    take(out);
    unsafe { presend_checker_free(checker) };
}

#[test]
fn oversized_input_is_refused_before_it_is_read() {
    let checker = checker(None);
    let mut out = ptr::null_mut();
    // The length alone is refused: the bytes are never read, so one byte suffices.
    let byte = *b"x";
    let status = unsafe {
        presend_checker_check_mime(checker, byte.as_ptr(), 64 * 1024 * 1024 + 1, &mut out)
    };
    assert_eq!(status, PRESEND_INPUT_TOO_LARGE);
    assert!(last_error().contains("over the limit"));
    unsafe { presend_checker_free(checker) };
}

#[test]
fn the_report_is_the_core_report_and_masks_unless_asked() {
    let policy = r#"{"known_contacts": ["an.other@nhs.net"]}"#;
    let checker = checker(Some(policy));
    let draft = br#"{"from": "reception.meadowbank@nhs.net", "to": ["am.other@nhs.net", "jane.doe@gmail.com"],
                     "subject": "Letter", "body": {"text": "NHS number 943 476 5919, see u soon"}}"#;
    let core = presend_core::Checker::new(presend_core::Policy::from_json(policy).expect("policy"))
        .expect("checker");
    let expected = core
        .check(&presend_core::Draft::from_json_bytes(draft).expect("draft"))
        .to_json();
    let (_, masked) = check_json(checker, draft, 0);
    assert_eq!(masked.as_deref(), Some(expected.as_str()));
    assert!(!expected.contains("943 476 5919"));
    let (_, shown) = check_json(checker, draft, PRESEND_SHOW_PID);
    assert!(shown.expect("report").contains("943 476 5919"));
    unsafe { presend_checker_free(checker) };
}

#[test]
fn last_error_truncates_on_a_character_boundary() {
    let policy = r#"{"footer": "   "}"#;
    let mut checker = ptr::null_mut();
    unsafe { presend_checker_new(policy.as_ptr().cast(), policy.len(), &mut checker) };
    let full = last_error();
    let mut small = [0x7f as c_char; 8];
    let length = unsafe { presend_last_error(small.as_mut_ptr(), small.len()) };
    assert_eq!(length, full.len());
    let copied = unsafe { CStr::from_ptr(small.as_ptr()) }
        .to_str()
        .expect("valid UTF-8");
    assert_eq!(copied, &full[..7]);
    // A multi-byte character straddling the cut is left out whole.
    let draft = "{\"é\u{e9}\": 1}";
    let checker = self::checker(None);
    check_json(checker, draft.as_bytes(), 0);
    let message = last_error();
    let cut = message.find('é').expect("the key is named") + 1;
    let mut buf = vec![0 as c_char; cut + 1];
    unsafe { presend_last_error(buf.as_mut_ptr(), buf.len()) };
    assert!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().is_ok());
    unsafe { presend_checker_free(checker) };
}

#[test]
fn names_rules_and_version() {
    assert_eq!(
        unsafe { CStr::from_ptr(presend_status_name(3)) },
        c"PRESEND_INVALID_POLICY"
    );
    assert_eq!(
        unsafe { CStr::from_ptr(presend_status_name(99)) },
        c"PRESEND_UNKNOWN_STATUS"
    );
    assert_eq!(
        unsafe { CStr::from_ptr(presend_version()) }.to_str(),
        Ok(env!("CARGO_PKG_VERSION"))
    );
    let mut out = ptr::null_mut();
    assert_eq!(unsafe { presend_rules_json(&mut out) }, PRESEND_OK);
    let rules: serde_json::Value = serde_json::from_str(&take(out)).expect("JSON");
    assert_eq!(
        rules.as_array().map(Vec::len),
        Some(presend_core::RuleMeta::all().len())
    );
}

#[test]
fn contacts_exports_are_read_by_the_core_reader() {
    let read = |format: u32, input: &[u8]| {
        let mut out = ptr::null_mut();
        let status =
            unsafe { presend_contacts_json(format, input.as_ptr().cast(), input.len(), &mut out) };
        (status, (!out.is_null()).then(|| take(out)))
    };
    let vcard = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Doe\r\nEMAIL;PREF=1:jane.doe@gmail.com\r\nEMAIL:jane@work.example\r\nEND:VCARD\r\n";
    let (status, json) = read(PRESEND_CONTACTS_VCARD, vcard);
    assert_eq!(status, PRESEND_OK);
    assert_eq!(
        json.as_deref(),
        Some(r#"["jane.doe@gmail.com","jane@work.example"]"#)
    );
    let csv = b"First Name,E-mail Address\nJane,jane.doe@gmail.com\n";
    assert_eq!(
        read(PRESEND_CONTACTS_CSV, csv).1.as_deref(),
        Some(r#"["jane.doe@gmail.com"]"#)
    );
    assert_eq!(
        read(PRESEND_CONTACTS_JSON, b"[1]").0,
        PRESEND_INVALID_CONTACTS
    );
    assert!(last_error().starts_with("JSON contacts at"));
    assert_eq!(read(7, b"").0, PRESEND_INVALID_ARGUMENT);
    assert_eq!(
        unsafe { presend_contacts_json(PRESEND_CONTACTS_VCARD, ptr::null(), 0, ptr::null_mut()) },
        PRESEND_NULL_ARGUMENT
    );
}

#[test]
fn a_patient_list_lets_the_checker_see_the_wrong_patient() {
    let csv = "Name,NHS number,Email\nMargaret Hughes,943 476 5919,margaret.hughes@btinternet.com\nPriya Shah,999 000 0018,priya.shah@gmail.com\n";
    let mut checker = ptr::null_mut();
    let status = unsafe {
        presend_checker_new_with_patients(
            ptr::null(),
            0,
            csv.as_ptr().cast(),
            csv.len(),
            &mut checker,
        )
    };
    assert_eq!(status, PRESEND_OK, "{}", last_error());
    let draft =
        br#"{"to": ["priya.shah@gmail.com"], "body": {"text": "Re: NHS number 943 476 5919"}}"#;
    let (status, report) = check_json(checker, draft, 0);
    assert_eq!(status, PRESEND_OK);
    let report = report.expect("a report");
    assert!(report.contains("\"wrong-patient\""), "{report}");
    assert!(
        !report.contains("Margaret"),
        "the list is shown masked: {report}"
    );
    unsafe { presend_checker_free(checker) };

    let mut refused = ptr::null_mut();
    let bad = "Name,NHS number\nA B,9434765919\n";
    let status = unsafe {
        presend_checker_new_with_patients(
            ptr::null(),
            0,
            bad.as_ptr().cast(),
            bad.len(),
            &mut refused,
        )
    };
    assert_eq!(status, PRESEND_INVALID_PATIENTS);
    assert!(
        last_error().contains("no email address column"),
        "{}",
        last_error()
    );
    assert!(refused.is_null(), "nothing made for a refused list");
    assert_eq!(
        unsafe { presend_checker_new_with_patients(ptr::null(), 0, ptr::null(), 3, &mut refused) },
        PRESEND_NULL_ARGUMENT
    );
}
