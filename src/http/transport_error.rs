//! How an exchange failed before a complete answer arrived — certificate refusals with the
//! server's fingerprints, time-outs, refused connections, proxy authentication, oversized
//! bodies — as a `SendError` carrying the `Failure` and whether trying again may help.

use crate::failure::{CertificateId, Failure};
use crate::status::Status;
use crate::tls::CertificateRefused;

/// How a request failed before a complete response arrived.
pub struct SendError {
    /// What the caller is told.
    pub failure: Failure,
    /// Worth trying again later (connect refused, reset, time-out): a device-flow poll
    /// backs off and polls again.
    pub transient: bool,
    /// The connection was never established, so the server saw nothing: safe to retry at
    /// once, even for a POST.
    pub not_connected: bool,
}

impl SendError {
    /// A failure that trying again will not mend (TLS refusal, oversized body, proxy 407).
    pub fn fatal(failure: Failure) -> SendError {
        SendError {
            failure,
            transient: false,
            not_connected: false,
        }
    }

    /// A failure worth trying again later; `not_connected` when the server saw nothing.
    pub fn transient(failure: Failure, not_connected: bool) -> SendError {
        SendError {
            failure,
            transient: true,
            not_connected,
        }
    }

    /// A body over `MAX_BODY`: never what this protocol sends.
    pub fn too_large(host: &str) -> SendError {
        SendError::fatal(Failure::new(
            Status::Protocol,
            format!("The response from {host} is larger than 1 MiB, far more than this protocol ever sends."),
        )
        .hint("A proxy or a wrong port may be answering instead of the server: check the URL and port."))
    }

    /// Turns a transport error into a `SendError`: TLS problems with the server's
    /// fingerprints and a hint, time-outs, refused connections, proxy trouble.
    pub fn from_reqwest(e: &reqwest::Error, host: &str) -> SendError {
        if let Some(refused) = find_certificate_refusal(e) {
            return SendError::fatal(certificate_failure(refused, host));
        }
        let cause = root_cause(e);
        if let Some(rustls_error) = walk_chain::<rustls::Error>(e) {
            return SendError::fatal(
                Failure::new(
                    Status::Tls,
                    format!("The TLS handshake with {host} failed ({rustls_error})."),
                )
                .hint("Check that the URL points at an HTTPS port of the server."),
            );
        }
        let lower = cause.to_ascii_lowercase();
        if cause.contains("407")
            || lower.contains("proxy authorization required")
            || lower.contains("proxy authentication")
        {
            return SendError::fatal(Failure::new(
                    Status::HttpError,
                    format!("The proxy refused to connect to {host}: it requires authentication (HTTP 407)."),
                )
                .http_status(407)
                .hint("Give the proxy with credentials in the 'proxy' option: http://user:password@proxy:port."));
        }
        if e.is_timeout() {
            return SendError::transient(
                Failure::new(
                    Status::Network,
                    format!("{host} did not answer in time ({cause})."),
                )
                .hint(
                    "Raise timeout_ms, or check the firewall between this machine and the server.",
                ),
                e.is_connect(),
            );
        }
        let failure = if e.is_connect() {
            Failure::new(
                Status::Network,
                format!("Cannot connect to {host} ({cause})."),
            )
            .hint("Check the host name and port (VBO's REST API listens on 4443 by default), the firewall, and the proxy settings.")
        } else {
            Failure::new(
                Status::Network,
                format!("The connection to {host} failed ({cause})."),
            )
        };
        SendError::transient(failure, e.is_connect())
    }
}

fn certificate_failure(refused: &CertificateRefused, host: &str) -> Failure {
    let hint = if refused.pin_mismatch {
        format!(
            "The server presented a certificate with SHA-256 {} (thumbprint {}). If the server's certificate was renewed on purpose, update the pin; otherwise something is intercepting the connection.",
            refused.sha256, refused.sha1
        )
    } else {
        format!(
            "A VBO server with its self-signed certificate: pin it with tls_pin_sha256 [\"{}\"] (or tls_thumbprint [\"{}\"]) after checking that fingerprint on the server; a private or TLS-inspection CA: add it with tls_ca_file.",
            refused.sha256, refused.sha1
        )
    };
    let mut failure = Failure::new(
        Status::Tls,
        format!(
            "The TLS certificate of {host} was refused: {}.",
            refused.reason
        ),
    )
    .hint(hint);
    failure.certificate = Some(CertificateId {
        sha256: refused.sha256.clone(),
        thumbprint: refused.sha1.clone(),
    });
    failure
}

/// The innermost error message (no URL: reqwest puts the URL in the outer layer only).
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = current.source() {
        current = next;
    }
    let text = current.to_string();
    if text.is_empty() {
        "no details".into()
    } else {
        text
    }
}

/// Walks the error chain, looking into `io::Error` payloads too (their `source()` skips them).
fn walk_chain<'a, T: std::error::Error + 'static>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(found) = walk_chain::<T>(inner) {
                    return Some(found);
                }
            }
        }
        current = err.source();
    }
    None
}

fn find_certificate_refusal(e: &reqwest::Error) -> Option<&CertificateRefused> {
    match walk_chain::<rustls::Error>(e)? {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) => {
            other.0.downcast_ref::<CertificateRefused>()
        }
        _ => None,
    }
}
