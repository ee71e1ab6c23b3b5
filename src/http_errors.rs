//! Turning transport errors and unwelcome answers into `Failure`s that name the cause and
//! the fix: certificate refusals with the server's fingerprints, time-outs, refused
//! connections, proxy authentication, redirects, HTML pages, oversized bodies.

use crate::error::Failure;
use crate::http::{Reply, SendError};
use crate::status::Status;
use crate::tls::CertificateRefused;

/// A body over `MAX_BODY`: never what this protocol sends.
pub fn too_large(host: &str) -> SendError {
    SendError::fatal(Failure::new(
            Status::Protocol,
            format!("The response from {host} is larger than 1 MiB, far more than this protocol ever sends."),
        )
        .hint("A proxy or a wrong port may be answering instead of the server: check the URL and port."))
}

/// Turns a transport error into a `Failure`: TLS problems with the server's fingerprints
/// and a hint, time-outs, refused connections, proxy trouble.
pub fn classify(e: &reqwest::Error, host: &str) -> SendError {
    if let Some(refused) = find_certificate_refusal(e) {
        let mut failure = Failure::new(
            Status::Tls,
            format!(
                "The TLS certificate of {host} was refused: {}.",
                refused.reason
            ),
        )
        .with("server_sha256", refused.sha256.clone())
        .with("server_thumbprint", refused.sha1.clone());
        failure = if refused.pin_mismatch {
            failure.hint(format!(
                "The server presented a certificate with SHA-256 {} (thumbprint {}). If the server's certificate was renewed on purpose, update the pin; otherwise something is intercepting the connection.",
                refused.sha256, refused.sha1
            ))
        } else {
            failure.hint(format!(
                "A VBO server with its self-signed certificate: pin it with tls_pin_sha256 [\"{}\"] (or tls_thumbprint [\"{}\"]) after checking that fingerprint on the server; a private or TLS-inspection CA: add it with tls_ca_file.",
                refused.sha256, refused.sha1
            ))
        };
        return SendError::fatal(failure);
    }
    let cause = root_cause(e);
    if let Some(rustls_error) = find_rustls_error(e) {
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
            .with("http_status", 407)
            .hint("Give the proxy with credentials in the 'proxy' option: http://user:password@proxy:port."));
    }
    if e.is_timeout() {
        return SendError::transient(
            Failure::new(
                Status::Network,
                format!("{host} did not answer in time ({cause})."),
            )
            .hint("Raise timeout_ms, or check the firewall between this machine and the server."),
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

fn find_rustls_error(e: &reqwest::Error) -> Option<&rustls::Error> {
    walk_chain::<rustls::Error>(e)
}

fn find_certificate_refusal(e: &reqwest::Error) -> Option<&CertificateRefused> {
    match find_rustls_error(e)? {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) => {
            other.0.downcast_ref::<CertificateRefused>()
        }
        _ => None,
    }
}

/// The failure for a 3xx answer: redirects are never followed, so a token never travels
/// to a host the caller did not name.
pub fn redirect_failure(reply: &Reply, url: &str, host: &str) -> Failure {
    let target = reply
        .location()
        .map(|loc| crate::url::location_host(url, &loc))
        .unwrap_or_else(|| "an unnamed location".into());
    Failure::new(
        Status::HttpError,
        format!(
            "{host} answered HTTP {} redirecting to {target}; redirects are not followed, so that no credential travels to a host you did not name.",
            reply.status
        ),
    )
    .with("http_status", reply.status)
    .with("redirect_host", target)
    .hint("Use the server's final address directly (check the URL, the port, and any load balancer or proxy in between).")
}

/// The failure for an answer no VBO call can use, whatever its status: a redirect (checked
/// first, since servers send a small HTML page along with one) or an HTML page where JSON
/// was due.
pub fn unusable_answer(reply: &Reply, url: &str, host: &str) -> Option<Failure> {
    if (300..400).contains(&reply.status) {
        Some(redirect_failure(reply, url, host))
    } else if reply.is_html() {
        Some(html_failure(reply, host))
    } else {
        None
    }
}

/// The failure for an HTML page where JSON was due.
pub fn html_failure(reply: &Reply, host: &str) -> Failure {
    Failure::new(
        Status::Protocol,
        format!(
            "{host} answered HTTP {} with an HTML page where JSON was expected.",
            reply.status
        ),
    )
    .with("http_status", reply.status)
    .with("body_excerpt", reply.text_excerpt())
    .hint("A proxy, a captive portal or another web server answered: check the URL and port, and the proxy settings.")
}
