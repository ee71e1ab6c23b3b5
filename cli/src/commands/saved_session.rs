//! What `refresh`, `get` and `logout` share: the token file, the server and the VBO options.

use crate::connection::{self, SavedTrust, TransportArgs, VboArgs};
use crate::output::CliError;
use crate::token_file::{TokenFile, VBO_URL_KEY};
use clap::Args;
use std::path::PathBuf;
use vbo_mfa_auth::VboOptions;

/// Arguments of the commands that use a saved token.
#[derive(Args, Debug)]
pub struct SessionArgs {
    /// Token file written by `vbomfa login --out FILE`.
    #[arg(long, short = 't', value_name = "FILE", env = "VBOMFA_TOKEN_FILE")]
    pub token_file: PathBuf,

    /// VBO REST API server [default: the vbo_url saved in the token file].
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,

    #[command(flatten)]
    pub vbo: VboArgs,

    #[command(flatten)]
    pub transport: TransportArgs,
}

/// A token file opened with the connection settings to use.
pub struct Session {
    /// The token file.
    pub file: TokenFile,
    /// The VBO server URL.
    pub server: String,
    /// The certificate trust (saved again after a refresh).
    pub trust: SavedTrust,
    /// The VBO options (api_version set to the saved one unless a switch says otherwise).
    pub options: VboOptions,
}

impl Session {
    /// Reads the token file and merges the switches over what it saved: certificate-trust
    /// switches given on the command line replace the saved ones.
    pub fn open(args: &SessionArgs) -> Result<Session, CliError> {
        let file = TokenFile::read(&args.token_file)?;
        let server = match (&args.server, file.text(VBO_URL_KEY)) {
            (Some(s), _) => s.clone(),
            (None, Some(s)) => s.to_owned(),
            (None, None) => {
                return Err(CliError::usage(format!(
                    "The token file {} does not say which server it belongs to: give --server URL.",
                    args.token_file.display()
                )))
            }
        };
        let given = args.vbo.trust(&args.transport)?;
        let trust = if given.is_empty() {
            file.trust()?
        } else {
            given
        };
        let version = args
            .vbo
            .api_version
            .as_deref()
            .or(file.text("api_version"))
            .unwrap_or("auto");
        let options = connection::vbo_options(&trust, &args.transport, Some(version))?;
        Ok(Session {
            file,
            server,
            trust,
            options,
        })
    }

    /// The saved access token.
    pub fn access_token(&self) -> &str {
        self.file.text("access_token").unwrap_or_default()
    }

    /// The concrete API version (`v8`), if known.
    pub fn api_version(&self) -> Option<&str> {
        self.file.text("api_version")
    }
}
