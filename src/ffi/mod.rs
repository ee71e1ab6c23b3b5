//! The C ABI. The only module with `unsafe` and raw pointers.
//!
//! Conventions (see README.md, "The C ABI"):
//! - Strings are UTF-8 and NUL-terminated. A non-UTF-8 argument is `VBOMFA_INVALID_ARGUMENT`.
//! - Fallible functions return an `int32_t` status (`VBOMFA_*`).
//! - Every `char **out_json` is set to NULL on entry and, on return, holds an owned JSON
//!   document (result, pending note or error object) that the caller frees with
//!   `vbomfa_string_free`. A NULL `out_json` is allowed.
//! - Every export catches panics and reports them as `VBOMFA_INTERNAL`.
//! - All functions are thread-safe.

mod boundary;
mod flow;
mod strings;
mod vbo;

pub use flow::*;
pub use strings::*;
pub use vbo::*;

/// Success.
pub const VBOMFA_OK: i32 = 0;
/// The sign-in has not finished yet; poll again after `retry_after_ms`.
pub const VBOMFA_PENDING: i32 = 1;
/// The user declined the sign-in.
pub const VBOMFA_DECLINED: i32 = 10;
/// The device code expired before the sign-in finished.
pub const VBOMFA_EXPIRED: i32 = 11;
/// The flow was cancelled with `vbomfa_cancel_flow`.
pub const VBOMFA_CANCELLED: i32 = 12;
/// `vbomfa_wait_token` reached its timeout; the flow is still usable.
pub const VBOMFA_TIMEOUT: i32 = 13;
/// An argument or option is invalid; nothing was sent.
pub const VBOMFA_INVALID_ARGUMENT: i32 = 20;
/// The server could not be reached.
pub const VBOMFA_NETWORK: i32 = 30;
/// The TLS handshake failed (untrusted certificate, pin mismatch).
pub const VBOMFA_TLS: i32 = 31;
/// The Microsoft identity platform answered with an OAuth error.
pub const VBOMFA_IDP_ERROR: i32 = 40;
/// The VBO server refused the request (HTTP 4xx).
pub const VBOMFA_VBO_REJECTED: i32 = 41;
/// An unexpected HTTP answer (5xx after retries, a redirect, a proxy error).
pub const VBOMFA_HTTP_ERROR: i32 = 42;
/// The answer does not follow the protocol (not JSON, over 1 MiB, fields missing).
pub const VBOMFA_PROTOCOL: i32 = 43;
/// A bug in the library (a caught panic).
pub const VBOMFA_INTERNAL: i32 = 99;

/// A device-code sign-in in progress (opaque).
///
/// Created by `vbomfa_start_device_flow`; freed with `vbomfa_flow_free`.
/// Methods: `vbomfa_poll_token`, `vbomfa_wait_token`, `vbomfa_cancel_flow`,
/// `vbomfa_flow_free`. May be used from several threads at once, but must not be freed
/// while another thread still uses it.
pub struct VbomfaFlow {
    flow: crate::DeviceFlow,
}

#[cfg(test)]
mod tests {
    use crate::Status;

    #[test]
    fn constants_match_the_status_enum() {
        let consts = [
            super::VBOMFA_OK,
            super::VBOMFA_PENDING,
            super::VBOMFA_DECLINED,
            super::VBOMFA_EXPIRED,
            super::VBOMFA_CANCELLED,
            super::VBOMFA_TIMEOUT,
            super::VBOMFA_INVALID_ARGUMENT,
            super::VBOMFA_NETWORK,
            super::VBOMFA_TLS,
            super::VBOMFA_IDP_ERROR,
            super::VBOMFA_VBO_REJECTED,
            super::VBOMFA_HTTP_ERROR,
            super::VBOMFA_PROTOCOL,
            super::VBOMFA_INTERNAL,
        ];
        let codes: Vec<i32> = Status::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(consts.to_vec(), codes);
    }
}
