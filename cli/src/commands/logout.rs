//! `vbomfa logout`: ends the VBO session (`POST /vN/token/logout`, REST API v7 and later)
//! and deletes the token file.

use super::saved_session::{Session, SessionArgs};
use crate::exit_codes;
use crate::output::{print_warning, CliError};
use crate::token_file;
use clap::Args;
use serde_json::Value;

/// Arguments of `vbomfa logout`.
#[derive(Args, Debug)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// Keep the token file instead of deleting it.
    #[arg(long)]
    pub keep_file: bool,
}

/// Runs `vbomfa logout`.
pub fn run(args: &LogoutArgs) -> Result<(), CliError> {
    let session = Session::open(&args.session)?;
    let outcome = vbo_mfa_auth::vbo_request(
        &session.server,
        session.access_token(),
        "POST",
        "/token/logout",
        None,
        Some(&session.options_json()),
    );
    let result = outcome.value();
    let version = session.api_version().unwrap_or("this version");
    if outcome.is_ok() {
        print_warning(&result);
        eprintln!("Logged out: the VBO session has ended and its tokens are no longer valid.");
    } else {
        let http = result.get("http_status").and_then(Value::as_u64);
        let error = CliError::from_outcome(&outcome);
        if error.exit_code == exit_codes::VBO_REJECTED && matches!(http, Some(404 | 405)) {
            let expires = session.file.text("expires_at").unwrap_or("its expiry time");
            eprintln!(
                "note: logout is not supported by this server (REST API {version} has no /token/logout; it came with v7). The access token stays valid until {expires}."
            );
        } else {
            return Err(error);
        }
    }
    if !args.keep_file {
        token_file::remove(&session.file.path)?;
        eprintln!("Deleted the token file {}.", session.file.path.display());
    }
    Ok(())
}
