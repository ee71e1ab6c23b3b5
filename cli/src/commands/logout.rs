//! `vbomfa logout`: ends the VBO session (`POST /vN/token/logout`, REST API v7 and later)
//! and deletes the token file.

use super::saved_session::{Session, SessionArgs};
use crate::output::{print_warning, CliError};
use crate::token_file;
use clap::Args;
use vbo_mfa_auth::Status;

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
    let result = vbo_mfa_auth::vbo_request(
        &session.server,
        session.access_token(),
        "POST",
        "/token/logout",
        None,
        &session.options,
    );
    let version = session.api_version().unwrap_or("this version");
    match result {
        Ok(reply) => {
            print_warning(reply.warning);
            eprintln!("Logged out: the VBO session has ended and its tokens are no longer valid.");
        }
        Err(failure)
            if failure.status == Status::VboRejected
                && matches!(failure.http_status, Some(404 | 405)) =>
        {
            let expires = session.file.text("expires_at").unwrap_or("its expiry time");
            eprintln!(
                "note: logout is not supported by this server (REST API {version} has no /token/logout; it came with v7). The access token stays valid until {expires}."
            );
        }
        Err(failure) => return Err(failure.into()),
    }
    if !args.keep_file {
        token_file::remove(&session.file.path)?;
        eprintln!("Deleted the token file {}.", session.file.path.display());
    }
    Ok(())
}
