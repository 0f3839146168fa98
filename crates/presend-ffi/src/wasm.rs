//! What a WebAssembly host needs beside the C ABI: memory to write its input into.
//! (A C host passes pointers to its own memory; JavaScript has to borrow the module's.)
//! Not in the C header: these exist only in the `.wasm` build.

/// `len` bytes of the module's memory for the host to fill; free with `presend_dealloc`.
#[unsafe(no_mangle)]
pub extern "C" fn presend_alloc(len: usize) -> *mut u8 {
    let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len.max(1)));
    buffer.as_mut_ptr()
}

/// Frees memory from `presend_alloc`.
///
/// # Safety
/// `ptr` must come from `presend_alloc(len)` with the same `len`, and be freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn presend_dealloc(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        // SAFETY: per the contract, a Vec<u8> of capacity `len.max(1)` leaked by presend_alloc.
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
    }
}
