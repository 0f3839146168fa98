//! The C ABI as a C host drives it: the first byte picks the entry point, the rest is
//! its input, passed as a pointer and length; every returned string is freed.
#![no_main]

use std::ffi::c_char;
use std::ptr;

use libfuzzer_sys::fuzz_target;
use presend::presend_status::PRESEND_OK;
use presend::*;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let (pointer, length) = (input.as_ptr().cast::<c_char>(), input.len());
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: every pointer is NULL, valid for its length, or written by presend and
    // freed once here, as the ABI's contract asks of a host.
    unsafe {
        match selector % 4 {
            0 => {
                let mut checker = ptr::null_mut();
                if matches!(
                    presend_checker_new(pointer, length, &mut checker),
                    PRESEND_OK
                ) {
                    presend_checker_free(checker);
                }
            }
            1 | 2 => {
                let mut checker = ptr::null_mut();
                if matches!(
                    presend_checker_new(ptr::null(), 0, &mut checker),
                    PRESEND_OK
                ) {
                    let status = if selector % 4 == 1 {
                        presend_checker_check_json(checker, pointer, length, &mut out)
                    } else {
                        presend_checker_check_mime(checker, input.as_ptr(), length, &mut out)
                    };
                    if matches!(status, PRESEND_OK) {
                        presend_string_free(out);
                    }
                    presend_checker_free(checker);
                }
            }
            _ => {
                let format = u32::from(selector >> 2) % 4;
                if matches!(
                    presend_contacts_json(format, pointer, length, &mut out),
                    PRESEND_OK
                ) {
                    presend_string_free(out);
                }
            }
        }
        let mut message = [0 as c_char; 256];
        presend_last_error(message.as_mut_ptr(), message.len());
    }
});
