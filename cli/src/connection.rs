//! The connection switches shared by the commands, and how they become the library's
//! `options_json` for the Microsoft sign-in and for the VBO server.

use crate::output::CliError;
use clap::Args;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Switches that shape every HTTPS connection (Microsoft and VBO).
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Connection (Microsoft and VBO)")]
pub struct TransportArgs {
    /// Extra trusted CA certificate(s), PEM or DER file (tls_ca_file): for a VBO server with a
    /// private CA, a TLS-inspecting proxy, or the simulator's CA file.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Proxy: "system" (default: system settings and HTTPS_PROXY/NO_PROXY), "none", or
    /// http://[user:password@]host:port.
    #[arg(long, value_name = "URL")]
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

impl TransportArgs {
    /// Adds the transport keys to an options object.
    pub fn apply(&self, options: &mut Map<String, Value>) -> Result<(), CliError> {
        if let Some(file) = &self.ca_file {
            // Absolute, so that a saved token file keeps working from another directory.
            let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
            let text = absolute.to_str().ok_or_else(|| {
                CliError::usage(format!(
                    "The --ca-file path {} is not valid Unicode.",
                    file.display()
                ))
            })?;
            options.insert("tls_ca_file".into(), text.into());
        }
        if let Some(proxy) = &self.proxy {
            options.insert("proxy".into(), proxy.as_str().into());
        }
        if let Some(secs) = self.timeout {
            options.insert("timeout_ms".into(), (secs * 1000).into());
        }
        if let Some(secs) = self.connect_timeout {
            options.insert("connect_timeout_ms".into(), (secs * 1000).into());
        }
        if let Some(ua) = &self.user_agent {
            options.insert("user_agent".into(), ua.as_str().into());
        }
        Ok(())
    }
}

impl VboArgs {
    /// The certificate-trust keys given on the command line (saved in the token file).
    pub fn trust_options(&self) -> Map<String, Value> {
        let mut options = Map::new();
        if !self.thumbprint.is_empty() {
            options.insert("tls_thumbprint".into(), strings(&self.thumbprint));
        }
        if !self.pin_sha256.is_empty() {
            options.insert("tls_pin_sha256".into(), strings(&self.pin_sha256));
        }
        if self.insecure {
            options.insert("tls_insecure_skip_verify".into(), true.into());
        }
        options
    }
}

impl AuthorityArgs {
    /// Adds `authority_host` / `cloud` to an options object.
    pub fn apply(&self, options: &mut Map<String, Value>) {
        if let Some(host) = &self.authority_host {
            options.insert("authority_host".into(), host.as_str().into());
        }
        if let Some(cloud) = &self.cloud {
            options.insert("cloud".into(), cloud.as_str().into());
        }
    }
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| Value::String(s.clone())).collect())
}

/// The options object as the JSON text the library takes.
pub fn to_json(options: &Map<String, Value>) -> String {
    Value::Object(options.clone()).to_string()
}

/// The options that are worth saving with the tokens: certificate trust for the VBO server
/// (never the proxy, which may hold a password, nor timeouts).
pub fn savable(options: &Map<String, Value>) -> Map<String, Value> {
    options
        .iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "tls_ca_file" | "tls_pin_sha256" | "tls_thumbprint" | "tls_insecure_skip_verify"
            )
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
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
            pin_sha256: vec!["ab".into()],
            ..VboArgs::default()
        };
        let mut options = vbo.trust_options();
        transport.apply(&mut options).unwrap();
        assert_eq!(options["timeout_ms"], 5000);
        assert_eq!(options["tls_pin_sha256"][0], "ab");
        let saved = savable(&options);
        assert!(saved.get("proxy").is_none());
        assert!(saved.get("tls_pin_sha256").is_some());
    }
}
