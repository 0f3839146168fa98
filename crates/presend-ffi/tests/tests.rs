//! The C ABI, exercised from Rust (the C programs in bindings/c exercise it from C).

/// Every call's status codes, outputs and last-error messages.
mod calls;
/// `include/presend.h` is what cbindgen generates from the code now.
mod header;
