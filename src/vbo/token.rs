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

/// The versions that have `/vN/ServiceInstance` (the OpenAPI files of v6, v7 and v8): an
/// anonymous GET there tells whether a version is served without sending any secret.
const PROBED: [u8; 3] = [8, 7, 6];

impl VboServer<'_> {
    /// POSTs a token request. With `api_version: auto`, the newest served version is found
    /// first by probing (`probe`), from v8 down; when none of v8–v6 is served, v5 and v4 are
    /// tried at `/token` itself. A version that still answers "not served" at `/token` moves
    /// on to the next one (a safety net; every other answer ends the search).
    pub(super) fn token_request(&self, grant: TokenGrant<'_>) -> Result<VboTokens, Failure> {
        let versions = match self.options.api_version {
            ApiVersion::Fixed(v) => vec![v],
            ApiVersion::Auto => self.served_versions()?,
        };
        let auto = self.options.api_version == ApiVersion::Auto;

        let secrets = Arc::new(grant.secrets());
        for (i, version) in versions.iter().copied().enumerate() {
            let path = format!("/v{version}/token");
            let url = self.base.join(&path);
            let body = SecretString::new(grant.form_body(version));
            let sent = self.call(
                http::form_post(&self.client, self.base.url(&path), body),
                &url,
                Retry::NotIdempotent,
                || {
                    format!(
                        "{} refused the {} (API v{version})",
                        self.host(),
                        grant.describe()
                    )
                },
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
                Err(CallError::Unserved(_)) if !last => continue,
                Err(CallError::Unserved(f)) if auto => no_vbo_here(self.host(), f.http_status),
                Err(CallError::Refused(mut f)) => {
                    if f.status == Status::VboRejected {
                        let hint = grant.rejection_hint(&f);
                        f = f.hint(hint);
                    }
                    f.api_version = Some(version);
                    f
                }
                Err(e) => e.into_failure(),
            };
            return Err(self.decorate(failure));
        }
        Err(self.decorate(Failure::new(Status::Internal, "No API version was tried.")))
    }

    /// The versions worth a token request, newest first: the first of v8, v7, v6 whose
    /// `ServiceInstance` answers (401 or 200), and the older ones after it; v5 and v4 when
    /// none does.
    fn served_versions(&self) -> Result<Vec<u8>, Failure> {
        for version in PROBED {
            if self.probe(version)? {
                return Ok((4..=version).rev().collect());
            }
        }
        Ok(vec![5, 4])
    }

    /// Whether `version` is served: an anonymous `GET /vN/ServiceInstance` answers 401 (or
    /// 200, or 403) on a served version, "not served" otherwise.
    fn probe(&self, version: u8) -> Result<bool, Failure> {
        let path = format!("/v{version}/ServiceInstance");
        let url = self.base.join(&path);
        let probed = self.call(
            self.client
                .request(reqwest::Method::GET, self.base.url(&path))
                .header(reqwest::header::ACCEPT, "application/json"),
            &url,
            Retry::Idempotent,
            || format!("{} answered the API version check (GET {url})", self.host()),
            &Arc::new(Redactor::none()),
        );
        match probed {
            Ok(_) => Ok(true),
            Err(CallError::Refused(f)) if matches!(f.http_status, Some(401 | 403)) => Ok(true),
            Err(CallError::Unserved(_)) => Ok(false),
            Err(e) => Err(self.decorate(e.into_failure())),
        }
    }
}

fn no_vbo_here(host: &str, last_status: Option<u16>) -> Failure {
    let mut failure = Failure::new(
        Status::HttpError,
        format!("{host} serves none of the VBO REST API versions v8 to v4: this does not look like a VBO REST API."),
    );
    failure.http_status = last_status;
    failure
    .hint("Check the host and port (VBO's REST API listens on 4443 by default) and that the REST API is enabled on the server.")
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

    /// The fix for a refused token request, from what VBO said: the OAuth `error` of its
    /// token endpoint, or the words of a `RESTExceptionInfo` (docs/PROTOCOL.md §2.6).
    fn rejection_hint(&self, refusal: &Failure) -> String {
        let TokenGrant::Assertion { organization, .. } = self else {
            return "The VBO refresh token is no longer valid (expired, already used, or logged out): sign in again with a new device code.".into();
        };
        let error = refusal.oauth.as_ref().map_or("", |o| o.error.as_str());
        let said = refusal
            .vbo_message
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let disabled = said.contains("disabled") || said.contains("not enabled");
        let unknown_organization = said.contains("organization")
            && (said.contains("not found") || said.contains("not exist"));
        if matches!(error, "unsupported_grant_type" | "unauthorized_client") || disabled {
            "Enable tenant authentication on the VBO server: General Options > Authentication > \"Enable tenants authentication with organization credentials\" (it needs a certificate), then try again.".into()
        } else if error == "invalid_client" || unknown_organization {
            format!("VBO knows no organization named exactly '{organization}': client_id must be the organization name as added in VBO, letter case included (usually the *.onmicrosoft.com name).")
        } else if error == "invalid_grant" {
            "VBO could not use the Microsoft sign-in: the VBO server itself must reach login.microsoftonline.com to check it, and the person must sign in to the organization's own tenant with the application used to add the organization to VBO.".into()
        } else {
            format!("After a good Microsoft sign-in this usually means: client_id must be the organization name as added in VBO ('{organization}', letter case included); tenant authentication with organization credentials must be enabled on the server; the VBO server itself must reach login.microsoftonline.com; and the person must sign in to that organization's own tenant with the application used to add it.")
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
