//! `Reply`: an HTTP answer read in full (at most `MAX_BODY` bytes), and what can be read off it.

use crate::redact::Redactor;
use crate::secret::wipe_bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use std::sync::Arc;
use std::time::Duration;

/// Largest response body read; anything bigger is `VBOMFA_PROTOCOL`.
pub const MAX_BODY: usize = 1024 * 1024;

/// A response read in full. The body may hold tokens and is wiped when dropped.
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, at most `MAX_BODY` bytes.
    pub body: Vec<u8>,
    /// The secrets of the request this answers: every text taken from the answer for a
    /// failure goes through it.
    pub redactor: Arc<Redactor>,
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

    /// True for a 3xx answer.
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }

    /// The body as UTF-8 text, if it is.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
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

    /// Server-supplied `text` with the request's secrets redacted.
    pub fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }

    /// A short, printable prefix of a non-JSON body, for error details: the whole body is
    /// redacted first, so that no part of a secret survives the cut.
    pub fn text_excerpt(&self) -> String {
        let text = self.redact(&String::from_utf8_lossy(&self.body));
        text.chars()
            .take(300)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned()
    }
}
