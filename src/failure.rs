//! `Failure`: why a call did not succeed. A status, one sentence written by this library, a
//! hint with the fix, and the details a caller or support needs, each in its own typed field.
//!
//! Server-supplied text (an OAuth `error_description`, VBO's `message`, a body excerpt) is kept
//! only in the fields named for it, never in `message`'s own words.

use crate::status::Status;
use std::time::Duration;

/// An OAuth error answer (RFC 6749 §5.2), with the members Microsoft's identity platform adds
/// (docs/PROTOCOL.md §1.5). VBO's token endpoint may answer in this shape too.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OAuthError {
    /// The OAuth `error` code, e.g. `invalid_client`: the only member to branch on.
    pub error: String,
    /// Human text; from Microsoft the AADSTS line, Trace ID, Correlation ID and Timestamp.
    pub error_description: Option<String>,
    /// AADSTS numbers.
    pub error_codes: Vec<i64>,
    /// For Microsoft support.
    pub trace_id: Option<String>,
    /// For Microsoft support.
    pub correlation_id: Option<String>,
    /// When Microsoft answered, as it wrote it.
    pub timestamp: Option<String>,
}

/// The server certificate a TLS refusal was about: pin it with these after checking them.
#[derive(Clone, Debug, PartialEq)]
pub struct CertificateId {
    /// Lowercase hex SHA-256 of the leaf certificate.
    pub sha256: String,
    /// Uppercase hex SHA-1 of the leaf certificate, as Windows shows a thumbprint.
    pub thumbprint: String,
}

/// An error as the caller sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// What kind of failure.
    pub status: Status,
    /// One sentence.
    pub message: String,
    /// The fix for a well-known cause.
    pub hint: Option<String>,
    /// The HTTP status of the answer that failed the call.
    pub http_status: Option<u16>,
    /// An OAuth error answer (Microsoft's, or VBO's token endpoint's).
    pub oauth: Option<OAuthError>,
    /// VBO's `RESTExceptionInfo.message`.
    pub vbo_message: Option<String>,
    /// VBO's `RESTExceptionInfo.errorCode`.
    pub vbo_error_code: Option<String>,
    /// The VBO REST API version the failing request used.
    pub api_version: Option<u8>,
    /// The certificate a TLS refusal was about.
    pub certificate: Option<CertificateId>,
    /// Where a refused redirect pointed.
    pub redirect_host: Option<String>,
    /// A short printable prefix of a body that was not the expected JSON.
    pub body_excerpt: Option<String>,
    /// `TIMEOUT`: how long the device code still lives.
    pub expires_in: Option<Duration>,
    /// `EXPIRED` after transient trouble: the last transient failure.
    pub last_error: Option<Box<Failure>>,
    /// A loud warning that applies to the call (certificate checks switched off).
    pub warning: Option<&'static str>,
}

impl Failure {
    /// A failure with one clear sentence.
    pub fn new(status: Status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            hint: None,
            http_status: None,
            oauth: None,
            vbo_message: None,
            vbo_error_code: None,
            api_version: None,
            certificate: None,
            redirect_host: None,
            body_excerpt: None,
            expires_in: None,
            last_error: None,
            warning: None,
        }
    }

    /// An `INVALID_ARGUMENT` failure.
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(Status::InvalidArgument, message)
    }

    /// Adds the fix for a well-known cause; the first hint given wins.
    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }

    /// Records the HTTP status of the failing answer.
    pub fn http_status(mut self, status: u16) -> Failure {
        self.http_status = Some(status);
        self
    }

    /// Records a short excerpt of an unexpected body.
    pub fn body_excerpt(mut self, excerpt: String) -> Failure {
        if !excerpt.is_empty() {
            self.body_excerpt = Some(excerpt);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_hint_wins_and_empty_excerpts_are_dropped() {
        let f = Failure::new(Status::Tls, "The certificate is not trusted.")
            .hint("Pin it.")
            .hint("ignored")
            .body_excerpt(String::new());
        assert_eq!(f.hint.as_deref(), Some("Pin it."));
        assert_eq!(f.body_excerpt, None);
    }
}
