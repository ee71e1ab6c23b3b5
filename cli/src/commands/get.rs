//! `vbomfa get PATH`: calls the VBO REST API with the saved access token and prints the
//! response body (pretty JSON) on stdout.

use super::saved_session::{Session, SessionArgs};
use crate::exit_codes;
use crate::output::{print_warning, CliError};
use clap::Args;
use serde_json::Value;

/// Arguments of `vbomfa get`.
#[derive(Args, Debug)]
pub struct GetArgs {
    /// API path, e.g. /Organization (the saved API version is put in front) or
    /// /v8/Organization.
    #[arg(value_name = "PATH")]
    pub path: String,

    #[command(flatten)]
    pub session: SessionArgs,
}

/// Runs `vbomfa get`.
pub fn run(args: &GetArgs) -> Result<(), CliError> {
    let session = Session::open(&args.session)?;
    // `Organization` means `/Organization`.
    let path = if args.path.starts_with('/') {
        args.path.clone()
    } else {
        format!("/{}", args.path)
    };
    let outcome = vbo_mfa_auth::vbo_request(
        &session.server,
        session.access_token(),
        "GET",
        &path,
        None,
        Some(&session.options_json()),
    );
    let result = outcome.value();
    if !outcome.is_ok() {
        let mut error = CliError::from_outcome(&outcome);
        if error.exit_code == exit_codes::VBO_REJECTED
            && result.get("http_status").and_then(Value::as_u64) == Some(401)
        {
            error = error.with_hint(
                "The VBO access token is invalid or expired: run `vbomfa refresh`, or sign in again with `vbomfa login`.",
            );
        }
        return Err(error);
    }
    print_warning(&result);
    match result.get("body") {
        None | Some(Value::Null) => eprintln!(
            "HTTP {} (no body).",
            result
                .get("http_status")
                .and_then(Value::as_u64)
                .unwrap_or(0)
        ),
        Some(Value::String(text)) => println!("{text}"),
        Some(body) => println!(
            "{}",
            serde_json::to_string_pretty(body).unwrap_or_else(|_| body.to_string())
        ),
    }
    Ok(())
}
