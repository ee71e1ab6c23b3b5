//! The device-code sign-in as a person experiences it: Microsoft's message, a live
//! countdown on stderr, and Ctrl+C to cancel. Shared by `login` and `demo`.

use crate::interrupt::CancelOnInterrupt;
use crate::output::{ok_or_fail, CliError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;
use std::time::{Duration, Instant};
use vbo_mfa_auth::{DeviceFlow, Outcome, Status};

/// How long each `wait` slice lasts: the countdown is redrawn at this pace.
const SLICE: Duration = Duration::from_millis(250);

/// What to sign in to.
pub struct SignInRequest<'a> {
    /// Tenant path segment: domain, GUID or `organizations`.
    pub tenant: &'a str,
    /// Application (client) id; `None` = the library's default public client.
    pub client_id: Option<&'a str>,
    /// Scope; `None` = the library's default (with offline_access).
    pub scope: Option<&'a str>,
    /// Device-flow `options_json`.
    pub options_json: &'a str,
}

/// A started sign-in: the flow and what to show the user.
pub struct Started {
    /// The flow (clones share it).
    pub flow: DeviceFlow,
    /// The start JSON: `user_code`, `verification_uri`, `message`, `expires_in`, ...
    pub info: Value,
}

impl Started {
    /// Microsoft's sign-in message, exactly as a user would see it.
    pub fn message(&self) -> &str {
        self.info
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The user code.
    pub fn user_code(&self) -> &str {
        self.info
            .get("user_code")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The `warning` of the start result (e.g. no offline_access), if any.
    pub fn warning(&self) -> Option<&str> {
        self.info.get("warning").and_then(Value::as_str)
    }

    fn expires_in(&self) -> Duration {
        Duration::from_secs(
            self.info
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(900),
        )
    }
}

/// Asks Microsoft (or the simulator) for a device code.
pub fn start(request: &SignInRequest<'_>) -> Result<Started, CliError> {
    match DeviceFlow::start(
        request.tenant,
        request.client_id,
        request.scope,
        Some(request.options_json),
    ) {
        Ok((flow, info)) => Ok(Started {
            flow,
            info: serde_json::from_str(&info).unwrap_or(Value::Null),
        }),
        Err(failure) => Err(CliError::from_error_value(
            failure.status,
            &failure.to_value(),
        )),
    }
}

/// Waits for the sign-in to finish, drawing a countdown on stderr (only on a terminal).
/// Ctrl+C cancels the flow: the result is then a `CANCELLED` error (exit code 130).
/// On success returns Microsoft's token response (hand it to the VBO exchange as it is).
pub fn wait(started: &Started) -> Result<Outcome, CliError> {
    let _cancel_on_ctrl_c = CancelOnInterrupt::new(&started.flow);
    let total = started.expires_in();
    let bar = countdown_bar(total);
    let began = Instant::now();
    let outcome = loop {
        let outcome = started.flow.wait(Some(SLICE));
        if outcome.status != Status::Timeout {
            break outcome;
        }
        let left = outcome
            .value()
            .get("expires_in_ms")
            .and_then(Value::as_u64)
            .map(Duration::from_millis)
            .unwrap_or_else(|| total.saturating_sub(began.elapsed()));
        bar.set_position(left.as_secs());
        bar.set_message(mm_ss(left));
    };
    bar.finish_and_clear();
    ok_or_fail(outcome)
}

fn countdown_bar(total: Duration) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total.as_secs()), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} Waiting for the sign-in [{bar:20}] code valid for {msg} (Ctrl+C cancels)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_position(total.as_secs());
    bar.set_message(mm_ss(total));
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// `m:ss`.
pub fn mm_ss(d: Duration) -> String {
    let secs = d.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_format() {
        assert_eq!(mm_ss(Duration::from_secs(900)), "15:00");
        assert_eq!(mm_ss(Duration::from_millis(61_999)), "1:01");
    }
}
