//! `vbomfa refresh`: trades the saved VBO refresh token for a new token pair and rewrites
//! the token file (owner-only again).

use super::saved_session::{Session, SessionArgs};
use crate::interrupt;
use crate::output::{print_warning, CliError};
use crate::token_file;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `vbomfa refresh`.
#[derive(Args, Debug)]
pub struct RefreshArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// Write the new tokens to FILE instead of rewriting the token file.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `vbomfa refresh`.
pub fn run(args: &RefreshArgs) -> Result<(), CliError> {
    let session = Session::open(&args.session)?;
    let Some(refresh_token) = session.file.text("refresh_token") else {
        return Err(CliError::usage(format!(
            "The token file {} holds no refresh_token.",
            session.file.path.display()
        ))
        .with_hint("Sign in again with `vbomfa login`."));
    };
    let target = args.out.as_ref().unwrap_or(&session.file.path);
    // The refresh spends the saved refresh token: from here until the new tokens are on disk,
    // Ctrl+C waits.
    interrupt::uninterrupted(|| {
        let tokens =
            vbo_mfa_auth::refresh_vbo_token(&session.server, refresh_token, &session.options)?;
        print_warning(tokens.warning);
        let doc = token_file::saved_document(&tokens, &session.server, &session.trust)?;
        if let Err(error) = token_file::write(target, &doc) {
            let saved = token_file::rescue(target, &doc)?;
            return Err(error.with_hint(format!(
                "The old refresh token is spent; the new tokens were saved to {} (owner-only): use that file with --token-file, or move it over {}.",
                saved.display(),
                target.display()
            )));
        }
        eprintln!(
            "Refreshed: the new access token expires at {}; saved to {} (owner-only).",
            tokens.expires_at.as_deref().unwrap_or("?"),
            target.display()
        );
        Ok(())
    })
}
