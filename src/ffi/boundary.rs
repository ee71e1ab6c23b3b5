//! The panic boundary and the conversions every export shares: C strings in, JSON out.

use crate::error::Failure;
use crate::outcome::Outcome;
use crate::status::Status;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body` behind the panic boundary and hands its outcome to the caller: `*out_json`
/// (if `out_json` is not NULL) is set to NULL first, then to the owned JSON document.
///
/// # Safety
/// `out_json` is NULL or valid for one pointer write.
pub(super) unsafe fn run(out_json: *mut *mut c_char, body: impl FnOnce() -> Outcome) -> i32 {
    if !out_json.is_null() {
        *out_json = std::ptr::null_mut();
    }
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Failure::new(
            Status::Internal,
            format!(
                "Internal error in vbo_mfa_auth (a panic was caught: {what}); please report it."
            ),
        )
        .into()
    });
    deliver(out_json, outcome)
}

/// The outcome reported when the JSON itself cannot be handed over.
fn internal() -> Outcome {
    Failure::new(
        Status::Internal,
        "Internal error in vbo_mfa_auth (the result could not be encoded); please report it.",
    )
    .into()
}

/// Writes the outcome's JSON to `*out_json` and returns its status.
///
/// # Safety
/// `out_json` is NULL or valid for one pointer write.
unsafe fn deliver(out_json: *mut *mut c_char, outcome: Outcome) -> i32 {
    let status = outcome.status.code();
    if out_json.is_null() {
        return status;
    }
    match CString::new(outcome.into_json()) {
        Ok(text) => {
            *out_json = text.into_raw();
            status
        }
        Err(e) => {
            // JSON never holds a raw NUL; should it ever, wipe it and report the bug.
            let mut bytes = e.into_vec();
            crate::secret::wipe_bytes(&mut bytes);
            if let Ok(text) = CString::new(internal().into_json()) {
                *out_json = text.into_raw();
            }
            Status::Internal.code()
        }
    }
}

/// A required string argument: NULL or non-UTF-8 is `INVALID_ARGUMENT` naming it.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the call.
pub(super) unsafe fn required<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    optional(ptr, name)?.ok_or_else(|| Failure::invalid(format!("{name} must not be NULL.")))
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
    CStr::from_ptr(ptr)
        .to_str()
        .map(Some)
        .map_err(|_| Failure::invalid(format!("{name} is not valid UTF-8.")))
}
