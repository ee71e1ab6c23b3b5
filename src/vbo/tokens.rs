//! `VboTokens`: VBO's answer to a token request, every member it returned, the tokens kept
//! in wiped-on-drop strings.

use crate::failure::Failure;
use crate::http::Reply;
use crate::secret::SecretString;
use crate::status::Status;
use crate::time::rfc3339_after;
use crate::wire_numbers::seconds;
use serde_json::{Map, Value};
use std::fmt;
use std::time::Duration;

/// Bounds on a VBO access token's announced lifetime, for `expires_at`.
const LIFETIME_BOUNDS: (Duration, Duration) =
    (Duration::ZERO, Duration::from_secs(366 * 24 * 3600));

/// One member of VBO's token answer.
#[derive(Clone, PartialEq)]
pub enum Member {
    /// A token: wiped on drop, never shown by `Debug`.
    Secret(SecretString),
    /// Anything else, as VBO sent it.
    Plain(Value),
}

/// VBO's tokens for an organization (`OAuthTokenResponse`, docs/PROTOCOL.md §2.4).
#[derive(Clone, PartialEq)]
pub struct VboTokens {
    /// Every member VBO returned, in its order.
    members: Vec<(String, Member)>,
    /// The REST API version that answered.
    pub api_version: u8,
    /// When the access token expires, RFC 3339 UTC (from `expires_in`).
    pub expires_at: Option<String>,
    /// Set when certificate checks were off.
    pub warning: Option<&'static str>,
}

impl VboTokens {
    /// Reads a 200 answer of `/vN/token` from `host`.
    pub(crate) fn from_reply(
        reply: &Reply,
        host: &str,
        api_version: u8,
    ) -> Result<VboTokens, Failure> {
        let protocol = |what: String| Failure::new(Status::Protocol, what).http_status(200);
        let map: Map<String, Value> = reply
            .text()
            .filter(|t| t.trim_start().starts_with('{'))
            .and_then(|t| serde_json::from_str(t).ok())
            .ok_or_else(|| {
                protocol(format!(
                    "{host} answered the token request with 200 but not with a JSON object."
                ))
            })?;
        let mut expires_at = None;
        let members: Vec<(String, Member)> = map
            .into_iter()
            .map(|(key, value)| {
                if key == "expires_in" {
                    expires_at = seconds(&value, LIFETIME_BOUNDS.0, LIFETIME_BOUNDS.1)
                        .ok()
                        .map(rfc3339_after);
                }
                let member = match value {
                    Value::String(s) if is_secret(&key) => Member::Secret(SecretString::new(s)),
                    other => Member::Plain(other),
                };
                (key, member)
            })
            .collect();
        let tokens = VboTokens {
            members,
            api_version,
            expires_at,
            warning: None,
        };
        if tokens.access_token().is_empty() {
            return Err(protocol(format!(
                "{host} answered the token request without an access_token."
            )));
        }
        Ok(tokens)
    }

    /// The Bearer token for API calls.
    pub fn access_token(&self) -> &str {
        self.secret("access_token").unwrap_or_default()
    }

    /// The token for the next refresh.
    pub fn refresh_token(&self) -> Option<&str> {
        self.secret("refresh_token")
    }

    /// The signed-in user (`userName`).
    pub fn user_name(&self) -> Option<&str> {
        match self.member("userName")? {
            Member::Plain(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The API version as it appears in paths, e.g. `v8`.
    pub fn api_version_name(&self) -> String {
        format!("v{}", self.api_version)
    }

    /// Every member VBO returned, in its order.
    pub fn members(&self) -> impl Iterator<Item = (&str, &Member)> {
        self.members.iter().map(|(k, m)| (k.as_str(), m))
    }

    fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }

    fn secret(&self, key: &str) -> Option<&str> {
        match self.member(key)? {
            Member::Secret(s) => Some(s.expose()),
            Member::Plain(_) => None,
        }
    }
}

/// Members that hold credentials.
fn is_secret(key: &str) -> bool {
    key.ends_with("_token") || key == "assertion"
}

impl fmt::Debug for VboTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VboTokens")
            .field("api_version", &self.api_version)
            .field("user_name", &self.user_name())
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}
