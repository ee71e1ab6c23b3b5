//! `POST /vN/token`: the jwt-bearer exchange and the refresh, newest version first.

use super::error_body::VboError;
use super::VboServer;
use crate::error::Failure;
use crate::http::{self, Reply};
use crate::http_errors;
use crate::options::ApiVersion;
use crate::outcome::Outcome;
use crate::runtime;
use crate::secret::SecretString;
use crate::status::Status;
use crate::time::rfc3339_after;
use serde_json::{Map, Value};
use std::time::Duration;

const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

impl VboServer {
    /// POSTs a token request, trying versions newest first and moving on only on 404.
    pub(super) fn token_request(&self, grant: TokenGrant<'_>) -> Outcome {
        let versions = self.options.api_version.candidates();
        let auto = self.options.api_version == ApiVersion::Auto;
        for (i, version) in versions.iter().copied().enumerate() {
            let url = self.base.join(&format!("/v{version}/token"));
            let body = SecretString::new(grant.form_body(version));
            let sent = runtime::block_on(http::send_with_retry(
                || {
                    self.client
                        .post(&url)
                        .header(
                            reqwest::header::CONTENT_TYPE,
                            "application/x-www-form-urlencoded",
                        )
                        .header(reqwest::header::ACCEPT, "application/json")
                        .body(body.expose().to_owned())
                },
                self.host(),
            ));
            let reply = match sent {
                Ok(reply) => reply,
                Err(failure) => return self.fail(failure),
            };
            let last = i + 1 == versions.len();
            if reply.status == 404 && !last {
                continue;
            }
            if reply.status == 404 && auto {
                return self.fail(
                    Failure::new(
                        Status::HttpError,
                        format!("{} answered 404 for every API version from v8 to v4: this does not look like a VBO REST API.", self.host()),
                    )
                    .with("http_status", 404)
                    .hint("Check the host and port (VBO's REST API listens on 4443 by default) and that the REST API is enabled on the server."),
                );
            }
            return self.token_reply(&reply, &url, version, &grant);
        }
        self.fail(Failure::new(Status::Internal, "No API version was tried."))
    }

    fn token_reply(
        &self,
        reply: &Reply,
        url: &str,
        version: u8,
        grant: &TokenGrant<'_>,
    ) -> Outcome {
        let host = self.host();
        if let Some(failure) = http_errors::unusable_answer(reply, url, host) {
            return self.fail(failure);
        }
        if reply.status == 200 {
            let Some(Value::Object(mut result)) = reply.json() else {
                return self.fail(
                    Failure::new(
                        Status::Protocol,
                        format!("{host} answered the token request with 200 but not with a JSON object."),
                    )
                    .with("http_status", 200),
                );
            };
            if !result.get("access_token").is_some_and(Value::is_string) {
                return self.fail(Failure::new(
                    Status::Protocol,
                    format!("{host} answered the token request without an access_token."),
                ));
            }
            result.insert("api_version".into(), format!("v{version}").into());
            if let Some(secs) = expires_in(&result) {
                result.insert(
                    "expires_at".into(),
                    rfc3339_after(Duration::from_secs(secs)).into(),
                );
            }
            self.decorate(&mut result);
            return Outcome::with_value(Status::Ok, &Value::Object(result));
        }
        let details = VboError::from_reply(reply);
        let status = if reply.status < 500 {
            Status::VboRejected
        } else {
            Status::HttpError
        };
        let mut failure = details.to_failure(
            status,
            reply.status,
            &format!("{host} refused the {} (API v{version})", grant.describe()),
        );
        if status == Status::VboRejected {
            failure = failure.hint(grant.rejection_hint(&details));
        }
        self.fail(failure.with("api_version", format!("v{version}")))
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

    fn describe(&self) -> String {
        match self {
            TokenGrant::Assertion { organization, .. } => {
                format!("sign-in of organization '{organization}'")
            }
            TokenGrant::Refresh { .. } => "token refresh".into(),
        }
    }

    fn rejection_hint(&self, details: &VboError) -> String {
        match self {
            TokenGrant::Refresh { .. } => "The VBO refresh token is no longer valid (expired, already used, or logged out): sign in again with a new device code.".into(),
            TokenGrant::Assertion { organization, .. } => {
                let said = details.message.as_deref().unwrap_or("").to_ascii_lowercase();
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

fn expires_in(result: &Map<String, Value>) -> Option<u64> {
    match result.get("expires_in")? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Checks that the assertion is a Microsoft token response VBO can use.
pub(crate) fn check_assertion(assertion_json: &str) -> Result<(), Failure> {
    let not_usable = |why: &str| {
        Failure::invalid(format!(
            "assertion_json {why}: pass the Microsoft token response exactly as vbomfa_poll_token returned it."
        ))
    };
    let value: Value =
        serde_json::from_str(assertion_json).map_err(|_| not_usable("is not JSON"))?;
    let Value::Object(obj) = value else {
        return Err(not_usable("is not a JSON object"));
    };
    let has = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    if !has("access_token") {
        return Err(not_usable("has no access_token"));
    }
    if !has("refresh_token") {
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
        assert!(e.details["hint"]
            .as_str()
            .unwrap()
            .contains("offline_access"));
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
