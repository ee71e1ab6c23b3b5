//! The device authorization request's answer (RFC 8628 §3.2, PROTOCOL.md §1.3).

use crate::error::Failure;
use crate::http::Reply;
use crate::http_errors;
use crate::idp_error::IdpError;
use crate::secret::SecretString;
use crate::status::Status;
use serde_json::Value;
use std::time::Duration;

/// RFC 8628 §3.2: no `interval` means 5 seconds.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// Non-200 answers to the devicecode request.
pub(crate) fn refusal(reply: &Reply, url: &str, host: &str, what: &str) -> Failure {
    if (300..400).contains(&reply.status) {
        return http_errors::redirect_failure(reply, url, host);
    }
    if let Some(idp) = IdpError::from_reply(reply) {
        return idp.to_failure(Status::IdpError, what);
    }
    if reply.is_html() {
        return http_errors::html_failure(reply, host);
    }
    Failure::new(
        Status::HttpError,
        format!("{what}: {host} answered HTTP {}.", reply.status),
    )
    .with("http_status", reply.status)
    .with("body_excerpt", reply.text_excerpt())
}

/// The device authorization response (RFC 8628 §3.2).
pub(crate) struct DeviceCode {
    pub device_code: SecretString,
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: Duration,
    pub interval: Duration,
    pub message: String,
}

impl DeviceCode {
    pub fn parse(reply: &Reply, host: &str) -> Result<DeviceCode, Failure> {
        let Some(Value::Object(v)) = reply.json() else {
            if reply.is_html() {
                return Err(http_errors::html_failure(reply, host));
            }
            return Err(Failure::new(
                Status::Protocol,
                format!("{host} answered the device-code request with something that is not a JSON object."),
            ));
        };
        let missing = |field: &str| {
            Failure::new(
                Status::Protocol,
                format!("The device-code answer from {host} lacks '{field}'."),
            )
        };
        let text = |field: &str| {
            v.get(field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let seconds = |field: &str| match v.get(field) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let device_code =
            SecretString::new(text("device_code").ok_or_else(|| missing("device_code"))?);
        let user_code = text("user_code").ok_or_else(|| missing("user_code"))?;
        let verification_uri = text("verification_uri")
            .or_else(|| text("verification_url"))
            .ok_or_else(|| missing("verification_uri"))?;
        let expires_in =
            Duration::from_secs(seconds("expires_in").ok_or_else(|| missing("expires_in"))?);
        let interval = seconds("interval")
            .map(|s| Duration::from_secs(s.max(1)))
            .unwrap_or(DEFAULT_INTERVAL);
        let message = text("message").unwrap_or_else(|| {
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
