//! VBO's refusals: an OAuth-style body (`error`, `error_description`: what its token endpoint,
//! an OWIN OAuth server, answers), `RESTExceptionInfo` (`message`, `errorCode`: every other
//! endpoint, per the OpenAPI files), or a body that is neither (kept as a short excerpt).

use crate::failure::{Failure, OAuthError};
use crate::http::Reply;
use crate::status::Status;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct RestExceptionInfo {
    message: Option<Value>,
    #[serde(rename = "Message")]
    message_capitalized: Option<Value>,
    #[serde(rename = "errorCode")]
    error_code: Option<Value>,
}

/// The failure for a 4xx (`VBO_REJECTED`) or 5xx (`HTTP_ERROR`) answer: `what` was refused,
/// with what VBO said about it. `oauth` is the OAuth-style body, when the answer was one.
pub fn refusal(reply: &Reply, oauth: Option<OAuthError>, what: &str) -> Failure {
    let status = if reply.status < 500 {
        Status::VboRejected
    } else {
        Status::HttpError
    };
    let text = |v: Option<Value>| match v {
        Some(Value::String(s)) if !s.is_empty() => Some(reply.redact(&s)),
        _ => None,
    };
    let info = reply
        .text()
        .filter(|t| t.trim_start().starts_with('{'))
        .and_then(|t| serde_json::from_str::<RestExceptionInfo>(t).ok());
    let is_json = info.is_some() || oauth.is_some();
    let (vbo_message, vbo_error_code) = match info {
        Some(info) => (
            text(info.message).or_else(|| text(info.message_capitalized)),
            text(info.error_code),
        ),
        None => (None, None),
    };
    let said = vbo_message.as_deref().or_else(|| {
        oauth
            .as_ref()
            .map(|o| o.error_description.as_deref().unwrap_or(&o.error))
    });
    let message = match said {
        Some(said) => format!("{what}: HTTP {}: {said}", reply.status),
        None => format!("{what}: HTTP {}.", reply.status),
    };
    let mut failure = Failure::new(status, message).http_status(reply.status);
    if !is_json {
        failure = failure.body_excerpt(reply.text_excerpt());
    }
    failure.vbo_message = vbo_message;
    failure.vbo_error_code = vbo_error_code;
    failure.oauth = oauth;
    failure
}
