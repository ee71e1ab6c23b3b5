//! HTTP plumbing shared by both hops: one pooled client per transport configuration,
//! bounded bodies, no redirects, and errors turned into `Failure`s that name the cause.

use crate::error::Failure;
use crate::http_errors::{classify, root_cause, too_large};
use crate::options::{ProxySetting, TransportOptions};
use crate::secret::wipe_bytes;
use crate::status::Status;
use crate::tls;
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

/// The pooled client for these settings and this server, built on first use.
///
/// The system's proxy (settings or HTTP(S)_PROXY) is never used for a loopback server: a
/// proxy would reach its own loopback, never ours. An explicit `proxy` URL is always used.
pub fn client_for(transport: &TransportOptions, host: &str) -> Result<Client, Failure> {
    let bypass;
    let transport = if transport.proxy == ProxySetting::System && crate::url::is_loopback(host) {
        bypass = TransportOptions {
            proxy: ProxySetting::Disabled,
            ..transport.clone()
        };
        &bypass
    } else {
        transport
    };
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

/// Sends with up to two retries on connect failures, 502/503/504 and 429 (honouring a
/// `Retry-After` of up to 30 s). A time-out or reset after the request went out is not
/// retried: the server may have acted on it (a refresh token may already be rotated).
/// `make` builds a fresh request for each attempt.
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
            Err(e) if e.not_connected && attempt < 2 => backoff(attempt),
            Err(e) => return Err(e.failure),
        };
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 * 2u64.pow(attempt))
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
