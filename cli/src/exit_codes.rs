//! The process exit codes of `vbomfa`: one per family of library statuses.
//!
//! They are part of the tool's interface (scripts test them): never renumber. The table in
//! [`EXIT_CODES_HELP`] is shown by `vbomfa --help` and repeated in cli/README.md.

use vbo_mfa_auth::Status;

/// Success.
pub const OK: i32 = 0;
/// Bad command line, invalid option value, or a token file that cannot be used.
pub const USAGE: i32 = 2;
/// The user declined the sign-in.
pub const DECLINED: i32 = 3;
/// The device code expired before the sign-in finished.
pub const EXPIRED: i32 = 4;
/// A time limit was reached.
pub const TIMEOUT: i32 = 5;
/// The server could not be reached, or the TLS handshake failed.
pub const NETWORK: i32 = 6;
/// The Microsoft identity platform answered with an OAuth error.
pub const IDENTITY_PLATFORM: i32 = 7;
/// The VBO server refused the request (4xx).
pub const VBO_REJECTED: i32 = 8;
/// Unexpected HTTP status or an answer that breaks the protocol.
pub const HTTP_OR_PROTOCOL: i32 = 9;
/// Internal error (a bug in the library or in this tool).
pub const INTERNAL: i32 = 70;
/// A local file could not be written (the token file).
pub const IO_ERROR: i32 = 74;
/// Cancelled with Ctrl+C (128 + SIGINT, as shells report it).
pub const CANCELLED: i32 = 130;

/// The exit code for a library status.
pub fn for_status(status: Status) -> i32 {
    match status {
        Status::Ok => OK,
        Status::InvalidArgument => USAGE,
        Status::Declined => DECLINED,
        Status::Expired => EXPIRED,
        Status::Timeout => TIMEOUT,
        Status::Network | Status::Tls => NETWORK,
        Status::IdpError => IDENTITY_PLATFORM,
        Status::VboRejected => VBO_REJECTED,
        Status::HttpError | Status::Protocol => HTTP_OR_PROTOCOL,
        Status::Cancelled => CANCELLED,
        // PENDING never ends a command; treat it as a bug if it does.
        Status::Pending | Status::Internal => INTERNAL,
    }
}

/// The exit-code table for `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
    0    OK
    2    usage error or invalid argument/option (VBOMFA_INVALID_ARGUMENT); unusable token file
    3    the user declined the sign-in (VBOMFA_DECLINED)
    4    the device code expired before the sign-in finished (VBOMFA_EXPIRED)
    5    time limit reached (VBOMFA_TIMEOUT)
    6    network or TLS failure (VBOMFA_NETWORK, VBOMFA_TLS)
    7    the Microsoft identity platform answered with an error (VBOMFA_IDP_ERROR)
    8    the VBO server refused the request (VBOMFA_VBO_REJECTED)
    9    unexpected HTTP status or protocol violation (VBOMFA_HTTP_ERROR, VBOMFA_PROTOCOL)
    70   internal error (VBOMFA_INTERNAL)
    74   the token file could not be written
    130  cancelled with Ctrl+C (VBOMFA_CANCELLED)

Errors are printed on stderr as `error: <message>` followed by `hint: <hint>` and any
trace_id / correlation_id to quote to Microsoft support.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_code_in_the_table() {
        for &status in Status::ALL {
            let code = for_status(status);
            assert!(
                EXIT_CODES_HELP.contains(&format!("\n    {code} ")),
                "{status:?} -> {code} missing from the help table"
            );
        }
    }
}
