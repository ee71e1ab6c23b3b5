//! vbo_mfa_auth: device-code (MFA) sign-in of a Microsoft 365 tenant to the Veeam Backup for
//! Microsoft 365 REST API, behind a stable C ABI.
//!
//! Two hops: the Microsoft identity platform device-code flow (RFC 8628, [`DeviceFlow`]),
//! then VBO's `/vN/token` with the whole Microsoft token response as the assertion
//! ([`exchange_vbo_token`]). Every call returns a typed result or a [`Failure`]; the C ABI in
//! [`ffi`] (the only module with `unsafe`) turns each into its JSON document, once. See
//! ARCHITECTURE.md.
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(
    clippy::result_large_err,
    reason = "`Failure` travels only on the error path, once per call; boxing it would add an allocation to every failure and save nothing measurable"
)]

/// cbindgen:ignore
mod args;
/// cbindgen:ignore
mod device_flow;
/// cbindgen:ignore
mod failure;
#[allow(unsafe_code)]
pub mod ffi;
#[cfg(fuzzing)]
#[doc(hidden)]
/// cbindgen:ignore
pub mod fuzzing;
/// cbindgen:ignore
mod http;
/// cbindgen:ignore
mod idp_error;
/// cbindgen:ignore
mod json_text;
/// cbindgen:ignore
mod memo;
/// cbindgen:ignore
mod options;
/// cbindgen:ignore
mod quiet_panics;
/// cbindgen:ignore
mod redact;
/// cbindgen:ignore
mod runtime;
/// cbindgen:ignore
mod scan;
/// cbindgen:ignore
mod secret;
/// cbindgen:ignore
mod status;
/// cbindgen:ignore
mod time;
/// cbindgen:ignore
mod tls;
/// cbindgen:ignore
mod url;
/// cbindgen:ignore
mod vbo;
/// cbindgen:ignore
mod wire_numbers;

pub use args::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE};
pub use device_flow::{DeviceFlow, MicrosoftToken, PendingNote, Poll, SignInPrompt, TokenFacts};
pub use failure::{CertificateId, Failure, OAuthError};
pub use options::{
    ApiVersion, OptionsBuilder, ProxySetting, SignInOptions, TlsOptions, TransportOptions,
    VboOptions,
};
pub use secret::SecretString;
pub use status::Status;
pub use vbo::{
    exchange_vbo_token, refresh_vbo_token, vbo_request, ApiBody, ApiReply, Member, VboTokens,
    DEFAULT_VBO_PORT,
};

/// The library version, `MAJOR.MINOR.PATCH`.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
