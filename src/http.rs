//! HTTP plumbing shared by both hops: one pooled client per transport configuration,
//! bounded bodies, no redirects, and errors turned into `Failure`s that name the cause.

use crate::error::Failure;
use crate::options::{ProxySetting, TransportOptions};
use crate::secret::wipe_bytes;
use crate::status::Status;
use crate::tls::{self, CertificateRefused};
use once_cell::sync::Lazy;
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Client, RequestBuilder};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Largest response body read; anything bigger is `VBOMFA_PROTOCOL`.
pub const MAX_BODY: usize = 1024 * 1024;
/// Longest `Retry-After` a VBO call waits for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

static CLIENTS: Lazy<Mutex<HashMap<TransportOptions, Client>>> =
    Lazy::new(|| Mutex::new(HashMap::new()));

/// The pooled client for these settings, built on first use.
pub fn client_for(transport: &TransportOptions) -> Result<Client, Failure> {
    let mut clients = CLIENTS
        .lock()
        .map_err(|_| Failure::new(Status::Internal, "The client cache lock is poisoned."))?;
    if let Some(client) = clients.get(transport) {
        return Ok(client.clone());
    }
    let client = build_client(transport)?;
    clients.insert(transport.clone(), client.clone());
    Ok(client)
}

fn build_client(t: &TransportOptions) -> Result<Client, Failure> {
    let config = tls::client_config(&t.tls)
        .map_err(|why| Failure::invalid(format!("The TLS options cannot be used: {why}.")))?;
    let _runtime = crate::runtime::enter();
    let mut builder = Client::builder()
        .use_preconfigured_tls(config)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(t.timeout)
        .connect_timeout(t.connect_timeout)
        .user_agent(t.user_agent.clone())
        .pool_idle_timeout(Duration::from_secs(60));
    builder = match &t.proxy {
        ProxySetting::System => builder,
        ProxySetting::Disabled => builder.no_proxy(),
        ProxySetting::Url(url) => builder.proxy(
            reqwest::Proxy::all(url)
                .map_err(|_| Failure::invalid("Option 'proxy' is not a usable proxy URL."))?,
        ),
    };
    builder.build().map_err(|e| {
        Failure::new(
            Status::Internal,
            format!("The HTTP client could not be built ({}).", root_cause(&e)),
        )
    })
}

/// A response read in full (at most `MAX_BODY` bytes). The body may hold tokens and is
/// wiped when dropped.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Drop for Reply {
    fn drop(&mut self) {
        wipe_bytes(&mut self.body);
    }
}

impl Reply {
    /// The media type, lowercased, without parameters (`application/json`).
    pub fn media_type(&self) -> String {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default()
    }

    /// True when the body looks like an HTML page (a proxy, captive portal or wrong port).
    pub fn is_html(&self) -> bool {
        let media = self.media_type();
        if media == "text/html" || media == "application/xhtml+xml" {
            return true;
        }
        let start: String = String::from_utf8_lossy(&self.body[..self.body.len().min(64)])
            .trim_start()
            .to_ascii_lowercase();
        start.starts_with("<!doctype html") || start.starts_with("<html")
    }

    /// The body parsed as a JSON value, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `Retry-After` in seconds (delta form), if present.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers
            .get(RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()
            .map(Duration::from_secs)
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> Option<String> {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// A short, printable prefix of a non-JSON body, for error details.
    pub fn text_excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body[..self.body.len().min(300)]);
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned()
    }
}

/// How a request failed before a complete response arrived.
pub struct SendError {
    pub failure: Failure,
    /// Worth retrying (connect refused, reset, time-out).
    pub transient: bool,
}

/// Sends the request once and reads the response (bounded). `host` names the server in
/// messages.
pub async fn send(request: RequestBuilder, host: &str) -> Result<Reply, SendError> {
    let response = request.send().await.map_err(|e| classify(&e, host))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY as u64)
    {
        return Err(too_large(host));
    }
    let mut response = response;
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    wipe_bytes(&mut body);
                    return Err(too_large(host));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                wipe_bytes(&mut body);
                return Err(classify(&e, host));
            }
        }
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn too_large(host: &str) -> SendError {
    SendError {
        failure: Failure::new(
            Status::Protocol,
            format!("The response from {host} is larger than 1 MiB, far more than this protocol ever sends."),
        )
        .hint("A proxy or a wrong port may be answering instead of the server: check the URL and port."),
        transient: false,
    }
}

/// Sends with up to two retries on connect failures, 502/503/504 and 429 (honouring a
/// `Retry-After` of up to 30 s). `make` builds a fresh request for each attempt.
pub async fn send_with_retry(
    make: impl Fn() -> RequestBuilder,
    host: &str,
) -> Result<Reply, Failure> {
    let mut attempt = 0u32;
    loop {
        let wait = match send(make(), host).await {
            Ok(reply) => {
                let retryable = matches!(reply.status, 429 | 502 | 503 | 504);
                if !retryable || attempt >= 2 {
                    return Ok(reply);
                }
                match reply.retry_after() {
                    Some(after) if after > MAX_RETRY_AFTER => return Ok(reply),
                    Some(after) => after,
                    None => backoff(attempt),
                }
            }
            Err(e) if e.transient && attempt < 2 => backoff(attempt),
            Err(e) => return Err(e.failure),
        };
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 * 2u64.pow(attempt))
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
        return SendError {
            failure,
            transient: false,
        };
    }
    let cause = root_cause(e);
    if let Some(rustls_error) = find_rustls_error(e) {
        return SendError {
            failure: Failure::new(
                Status::Tls,
                format!("The TLS handshake with {host} failed ({rustls_error})."),
            )
            .hint("Check that the URL points at an HTTPS port of the server."),
            transient: false,
        };
    }
    if cause.contains("407") || cause.to_ascii_lowercase().contains("proxy authentication") {
        return SendError {
            failure: Failure::new(
                Status::HttpError,
                format!("The proxy refused to connect to {host}: it requires authentication (HTTP 407)."),
            )
            .with("http_status", 407)
            .hint("Give the proxy with credentials in the 'proxy' option: http://user:password@proxy:port."),
            transient: false,
        };
    }
    if e.is_timeout() {
        return SendError {
            failure: Failure::new(
                Status::Network,
                format!("{host} did not answer in time ({cause})."),
            )
            .hint("Raise timeout_ms, or check the firewall between this machine and the server."),
            transient: true,
        };
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
    SendError {
        failure,
        transient: true,
    }
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

/// `application/x-www-form-urlencoded` body from pairs. Everything but the unreserved
/// characters is percent-encoded (`+` too, and space as `%20`).
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(k, &mut out);
        out.push('=');
        percent_encode_into(v, &mut out);
    }
    out
}

fn percent_encode_into(text: &str, out: &mut String) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding() {
        assert_eq!(
            form_body(&[("a", "x y+z"), ("assertion", "{\"k\":\"v/=\"}")]),
            "a=x%20y%2Bz&assertion=%7B%22k%22%3A%22v%2F%3D%22%7D"
        );
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
