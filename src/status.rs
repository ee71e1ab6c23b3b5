//! The one status enum of the library. Numbers are part of the C ABI: never renumber, never reuse.

use std::ffi::CStr;

/// Outcome of a library call, with the stable number the C ABI returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// The sign-in has not finished yet; poll again later.
    Pending = 1,
    /// The user declined the sign-in.
    Declined = 10,
    /// The device code expired before the sign-in finished.
    Expired = 11,
    /// The flow was cancelled by the caller.
    Cancelled = 12,
    /// `wait` reached its timeout; the flow is still usable.
    Timeout = 13,
    /// An argument or option is invalid; nothing was sent.
    InvalidArgument = 20,
    /// The server could not be reached (DNS, connect, reset, time-out).
    Network = 30,
    /// The TLS handshake failed (untrusted certificate, pin mismatch, ...).
    Tls = 31,
    /// The Microsoft identity platform answered with an OAuth error.
    IdpError = 40,
    /// The VBO server refused the request (4xx).
    VboRejected = 41,
    /// An unexpected HTTP status (5xx after retries, a redirect, a proxy error).
    HttpError = 42,
    /// The server's answer is not what the protocol says (not JSON, too large, fields missing).
    Protocol = 43,
    /// A bug in this library (a caught panic, a poisoned lock).
    Internal = 99,
}

impl Status {
    /// Every status, in number order.
    pub const ALL: [Status; 14] = [
        Status::Ok,
        Status::Pending,
        Status::Declined,
        Status::Expired,
        Status::Cancelled,
        Status::Timeout,
        Status::InvalidArgument,
        Status::Network,
        Status::Tls,
        Status::IdpError,
        Status::VboRejected,
        Status::HttpError,
        Status::Protocol,
        Status::Internal,
    ];

    /// The stable number of this status.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The C name, e.g. `VBOMFA_PENDING`.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("VBOMFA_UNKNOWN")
    }

    /// The C name as a static NUL-terminated string.
    pub fn c_name(self) -> &'static CStr {
        match self {
            Status::Ok => c"VBOMFA_OK",
            Status::Pending => c"VBOMFA_PENDING",
            Status::Declined => c"VBOMFA_DECLINED",
            Status::Expired => c"VBOMFA_EXPIRED",
            Status::Cancelled => c"VBOMFA_CANCELLED",
            Status::Timeout => c"VBOMFA_TIMEOUT",
            Status::InvalidArgument => c"VBOMFA_INVALID_ARGUMENT",
            Status::Network => c"VBOMFA_NETWORK",
            Status::Tls => c"VBOMFA_TLS",
            Status::IdpError => c"VBOMFA_IDP_ERROR",
            Status::VboRejected => c"VBOMFA_VBO_REJECTED",
            Status::HttpError => c"VBOMFA_HTTP_ERROR",
            Status::Protocol => c"VBOMFA_PROTOCOL",
            Status::Internal => c"VBOMFA_INTERNAL",
        }
    }

    /// The status with this number, if there is one.
    pub fn from_code(code: i32) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable() {
        let pairs: Vec<(i32, &str)> = Status::ALL.iter().map(|s| (s.code(), s.name())).collect();
        assert_eq!(
            pairs,
            vec![
                (0, "VBOMFA_OK"),
                (1, "VBOMFA_PENDING"),
                (10, "VBOMFA_DECLINED"),
                (11, "VBOMFA_EXPIRED"),
                (12, "VBOMFA_CANCELLED"),
                (13, "VBOMFA_TIMEOUT"),
                (20, "VBOMFA_INVALID_ARGUMENT"),
                (30, "VBOMFA_NETWORK"),
                (31, "VBOMFA_TLS"),
                (40, "VBOMFA_IDP_ERROR"),
                (41, "VBOMFA_VBO_REJECTED"),
                (42, "VBOMFA_HTTP_ERROR"),
                (43, "VBOMFA_PROTOCOL"),
                (99, "VBOMFA_INTERNAL"),
            ]
        );
        assert_eq!(Status::from_code(41), Some(Status::VboRejected));
        assert_eq!(Status::from_code(2), None);
    }
}
