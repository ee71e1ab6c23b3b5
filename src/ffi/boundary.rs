//! The panic boundary every export runs behind, and the conversions they share: C strings
//! in, one JSON document out.

use super::documents::Document;
use super::vbomfa_status;
use crate::failure::Failure;
use crate::options::OptionsBuilder;
use crate::quiet_panics::quietly;
use crate::status::Status;
use std::ffi::{c_char, CStr, CString};

/// What an export returns when its body panicked.
pub(super) trait Fallback {
    fn fallback(panic: String) -> Self;
}

impl Fallback for vbomfa_status {
    fn fallback(_: String) -> Self {
        Status::Internal.code()
    }
}

impl Fallback for () {
    fn fallback(_: String) -> Self {}
}

impl Fallback for *const c_char {
    fn fallback(_: String) -> Self {
        c"VBOMFA_UNKNOWN".as_ptr()
    }
}

impl<T> Fallback for Result<T, Failure> {
    fn fallback(panic: String) -> Self {
        Err(Failure::new(
            Status::Internal,
            format!(
                "Internal error in vbo_mfa_auth (a panic was caught: {panic}); please report it."
            ),
        ))
    }
}

/// The one panic boundary: runs `body`; a panic (which prints nothing) becomes the return
/// type's fallback.
pub(super) fn guard<R: Fallback>(body: impl FnOnce() -> R) -> R {
    quietly(body).unwrap_or_else(R::fallback)
}

/// Runs `body` behind the boundary and hands its result to the caller: `*out_json` (when
/// `out_json` is not NULL) is set to NULL first, then to the owned JSON document of the
/// result or of the failure. Returns the status.
///
/// # Safety
/// `out_json` is NULL or valid for one pointer write.
pub(super) unsafe fn run<T: Document>(
    out_json: *mut *mut c_char,
    body: impl FnOnce() -> Result<T, Failure>,
) -> vbomfa_status {
    // SAFETY: the caller guarantees `out_json` is NULL or writable.
    unsafe { clear(out_json) };
    let result = guard(body);
    guard(|| {
        let (status, json) = match &result {
            Ok(value) => (value.status(), value.to_json()),
            Err(failure) => (failure.status(), failure.to_json()),
        };
        if out_json.is_null() {
            return status.code();
        }
        // A document that cannot be written, or one holding a raw NUL, is a bug.
        let Ok(json) = json else {
            return Status::Internal.code();
        };
        match CString::from_vec_with_nul(json.to_exact_with_nul()) {
            Ok(text) => {
                // SAFETY: `out_json` is not NULL and the caller guarantees it is writable.
                unsafe { *out_json = text.into_raw() };
                status.code()
            }
            // A JSON document never holds a raw NUL; should one ever, report the bug.
            Err(_) => Status::Internal.code(),
        }
    })
}

/// Sets `*out` to NULL.
///
/// # Safety
/// `out` is NULL or valid for one pointer write.
pub(super) unsafe fn clear<T>(out: *mut *mut T) {
    if !out.is_null() {
        // SAFETY: not NULL, and the caller guarantees it is writable.
        unsafe { *out = std::ptr::null_mut() };
    }
}

/// The `options_json` argument, read (NULL, empty or `null` = all defaults).
///
/// # Safety
/// As for `optional`.
pub(super) unsafe fn options(ptr: *const c_char) -> Result<OptionsBuilder, Failure> {
    // SAFETY: forwarded from the caller.
    OptionsBuilder::from_json(unsafe { optional(ptr, "options_json") }?)
}

/// A required string argument: NULL or non-UTF-8 is `INVALID_ARGUMENT` naming it.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the call.
pub(super) unsafe fn required<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { optional(ptr, name) }?
        .ok_or_else(|| Failure::invalid(format!("{name} must not be NULL.")))
}

/// An optional string argument: NULL is `None`; non-UTF-8 is `INVALID_ARGUMENT`.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the call.
pub(super) unsafe fn optional<'a>(
    ptr: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: not NULL, and the caller guarantees a NUL-terminated string that outlives us.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map(Some)
        .map_err(|_| Failure::invalid(format!("{name} is not valid UTF-8.")))
}
