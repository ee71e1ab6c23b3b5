//! What a token-endpoint reply means for the flow (RFC 8628 §3.5, PROTOCOL.md §1.6).

use crate::error::Failure;
use crate::http::Reply;
use crate::http_errors;
use crate::idp_error::IdpError;
use crate::status::Status;
use serde_json::Value;
use std::time::Duration;

/// What one token request told us.
pub(crate) enum PollAnswer {
    Token(String),
    Pending,
    SlowDown,
    Transient(Failure, Option<Duration>),
    Finished(Failure),
}

/// Reads a token-endpoint reply (RFC 8628 §3.5, PROTOCOL.md §1.6).
pub(crate) fn interpret(reply: &Reply, url: &str, host: &str) -> PollAnswer {
    if reply.status == 200 {
        return match std::str::from_utf8(&reply.body) {
            Ok(text) if is_token_response(text) => PollAnswer::Token(text.to_owned()),
            _ if reply.is_html() => PollAnswer::Finished(http_errors::html_failure(reply, host)),
            _ => PollAnswer::Finished(
                Failure::new(
                    Status::Protocol,
                    format!("{host} answered the token request with 200 but no access_token in a JSON object."),
                )
                .with("http_status", 200),
            ),
        };
    }
    if (300..400).contains(&reply.status) {
        return PollAnswer::Finished(http_errors::redirect_failure(reply, url, host));
    }
    if reply.status == 429 {
        let failure = Failure::new(
            Status::HttpError,
            format!("{host} is rate limiting the sign-in (HTTP 429)."),
        )
        .with("http_status", 429);
        return PollAnswer::Transient(failure, reply.retry_after());
    }
    if let Some(idp) = IdpError::from_reply(reply) {
        return match idp.error.as_str() {
            "authorization_pending" => PollAnswer::Pending,
            "slow_down" => PollAnswer::SlowDown,
            "authorization_declined" | "access_denied" => {
                PollAnswer::Finished(idp.to_failure(Status::Declined, "The sign-in was declined"))
            }
            "expired_token" => PollAnswer::Finished(
                idp.to_failure(Status::Expired, "The device code expired")
                    .hint("Start a new sign-in and enter the new code before it expires."),
            ),
            "temporarily_unavailable" => PollAnswer::Transient(
                idp.to_failure(
                    Status::IdpError,
                    "The identity platform is temporarily unavailable",
                ),
                reply.retry_after(),
            ),
            _ if reply.status >= 500 => PollAnswer::Transient(
                idp.to_failure(Status::HttpError, "The identity platform failed"),
                reply.retry_after(),
            ),
            _ => PollAnswer::Finished(idp.to_failure(Status::IdpError, "The sign-in failed")),
        };
    }
    if reply.status >= 500 {
        let failure = Failure::new(
            Status::HttpError,
            format!(
                "{host} answered HTTP {} to the token request.",
                reply.status
            ),
        )
        .with("http_status", reply.status);
        return PollAnswer::Transient(failure, reply.retry_after());
    }
    if reply.is_html() {
        return PollAnswer::Finished(http_errors::html_failure(reply, host));
    }
    PollAnswer::Finished(
        Failure::new(
            Status::HttpError,
            format!(
                "{host} answered HTTP {} without an OAuth error.",
                reply.status
            ),
        )
        .with("http_status", reply.status)
        .with("body_excerpt", reply.text_excerpt()),
    )
}

fn is_token_response(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| {
            v.get("access_token")
                .and_then(Value::as_str)
                .map(|t| !t.is_empty())
        })
        .unwrap_or(false)
}
