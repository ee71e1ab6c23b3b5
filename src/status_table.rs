// The one status table of the library: each status's Rust name, its stable number, its C
// name, and what it means (the meaning becomes the doc text of the `Status` variant and of the
// header's `#define`). The numbers are part of the C ABI: never renumber, never reuse one.
//
// This file is only a macro invocation. src/status.rs defines `status_table!` to generate the
// `Status` enum, its list, names and the `VBOMFA_*` constants; build.rs defines it to write the
// header's `#define`s. Nothing else spells the table out.
status_table! {
    /// Success.
    Ok = 0 => VBOMFA_OK,
    /// The sign-in has not finished yet; poll again after `retry_after_ms`.
    Pending = 1 => VBOMFA_PENDING,
    /// The user declined the sign-in.
    Declined = 10 => VBOMFA_DECLINED,
    /// The device code expired before the sign-in finished.
    Expired = 11 => VBOMFA_EXPIRED,
    /// The flow was cancelled with `vbomfa_cancel_flow`.
    Cancelled = 12 => VBOMFA_CANCELLED,
    /// `vbomfa_wait_token` reached its timeout; the flow is still usable.
    Timeout = 13 => VBOMFA_TIMEOUT,
    /// An argument or option is invalid; nothing was sent.
    InvalidArgument = 20 => VBOMFA_INVALID_ARGUMENT,
    /// The server could not be reached.
    Network = 30 => VBOMFA_NETWORK,
    /// The TLS handshake failed (untrusted certificate, pin mismatch).
    Tls = 31 => VBOMFA_TLS,
    /// The Microsoft identity platform answered with an OAuth error.
    IdpError = 40 => VBOMFA_IDP_ERROR,
    /// The VBO server refused the request (HTTP 4xx).
    VboRejected = 41 => VBOMFA_VBO_REJECTED,
    /// An unexpected HTTP answer (5xx after retries, a redirect, a proxy error).
    HttpError = 42 => VBOMFA_HTTP_ERROR,
    /// The answer does not follow the protocol (not JSON, over 1 MiB, fields missing).
    Protocol = 43 => VBOMFA_PROTOCOL,
    /// A bug in the library (a caught panic).
    Internal = 99 => VBOMFA_INTERNAL,
}
