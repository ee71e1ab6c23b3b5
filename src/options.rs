//! `options_json`: parsing and validation of the options every call accepts.
//!
//! To add an option: add a field below, parse it in `Options::parse` (the match on the key),
//! document it in README.md, and test a valid and an invalid value in tests/options.rs.

use crate::error::Failure;
use crate::url::{parse_base_url, BaseUrl};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use serde_json::{Map, Value};
use std::time::Duration;

/// The Microsoft identity platform of the public (global) cloud.
pub const GLOBAL_AUTHORITY: &str = "https://login.microsoftonline.com";
const USGOV_AUTHORITY: &str = "https://login.microsoftonline.us";
const CHINA_AUTHORITY: &str = "https://login.partner.microsoftonline.cn";

/// Which VBO REST API version to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    /// Try v8, v7, v6, v5, v4 in turn, moving on only on HTTP 404.
    Auto,
    /// Exactly this version (4..=8).
    Fixed(u8),
}

impl ApiVersion {
    /// The versions to try, newest first.
    pub fn candidates(self) -> Vec<u8> {
        match self {
            ApiVersion::Auto => vec![8, 7, 6, 5, 4],
            ApiVersion::Fixed(v) => vec![v],
        }
    }
}

/// How to reach servers through a proxy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProxySetting {
    /// The system's proxy settings and the HTTP(S)_PROXY / NO_PROXY environment.
    System,
    /// Connect directly.
    Disabled,
    /// This proxy URL (it may carry credentials: never printed).
    Url(String),
}

/// Certificate trust for one connection pool.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    /// Extra trusted roots (DER), from `tls_ca_file` and `tls_ca_pem`.
    pub extra_roots: Vec<Vec<u8>>,
    /// SHA-256 fingerprints of acceptable leaf certificates.
    pub pins_sha256: Vec<[u8; 32]>,
    /// SHA-1 thumbprints of acceptable leaf certificates.
    pub thumbprints_sha1: Vec<[u8; 20]>,
    /// Accept any certificate (loud in results).
    pub insecure: bool,
}

impl TlsOptions {
    /// True when the leaf is pinned (by SHA-256 or thumbprint).
    pub fn is_pinned(&self) -> bool {
        !self.pins_sha256.is_empty() || !self.thumbprints_sha1.is_empty()
    }
}

/// Everything that shapes an HTTP client; equal settings share one connection pool.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TransportOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub proxy: ProxySetting,
    pub user_agent: String,
    pub tls: TlsOptions,
}

/// Parsed `options_json`.
#[derive(Clone, Debug)]
pub struct Options {
    pub authority: BaseUrl,
    pub api_version: ApiVersion,
    pub transport: TransportOptions,
}

/// The warning every result carries when certificate checks are off.
pub const INSECURE_WARNING: &str = "TLS certificate verification is disabled (tls_insecure_skip_verify): anyone on the network path can read and change this traffic, tokens included. Pin the server's certificate with tls_pin_sha256 instead.";

impl Options {
    /// Parses `options_json` (`None` = all defaults). Unknown keys and wrong types are
    /// `INVALID_ARGUMENT` naming the key.
    pub fn parse(options_json: Option<&str>) -> Result<Options, Failure> {
        let mut authority_host: Option<String> = None;
        let mut cloud: Option<&'static str> = None;
        let mut api_version = ApiVersion::Auto;
        let mut timeout = Duration::from_millis(30_000);
        let mut connect_timeout = Duration::from_millis(10_000);
        let mut proxy = ProxySetting::System;
        let mut user_agent = format!("vbo_mfa_auth/{}", env!("CARGO_PKG_VERSION"));
        let mut tls = TlsOptions::default();

        let map = match options_json.map(str::trim) {
            None | Some("") => Map::new(),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => map,
                Ok(Value::Null) => Map::new(),
                Ok(_) => return Err(Failure::invalid("options_json must be a JSON object.")),
                Err(e) => {
                    return Err(Failure::invalid(format!(
                        "options_json is not valid JSON ({e})."
                    )))
                }
            },
        };

        for (key, value) in &map {
            match key.as_str() {
                "authority_host" => authority_host = Some(string(key, value)?.to_owned()),
                "cloud" => {
                    cloud = Some(match string(key, value)?.to_ascii_lowercase().as_str() {
                        "global" => GLOBAL_AUTHORITY,
                        "usgov" => USGOV_AUTHORITY,
                        "china" => CHINA_AUTHORITY,
                        other => {
                            return Err(Failure::invalid(format!(
                                "Option 'cloud' must be \"global\", \"usgov\" or \"china\", not \"{other}\"."
                            )))
                        }
                    })
                }
                "api_version" => api_version = parse_api_version(string(key, value)?)?,
                "timeout_ms" => timeout = millis(key, value)?,
                "connect_timeout_ms" => connect_timeout = millis(key, value)?,
                "proxy" => proxy = parse_proxy(string(key, value)?)?,
                "user_agent" => {
                    let ua = string(key, value)?;
                    if ua.is_empty() || ua.chars().any(|c| c.is_control() || !c.is_ascii()) {
                        return Err(Failure::invalid(
                            "Option 'user_agent' must be non-empty printable ASCII.",
                        ));
                    }
                    user_agent = ua.to_owned();
                }
                "tls_ca_file" => {
                    let path = string(key, value)?;
                    let bytes = std::fs::read(path).map_err(|e| {
                        Failure::invalid(format!(
                            "Option 'tls_ca_file': cannot read \"{path}\" ({e})."
                        ))
                    })?;
                    tls.extra_roots.extend(parse_certificates(key, &bytes)?);
                }
                "tls_ca_pem" => {
                    let pem = string(key, value)?;
                    tls.extra_roots
                        .extend(parse_certificates(key, pem.as_bytes())?);
                }
                "tls_pin_sha256" => {
                    for text in string_list(key, value)? {
                        tls.pins_sha256.push(parse_fingerprint::<32>(key, text)?);
                    }
                }
                "tls_thumbprint" => {
                    for text in string_list(key, value)? {
                        tls.thumbprints_sha1
                            .push(parse_fingerprint::<20>(key, text)?);
                    }
                }
                "tls_insecure_skip_verify" => {
                    tls.insecure = value.as_bool().ok_or_else(|| {
                        Failure::invalid("Option 'tls_insecure_skip_verify' must be true or false.")
                    })?
                }
                other => {
                    return Err(Failure::invalid(format!(
                        "Unknown option '{other}'. Known options: authority_host, cloud, api_version, timeout_ms, connect_timeout_ms, proxy, user_agent, tls_ca_file, tls_ca_pem, tls_pin_sha256, tls_thumbprint, tls_insecure_skip_verify."
                    )))
                }
            }
        }

        let authority_text = match (authority_host.as_deref(), cloud) {
            (Some(host), Some(cloud_host)) => {
                let given = parse_base_url("authority_host", host, None)?;
                let expected = parse_base_url("cloud", cloud_host, None)?;
                if given != expected {
                    return Err(Failure::invalid(
                        "Options 'authority_host' and 'cloud' disagree: give only one of them.",
                    ));
                }
                host.to_owned()
            }
            (Some(host), None) => host.to_owned(),
            (None, Some(cloud_host)) => cloud_host.to_owned(),
            (None, None) => GLOBAL_AUTHORITY.to_owned(),
        };
        let authority = parse_base_url("authority_host", &authority_text, None)?;

        Ok(Options {
            authority,
            api_version,
            transport: TransportOptions {
                timeout,
                connect_timeout,
                proxy,
                user_agent,
                tls,
            },
        })
    }

    /// Rejects the options that must never apply to Microsoft's servers: pinning and
    /// switching verification off are for a self-signed VBO server only.
    pub fn check_for_identity_platform(&self) -> Result<(), Failure> {
        let tls = &self.transport.tls;
        if tls.is_pinned() || tls.insecure {
            return Err(Failure::invalid(
                "tls_pin_sha256, tls_thumbprint and tls_insecure_skip_verify apply to the VBO server only, never to the Microsoft sign-in: leave them out of the device-flow options.",
            )
            .hint("A TLS-inspecting proxy's CA can be trusted for the sign-in with tls_ca_file or tls_ca_pem."));
        }
        Ok(())
    }
}

fn string<'a>(key: &str, value: &'a Value) -> Result<&'a str, Failure> {
    value
        .as_str()
        .ok_or_else(|| Failure::invalid(format!("Option '{key}' must be a string.")))
}

fn string_list<'a>(key: &str, value: &'a Value) -> Result<Vec<&'a str>, Failure> {
    match value {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| {
                v.as_str().ok_or_else(|| {
                    Failure::invalid(format!("Option '{key}' must be an array of strings."))
                })
            })
            .collect(),
        _ => Err(Failure::invalid(format!(
            "Option '{key}' must be a non-empty array of hex strings."
        ))),
    }
}

fn millis(key: &str, value: &Value) -> Result<Duration, Failure> {
    match value.as_u64() {
        Some(ms) if (1..=3_600_000).contains(&ms) => Ok(Duration::from_millis(ms)),
        _ => Err(Failure::invalid(format!(
            "Option '{key}' must be a whole number of milliseconds from 1 to 3600000."
        ))),
    }
}

fn parse_api_version(text: &str) -> Result<ApiVersion, Failure> {
    match text.to_ascii_lowercase().as_str() {
        "auto" => Ok(ApiVersion::Auto),
        "v4" => Ok(ApiVersion::Fixed(4)),
        "v5" => Ok(ApiVersion::Fixed(5)),
        "v6" => Ok(ApiVersion::Fixed(6)),
        "v7" => Ok(ApiVersion::Fixed(7)),
        "v8" => Ok(ApiVersion::Fixed(8)),
        _ => Err(Failure::invalid(format!(
            "Option 'api_version' must be \"auto\" or one of \"v4\" to \"v8\", not \"{text}\"."
        ))),
    }
}

fn parse_proxy(text: &str) -> Result<ProxySetting, Failure> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(ProxySetting::Disabled);
    }
    if text.eq_ignore_ascii_case("system") {
        return Ok(ProxySetting::System);
    }
    match reqwest::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(ProxySetting::Url(text.to_owned()))
        }
        _ => Err(Failure::invalid(
            "Option 'proxy' must be \"none\", \"system\" or an http:// or https:// proxy URL (http://user:password@host:port for an authenticating proxy).",
        )),
    }
}

/// Certificates from PEM text (any number of CERTIFICATE blocks) or one DER certificate.
fn parse_certificates(key: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, Failure> {
    let mut found = Vec::new();
    for item in CertificateDer::pem_slice_iter(bytes) {
        match item {
            Ok(cert) => found.push(cert.as_ref().to_vec()),
            Err(e) => {
                return Err(Failure::invalid(format!(
                    "Option '{key}': the PEM text is damaged ({e})."
                )))
            }
        }
    }
    if found.is_empty() && bytes.first() == Some(&0x30) {
        found.push(bytes.to_vec()); // a DER .cer file, as Windows exports it
    }
    if found.is_empty() {
        return Err(Failure::invalid(format!(
            "Option '{key}' holds no certificate (expected PEM \"-----BEGIN CERTIFICATE-----\" blocks or a DER .cer file)."
        )));
    }
    Ok(found)
}

/// Hex fingerprint, with `:`, spaces, `-` and the invisible marks Windows copies along
/// (U+200E, U+200F, U+FEFF) ignored.
fn parse_fingerprint<const N: usize>(key: &str, text: &str) -> Result<[u8; N], Failure> {
    let hex: Vec<char> = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-' | '\u{200e}' | '\u{200f}' | '\u{feff}'))
        .collect();
    let bad = || {
        Failure::invalid(format!(
            "Option '{key}' must hold {} hex digits per entry (colons and spaces allowed).",
            N * 2
        ))
    };
    if hex.len() != N * 2 {
        return Err(bad());
    }
    let mut out = [0u8; N];
    for (i, pair) in hex.chunks(2).enumerate() {
        let hi = pair[0].to_digit(16).ok_or_else(bad)?;
        let lo = pair[1].to_digit(16).ok_or_else(bad)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let o = Options::parse(None).unwrap();
        assert_eq!(o.authority.join(""), GLOBAL_AUTHORITY);
        assert_eq!(o.api_version, ApiVersion::Auto);
        assert_eq!(o.transport.timeout, Duration::from_secs(30));
        assert_eq!(o.transport.proxy, ProxySetting::System);
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Options::parse(Some(r#"{"timeout":5}"#)).unwrap_err();
        assert!(e.message.contains("'timeout'"), "{}", e.message);
    }

    #[test]
    fn fingerprints_accept_windows_formatting() {
        let fp = parse_fingerprint::<20>(
            "tls_thumbprint",
            "\u{200e}a9 4a 8f e5 cc b1 9b a6 1c 4c 08 73 d3 91 e9 87 98 2f bb d3",
        )
        .unwrap();
        assert_eq!(fp[0], 0xa9);
        assert!(parse_fingerprint::<32>("tls_pin_sha256", "abcd").is_err());
    }

    #[test]
    fn cloud_and_authority_must_agree() {
        assert!(Options::parse(Some(
            r#"{"cloud":"usgov","authority_host":"https://login.microsoftonline.us"}"#
        ))
        .is_ok());
        assert!(Options::parse(Some(
            r#"{"cloud":"china","authority_host":"https://login.microsoftonline.us"}"#
        ))
        .is_err());
    }
}
