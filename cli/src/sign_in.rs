//! The device-code sign-in as a person experiences it: Microsoft's message, a live
//! countdown on stderr, and Ctrl+C to cancel. Shared by `login` and `demo`.

use crate::interrupt::CancelOnInterrupt;
use crate::output::CliError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;
use vbo_mfa_auth::{DeviceFlow, MicrosoftToken, OptionsBuilder, SignInPrompt, Status};

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
    /// The sign-in's options.
    pub options: OptionsBuilder,
}

/// A started sign-in: the flow and what to show the user.
pub struct Started {
    /// The flow (clones share it).
    pub flow: DeviceFlow,
    /// What to show: `message`, `user_code`, `expires_in`, ...
    pub prompt: SignInPrompt,
}

/// Asks Microsoft (or the simulator) for a device code.
pub fn start(request: SignInRequest<'_>) -> Result<Started, CliError> {
    let options = request.options.sign_in()?;
    let (flow, prompt) =
        DeviceFlow::start(request.tenant, request.client_id, request.scope, &options)?;
    Ok(Started { flow, prompt })
}

/// Waits for the sign-in to finish, drawing a countdown on stderr (only on a terminal).
/// Ctrl+C cancels the flow: the result is then a `CANCELLED` error (exit code 130).
/// On success returns Microsoft's token response (hand it to the VBO exchange as it is).
pub fn wait(started: &Started) -> Result<MicrosoftToken, CliError> {
    let _cancel_on_ctrl_c = CancelOnInterrupt::new(&started.flow);
    let bar = countdown_bar(started.prompt.expires_in);
    let result = loop {
        match started.flow.wait(Some(SLICE)) {
            Err(failure) if failure.status == Status::Timeout => {
                let left = started.flow.expires_in();
                bar.set_position(left.as_secs());
                bar.set_message(mm_ss(left));
            }
            other => break other,
        }
    };
    bar.finish_and_clear();
    Ok(result?)
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
