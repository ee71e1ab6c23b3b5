//! How the tool reports failures: [`CliError`] and its printing on stderr.
//!
//! Tokens never go to stderr. Library error objects hold no secrets (the library promises
//! that), so their message, hint and support identifiers are printed as they are.

use crate::exit_codes;
use serde_json::Value;
use std::fmt::Write as _;
use vbo_mfa_auth::{Outcome, Status};

/// A failure that ends the command: what to print and the exit code.
#[derive(Debug)]
pub struct CliError {
    /// The process exit code (see [`exit_codes`]).
    pub exit_code: i32,
    /// One sentence, printed as `error: <message>`.
    pub message: String,
    /// The fix, printed as `hint: <hint>`.
    pub hint: Option<String>,
    /// Further `name: value` lines (support identifiers, HTTP status, warnings).
    pub details: Vec<(String, String)>,
}

impl CliError {
    /// A failure with a message and exit code.
    pub fn new(exit_code: i32, message: impl Into<String>) -> CliError {
        CliError {
            exit_code,
            message: message.into(),
            hint: None,
            details: Vec::new(),
        }
    }

    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(exit_codes::USAGE, message)
    }

    /// Adds the hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    /// The failure a non-OK library outcome describes, with its exit code.
    pub fn from_outcome(outcome: &Outcome) -> CliError {
        CliError::from_error_value(outcome.status, &outcome.value())
    }

    /// The failure an error object (`{"status","code","message","hint"?,...}`) describes.
    pub fn from_error_value(status: Status, value: &Value) -> CliError {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let mut error = CliError::new(
            exit_codes::for_status(status),
            text("message").unwrap_or_else(|| format!("The call failed with {}.", status.name())),
        );
        error.hint = text("hint");
        error
            .details
            .push(("status".into(), status.name().to_owned()));
        if let Some(http) = value.get("http_status").and_then(Value::as_u64) {
            error.details.push(("http_status".into(), http.to_string()));
        }
        for key in [
            "error",
            "error_codes",
            "vbo_error_code",
            "trace_id",
            "correlation_id",
            "timestamp",
            "warning",
        ] {
            match value.get(key) {
                Some(Value::String(s)) => error.details.push((key.into(), s.clone())),
                Some(Value::Array(items)) if !items.is_empty() => error
                    .details
                    .push((key.into(), Value::Array(items.clone()).to_string())),
                _ => {}
            }
        }
        if let Some(last) = value.get("last_error").and_then(|v| v.get("message")) {
            if let Some(last) = last.as_str() {
                error.details.push(("last_error".into(), last.to_owned()));
            }
        }
        if status == Status::Tls {
            error.details.push((
                "switches".into(),
                "tls_ca_file = --ca-file, tls_pin_sha256 = --pin-sha256, tls_thumbprint = --thumbprint".into(),
            ));
        }
        error
    }

    /// The text printed on stderr (ends with a newline).
    pub fn render(&self) -> String {
        let mut out = format!("error: {}\n", self.message);
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "hint: {hint}");
        }
        for (name, value) in &self.details {
            let _ = writeln!(out, "  {name}: {value}");
        }
        out
    }

    /// Prints the failure on stderr.
    pub fn print(&self) {
        eprint!("{}", self.render());
    }
}

/// Returns the outcome when it is OK, else the failure it describes.
pub fn ok_or_fail(outcome: Outcome) -> Result<Outcome, CliError> {
    if outcome.is_ok() {
        Ok(outcome)
    } else {
        Err(CliError::from_outcome(&outcome))
    }
}

/// Prints a `warning:` line on stderr when a result carries one (e.g. `--insecure`).
pub fn print_warning(result: &Value) {
    if let Some(warning) = result.get("warning").and_then(Value::as_str) {
        eprintln!("warning: {warning}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_message_hint_and_support_ids() {
        let e = CliError::from_error_value(
            Status::IdpError,
            &json!({"status":"VBOMFA_IDP_ERROR","code":40,"message":"The sign-in failed.",
                    "hint":"Use a public client.","trace_id":"t-1","correlation_id":"c-2",
                    "error_codes":[7000218]}),
        );
        assert_eq!(e.exit_code, exit_codes::IDENTITY_PLATFORM);
        let text = e.render();
        assert!(text.starts_with("error: The sign-in failed.\nhint: Use a public client.\n"));
        assert!(text.contains("trace_id: t-1"));
        assert!(text.contains("correlation_id: c-2"));
        assert!(text.contains("[7000218]"));
    }
}
