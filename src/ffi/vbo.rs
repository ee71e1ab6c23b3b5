//! Exports for the VBO half (hop 2) and VBO API calls.

use super::boundary::{optional, options, required, run};
use super::vbomfa_status;
use std::ffi::c_char;

/// Exchanges the Microsoft token response for VBO tokens: POST `{vbo_url}/{version}/token`
/// with grant jwt-bearer, `client_id` = `organization`, `assertion` = `assertion_json`.
///
/// - `vbo_url`: "https://host[:port]" (port 4443 when none); http:// only for loopback.
/// - `organization`: the organization name as registered in VBO.
/// - `assertion_json`: the JSON `vbomfa_poll_token`/`vbomfa_wait_token` returned; it must
///   hold `access_token` and `refresh_token`.
/// - `options_json`: NULL or a JSON object of options (`api_version`, TLS pinning, ...).
///
/// On `VBOMFA_OK`, `*out_json` holds every member VBO returned (`access_token`,
/// `refresh_token`, `expires_in`, ...) plus `api_version` (the version used) and
/// `expires_at`. Free it with `vbomfa_string_free`; it holds secrets.
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `out_json` is NULL or valid for one
/// pointer write.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_exchange_vbo_token(
    vbo_url: *const c_char,
    organization: *const c_char,
    assertion_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> vbomfa_status {
    // SAFETY: the caller guarantees every pointer is NULL or valid as documented above.
    unsafe {
        run(out_json, || {
            let url = required(vbo_url, "vbo_url")?;
            let organization = required(organization, "organization")?;
            let assertion = required(assertion_json, "assertion_json")?;
            let options = options(options_json)?;
            crate::exchange_vbo_token(url, organization, assertion, &options.vbo()?)
        })
    }
}

/// Trades a VBO refresh token for a new pair: POST `{vbo_url}/{version}/token` with grant
/// refresh_token. Same result shape as `vbomfa_exchange_vbo_token`.
///
/// # Safety
/// As for `vbomfa_exchange_vbo_token`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_refresh_vbo_token(
    vbo_url: *const c_char,
    refresh_token: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> vbomfa_status {
    // SAFETY: as in `vbomfa_exchange_vbo_token`.
    unsafe {
        run(out_json, || {
            let url = required(vbo_url, "vbo_url")?;
            let token = required(refresh_token, "refresh_token")?;
            let options = options(options_json)?;
            crate::refresh_vbo_token(url, token, &options.vbo()?)
        })
    }
}

/// Calls the VBO REST API: `{method} {vbo_url}/{version}{path}` with
/// `Authorization: Bearer {access_token}` and, when `body_json` is not NULL, that JSON body.
/// A `path` starting with "/vN/" is used as given; otherwise the `api_version` option must
/// name a version (the one the exchange returned). Redirects are never followed.
///
/// On `VBOMFA_OK` (2xx), `*out_json` is `{"http_status": n, "body": <JSON value, text or
/// null>}`. 4xx is `VBOMFA_VBO_REJECTED` with `http_status`; free `*out_json` with
/// `vbomfa_string_free`.
///
/// # Safety
/// As for `vbomfa_exchange_vbo_token`.
#[no_mangle]
pub unsafe extern "C" fn vbomfa_vbo_request(
    vbo_url: *const c_char,
    access_token: *const c_char,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> vbomfa_status {
    // SAFETY: as in `vbomfa_exchange_vbo_token`.
    unsafe {
        run(out_json, || {
            let url = required(vbo_url, "vbo_url")?;
            let token = required(access_token, "access_token")?;
            let method = required(method, "method")?;
            let path = required(path, "path")?;
            let body = optional(body_json, "body_json")?;
            let options = options(options_json)?;
            crate::vbo::vbo_request_raw(url, token, method, path, body, &options.vbo()?)
        })
    }
}
