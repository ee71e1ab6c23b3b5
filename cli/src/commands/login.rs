//! `vbomfa login`: the real sign-in — device code at Microsoft, exchange at VBO, token out.

use crate::connection::{self, AuthorityArgs, TransportArgs, VboArgs};
use crate::output::{print_warning, CliError};
use crate::sign_in::{self, SignInRequest};
use crate::token_file;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vbo_mfa_auth::{OptionsBuilder, VboTokens};

/// Arguments of `vbomfa login`.
#[derive(Args, Debug)]
pub struct LoginArgs {
    /// VBO REST API server, e.g. https://vbo.example.com (port 4443 when none is given).
    #[arg(long, value_name = "URL")]
    pub server: String,

    /// Organization name exactly as registered in VBO (letter case matters), usually
    /// contoso.onmicrosoft.com.
    #[arg(long, value_name = "NAME")]
    pub organization: String,

    /// Microsoft tenant to sign in to: domain, tenant GUID or "organizations"
    /// [default: the organization name].
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Application (client) ID of a public client app [default: the Azure CLI app Veeam
    /// documents, 04b07795-8ddb-461a-bbee-02f9e1bf7b46].
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,

    /// Scope to request [default: "Directory.AccessAsUser.All User.ReadWrite.All
    /// offline_access"]; VBO needs offline_access.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,

    /// Write the token JSON to FILE (owner-only: mode 0600 on Unix; on Windows the file
    /// inherits its folder's ACL) instead of stdout. Replaces an existing file. Without
    /// --out the token JSON goes to stdout, and a shell redirection (> file) does NOT make
    /// the file owner-only.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub authority: AuthorityArgs,

    #[command(flatten)]
    pub vbo: VboArgs,

    #[command(flatten)]
    pub transport: TransportArgs,
}

/// Runs `vbomfa login`.
pub fn run(args: &LoginArgs) -> Result<(), CliError> {
    let tenant = args.tenant.as_deref().unwrap_or(&args.organization);
    if let Some(out) = &args.out {
        check_writable_dir(out)?;
    }

    let sign_in_options = args
        .transport
        .apply(args.authority.apply(OptionsBuilder::default()))?;
    let trust = args.vbo.trust(&args.transport)?;
    // Checked before anyone is asked to sign in.
    let vbo_options =
        connection::vbo_options(&trust, &args.transport, args.vbo.api_version.as_deref())?;

    let started = sign_in::start(SignInRequest {
        tenant,
        client_id: args.client_id.as_deref(),
        scope: args.scope.as_deref(),
        options: sign_in_options,
    })?;
    print_warning(started.prompt.warning);
    eprintln!();
    eprintln!("{}", started.prompt.message);
    eprintln!();
    eprintln!(
        "Sign in with an account of tenant {tenant} (VBO organization {}).",
        args.organization
    );

    let microsoft_token = sign_in::wait(&started)?;
    eprintln!(
        "Signed in at Microsoft. Exchanging the token at {} ...",
        args.server
    );
    let tokens = vbo_mfa_auth::exchange_vbo_token(
        &args.server,
        &args.organization,
        microsoft_token.as_assertion(),
        &vbo_options,
    )?;
    drop(microsoft_token); // wiped on drop
    print_warning(tokens.warning);

    let doc = token_file::saved_document(&tokens, &args.server, &trust)?;
    match &args.out {
        Some(path) => {
            token_file::write(path, &doc)?;
            eprintln!("{}", summary(&tokens, &args.organization));
            eprintln!("Token saved to {} (owner-only).", path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(token_file::to_text(&doc).as_bytes());
            let _ = stdout.flush();
            eprintln!("{}", summary(&tokens, &args.organization));
        }
    }
    Ok(())
}

/// One line about the tokens, without any secret.
pub fn summary(tokens: &VboTokens, organization: &str) -> String {
    format!(
        "Signed in to VBO: organization {organization}, user {}, API {}; the access token expires at {}.",
        tokens.user_name().unwrap_or("?"),
        tokens.api_version_name(),
        tokens.expires_at.as_deref().unwrap_or("?"),
    )
}

/// Fails before the sign-in when the token file cannot be created where asked.
fn check_writable_dir(out: &std::path::Path) -> Result<(), CliError> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        return Err(CliError::usage(format!(
            "Cannot write the token file {}: the folder {} does not exist.",
            out.display(),
            dir.display()
        )));
    }
    if out.is_dir() {
        return Err(CliError::usage(format!(
            "Cannot write the token file {}: it is a folder.",
            out.display()
        )));
    }
    Ok(())
}
