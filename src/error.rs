//! `Failure`: a status plus the JSON error object every non-OK, non-PENDING call hands back.

use crate::status::Status;
use serde_json::{Map, Value};

/// An error as the caller sees it: `{"status", "code", "message", ...details}`.
///
/// Nothing in a `Failure` may hold a token, a device code or an assertion: messages are
/// written by this library, and server text is copied only from error fields.
#[derive(Clone, Debug)]
pub struct Failure {
    pub status: Status,
    pub message: String,
    pub details: Map<String, Value>,
}

impl Failure {
    /// A failure with one clear sentence.
    pub fn new(status: Status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// An `INVALID_ARGUMENT` failure.
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(Status::InvalidArgument, message)
    }

    /// Adds a detail member (ignored when `value` is `null`).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Failure {
        let value = value.into();
        if !value.is_null() {
            self.details.insert(key.to_owned(), value);
        }
        self
    }

    /// Adds a `hint` with the fix for a well-known cause (the first hint wins).
    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.details
            .entry("hint")
            .or_insert_with(|| Value::String(hint.into()));
        self
    }

    /// The error object as a JSON value.
    pub fn to_value(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("status".into(), self.status.name().into());
        obj.insert("code".into(), self.status.code().into());
        obj.insert("message".into(), self.message.clone().into());
        for (k, v) in &self.details {
            obj.insert(k.clone(), v.clone());
        }
        Value::Object(obj)
    }

    /// The error object as JSON text.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let f = Failure::new(Status::Tls, "The certificate is not trusted.")
            .with("http_status", Value::Null)
            .with("server", "vbo.example")
            .hint("Pin it.")
            .hint("ignored");
        let v = f.to_value();
        assert_eq!(v["status"], "VBOMFA_TLS");
        assert_eq!(v["code"], 31);
        assert_eq!(v["hint"], "Pin it.");
        assert!(v.get("http_status").is_none());
    }
}
