//! The C ABI of presend: `libpresend` (`cdylib` and `staticlib`), described by the
//! generated header `include/presend.h`.
//!
//! # Conventions
//!
//! The same text opens `include/presend.h` (both come from `conventions.md`).
//!
#![doc = include_str!("../conventions.md")]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
// The exported names follow C conventions.
#![allow(non_camel_case_types)]

mod status;
#[cfg(target_family = "wasm")]
mod wasm;

use std::ffi::{CString, c_char};

use presend_core::limits::MAX_INPUT_BYTES;
use presend_core::{
    CheckOptions, Checker, ContactFormat, Draft, DraftError, PatientIndex, Policy, PolicyError,
    Report, RuleMeta,
};

pub use status::presend_status;
use status::presend_status::*;
use status::{Failure, boundary, with_last_error};

/// A compiled practice policy. Opaque: made by `presend_checker_new`, freed by
/// `presend_checker_free`, shared freely across threads.
pub struct presend_checker {
    _private: [u8; 0],
}

/// Flag for the `_with_flags` calls: show patient-identifiable data as written
/// instead of masked (`*** *** 5919`).
pub const PRESEND_SHOW_PID: u32 = 1;

/// Every flag bit presend knows.
const KNOWN_FLAGS: u32 = PRESEND_SHOW_PID;

/// Reads `len` bytes at `ptr`, refusing NULL and oversized input.
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that stay unchanged for `'a`.
unsafe fn bytes<'a>(ptr: *const u8, len: usize, argument: &str) -> Result<&'a [u8], Failure> {
    // The length is judged first, so a host may ask about oversized input without
    // copying it anywhere (the WebAssembly loader passes NULL for it).
    if len > MAX_INPUT_BYTES {
        return Err(Failure::new(
            PRESEND_INPUT_TOO_LARGE,
            format!("`{argument}` is {len} bytes, over the limit of {MAX_INPUT_BYTES} bytes"),
        ));
    }
    if ptr.is_null() {
        // NULL with length 0 is C's usual empty buffer.
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(argument))
        };
    }
    // SAFETY: the caller guarantees `len` readable bytes at a non-NULL `ptr`, and
    // `len` is at most MAX_INPUT_BYTES, far below isize::MAX.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

fn utf8<'a>(bytes: &'a [u8], argument: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|error| {
        Failure::new(
            PRESEND_INVALID_UTF8,
            format!(
                "`{argument}` is not valid UTF-8 (first bad byte at offset {})",
                error.valid_up_to()
            ),
        )
    })
}

fn policy_failure(error: PolicyError) -> Failure {
    let status = match error {
        PolicyError::TooLarge { .. } | PolicyError::TooManyContacts { .. } => {
            PRESEND_INPUT_TOO_LARGE
        }
        _ => PRESEND_INVALID_POLICY,
    };
    Failure::new(status, error.to_string())
}

fn draft_failure(error: DraftError) -> Failure {
    let status = match error {
        DraftError::TooLarge { .. }
        | DraftError::TooManyRecipients { .. }
        | DraftError::TooManyAttachments { .. }
        | DraftError::TooComplex { .. } => PRESEND_INPUT_TOO_LARGE,
        DraftError::NotUtf8 { .. } => PRESEND_INVALID_UTF8,
        DraftError::Unparseable | DraftError::MimeNotBuilt => PRESEND_INVALID_MESSAGE,
        _ => PRESEND_INVALID_DRAFT,
    };
    Failure::new(status, error.to_string())
}

/// Hands `text` to C as a string for `presend_string_free`.
fn c_string(text: String) -> Result<*mut c_char, Failure> {
    // JSON escapes NUL, so this only fails on a bug.
    CString::new(text)
        .map(CString::into_raw)
        .map_err(|_| Failure::new(PRESEND_INTERNAL_ERROR, "output contained a NUL byte"))
}

/// The checker behind a handle.
///
/// # Safety
/// `checker` must be NULL or a live handle from `presend_checker_new`.
unsafe fn checker_ref<'a>(checker: *const presend_checker) -> Result<&'a Checker, Failure> {
    // SAFETY: a non-NULL handle is a `Box<Checker>` made by `presend_checker_new`
    // and not yet freed, per the caller's guarantee; Checker is Sync.
    unsafe { checker.cast::<Checker>().as_ref() }.ok_or_else(|| Failure::null("checker"))
}

fn options(flags: u32) -> Result<CheckOptions, Failure> {
    if flags & !KNOWN_FLAGS != 0 {
        return Err(Failure::new(
            PRESEND_INVALID_ARGUMENT,
            format!("unknown flag bits {:#x}", flags & !KNOWN_FLAGS),
        ));
    }
    Ok(if flags & PRESEND_SHOW_PID != 0 {
        CheckOptions::showing_pid()
    } else {
        CheckOptions::default()
    })
}

/// Compiles a practice policy into a checker.
///
/// `policy_json` is the policy as JSON (`policy_len` bytes, UTF-8, no terminator
/// needed). NULL with `policy_len` 0 selects the embedded default policy. On success
/// `*checker_out` receives a checker to free with `presend_checker_free`.
///
/// Returns `PRESEND_INVALID_POLICY` for a bad key or value (the last error names the
/// key path), `PRESEND_INVALID_UTF8`, `PRESEND_NULL_ARGUMENT` or
/// `PRESEND_INPUT_TOO_LARGE`.
///
/// # Safety
/// `policy_json` must be NULL or point to `policy_len` readable bytes; `checker_out`
/// must be NULL or point to writable storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_new(
    policy_json: *const c_char,
    policy_len: usize,
    checker_out: *mut *mut presend_checker,
) -> presend_status {
    // SAFETY: forwarded from this function's contract; no patient list.
    unsafe {
        presend_checker_new_with_patients(policy_json, policy_len, std::ptr::null(), 0, checker_out)
    }
}

/// Compiles a practice policy into a checker that also knows the practice's patient
/// list, for the `wrong-patient` rule.
///
/// `policy_json` is as for `presend_checker_new`. `patients_csv` is the patient list
/// as CSV (`patients_len` bytes, UTF-8): a header naming an email column and an NHS
/// number or date of birth column (and a name), as the clinical system exports it.
/// NULL with `patients_len` 0 means no list. The list is held in the checker's memory
/// only, never written or logged, and findings show it masked.
///
/// Returns `PRESEND_INVALID_PATIENTS` for a list that cannot be read (the last error
/// names the line or the missing column), and whatever `presend_checker_new` returns.
///
/// # Safety
/// `policy_json` and `patients_csv` must each be NULL or point to their length's
/// readable bytes; `checker_out` must be NULL or point to writable storage for one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_new_with_patients(
    policy_json: *const c_char,
    policy_len: usize,
    patients_csv: *const c_char,
    patients_len: usize,
    checker_out: *mut *mut presend_checker,
) -> presend_status {
    boundary(|| {
        if checker_out.is_null() {
            return Err(Failure::null("checker_out"));
        }
        let mut checker = if policy_json.is_null() && policy_len == 0 {
            Checker::with_default_policy()
        } else {
            // SAFETY: forwarded from this function's contract.
            let text = utf8(
                unsafe { bytes(policy_json.cast(), policy_len, "policy_json")? },
                "policy_json",
            )?;
            let policy = Policy::from_json(text).map_err(policy_failure)?;
            Checker::new(policy).map_err(policy_failure)?
        };
        if !(patients_csv.is_null() && patients_len == 0) {
            // SAFETY: forwarded from this function's contract.
            let csv = unsafe { bytes(patients_csv.cast(), patients_len, "patients_csv")? };
            let patients = PatientIndex::from_csv(csv)
                .map_err(|error| Failure::new(PRESEND_INVALID_PATIENTS, error.to_string()))?;
            checker = checker.with_patients(patients);
        }
        let handle = Box::into_raw(Box::new(checker)).cast::<presend_checker>();
        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { checker_out.write(handle) };
        Ok(())
    })
}

/// Frees a checker. NULL does nothing.
///
/// # Safety
/// `checker` must be NULL or a handle from `presend_checker_new` not yet freed, and
/// no other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_free(checker: *mut presend_checker) {
    if checker.is_null() {
        return;
    }
    // SAFETY: per the contract, a live handle made by `Box::into_raw` in
    // `presend_checker_new`, freed once.
    drop(unsafe { Box::from_raw(checker.cast::<Checker>()) });
}

/// Checks a JSON draft (the shape every presend binding accepts) and writes the
/// report as JSON to `*report_json_out`, to free with `presend_string_free`.
///
/// Returns `PRESEND_INVALID_DRAFT` for malformed JSON or an unknown field (the last
/// error names its path), `PRESEND_INVALID_UTF8`, `PRESEND_NULL_ARGUMENT` or
/// `PRESEND_INPUT_TOO_LARGE`. Patient-identifiable data in the report is masked.
///
/// # Safety
/// `checker` must be NULL or a live checker; `draft_json` NULL or `draft_len`
/// readable bytes; `report_json_out` NULL or writable storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_check_json(
    checker: *const presend_checker,
    draft_json: *const c_char,
    draft_len: usize,
    report_json_out: *mut *mut c_char,
) -> presend_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        presend_checker_check_json_with_flags(checker, draft_json, draft_len, 0, report_json_out)
    }
}

/// As `presend_checker_check_json`, with `flags` (`PRESEND_SHOW_PID`, or 0).
/// Unknown flag bits return `PRESEND_INVALID_ARGUMENT`.
///
/// # Safety
/// As `presend_checker_check_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_check_json_with_flags(
    checker: *const presend_checker,
    draft_json: *const c_char,
    draft_len: usize,
    flags: u32,
    report_json_out: *mut *mut c_char,
) -> presend_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        check(
            checker,
            draft_json.cast(),
            draft_len,
            "draft_json",
            flags,
            report_json_out,
            Draft::from_json_bytes,
        )
    }
}

/// Checks an RFC 5322 message (the bytes of an `.eml` file, or what a mail client
/// hands its pre-send hook) and writes the report as JSON to `*report_json_out`, to
/// free with `presend_string_free`.
///
/// Malformed MIME is read as well as it can be; only input with no header at all
/// returns `PRESEND_INVALID_MESSAGE`, as does every call to a build without MIME
/// reading (the lean WebAssembly build, which reads JSON drafts only). Also
/// `PRESEND_NULL_ARGUMENT`, `PRESEND_INPUT_TOO_LARGE`. Patient-identifiable data in
/// the report is masked.
///
/// # Safety
/// `checker` must be NULL or a live checker; `message` NULL or `message_len`
/// readable bytes; `report_json_out` NULL or writable storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_check_mime(
    checker: *const presend_checker,
    message: *const u8,
    message_len: usize,
    report_json_out: *mut *mut c_char,
) -> presend_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        presend_checker_check_mime_with_flags(checker, message, message_len, 0, report_json_out)
    }
}

/// As `presend_checker_check_mime`, with `flags` (`PRESEND_SHOW_PID`, or 0).
/// Unknown flag bits return `PRESEND_INVALID_ARGUMENT`.
///
/// # Safety
/// As `presend_checker_check_mime`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_checker_check_mime_with_flags(
    checker: *const presend_checker,
    message: *const u8,
    message_len: usize,
    flags: u32,
    report_json_out: *mut *mut c_char,
) -> presend_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        check(
            checker,
            message,
            message_len,
            "message",
            flags,
            report_json_out,
            draft_from_mime,
        )
    }
}

/// A draft from MIME bytes, in a build that reads MIME.
#[cfg(feature = "mime")]
fn draft_from_mime(raw: &[u8]) -> Result<Draft, DraftError> {
    Draft::from_mime(raw)
}

/// The lean build (no `mime` feature) keeps the MIME calls, so the ABI is the same in
/// every build, and says plainly that it reads JSON drafts only.
#[cfg(not(feature = "mime"))]
fn draft_from_mime(_raw: &[u8]) -> Result<Draft, DraftError> {
    Err(DraftError::MimeNotBuilt)
}

/// The body of every checking call: arguments checked in order, the input read by
/// `read` (JSON or MIME), the report written only on success.
///
/// # Safety
/// As the exported checking functions: `checker` NULL or live, `input` NULL or
/// `len` readable bytes, `out` NULL or writable.
unsafe fn check(
    checker: *const presend_checker,
    input: *const u8,
    len: usize,
    argument: &str,
    flags: u32,
    out: *mut *mut c_char,
    read: fn(&[u8]) -> Result<Draft, DraftError>,
) -> presend_status {
    boundary(|| {
        // SAFETY: forwarded from the caller's contract.
        let checker = unsafe { checker_ref(checker)? };
        // SAFETY: forwarded from the caller's contract.
        let input = unsafe { bytes(input, len, argument)? };
        let options = options(flags)?;
        if out.is_null() {
            return Err(Failure::null("report_json_out"));
        }
        let draft = read(input).map_err(draft_failure)?;
        write_report(checker.check_with(&draft, options), out)
    })
}

fn write_report(report: Report, out: *mut *mut c_char) -> Result<(), Failure> {
    let json = c_string(report.to_json())?;
    // SAFETY: every caller checked `out` is non-NULL; the caller of the exported
    // function guarantees it is writable.
    unsafe { out.write(json) };
    Ok(())
}

/// Writes the rules as a JSON array to `*rules_json_out` (to free with
/// `presend_string_free`): `[{"id", "default_severity", "summary", "fix", "guidance": […]}]`,
/// as `presend rules --format json` prints them.
///
/// # Safety
/// `rules_json_out` must be NULL or writable storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_rules_json(rules_json_out: *mut *mut c_char) -> presend_status {
    boundary(|| {
        if rules_json_out.is_null() {
            return Err(Failure::null("rules_json_out"));
        }
        let rules: Vec<&RuleMeta> = RuleMeta::all().collect();
        let json = serde_json::to_string(&rules)
            .map_err(|e| Failure::new(PRESEND_INTERNAL_ERROR, e.to_string()))?;
        let json = c_string(json)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { rules_json_out.write(json) };
        Ok(())
    })
}

/// `presend_contacts_json` format: CSV with a header row (every column whose name
/// mentions "mail": Outlook's, Thunderbird's and Google's exports).
pub const PRESEND_CONTACTS_CSV: u32 = 0;
/// `presend_contacts_json` format: vCard, every `EMAIL` property (folded lines joined).
pub const PRESEND_CONTACTS_VCARD: u32 = 1;
/// `presend_contacts_json` format: JSON, a list of addresses or of objects with an
/// `email` or `address` member.
pub const PRESEND_CONTACTS_JSON: u32 = 2;

/// Reads the addresses in a contacts export (`input`, `input_len` bytes of UTF-8, in
/// `format`: `PRESEND_CONTACTS_CSV`, `_VCARD` or `_JSON`) with the reader the CLI's
/// `--contacts` uses, and writes them as a JSON array of strings to
/// `*addresses_json_out`, to free with `presend_string_free`. Hosts pass the result to
/// a policy's `known_contacts`, so no add-in parses address books a second way.
///
/// Returns `PRESEND_INVALID_CONTACTS` for a malformed export (the last error says where),
/// `PRESEND_INVALID_ARGUMENT` for an unknown format, `PRESEND_INVALID_UTF8`,
/// `PRESEND_NULL_ARGUMENT` or `PRESEND_INPUT_TOO_LARGE`. The lean WebAssembly build
/// reads no contacts exports and returns `PRESEND_INVALID_CONTACTS` saying so.
///
/// # Safety
/// `input` must be NULL or point to `input_len` readable bytes; `addresses_json_out`
/// NULL or writable storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_contacts_json(
    format: u32,
    input: *const c_char,
    input_len: usize,
    addresses_json_out: *mut *mut c_char,
) -> presend_status {
    boundary(|| {
        let format = match format {
            PRESEND_CONTACTS_CSV => ContactFormat::Csv,
            PRESEND_CONTACTS_VCARD => ContactFormat::VCard,
            PRESEND_CONTACTS_JSON => ContactFormat::Json,
            other => {
                return Err(Failure::new(
                    PRESEND_INVALID_ARGUMENT,
                    format!("unknown contacts format {other}"),
                ));
            }
        };
        // SAFETY: forwarded from this function's contract.
        let text = utf8(unsafe { bytes(input.cast(), input_len, "input")? }, "input")?;
        if addresses_json_out.is_null() {
            return Err(Failure::null("addresses_json_out"));
        }
        let addresses = read_contacts(text, format)?;
        let json = serde_json::to_string(&addresses)
            .map_err(|e| Failure::new(PRESEND_INTERNAL_ERROR, e.to_string()))?;
        let json = c_string(json)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { addresses_json_out.write(json) };
        Ok(())
    })
}

/// The addresses in a contacts export, in a build that reads them.
#[cfg(feature = "contacts")]
fn read_contacts(text: &str, format: ContactFormat) -> Result<Vec<String>, Failure> {
    presend_core::parse_contacts(text, format)
        .map_err(|error| Failure::new(PRESEND_INVALID_CONTACTS, error.to_string()))
}

/// The lean build keeps the call, so the ABI is the same in every build, and says so.
#[cfg(not(feature = "contacts"))]
fn read_contacts(_text: &str, _format: ContactFormat) -> Result<Vec<String>, Failure> {
    Err(Failure::new(
        PRESEND_INVALID_CONTACTS,
        "this build of presend reads no contacts exports",
    ))
}

/// Frees a string presend returned. NULL does nothing.
///
/// # Safety
/// `s` must be NULL or a string from presend not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // SAFETY: per the contract, made by `CString::into_raw` in this library, freed once.
    drop(unsafe { CString::from_raw(s) });
}

/// Copies this thread's last error message into `buf` (`buf_len` bytes), truncated
/// to fit on a UTF-8 character boundary and NUL-terminated, and returns the full
/// message's length in bytes (excluding the NUL), as `snprintf` does: a return
/// value of `buf_len` or more means the copy was truncated. Returns 0 when the last
/// call on this thread succeeded. `buf` may be NULL when `buf_len` is 0, to ask for
/// the length alone.
///
/// # Safety
/// `buf` must be NULL or point to `buf_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_last_error(buf: *mut c_char, buf_len: usize) -> usize {
    with_last_error(|message| {
        if !buf.is_null() && buf_len > 0 {
            let mut copy = message.len().min(buf_len - 1);
            while !message.is_char_boundary(copy) {
                copy -= 1;
            }
            // SAFETY: the caller guarantees `buf_len` writable bytes; we write
            // `copy + 1 <= buf_len` of them, from a live `str`.
            unsafe {
                std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), copy);
                buf.add(copy).write(0);
            }
        }
        message.len()
    })
}

/// The name of a status code (`"PRESEND_INVALID_POLICY"`), as a static string;
/// `"PRESEND_UNKNOWN_STATUS"` for a value that is no status.
#[unsafe(no_mangle)]
pub extern "C" fn presend_status_name(status: std::ffi::c_int) -> *const c_char {
    presend_status::from_code(status)
        .map_or(c"PRESEND_UNKNOWN_STATUS", presend_status::name)
        .as_ptr()
}

/// The library's version, e.g. `"0.1.0"`, as a static string; it matches
/// `PRESEND_VERSION` in the header the program was compiled against.
#[unsafe(no_mangle)]
pub extern "C" fn presend_version() -> *const c_char {
    const VERSION: &std::ffi::CStr = match std::ffi::CStr::from_bytes_with_nul(
        concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
    ) {
        Ok(version) => version,
        Err(_) => c"unknown",
    };
    VERSION.as_ptr()
}
