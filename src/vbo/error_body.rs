//! VBO's error bodies: `RESTExceptionInfo` (`message`, `errorCode`) or OAuth-style.

use crate::error::Failure;
use crate::http::Reply;
use crate::status::Status;

/// An error body from VBO: `RESTExceptionInfo` (`message`, `errorCode`) or OAuth-style
/// (`error`, `error_description`).
pub(crate) struct VboError {
    pub message: Option<String>,
    error_code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    excerpt: Option<String>,
}

impl VboError {
    pub fn from_reply(reply: &Reply) -> VboError {
        let value = reply.json();
        let text = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                value
                    .as_ref()?
                    .get(*k)?
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            })
        };
        VboError {
            message: text(&["message", "Message"]),
            error_code: text(&["errorCode"]),
            error: text(&["error"]),
            error_description: text(&["error_description"]),
            excerpt: if value.is_none() && !reply.body.is_empty() {
                Some(reply.text_excerpt())
            } else {
                None
            },
        }
    }

    pub fn to_failure(&self, status: Status, http_status: u16, what: &str) -> Failure {
        let said = self
            .message
            .as_deref()
            .or(self.error_description.as_deref())
            .or(self.error.as_deref());
        let message = match said {
            Some(text) => format!("{what}: HTTP {http_status}: {text}"),
            None => format!("{what}: HTTP {http_status}."),
        };
        Failure::new(status, message)
            .with("http_status", http_status)
            .with("vbo_message", self.message.clone())
            .with("vbo_error_code", self.error_code.clone())
            .with("error", self.error.clone())
            .with("error_description", self.error_description.clone())
            .with("body_excerpt", self.excerpt.clone())
    }
}
