//! `vbomfa get PATH`: calls the VBO REST API with the saved access token and prints the
//! response body (pretty JSON) on stdout.

use super::saved_session::{Session, SessionArgs};
use crate::output::{print_warning, CliError};
use clap::Args;
use vbo_mfa_auth::{ApiBody, Status};

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
    let reply = vbo_mfa_auth::vbo_request(
        &session.server,
        session.access_token(),
        "GET",
        &path,
        None,
        &session.options,
    )
    .map_err(|failure| {
        let unauthorized =
            failure.status == Status::VboRejected && failure.http_status == Some(401);
        let error = CliError::from(failure);
        if unauthorized {
            error.with_hint(
                "The VBO access token is invalid or expired: run `vbomfa refresh`, or sign in again with `vbomfa login`.",
            )
        } else {
            error
        }
    })?;
    print_warning(reply.warning);
    match &reply.body {
        ApiBody::Empty => eprintln!("HTTP {} (no body).", reply.http_status),
        ApiBody::Text(text) => println!("{text}"),
        ApiBody::Json(body) => println!(
            "{}",
            serde_json::to_string_pretty(body).unwrap_or_else(|_| body.to_string())
        ),
    }
    Ok(())
}
