//! How the tool reports failures: [`CliError`] and its printing on stderr.
//!
//! Tokens never go to stderr. Library failures hold no secrets (the library promises that),
//! so their message, hint and support identifiers are printed as they are.

use crate::exit_codes;
use std::fmt::Write as _;
use vbo_mfa_auth::{Failure, Status};

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

    /// Replaces the hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
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

impl From<Failure> for CliError {
    /// The failure the library reported, with its exit code and support details.
    fn from(f: Failure) -> CliError {
        let mut error = CliError::new(exit_codes::for_status(f.status), f.message);
        error.hint = f.hint;
        let mut detail = |name: &str, value: String| error.details.push((name.into(), value));
        detail("status", f.status.name().to_owned());
        if let Some(http) = f.http_status {
            detail("http_status", http.to_string());
        }
        if let Some(oauth) = f.oauth {
            detail("error", oauth.error);
            if !oauth.error_codes.is_empty() {
                detail("error_codes", format!("{:?}", oauth.error_codes));
            }
            for (name, value) in [
                ("trace_id", oauth.trace_id),
                ("correlation_id", oauth.correlation_id),
                ("timestamp", oauth.timestamp),
            ] {
                if let Some(value) = value {
                    detail(name, value);
                }
            }
        }
        if let Some(code) = f.vbo_error_code {
            detail("vbo_error_code", code);
        }
        if let Some(warning) = f.warning {
            detail("warning", warning.to_owned());
        }
        if let Some(last) = f.last_error {
            detail("last_error", last.message);
        }
        if f.status == Status::Tls {
            detail(
                "switches",
                "tls_ca_file = --ca-file, tls_pin_sha256 = --pin-sha256, tls_thumbprint = --thumbprint".into(),
            );
        }
        error
    }
}

/// Prints a `warning:` line on stderr when a result carries one (e.g. `--insecure`).
pub fn print_warning(warning: Option<&str>) {
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbo_mfa_auth::OAuthError;

    #[test]
    fn renders_message_hint_and_support_ids() {
        let mut failure =
            Failure::new(Status::IdpError, "The sign-in failed.").hint("Use a public client.");
        failure.oauth = Some(OAuthError {
            error: "invalid_client".into(),
            error_codes: vec![7000218],
            trace_id: Some("t-1".into()),
            correlation_id: Some("c-2".into()),
            ..OAuthError::default()
        });
        let e = CliError::from(failure);
        assert_eq!(e.exit_code, exit_codes::IDENTITY_PLATFORM);
        let text = e.render();
        assert!(text.starts_with("error: The sign-in failed.\nhint: Use a public client.\n"));
        assert!(text.contains("trace_id: t-1"));
        assert!(text.contains("correlation_id: c-2"));
        assert!(text.contains("[7000218]"));
    }
}
