//! `POST /vN/token`: the jwt-bearer exchange and the refresh, newest version first.

use super::tokens::VboTokens;
use super::{CallError, VboServer};
use crate::device_flow::TokenFacts;
use crate::failure::Failure;
use crate::http::{self, Retry};
use crate::options::ApiVersion;
use crate::redact::Redactor;
use crate::secret::SecretString;
use crate::status::Status;
use std::sync::Arc;

const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

impl VboServer<'_> {
    /// POSTs a token request, trying versions newest first and moving on only on 404.
    pub(super) fn token_request(&self, grant: TokenGrant<'_>) -> Result<VboTokens, Failure> {
        let versions = self.options.api_version.candidates();
        let auto = self.options.api_version == ApiVersion::Auto;
        let what = grant.describe();
        let secrets = Arc::new(grant.secrets());
        for (i, version) in versions.iter().copied().enumerate() {
            let url = self.base.join(&format!("/v{version}/token"));
            let body = SecretString::new(grant.form_body(version));
            let sent = self.call(
                || http::form_post(&self.client, &url, body.expose().to_owned()),
                &url,
                Retry::NotIdempotent,
                &format!("{} refused the {what} (API v{version})", self.host()),
                &secrets,
            );
            let last = i + 1 == versions.len();
            let failure = match sent {
                Ok(reply) => {
                    let mut tokens = VboTokens::from_reply(&reply, self.host(), version)
                        .map_err(|f| self.decorate(f))?;
                    tokens.warning = self.options.warning();
                    return Ok(tokens);
                }
                Err(CallError::Refused(f)) if f.http_status == Some(404) && !last => continue,
                Err(CallError::Refused(f)) if f.http_status == Some(404) && auto => Failure::new(
                    Status::HttpError,
                    format!("{} answered 404 for every API version from v8 to v4: this does not look like a VBO REST API.", self.host()),
                )
                .http_status(404)
                .hint("Check the host and port (VBO's REST API listens on 4443 by default) and that the REST API is enabled on the server."),
                Err(CallError::Refused(mut f)) => {
                    if f.status == Status::VboRejected {
                        let hint = grant.rejection_hint(&f);
                        f = f.hint(hint);
                    }
                    f.api_version = Some(version);
                    f
                }
                Err(CallError::Unusable(f)) => f,
            };
            return Err(self.decorate(failure));
        }
        Err(self.decorate(Failure::new(Status::Internal, "No API version was tried.")))
    }
}

/// What a token request asks for.
pub(super) enum TokenGrant<'a> {
    Assertion {
        organization: &'a str,
        assertion: &'a str,
    },
    Refresh {
        refresh_token: &'a str,
    },
}

impl TokenGrant<'_> {
    fn form_body(&self, version: u8) -> String {
        let mut pairs: Vec<(&str, &str)> = match self {
            TokenGrant::Assertion {
                organization,
                assertion,
            } => vec![
                ("grant_type", JWT_BEARER_GRANT),
                ("client_id", organization),
                ("assertion", assertion),
            ],
            TokenGrant::Refresh { refresh_token } => {
                vec![
                    ("grant_type", "refresh_token"),
                    ("refresh_token", refresh_token),
                ]
            }
        };
        if version >= 7 {
            pairs.push(("disable_antiforgery_token", "true"));
        }
        http::form_body(&pairs)
    }

    /// What the request carries that no answer may echo back.
    fn secrets(&self) -> Redactor {
        match self {
            TokenGrant::Assertion { assertion, .. } => Redactor::none().json_secret(assertion),
            TokenGrant::Refresh { refresh_token } => Redactor::none().secret(refresh_token),
        }
    }

    fn describe(&self) -> String {
        match self {
            TokenGrant::Assertion { organization, .. } => {
                format!("sign-in of organization '{organization}'")
            }
            TokenGrant::Refresh { .. } => "token refresh".into(),
        }
    }

    fn rejection_hint(&self, refusal: &Failure) -> String {
        match self {
            TokenGrant::Refresh { .. } => "The VBO refresh token is no longer valid (expired, already used, or logged out): sign in again with a new device code.".into(),
            TokenGrant::Assertion { organization, .. } => {
                let said = refusal.vbo_message.as_deref().unwrap_or("").to_ascii_lowercase();
                if said.contains("disabled") || said.contains("not enabled") {
                    "Enable tenant authentication on the VBO server: General Options > Authentication > \"Enable tenants authentication with organization credentials\" (it needs a certificate), then try again.".into()
                } else if said.contains("organization") && (said.contains("not found") || said.contains("not exist")) {
                    format!("VBO knows no organization named exactly '{organization}': give the name as it appears in VBO, letter case included (usually the *.onmicrosoft.com name).")
                } else {
                    format!("Check that '{organization}' is the organization name exactly as registered in VBO (letter case matters), that tenant authentication with organization credentials is enabled on the server, and that the person signed in to that organization's own tenant with the application used to add it.")
                }
            }
        }
    }
}

/// Checks that the assertion is a Microsoft token response VBO can use.
pub(crate) fn check_assertion(assertion: &str) -> Result<(), Failure> {
    let not_usable = |why: &str| {
        Failure::invalid(format!(
            "assertion_json {why}: pass Microsoft's token response exactly as the sign-in returned it."
        ))
    };
    let facts = TokenFacts::read(assertion).ok_or_else(|| not_usable("is not a JSON object"))?;
    if !facts.has_access_token {
        return Err(not_usable("has no access_token"));
    }
    if !facts.has_refresh_token {
        return Err(
            Failure::invalid("assertion_json has no refresh_token, and VBO requires one.").hint(
                "Sign in again with a scope that includes offline_access (the default scope does).",
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assertion_checks() {
        assert!(check_assertion(r#"{"access_token":"a","refresh_token":"r"}"#).is_ok());
        let e = check_assertion(r#"{"access_token":"a"}"#).unwrap_err();
        assert!(e.hint.unwrap().contains("offline_access"));
        assert!(check_assertion("[1]").is_err());
        assert!(check_assertion("not json").is_err());
    }

    #[test]
    fn antiforgery_only_from_v7() {
        let g = TokenGrant::Refresh {
            refresh_token: "r+t",
        };
        assert_eq!(
            g.form_body(6),
            "grant_type=refresh_token&refresh_token=r%2Bt"
        );
        assert!(g.form_body(7).ends_with("&disable_antiforgery_token=true"));
    }
}
