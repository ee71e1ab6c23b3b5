//! The device authorization request's answer (RFC 8628 §3.2, docs/PROTOCOL.md §1.3).

use crate::failure::Failure;
use crate::http::{Answer, Reply};
use crate::idp_error::idp_failure;
use crate::secret::SecretString;
use crate::status::Status;
use crate::wire_numbers::seconds;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// RFC 8628 §3.2: no `interval` means 5 seconds.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// Bounds on the polling interval a server may ask for.
const INTERVAL_BOUNDS: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(300));
/// Bounds on a device code's lifetime (Microsoft's is 900 s).
const LIFETIME_BOUNDS: (Duration, Duration) =
    (Duration::from_secs(1), Duration::from_secs(24 * 3600));

/// The device authorization response (RFC 8628 §3.2).
pub(crate) struct DeviceCode {
    pub device_code: SecretString,
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: Duration,
    pub interval: Duration,
    pub message: String,
}

#[derive(Deserialize)]
struct Members {
    device_code: Option<Value>,
    user_code: Option<Value>,
    verification_uri: Option<Value>,
    verification_url: Option<Value>,
    expires_in: Option<Value>,
    interval: Option<Value>,
    message: Option<Value>,
}

impl DeviceCode {
    /// Reads the answer to the devicecode request to `url` on `host`.
    pub fn from_reply(reply: &Reply, url: &str, host: &str) -> Result<DeviceCode, Failure> {
        const REFUSED: &str = "The device-code request was refused";
        match Answer::of(reply, url, host) {
            Answer::Redirect(failure) | Answer::Html(failure) => Err(failure),
            Answer::OAuthError(oauth) => {
                Err(idp_failure(oauth, Status::IdpError, reply.status, REFUSED))
            }
            Answer::Body if reply.status == 200 => DeviceCode::parse(reply, host),
            Answer::Body => Err(Failure::new(
                Status::HttpError,
                format!("{REFUSED}: {host} answered HTTP {}.", reply.status),
            )
            .http_status(reply.status)
            .body_excerpt(reply.text_excerpt())),
        }
    }

    fn parse(reply: &Reply, host: &str) -> Result<DeviceCode, Failure> {
        let protocol = |what: String| Failure::new(Status::Protocol, what).http_status(200);
        let members: Members = reply
            .text()
            .filter(|t| t.trim_start().starts_with('{'))
            .and_then(|t| serde_json::from_str(t).ok())
            .ok_or_else(|| protocol(format!("{host} answered the device-code request with something that is not a JSON object.")))?;
        let missing = |field: &str| {
            protocol(format!(
                "The device-code answer from {host} lacks '{field}'."
            ))
        };
        let text = |v: Option<Value>| match v {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        let device_code = text(members.device_code)
            .map(SecretString::new)
            .ok_or_else(|| missing("device_code"))?;
        let user_code = text(members.user_code).ok_or_else(|| missing("user_code"))?;
        let verification_uri = text(members.verification_uri)
            .or_else(|| text(members.verification_url))
            .ok_or_else(|| missing("verification_uri"))?;
        let unusable = |field: &str| {
            protocol(format!(
                "The device-code answer from {host} has an unusable '{field}' (not a number of seconds)."
            ))
        };
        let expires_in = members.expires_in.ok_or_else(|| missing("expires_in"))?;
        let expires_in = seconds(&expires_in, LIFETIME_BOUNDS.0, LIFETIME_BOUNDS.1)
            .map_err(|_| unusable("expires_in"))?;
        let interval = match members.interval {
            None | Some(Value::Null) => DEFAULT_INTERVAL,
            Some(v) => seconds(&v, INTERVAL_BOUNDS.0, INTERVAL_BOUNDS.1)
                .map_err(|_| unusable("interval"))?,
        };
        let message = text(members.message).unwrap_or_else(|| {
            format!("To sign in, use a web browser to open the page {verification_uri} and enter the code {user_code} to authenticate.")
        });
        Ok(DeviceCode {
            device_code,
            user_code,
            verification_uri,
            expires_in,
            interval,
            message,
        })
    }
}
