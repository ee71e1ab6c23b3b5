//! Microsoft identity platform error bodies (RFC 6749 §5.2 plus Microsoft's members) and the
//! hints for well-known AADSTS codes.

use crate::error::Failure;
use crate::http::Reply;
use crate::status::Status;
use serde_json::Value;

/// An OAuth error answer from the identity platform.
pub struct IdpError {
    pub error: String,
    pub description: Option<String>,
    pub codes: Vec<i64>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
    pub http_status: u16,
}

impl IdpError {
    /// Reads `{"error": ...}` from a reply; None when the body is not an OAuth error.
    pub fn from_reply(reply: &Reply) -> Option<IdpError> {
        let value = reply.json()?;
        let error = value.get("error")?.as_str()?.to_owned();
        let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(IdpError {
            error,
            description: text("error_description"),
            codes: value
                .get("error_codes")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default(),
            trace_id: text("trace_id"),
            correlation_id: text("correlation_id"),
            timestamp: text("timestamp"),
            http_status: reply.status,
        })
    }

    /// The first line of `error_description` (the AADSTS sentence), if any.
    pub fn summary(&self) -> Option<&str> {
        self.description
            .as_deref()
            .and_then(|d| d.lines().next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// A `Failure` with `status`, a sentence, the identity platform's details and a hint.
    pub fn to_failure(&self, status: Status, what: &str) -> Failure {
        let message = match self.summary() {
            Some(summary) => format!("{what}: {} ({summary})", self.error),
            None => format!("{what}: {}.", self.error),
        };
        let mut failure = Failure::new(status, message)
            .with("http_status", self.http_status)
            .with("error", self.error.clone())
            .with("error_description", self.description.clone())
            .with("error_codes", self.codes.clone())
            .with("trace_id", self.trace_id.clone())
            .with("correlation_id", self.correlation_id.clone())
            .with("timestamp", self.timestamp.clone());
        if let Some(hint) = self.hint() {
            failure = failure.hint(hint);
        }
        failure
    }

    fn hint(&self) -> Option<&'static str> {
        self.codes
            .iter()
            .find_map(|c| hint_for_code(*c))
            .or_else(|| hint_for_error(&self.error))
    }
}

/// The fix for an AADSTS code (PROTOCOL.md §1.7). Microsoft changes these texts: hints only.
pub fn hint_for_code(code: i64) -> Option<&'static str> {
    Some(match code {
        90002 => "Tenant not found: check the spelling of the tenant, or the tenant lives in another cloud (set the 'cloud' option).",
        90038 => "The tenant belongs to another national cloud: set the 'cloud' option (usgov, china) or authority_host.",
        50194 | 9001023 => "Use the tenant's own domain or GUID as tenant, not /common.",
        700016 => "The application ID was not found in this tenant: wrong client_id, wrong tenant, or the app was never consented there.",
        7000218 => "The app registration must allow public client flows (Entra admin center > App registrations > Authentication > Allow public client flows = Yes), or use a public client ID.",
        700025 => "Public clients must not send a client secret.",
        65001 => "The permissions were not consented: an administrator must grant consent for the application in this tenant.",
        50076 | 50079 => "Multi-factor authentication must be completed (or registered) in the browser during the sign-in.",
        53003 => "Blocked by Conditional Access: device-code sign-in is often blocked by policy; a tenant administrator must allow it for this user or app.",
        530035 => "Blocked by the tenant's security defaults: an administrator must allow this sign-in.",
        50196 => "Loop detected: too many identical requests were sent in a short time; wait a few minutes before signing in again.",
        50134 => "The approving user signed in on a different cloud or datacenter than the request.",
        70018 | 70019 | 54005 | 70000 | 90120 => "The code was mistyped, has expired, or was already used: start a new sign-in.",
        50173 | 700082 | 70043 => "The grant was revoked, expired through inactivity, or a sign-in frequency policy applies: sign in again.",
        _ => return None,
    })
}

fn hint_for_error(error: &str) -> Option<&'static str> {
    Some(match error {
        "invalid_client" => "The application is not set up as a public client: allow public client flows on the app registration, or use a public client ID.",
        "unauthorized_client" => "The application is unknown or disabled in this tenant: check client_id and tenant.",
        "invalid_scope" => "One of the requested scopes is not valid for this application.",
        "interaction_required" => "The tenant requires something only the browser can do (MFA, terms, a policy): finish it in the browser and try again.",
        "invalid_grant" => "This sign-in can no longer be completed: start a new one.",
        "bad_verification_code" => "The device code was not recognized: start a new sign-in.",
        _ => return None,
    })
}
