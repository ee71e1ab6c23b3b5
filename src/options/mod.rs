//! The options of the two hops, checked and typed.
//!
//! Callers give options as `options_json` (the C ABI) or through [`OptionsBuilder`] (Rust);
//! both are checked by the same code in `builder.rs` and finish as [`SignInOptions`] (the
//! Microsoft hop) or [`VboOptions`] (the VBO hop). Each refuses the keys of the other hop, so a
//! VBO call never silently takes `cloud`, and the sign-in never takes a certificate pin.
//!
//! To add an option: a field and a builder method in `builder.rs` (with its expectation text in
//! `EXPECTATIONS`), its check in `OptionsBuilder::check`, the typed field here, README.md
//! "Options", and a valid and an invalid value in tests/arguments.rs.

mod builder;
mod values;

pub use builder::OptionsBuilder;

use crate::url::BaseUrl;
use std::time::Duration;

/// The Microsoft identity platform of the public (global) cloud.
pub const GLOBAL_AUTHORITY: &str = "https://login.microsoftonline.com";

/// The warning every VBO result carries when certificate checks are off.
pub const INSECURE_WARNING: &str = "TLS certificate verification is disabled (tls_insecure_skip_verify): anyone on the network path can read and change this traffic, tokens included. Pin the server's certificate with tls_pin_sha256 instead.";

/// Options of the Microsoft sign-in (device code and token polls).
#[derive(Clone, Debug)]
pub struct SignInOptions {
    /// The identity platform: `authority_host`, or the host of `cloud`.
    pub authority: BaseUrl,
    /// How to connect.
    pub transport: TransportOptions,
}

/// Options of the calls to a VBO server.
#[derive(Clone, Debug)]
pub struct VboOptions {
    /// Which REST API version to use.
    pub api_version: ApiVersion,
    /// How to connect, certificate pinning included.
    pub transport: TransportOptions,
}

impl VboOptions {
    /// The warning a result must carry, if certificate checks are off.
    pub fn warning(&self) -> Option<&'static str> {
        self.transport.tls.insecure.then_some(INSECURE_WARNING)
    }
}

/// Which VBO REST API version to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    /// Find the newest version the server serves (v8 down to v4).
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
    /// Time limit of one request.
    pub timeout: Duration,
    /// Time limit of connecting.
    pub connect_timeout: Duration,
    /// Proxy choice.
    pub proxy: ProxySetting,
    /// `User-Agent` header.
    pub user_agent: String,
    /// Certificate trust.
    pub tls: TlsOptions,
}
