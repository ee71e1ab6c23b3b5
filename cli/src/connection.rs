//! The connection switches shared by the commands, and how they become the library's options
//! for the Microsoft sign-in and for the VBO server.

use crate::output::CliError;
use clap::Args;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;
use vbo_mfa_auth::{OptionsBuilder, VboOptions};

/// Switches that shape every HTTPS connection (Microsoft and VBO).
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Connection (Microsoft and VBO)")]
pub struct TransportArgs {
    /// Extra trusted CA certificate(s), PEM or DER file (tls_ca_file): for a VBO server with a
    /// private CA, a TLS-inspecting proxy, or the simulator's CA file.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Proxy: "system" (default: system settings and HTTPS_PROXY/NO_PROXY), "none", or
    /// http://[user:password@]host:port. A password on the command line is visible to other
    /// users (ps): give such a proxy in the VBOMFA_PROXY (or HTTPS_PROXY) environment variable
    /// instead.
    #[arg(long, value_name = "URL", env = "VBOMFA_PROXY", hide_env_values = true)]
    pub proxy: Option<String>,

    /// Time limit of each HTTP request, in seconds (default 30).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,

    /// Time limit for connecting, in seconds (default 10).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub connect_timeout: Option<u64>,

    /// User-Agent header to send.
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
}

/// Switches that apply to the VBO server only.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "VBO server")]
pub struct VboArgs {
    /// VBO REST API version: auto (try v8 down to v4), or v4..v8.
    #[arg(long, value_name = "VERSION", value_parser = ["auto", "v4", "v5", "v6", "v7", "v8"])]
    pub api_version: Option<String>,

    /// Accept the VBO server's certificate by its SHA-1 thumbprint, as Windows shows it
    /// (tls_thumbprint; repeatable). Use for VBO's self-signed certificate.
    #[arg(long, value_name = "HEX")]
    pub thumbprint: Vec<String>,

    /// Accept the VBO server's certificate by its SHA-256 fingerprint (tls_pin_sha256;
    /// repeatable).
    #[arg(long = "pin-sha256", value_name = "HEX")]
    pub pin_sha256: Vec<String>,

    /// Do not verify the VBO server's certificate at all (tls_insecure_skip_verify).
    /// DANGEROUS: anyone on the path can steal the tokens; pin the certificate instead.
    #[arg(long, conflicts_with_all = ["thumbprint", "pin_sha256"])]
    pub insecure: bool,
}

/// Switches that apply to the Microsoft sign-in only.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Microsoft sign-in")]
pub struct AuthorityArgs {
    /// Microsoft identity platform base URL (authority_host), e.g. the simulator's URL.
    #[arg(long, value_name = "URL", conflicts_with = "cloud")]
    pub authority_host: Option<String>,

    /// National cloud of the sign-in: global (default), usgov or china.
    #[arg(long, value_name = "CLOUD", value_parser = ["global", "usgov", "china"])]
    pub cloud: Option<String>,
}

/// How a VBO server's certificate is trusted: saved in the token file so that `refresh`,
/// `get` and `logout` reach the server as `login` did. Never the proxy (it may hold a
/// password) nor time limits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedTrust {
    /// `tls_ca_file`, absolute.
    #[serde(
        rename = "tls_ca_file",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ca_file: Option<String>,
    /// `tls_pin_sha256`.
    #[serde(
        rename = "tls_pin_sha256",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub pin_sha256: Vec<String>,
    /// `tls_thumbprint`.
    #[serde(
        rename = "tls_thumbprint",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub thumbprint: Vec<String>,
    /// `tls_insecure_skip_verify`.
    #[serde(
        rename = "tls_insecure_skip_verify",
        default,
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub insecure: bool,
}

impl SavedTrust {
    /// True when nothing beyond the default trust is asked for.
    pub fn is_empty(&self) -> bool {
        *self == SavedTrust::default()
    }

    /// Adds the trust to the options.
    pub fn apply(&self, mut options: OptionsBuilder) -> OptionsBuilder {
        if let Some(file) = &self.ca_file {
            options = options.tls_ca_file(file.clone());
        }
        for pin in &self.pin_sha256 {
            options = options.tls_pin_sha256(pin.clone());
        }
        for thumbprint in &self.thumbprint {
            options = options.tls_thumbprint(thumbprint.clone());
        }
        if self.insecure {
            options = options.tls_insecure_skip_verify(true);
        }
        options
    }
}

/// The options of the VBO calls: `trust` (which holds the CA file), the other transport
/// switches, and the API version.
pub fn vbo_options(
    trust: &SavedTrust,
    transport: &TransportArgs,
    api_version: Option<&str>,
) -> Result<VboOptions, CliError> {
    let without_ca_file = TransportArgs {
        ca_file: None,
        ..transport.clone()
    };
    let mut options = without_ca_file.apply(trust.apply(OptionsBuilder::default()))?;
    if let Some(version) = api_version {
        options = options.api_version(version);
    }
    Ok(options.vbo()?)
}

impl TransportArgs {
    /// Adds the transport switches (the CA file included) to the options.
    pub fn apply(&self, mut options: OptionsBuilder) -> Result<OptionsBuilder, CliError> {
        if let Some(file) = self.ca_file()? {
            options = options.tls_ca_file(file);
        }
        if let Some(proxy) = &self.proxy {
            options = options.proxy(proxy.clone());
        }
        if let Some(secs) = self.timeout {
            options = options.timeout(Duration::from_secs(secs));
        }
        if let Some(secs) = self.connect_timeout {
            options = options.connect_timeout(Duration::from_secs(secs));
        }
        if let Some(ua) = &self.user_agent {
            options = options.user_agent(ua.clone());
        }
        Ok(options)
    }

    /// The CA file, absolute, so that a saved token file keeps working from another folder.
    pub fn ca_file(&self) -> Result<Option<String>, CliError> {
        let Some(file) = &self.ca_file else {
            return Ok(None);
        };
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        absolute
            .to_str()
            .map(|s| Some(s.to_owned()))
            .ok_or_else(|| {
                CliError::usage(format!(
                    "The --ca-file path {} is not valid Unicode.",
                    file.display()
                ))
            })
    }
}

impl VboArgs {
    /// The certificate trust these switches (and `--ca-file`) ask for.
    pub fn trust(&self, transport: &TransportArgs) -> Result<SavedTrust, CliError> {
        Ok(SavedTrust {
            ca_file: transport.ca_file()?,
            pin_sha256: self.pin_sha256.clone(),
            thumbprint: self.thumbprint.clone(),
            insecure: self.insecure,
        })
    }
}

impl AuthorityArgs {
    /// Adds `authority_host` / `cloud` to the options.
    pub fn apply(&self, mut options: OptionsBuilder) -> OptionsBuilder {
        if let Some(host) = &self.authority_host {
            options = options.authority_host(host.clone());
        }
        if let Some(cloud) = &self.cloud {
            options = options.cloud(cloud.clone());
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_become_library_options() {
        let transport = TransportArgs {
            timeout: Some(5),
            proxy: Some("none".into()),
            ..TransportArgs::default()
        };
        let vbo = VboArgs {
            pin_sha256: vec!["ab".repeat(32)],
            ..VboArgs::default()
        };
        let trust = vbo.trust(&transport).unwrap();
        let options = vbo_options(&trust, &transport, Some("v8")).unwrap();
        assert_eq!(options.transport.timeout, Duration::from_secs(5));
        assert!(options.transport.tls.is_pinned());
        let saved = serde_json::to_value(&trust).unwrap();
        assert!(saved.get("proxy").is_none());
        assert_eq!(saved["tls_pin_sha256"][0], "ab".repeat(32));
        assert!(saved.get("tls_insecure_skip_verify").is_none());
    }
}
