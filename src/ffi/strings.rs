//! Library-wide exports: version, status names, and the one string destructor.

use super::boundary::guard;
use crate::secret::wipe_bytes;
use crate::status::Status;
use std::ffi::{c_char, CString};

/// The library version, "MAJOR.MINOR.PATCH".
///
/// Ownership: a static string; never free it.
#[no_mangle]
pub extern "C" fn vbomfa_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The name of a status code, e.g. "VBOMFA_PENDING"; "VBOMFA_UNKNOWN" for a number that is
/// not a status.
///
/// Ownership: a static string; never free it.
#[no_mangle]
pub extern "C" fn vbomfa_status_name(status: i32) -> *const c_char {
    guard(|| match Status::from_code(status) {
        Some(s) => s.c_name().as_ptr(),
        None => c"VBOMFA_UNKNOWN".as_ptr(),
    })
}

/// Frees a string this library handed out (every `out_json`). Overwrites its bytes with
/// zeros first, since it may hold tokens. NULL is allowed and does nothing.
///
/// # Safety
/// `s` is NULL or a string returned by this library that has not been freed yet.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    guard(|| {
        // SAFETY: the caller guarantees `s` came from CString::into_raw in this library
        // (whose allocation is exactly the text and its NUL) and was not freed yet.
        let owned = unsafe { CString::from_raw(s) };
        let mut bytes = owned.into_bytes_with_nul();
        wipe_bytes(&mut bytes);
    });
}
