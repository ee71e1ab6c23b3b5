//! What a token-endpoint reply means for the flow (RFC 8628 §3.5, docs/PROTOCOL.md §1.6).

use super::results::MicrosoftToken;
use crate::failure::Failure;
use crate::http::{Answer, Reply};
use crate::idp_error::idp_failure;
use crate::status::Status;
use std::time::Duration;

/// AADSTS50196: a reason to poll more slowly, not to give up (docs/PROTOCOL.md §1.4).
const LOOP_DETECTED: i64 = 50196;

/// What one token request told us.
pub(crate) enum PollAnswer {
    Token(MicrosoftToken),
    Pending,
    SlowDown,
    /// AADSTS50196, loop detected: too fast; slow down like `SlowDown`, and say why.
    LoopDetected(Failure),
    /// Worth polling again after a back-off (at least the `Retry-After`, if given).
    Transient(Failure, Option<Duration>),
    Finished(Failure),
}

/// Reads the reply to a token request to `url` on `host`.
pub(crate) fn interpret(reply: &Reply, url: &str, host: &str) -> PollAnswer {
    if reply.status == 429 {
        let failure = Failure::new(
            Status::HttpError,
            format!("{host} is rate limiting the sign-in (HTTP 429)."),
        )
        .http_status(429);
        return PollAnswer::Transient(failure, reply.retry_after());
    }
    match Answer::of(reply, url, host) {
        Answer::Redirect(failure) => PollAnswer::Finished(failure),
        Answer::OAuthError(oauth) => {
            let fail = |status, what| idp_failure(oauth.clone(), status, reply.status, what);
            if oauth.error_codes.contains(&LOOP_DETECTED) {
                return PollAnswer::LoopDetected(fail(
                    Status::IdpError,
                    "The identity platform saw too many requests (loop detected)",
                ));
            }
            match oauth.error.as_str() {
                "authorization_pending" => PollAnswer::Pending,
                "slow_down" => PollAnswer::SlowDown,
                "authorization_declined" | "access_denied" => {
                    PollAnswer::Finished(fail(Status::Declined, "The sign-in was declined"))
                }
                "expired_token" => PollAnswer::Finished(
                    fail(Status::Expired, "The device code expired")
                        .hint("Start a new sign-in and enter the new code before it expires."),
                ),
                "temporarily_unavailable" => PollAnswer::Transient(
                    fail(
                        Status::IdpError,
                        "The identity platform is temporarily unavailable",
                    ),
                    reply.retry_after(),
                ),
                _ if reply.status >= 500 => PollAnswer::Transient(
                    fail(Status::HttpError, "The identity platform failed"),
                    reply.retry_after(),
                ),
                _ => PollAnswer::Finished(fail(Status::IdpError, "The sign-in failed")),
            }
        }
        Answer::Html(_) | Answer::Body if reply.status >= 500 => {
            let failure = Failure::new(
                Status::HttpError,
                format!(
                    "{host} answered HTTP {} to the token request.",
                    reply.status
                ),
            )
            .http_status(reply.status)
            .body_excerpt(reply.text_excerpt());
            PollAnswer::Transient(failure, reply.retry_after())
        }
        Answer::Html(failure) => PollAnswer::Finished(failure),
        Answer::Body if reply.status == 200 => match reply.text().and_then(MicrosoftToken::from_text) {
            Some(token) => PollAnswer::Token(token),
            None => PollAnswer::Finished(
                Failure::new(
                    Status::Protocol,
                    format!("{host} answered the token request with 200 but no access_token in a JSON object."),
                )
                .http_status(200),
            ),
        },
        Answer::Body => PollAnswer::Finished(
            Failure::new(
                Status::HttpError,
                format!(
                    "{host} answered HTTP {} without an OAuth error.",
                    reply.status
                ),
            )
            .http_status(reply.status)
            .body_excerpt(reply.text_excerpt()),
        ),
    }
}
