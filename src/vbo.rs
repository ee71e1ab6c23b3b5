//! The VBO (Veeam Backup for Microsoft 365) REST half: the `/vN/token` exchange, refresh,
//! and authenticated API calls (PROTOCOL.md §2–3, vb365-openapi).

use crate::args;
use crate::error::Failure;
use crate::http::{self, Reply};
use crate::http_errors;
use crate::options::{ApiVersion, Options, INSECURE_WARNING};
use crate::outcome::Outcome;
use crate::runtime;
use crate::secret::SecretString;
use crate::status::Status;
use crate::time::rfc3339_after;
use crate::url::{parse_base_url, BaseUrl};
use reqwest::Client;
use serde_json::{Map, Value};
use std::time::Duration;

const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// VBO's REST API port when the URL names none.
pub const DEFAULT_VBO_PORT: u16 = 4443;

/// A checked VBO connection: base URL, options and the pooled client.
struct VboServer {
    base: BaseUrl,
    options: Options,
    client: Client,
}

impl VboServer {
    fn open(vbo_url: &str, options_json: Option<&str>) -> Result<VboServer, Failure> {
        let base = parse_base_url("vbo_url", vbo_url, Some(DEFAULT_VBO_PORT))?;
        let options = Options::parse(options_json)?;
        let client = http::client_for(&options.transport)?;
        Ok(VboServer {
            base,
            options,
            client,
        })
    }

    fn host(&self) -> &str {
        self.base.host()
    }

    /// Adds the loud warning to a result or error object when certificate checks are off.
    fn decorate(&self, value: &mut Map<String, Value>) {
        if self.options.transport.tls.insecure {
            value.insert("warning".into(), INSECURE_WARNING.into());
        }
    }

    fn fail(&self, failure: Failure) -> Outcome {
        let mut value = failure.to_value();
        if let Value::Object(map) = &mut value {
            self.decorate(map);
        }
        Outcome::with_value(failure.status, &value)
    }

    /// POSTs a token request, trying versions newest first and moving on only on 404.
    fn token_request(&self, grant: TokenGrant<'_>) -> Outcome {
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
        if reply.is_html() {
            return self.fail(http_errors::html_failure(reply, host));
        }
        if (300..400).contains(&reply.status) {
            return self.fail(http_errors::redirect_failure(reply, url, host));
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
enum TokenGrant<'a> {
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

/// An error body from VBO: `RESTExceptionInfo` (`message`, `errorCode`) or OAuth-style
/// (`error`, `error_description`).
struct VboError {
    message: Option<String>,
    error_code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    excerpt: Option<String>,
}

impl VboError {
    fn from_reply(reply: &Reply) -> VboError {
        let value = reply.json();
        let text = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                value
                    .as_ref()?
                    .get(*k)?
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            })
        };
        VboError {
            message: text(&["message", "Message"]),
            error_code: text(&["errorCode"]),
            error: text(&["error"]),
            error_description: text(&["error_description"]),
            excerpt: if value.is_none() && !reply.body.is_empty() {
                Some(reply.text_excerpt())
            } else {
                None
            },
        }
    }

    fn to_failure(&self, status: Status, http_status: u16, what: &str) -> Failure {
        let said = self
            .message
            .as_deref()
            .or(self.error_description.as_deref())
            .or(self.error.as_deref());
        let message = match said {
            Some(text) => format!("{what}: HTTP {http_status}: {text}"),
            None => format!("{what}: HTTP {http_status}."),
        };
        Failure::new(status, message)
            .with("http_status", http_status)
            .with("vbo_message", self.message.clone())
            .with("vbo_error_code", self.error_code.clone())
            .with("error", self.error.clone())
            .with("error_description", self.error_description.clone())
            .with("body_excerpt", self.excerpt.clone())
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
fn check_assertion(assertion_json: &str) -> Result<(), Failure> {
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

/// Exchanges the Microsoft token response for VBO tokens of `organization`.
pub fn exchange_vbo_token(
    vbo_url: &str,
    organization: &str,
    assertion_json: &str,
    options_json: Option<&str>,
) -> Outcome {
    let server = match VboServer::open(vbo_url, options_json) {
        Ok(s) => s,
        Err(f) => return f.into(),
    };
    if let Err(f) =
        args::check_organization(organization).and_then(|_| check_assertion(assertion_json))
    {
        return server.fail(f);
    }
    server.token_request(TokenGrant::Assertion {
        organization,
        assertion: assertion_json,
    })
}

/// Trades a VBO refresh token for a new token pair.
pub fn refresh_vbo_token(
    vbo_url: &str,
    refresh_token: &str,
    options_json: Option<&str>,
) -> Outcome {
    let server = match VboServer::open(vbo_url, options_json) {
        Ok(s) => s,
        Err(f) => return f.into(),
    };
    if refresh_token.trim().is_empty() {
        return server.fail(Failure::invalid("refresh_token is empty."));
    }
    server.token_request(TokenGrant::Refresh { refresh_token })
}

/// Calls the VBO REST API with a VBO access token; see `vbomfa_vbo_request`.
pub fn vbo_request(
    vbo_url: &str,
    access_token: &str,
    method: &str,
    path: &str,
    body_json: Option<&str>,
    options_json: Option<&str>,
) -> Outcome {
    let server = match VboServer::open(vbo_url, options_json) {
        Ok(s) => s,
        Err(f) => return f.into(),
    };
    match prepare_request(&server, access_token, method, path, body_json) {
        Ok(request) => server.send_api(request),
        Err(f) => server.fail(f),
    }
}

struct ApiRequest {
    method: reqwest::Method,
    url: String,
    bearer: SecretString,
    body: Option<String>,
}

fn prepare_request(
    server: &VboServer,
    access_token: &str,
    method: &str,
    path: &str,
    body_json: Option<&str>,
) -> Result<ApiRequest, Failure> {
    let method = match method.to_ascii_uppercase().as_str() {
        "GET" => reqwest::Method::GET,
        "POST" => reqwest::Method::POST,
        "PUT" => reqwest::Method::PUT,
        "PATCH" => reqwest::Method::PATCH,
        "DELETE" => reqwest::Method::DELETE,
        _ => {
            return Err(Failure::invalid(format!(
                "method \"{}\" is not supported: use GET, POST, PUT, PATCH or DELETE.",
                method.escape_debug()
            )))
        }
    };
    if access_token.is_empty() || access_token.chars().any(|c| c.is_control() || c == ' ') {
        return Err(Failure::invalid(
            "access_token is empty or contains spaces or control characters.",
        ));
    }
    let full_path = versioned_path(path, server.options.api_version)?;
    let body = match body_json {
        None => None,
        Some(text) if text.trim().is_empty() => None,
        Some(text) => {
            serde_json::from_str::<Value>(text)
                .map_err(|e| Failure::invalid(format!("body_json is not valid JSON ({e}).")))?;
            Some(text.to_owned())
        }
    };
    Ok(ApiRequest {
        method,
        url: server.base.join(&full_path),
        bearer: SecretString::new(format!("Bearer {access_token}")),
        body,
    })
}

/// `/vN/...` paths are used as given; others get the configured concrete version.
fn versioned_path(path: &str, version: ApiVersion) -> Result<String, Failure> {
    let bad = |why: &str| {
        Failure::invalid(format!(
            "path \"{}\" is not valid: {why}.",
            path.escape_debug()
        ))
    };
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(bad("it must start with a single '/', e.g. /Organization"));
    }
    if path.chars().any(|c| c.is_control() || c.is_whitespace()) || path.contains('#') {
        return Err(bad("spaces, control characters and '#' are not allowed"));
    }
    let route = path.split('?').next().unwrap_or("");
    if route.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(bad("'.' and '..' segments are not allowed"));
    }
    if has_version_prefix(path) {
        return Ok(path.to_owned());
    }
    match version {
        ApiVersion::Fixed(v) => Ok(format!("/v{v}{path}")),
        ApiVersion::Auto => Err(Failure::invalid(
            "api_version \"auto\" cannot be used for an API call: set options {\"api_version\": \"vN\"} to the api_version the token exchange returned, or give the path as /vN/...",
        )),
    }
}

fn has_version_prefix(path: &str) -> bool {
    let rest = match path.strip_prefix("/v") {
        Some(rest) => rest,
        None => return false,
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && rest[digits.len()..].starts_with('/')
}

impl VboServer {
    fn send_api(&self, request: ApiRequest) -> Outcome {
        let host = self.host();
        let sent = runtime::block_on(http::send_with_retry(
            || {
                let mut builder = self
                    .client
                    .request(request.method.clone(), &request.url)
                    .header(reqwest::header::AUTHORIZATION, request.bearer.expose())
                    .header(reqwest::header::ACCEPT, "application/json");
                if let Some(body) = &request.body {
                    builder = builder
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body.clone());
                }
                builder
            },
            host,
        ));
        let reply = match sent {
            Ok(r) => r,
            Err(f) => return self.fail(f),
        };
        if (300..400).contains(&reply.status) {
            return self.fail(http_errors::redirect_failure(&reply, &request.url, host));
        }
        if reply.is_html() {
            return self.fail(http_errors::html_failure(&reply, host));
        }
        if reply.status >= 400 {
            let details = VboError::from_reply(&reply);
            let status = if reply.status < 500 {
                Status::VboRejected
            } else {
                Status::HttpError
            };
            let what = format!("{host} refused {} {}", request.method, request.url);
            let mut failure = details.to_failure(status, reply.status, &what);
            if reply.status == 401 {
                failure = failure.hint("The VBO access token is invalid or expired: refresh it (vbomfa_refresh_vbo_token) or sign in again.");
            }
            return self.fail(failure);
        }
        let body = if reply.body.is_empty() {
            Value::Null
        } else if let Some(value) = reply.json() {
            value
        } else {
            match std::str::from_utf8(&reply.body) {
                Ok(text) => Value::String(text.to_owned()),
                Err(_) => {
                    return self.fail(Failure::new(
                        Status::Protocol,
                        format!("{host} answered with a body that is neither JSON nor UTF-8 text."),
                    ))
                }
            }
        };
        let mut result = Map::new();
        result.insert("http_status".into(), reply.status.into());
        result.insert("body".into(), body);
        self.decorate(&mut result);
        Outcome::with_value(Status::Ok, &Value::Object(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            versioned_path("/v8/Organization", ApiVersion::Auto).unwrap(),
            "/v8/Organization"
        );
        assert_eq!(
            versioned_path("/Organization", ApiVersion::Fixed(7)).unwrap(),
            "/v7/Organization"
        );
        assert!(versioned_path("/Organization", ApiVersion::Auto).is_err());
        assert!(versioned_path("Organization", ApiVersion::Fixed(7)).is_err());
        assert!(versioned_path("//evil.example/x", ApiVersion::Fixed(7)).is_err());
        assert!(versioned_path("/v8/../x", ApiVersion::Auto).is_err());
        assert!(!has_version_prefix("/vault/x"));
    }

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
