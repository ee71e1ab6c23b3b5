//! The identity platform's OAuth errors as failures, with the hints for well-known AADSTS codes
//! (docs/PROTOCOL.md §1.5–1.7).

use crate::failure::{Failure, OAuthError};
use crate::status::Status;

/// The failure for an identity-platform error: `what` as the sentence, the AADSTS summary
/// after it, every detail, and the hint for a well-known code.
pub fn idp_failure(oauth: OAuthError, status: Status, http_status: u16, what: &str) -> Failure {
    let message = match summary(&oauth) {
        Some(summary) => format!("{what}: {} ({summary})", oauth.error),
        None => format!("{what}: {}.", oauth.error),
    };
    let hint = oauth
        .error_codes
        .iter()
        .find_map(|c| hint_for_code(*c))
        .or_else(|| hint_for_error(&oauth.error));
    let mut failure = Failure::new(status, message).http_status(http_status);
    if let Some(hint) = hint {
        failure = failure.hint(hint);
    }
    failure.oauth = Some(oauth);
    failure
}

/// The first line of `error_description` (the AADSTS sentence), if any.
fn summary(oauth: &OAuthError) -> Option<&str> {
    oauth
        .error_description
        .as_deref()
        .and_then(|d| d.lines().next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The fix for an AADSTS code (docs/PROTOCOL.md §1.7). Microsoft changes these texts: hints only.
pub fn hint_for_code(code: i64) -> Option<&'static str> {
    Some(match code {
        90002 => "Tenant not found: check the spelling of the tenant, or the tenant lives in another cloud (set the 'cloud' option).",
        90038 => "The tenant belongs to another national cloud: set the 'cloud' option (usgov, china) or authority_host.",
        50194 | 9001023 => "Use the tenant's own domain or GUID as tenant, not /common.",
        700016 => "The application ID was not found in this tenant: wrong client_id, wrong tenant, or the app was never consented there.",
        7000218 => "The app registration must allow public client flows (Entra admin center > App registrations > Authentication > Allow public client flows = Yes), or use a public client ID.",
        700025 => "Public clients must not send a client secret.",
        65001 => "The permissions were not consented: an administrator must grant consent for the application in this tenant.",
        65002 => "The default client (Microsoft's Azure CLI app) is not pre-authorized for this scope: use the default scope, or your organization's own app registration as client_id.",
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
