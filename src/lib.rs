//! vbo_mfa_auth: device-code (MFA) sign-in of a Microsoft 365 tenant to the Veeam Backup for
//! Microsoft 365 REST API, behind a stable C ABI.
//!
//! Two hops: the Microsoft identity platform device-code flow (RFC 8628, [`DeviceFlow`]),
//! then VBO's `/vN/token` with the whole Microsoft token response as the assertion
//! ([`exchange_vbo_token`]). The C ABI lives in [`ffi`] (the only module with `unsafe`);
//! everything else is plain Rust. Every call returns an [`Outcome`]: a [`Status`] and the JSON
//! document that the C ABI hands to its caller. See ARCHITECTURE.md.

/// cbindgen:ignore
mod args;
/// cbindgen:ignore
mod device_flow;
/// cbindgen:ignore
mod error;
pub mod ffi;
#[doc(hidden)]
/// cbindgen:ignore
pub mod fuzzing;
/// cbindgen:ignore
mod http;
/// cbindgen:ignore
mod http_errors;
/// cbindgen:ignore
mod idp_error;
/// cbindgen:ignore
mod options;
/// cbindgen:ignore
mod outcome;
/// cbindgen:ignore
mod runtime;
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

pub use args::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE};
pub use device_flow::DeviceFlow;
pub use error::Failure;
pub use outcome::Outcome;
pub use secret::SecretString;
pub use status::Status;
pub use tls::{sha1_hex, sha256_hex};
pub use vbo::{exchange_vbo_token, refresh_vbo_token, vbo_request, DEFAULT_VBO_PORT};

/// The library version, `MAJOR.MINOR.PATCH`.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
