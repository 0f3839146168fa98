//! Status codes, this thread's last error message, and the panic boundary every
//! exported function runs inside.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a call did. `PRESEND_OK` is 0; every other code is explicit and is never
/// reused for another meaning, even if retired.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum presend_status {
    /// Success; outputs were written.
    PRESEND_OK = 0,
    /// A required pointer argument was NULL.
    PRESEND_NULL_ARGUMENT = 1,
    /// Text input (policy, draft) was not valid UTF-8.
    PRESEND_INVALID_UTF8 = 2,
    /// The policy was rejected; `presend_last_error` names the key, e.g. `rules.txtspeak`.
    PRESEND_INVALID_POLICY = 3,
    /// The JSON draft was malformed or had an unknown field; the message names its path.
    PRESEND_INVALID_DRAFT = 4,
    /// No email message could be read from the bytes (empty, or no header at all).
    PRESEND_INVALID_MESSAGE = 5,
    /// The input exceeded one of presend's limits (64 MiB, 100,000 recipients, …).
    PRESEND_INPUT_TOO_LARGE = 6,
    /// presend failed inside (a caught panic). Please report it; the call had no effect.
    PRESEND_INTERNAL_ERROR = 7,
    /// A non-pointer argument was out of range (unknown flag bits, an unknown format).
    PRESEND_INVALID_ARGUMENT = 8,
    /// A contacts export could not be read; the message says where (CSV line, JSON path).
    PRESEND_INVALID_CONTACTS = 9,
    /// A patient list could not be read; the message names the line or missing column.
    PRESEND_INVALID_PATIENTS = 10,
}

use presend_status::*;

impl presend_status {
    /// The status with this code, if there is one. (C may pass any `int`; a Rust enum
    /// must never hold a value outside its variants.)
    pub(crate) fn from_code(code: std::ffi::c_int) -> Option<Self> {
        [
            PRESEND_OK,
            PRESEND_NULL_ARGUMENT,
            PRESEND_INVALID_UTF8,
            PRESEND_INVALID_POLICY,
            PRESEND_INVALID_DRAFT,
            PRESEND_INVALID_MESSAGE,
            PRESEND_INPUT_TOO_LARGE,
            PRESEND_INTERNAL_ERROR,
            PRESEND_INVALID_ARGUMENT,
            PRESEND_INVALID_CONTACTS,
            PRESEND_INVALID_PATIENTS,
        ]
        .into_iter()
        .find(|status| *status as std::ffi::c_int == code)
    }

    /// The code's name, as a static NUL-terminated string.
    pub(crate) fn name(self) -> &'static std::ffi::CStr {
        match self {
            PRESEND_OK => c"PRESEND_OK",
            PRESEND_NULL_ARGUMENT => c"PRESEND_NULL_ARGUMENT",
            PRESEND_INVALID_UTF8 => c"PRESEND_INVALID_UTF8",
            PRESEND_INVALID_POLICY => c"PRESEND_INVALID_POLICY",
            PRESEND_INVALID_DRAFT => c"PRESEND_INVALID_DRAFT",
            PRESEND_INVALID_MESSAGE => c"PRESEND_INVALID_MESSAGE",
            PRESEND_INPUT_TOO_LARGE => c"PRESEND_INPUT_TOO_LARGE",
            PRESEND_INTERNAL_ERROR => c"PRESEND_INTERNAL_ERROR",
            PRESEND_INVALID_ARGUMENT => c"PRESEND_INVALID_ARGUMENT",
            PRESEND_INVALID_CONTACTS => c"PRESEND_INVALID_CONTACTS",
            PRESEND_INVALID_PATIENTS => c"PRESEND_INVALID_PATIENTS",
        }
    }
}

/// Why a call failed: its status and a message for `presend_last_error`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: presend_status,
    pub message: String,
}

impl Failure {
    pub(crate) fn new(status: presend_status, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn null(argument: &str) -> Self {
        Self::new(PRESEND_NULL_ARGUMENT, format!("`{argument}` is NULL"))
    }
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `body` as one exported call: clears this thread's last error, catches any
/// panic (which must never cross into C), and records the failure's message.
pub(crate) fn boundary(body: impl FnOnce() -> Result<(), Failure>) -> presend_status {
    set_last_error(String::new());
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return PRESEND_OK,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::new(
            PRESEND_INTERNAL_ERROR,
            "internal error in presend (a bug: please report it)",
        ),
    };
    set_last_error(failure.message);
    failure.status
}

fn set_last_error(message: String) {
    LAST_ERROR.with(|last| *last.borrow_mut() = message);
}

/// Calls `f` with this thread's last error message.
pub(crate) fn with_last_error<T>(f: impl FnOnce(&str) -> T) -> T {
    LAST_ERROR.with(|last| f(&last.borrow()))
}
