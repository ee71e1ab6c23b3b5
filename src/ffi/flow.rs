//! Exports for the device-code flow (hop 1).

use super::boundary::{clear, guard, optional, options, required, run};
use super::documents::Done;
use super::{flow_handles, vbomfa_status, VbomfaFlow};
use crate::failure::Failure;
use crate::DeviceFlow;
use std::ffi::c_char;
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
) -> vbomfa_status {
    // SAFETY: the caller guarantees every pointer is NULL or valid as documented above.
    unsafe {
        clear(out_flow);
        run(out_json, || {
            if out_flow.is_null() {
                return Err(Failure::invalid("out_flow must not be NULL."));
            }
            let tenant = required(tenant, "tenant")?;
            let client_id = optional(client_id, "client_id")?;
            let scope = optional(scope, "scope")?;
            let options = options(options_json)?;
            let (flow, prompt) = DeviceFlow::start(tenant, client_id, scope, &options.sign_in()?)?;
            *out_flow = flow_handles::register(flow);
            Ok(prompt)
        })
    }
}

/// Polls once. Before the flow's next allowed time it returns `VBOMFA_PENDING` at once,
/// without network I/O, with `{"retry_after_ms", "expires_in_ms", ...}`. Otherwise it sends
/// one token request: `VBOMFA_OK` puts Microsoft's token response, exactly as received (the
/// VBO assertion), in `*out_json`. A finished flow returns the same outcome again.
///
/// # Safety
/// `flow` is NULL or a flow from `vbomfa_start_device_flow`; `out_json` is NULL or valid
/// for one pointer write. Free `*out_json` with `vbomfa_string_free`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_poll_token(
    flow: *const VbomfaFlow,
    out_json: *mut *mut c_char,
) -> vbomfa_status {
    // SAFETY: the caller guarantees `out_json` is NULL or writable; `flow` is never
    // dereferenced (it is looked up).
    unsafe { run(out_json, || flow_handles::lookup(flow)?.poll()) }
}

/// Polls until the sign-in finishes, `timeout_ms` passes (`VBOMFA_TIMEOUT`; the flow stays
/// usable; 0 = until the code expires), or another thread calls `vbomfa_cancel_flow` or
/// `vbomfa_flow_free` (`VBOMFA_CANCELLED`). Results as for `vbomfa_poll_token`.
///
/// # Safety
/// As for `vbomfa_poll_token`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_wait_token(
    flow: *const VbomfaFlow,
    timeout_ms: u32,
    out_json: *mut *mut c_char,
) -> vbomfa_status {
    let timeout = (timeout_ms > 0).then(|| Duration::from_millis(u64::from(timeout_ms)));
    // SAFETY: as in `vbomfa_poll_token`.
    unsafe { run(out_json, || flow_handles::lookup(flow)?.wait(timeout)) }
}

/// Cancels the flow; callable from any thread while another waits (it returns
/// `VBOMFA_CANCELLED` within 100 ms). No effect on a flow that already finished. Returns
/// `VBOMFA_OK`, or `VBOMFA_INVALID_ARGUMENT` for NULL.
///
/// # Safety
/// `flow` is NULL or a flow from `vbomfa_start_device_flow`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_cancel_flow(flow: *const VbomfaFlow) -> vbomfa_status {
    // SAFETY: no out pointer; `flow` is never dereferenced.
    unsafe {
        run(std::ptr::null_mut(), || {
            flow_handles::lookup(flow)?.cancel();
            Ok(Done)
        })
    }
}

/// Frees a flow: cancels it (a thread still waiting on it returns `VBOMFA_CANCELLED`), then
/// forgets it; its device code is wiped once the last call on it has returned. NULL is
/// allowed and does nothing.
///
/// # Safety
/// `flow` is NULL or a flow from `vbomfa_start_device_flow`. Freeing it twice, or using it
/// afterwards, is a caller error that the library detects and ignores or refuses.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_flow_free(flow: *mut VbomfaFlow) {
    if !flow.is_null() {
        guard(|| flow_handles::release(flow));
    }
}
