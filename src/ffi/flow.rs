//! Exports for the device-code flow (hop 1).

use super::boundary::{optional, required, run};
use super::VbomfaFlow;
use crate::error::Failure;
use crate::outcome::Outcome;
use crate::DeviceFlow;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

/// Starts a device-code sign-in: asks Microsoft for a code for `tenant`.
///
/// - `tenant`: the organization's domain (contoso.onmicrosoft.com), its GUID, or
///   "organizations". Required.
/// - `client_id`: application ID (GUID); NULL means Veeam's documented public client.
/// - `scope`: space-separated scopes; NULL means
///   "Directory.AccessAsUser.All User.ReadWrite.All offline_access".
/// - `options_json`: NULL or a JSON object of options (README "Options").
///
/// On `VBOMFA_OK`, `*out_flow` holds a new flow that the caller owns and frees with
/// `vbomfa_flow_free`, and `*out_json` holds `{"user_code", "verification_uri",
/// "expires_in", "interval", "message", "expires_at"}` (plus `warning` when the scope lacks
/// offline_access) to show to the user. Otherwise `*out_flow` is NULL and `*out_json` holds
/// an error object. `*out_json` is freed with `vbomfa_string_free`.
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `out_flow` must not be NULL and, like
/// `out_json` (which may be NULL), must be valid for one pointer write.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_start_device_flow(
    tenant: *const c_char,
    client_id: *const c_char,
    scope: *const c_char,
    options_json: *const c_char,
    out_flow: *mut *mut VbomfaFlow,
    out_json: *mut *mut c_char,
) -> i32 {
    if !out_flow.is_null() {
        *out_flow = std::ptr::null_mut();
    }
    run(out_json, || {
        let started = (|| {
            if out_flow.is_null() {
                return Err(Failure::invalid("out_flow must not be NULL."));
            }
            let tenant = required(tenant, "tenant")?;
            let client_id = optional(client_id, "client_id")?;
            let scope = optional(scope, "scope")?;
            let options = optional(options_json, "options_json")?;
            DeviceFlow::start(tenant, client_id, scope, options)
        })();
        match started {
            Ok((flow, info)) => {
                *out_flow = Box::into_raw(Box::new(VbomfaFlow { flow }));
                Outcome::ok(info)
            }
            Err(f) => f.into(),
        }
    })
}

/// Polls once. Before the flow's next allowed time it returns `VBOMFA_PENDING` at once,
/// without network I/O, with `{"retry_after_ms", "expires_in_ms", ...}`. Otherwise it sends
/// one token request: `VBOMFA_OK` puts Microsoft's token response, exactly as received (the
/// VBO assertion), in `*out_json`. A finished flow returns the same outcome again.
///
/// # Safety
/// `flow` is NULL or a live flow from `vbomfa_start_device_flow`; `out_json` is NULL or
/// valid for one pointer write. Free `*out_json` with `vbomfa_string_free`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_poll_token(
    flow: *mut VbomfaFlow,
    out_json: *mut *mut c_char,
) -> i32 {
    run(out_json, || match flow.as_ref() {
        Some(handle) => handle.flow.poll(),
        None => Failure::invalid("flow must not be NULL.").into(),
    })
}

/// Polls until the sign-in finishes, `timeout_ms` passes (`VBOMFA_TIMEOUT`; the flow stays
/// usable; 0 = until the code expires), or another thread calls `vbomfa_cancel_flow`
/// (`VBOMFA_CANCELLED`). Results as for `vbomfa_poll_token`.
///
/// # Safety
/// As for `vbomfa_poll_token`. The flow must not be freed while this call runs.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_wait_token(
    flow: *mut VbomfaFlow,
    timeout_ms: u32,
    out_json: *mut *mut c_char,
) -> i32 {
    run(out_json, || match flow.as_ref() {
        Some(handle) => {
            let timeout = (timeout_ms > 0).then(|| Duration::from_millis(u64::from(timeout_ms)));
            handle.flow.wait(timeout)
        }
        None => Failure::invalid("flow must not be NULL.").into(),
    })
}

/// Cancels the flow; callable from any thread while another waits (it returns
/// `VBOMFA_CANCELLED` within 100 ms). No effect on a flow that already finished. Returns
/// `VBOMFA_OK`, or `VBOMFA_INVALID_ARGUMENT` for NULL.
///
/// # Safety
/// `flow` is NULL or a live flow from `vbomfa_start_device_flow`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_cancel_flow(flow: *mut VbomfaFlow) -> i32 {
    run(std::ptr::null_mut(), || match flow.as_ref() {
        Some(handle) => {
            handle.flow.cancel();
            Outcome::ok("{}".into())
        }
        None => Failure::invalid("flow must not be NULL.").into(),
    })
}

/// Frees a flow (and wipes its device code). NULL is allowed and does nothing.
///
/// # Safety
/// `flow` is NULL or a flow from `vbomfa_start_device_flow` that no other thread still
/// uses and that has not been freed yet.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_flow_free(flow: *mut VbomfaFlow) {
    if flow.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller guarantees `flow` came from Box::into_raw in this library.
        drop(unsafe { Box::from_raw(flow) });
    }));
}
