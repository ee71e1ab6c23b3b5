//! Sorting an answer, in the one order both hops use: a redirect first (servers send a small
//! HTML page along with one, and a redirect is never followed, so that no credential travels
//! to a host the caller did not name), then an OAuth error body (RFC 6749 §5.2), then an HTML
//! page (a proxy, captive portal or wrong port), and last whatever the endpoint itself sends,
//! which the caller reads in its own typed way.

use super::reply::Reply;
use crate::failure::{Failure, OAuthError};
use crate::status::Status;
use serde::Deserialize;
use serde_json::Value;

/// What an answer is.
pub enum Answer {
    /// A 3xx answer, refused.
    Redirect(Failure),
    /// An OAuth error body, whatever the status.
    OAuthError(OAuthError),
    /// An HTML page where JSON was due.
    Html(Failure),
    /// Anything else: the caller reads the body.
    Body,
}

impl Answer {
    /// Sorts `reply`, the answer to a request to `url` on `host`.
    pub fn of(reply: &Reply, url: &str, host: &str) -> Answer {
        if reply.is_redirect() {
            Answer::Redirect(redirect_failure(reply, url, host))
        } else if let Some(oauth) = read_oauth_error(reply) {
            Answer::OAuthError(oauth)
        } else if reply.is_html() {
            Answer::Html(html_failure(reply, host))
        } else {
            Answer::Body
        }
    }
}

/// The members of an OAuth error body. Members not named here (tokens in a success body)
/// are skipped by serde without being copied.
#[derive(Deserialize)]
struct ErrorMembers {
    error: Option<Value>,
    error_description: Option<Value>,
    error_codes: Option<Value>,
    trace_id: Option<Value>,
    correlation_id: Option<Value>,
    timestamp: Option<Value>,
}

/// Reads `{"error": "...", ...}`; `None` when the body is not an OAuth error.
fn read_oauth_error(reply: &Reply) -> Option<OAuthError> {
    if reply.body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    // A body holding neither the letters `error` nor a `\u` escape (which could spell them)
    // has no `error` member: a success answer (tokens, an API document) is not parsed twice.
    if memchr::memmem::find(&reply.body, b"error").is_none()
        && memchr::memmem::find(&reply.body, b"\\u").is_none()
    {
        return None;
    }
    let members: ErrorMembers = serde_json::from_slice(&reply.body).ok()?;
    let text = |v: Option<Value>| match v {
        Some(Value::String(s)) => Some(reply.redact(&s)),
        _ => None,
    };
    Some(OAuthError {
        error: text(members.error).filter(|e| !e.is_empty())?,
        error_description: text(members.error_description),
        error_codes: match members.error_codes {
            Some(Value::Array(codes)) => codes.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        },
        trace_id: text(members.trace_id),
        correlation_id: text(members.correlation_id),
        timestamp: text(members.timestamp),
    })
}

/// The failure for a 3xx answer.
fn redirect_failure(reply: &Reply, url: &str, host: &str) -> Failure {
    let target = reply
        .location()
        .map(|loc| reply.redact(&crate::url::location_host(url, &loc)))
        .unwrap_or_else(|| "an unnamed location".into());
    let mut failure = Failure::new(
        Status::HttpError,
        format!(
            "{host} answered HTTP {} redirecting to {target}; redirects are not followed, so that no credential travels to a host you did not name.",
            reply.status
        ),
    )
    .http_status(reply.status)
    .hint("Use the server's final address directly (check the URL, the port, and any load balancer or proxy in between).");
    failure.redirect_host = Some(target);
    failure
}

/// The failure for an HTML page where JSON was due.
fn html_failure(reply: &Reply, host: &str) -> Failure {
    Failure::new(
        Status::Protocol,
        format!(
            "{host} answered HTTP {} with an HTML page where JSON was expected.",
            reply.status
        ),
    )
    .http_status(reply.status)
    .body_excerpt(reply.text_excerpt())
    .hint("A proxy, a captive portal or another web server answered: check the URL and port, and the proxy settings.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, LOCATION};

    fn reply(status: u16, content_type: &str, body: &str) -> Reply {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        headers.insert(LOCATION, HeaderValue::from_static("https://evil.example/x"));
        Reply {
            status,
            headers,
            body: body.as_bytes().to_vec(),
            redactor: Default::default(),
        }
    }

    #[test]
    fn the_order_is_redirect_oauth_html_body() {
        let url = "https://vbo.example/v8/token";
        let html_redirect = reply(302, "text/html", "<html>moved</html>");
        assert!(
            matches!(Answer::of(&html_redirect, url, "vbo"), Answer::Redirect(f) if f.redirect_host.as_deref() == Some("evil.example"))
        );
        let oauth = reply(
            400,
            "application/json",
            r#"{"error":"invalid_grant","error_codes":[70000, "x"]}"#,
        );
        assert!(
            matches!(Answer::of(&oauth, url, "vbo"), Answer::OAuthError(e) if e.error_codes == vec![70000])
        );
        let page = reply(200, "text/html", "<p>portal</p>");
        assert!(
            matches!(Answer::of(&page, url, "vbo"), Answer::Html(f) if f.status == Status::Protocol)
        );
        for body in [
            r#"{"access_token":"a"}"#,
            r#"{"error":{"code":"UnsupportedApiVersion"}}"#,
            "[1]",
            "",
        ] {
            assert!(
                matches!(
                    Answer::of(&reply(200, "application/json", body), url, "vbo"),
                    Answer::Body
                ),
                "{body}"
            );
        }
        // The member's name spelled with an escape is still found.
        let escaped = reply(400, "application/json", r#"{"\u0065rror":"invalid_grant"}"#);
        assert!(
            matches!(Answer::of(&escaped, url, "vbo"), Answer::OAuthError(e) if e.error == "invalid_grant")
        );
    }
}
