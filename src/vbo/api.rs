//! Bearer calls to the VBO REST API: argument checks, the version prefix, the result.

use super::{CallError, VboServer};
use crate::failure::Failure;
use crate::http::Retry;
use crate::options::ApiVersion;
use crate::redact::Redactor;
use crate::secret::SecretString;
use crate::status::Status;
use serde_json::Value;
use std::sync::Arc;

/// The answer to an API call that succeeded (2xx).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiReply {
    /// The HTTP status.
    pub http_status: u16,
    /// The body.
    pub body: ApiBody,
    /// Set when certificate checks were off.
    pub warning: Option<&'static str>,
}

/// The body of an API answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiBody {
    /// No body.
    Empty,
    /// A JSON document.
    Json(Value),
    /// Text that is not JSON.
    Text(String),
}

/// The answer to an API call that succeeded, as the C ABI hands it out: a JSON body is kept as
/// the text received (checked to be JSON, whitespace between its tokens dropped:
/// `json_text::compact`) and never becomes a `Value`, which cost more than the request itself.
pub(crate) struct RawApiReply {
    pub http_status: u16,
    pub body: RawBody,
    pub warning: Option<&'static str>,
}

/// The body of a `RawApiReply`.
pub(crate) enum RawBody {
    Empty,
    /// Compact JSON text (wiped when dropped, like every answer body).
    Json(SecretString),
    Text(String),
}

impl RawApiReply {
    /// The typed reply of the Rust API. A JSON text that serde_json cannot hold as a `Value`
    /// (a number beyond f64) stays text, as before.
    pub(crate) fn into_reply(self) -> ApiReply {
        let body = match self.body {
            RawBody::Empty => ApiBody::Empty,
            RawBody::Json(text) => match serde_json::from_str(text.expose()) {
                Ok(value) => ApiBody::Json(value),
                Err(_) => ApiBody::Text(text.expose().to_owned()),
            },
            RawBody::Text(text) => ApiBody::Text(text),
        };
        ApiReply {
            http_status: self.http_status,
            body,
            warning: self.warning,
        }
    }
}

/// A checked API request.
pub(super) struct ApiRequest {
    method: reqwest::Method,
    url: String,
    /// `url`, parsed once (reqwest takes it as it is).
    parsed: reqwest::Url,
    bearer: SecretString,
    body: Option<String>,
    /// The access token and the body, which no answer may echo back.
    secrets: Arc<Redactor>,
}

impl ApiRequest {
    pub(super) fn new(
        server: &VboServer<'_>,
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
        if access_token.is_empty() || has_space_or_control(access_token) {
            return Err(Failure::invalid(
                "access_token is empty or contains spaces or control characters.",
            ));
        }
        let full_path = versioned_path(path, server.options.api_version)?;
        let url = server.base.join(&full_path);
        let parsed = if is_plain_route(&full_path) {
            // Nothing in it that any parser could read otherwise: made from the parsed
            // origin, without parsing the whole URL (what most calls are, `/v8/Organization`).
            server.base.url(&full_path)
        } else {
            stays_where_it_says(path, &url, &full_path)?
        };
        let body = match body_json {
            None => None,
            Some(text) if text.trim().is_empty() => None,
            Some(text) => {
                serde_json::from_str::<serde::de::IgnoredAny>(text)
                    .map_err(|e| Failure::invalid(format!("body_json is not valid JSON ({e}).")))?;
                Some(text.to_owned())
            }
        };
        let mut secrets = Redactor::none().secret(access_token);
        if let Some(body) = &body {
            secrets = secrets.json_secret(body);
        }
        Ok(ApiRequest {
            method,
            url,
            parsed,
            bearer: SecretString::new(format!("Bearer {access_token}")),
            body,
            secrets: Arc::new(secrets),
        })
    }

    /// Whether the request may be sent again after an answer that says it failed.
    fn retry(&self) -> Retry {
        match self.method {
            reqwest::Method::GET | reqwest::Method::PUT | reqwest::Method::DELETE => {
                Retry::Idempotent
            }
            _ => Retry::NotIdempotent,
        }
    }
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
            "api_version \"auto\" cannot be used for an API call: set the api_version option to the version the token exchange returned, or give the path as /vN/...",
        )),
    }
}

/// The bearer token must reach only `/vN/...` on the server named: the URL as a client or a
/// server normalizes it (`%2e%2e`, `.%2e`, `\\`) must be exactly the path given, and no
/// percent-encoded slash, backslash or dot may remain for a server to decode later.
/// Returns `url` parsed.
fn stays_where_it_says(path: &str, url: &str, full_path: &str) -> Result<reqwest::Url, Failure> {
    let refuse = || {
        Failure::invalid(format!(
            "path \"{}\" is not valid: it leads outside /vN/ once normalized (encoded or backslash path separators and dot segments are not allowed).",
            path.escape_debug()
        ))
    };
    let route = full_path.split('?').next().unwrap_or("");
    let lower = route.to_ascii_lowercase();
    if route.contains('\\') || ["%2f", "%5c", "%2e"].iter().any(|e| lower.contains(e)) {
        return Err(refuse());
    }
    match reqwest::Url::parse(url) {
        Ok(parsed) if parsed.path() == route => Ok(parsed),
        _ => Err(refuse()),
    }
}

/// True for a path of letters, digits, `/`, `-`, `_` and `~` only: no dot, no percent
/// escape, no query, nothing a URL parser or a server normalizes.
fn is_plain_route(path: &str) -> bool {
    path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'~'))
}

/// True when `token` holds a space or a control character (C0, DEL or C1). Tokens are ASCII,
/// so that case is checked a byte at a time.
fn has_space_or_control(token: &str) -> bool {
    if token.is_ascii() {
        token.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        token.chars().any(|c| c.is_control() || c == ' ')
    }
}

fn has_version_prefix(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/v") else {
        return false;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && rest[digits.len()..].starts_with('/')
}

impl VboServer<'_> {
    pub(super) fn send_api(&self, request: ApiRequest) -> Result<RawApiReply, Failure> {
        let host = self.host();
        let what = || format!("{host} refused {} {}", request.method, request.url);
        let mut builder = self
            .client
            .request(request.method.clone(), request.parsed.clone())
            .header(reqwest::header::AUTHORIZATION, request.bearer.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let sent = self.call(
            builder,
            &request.url,
            request.retry(),
            what,
            &request.secrets,
        );
        let reply = match sent {
            Ok(reply) => reply,
            Err(CallError::Refused(f)) if f.http_status == Some(401) => {
                return Err(self.decorate(f.hint(
                    "The VBO access token is invalid or expired: refresh it, or sign in again.",
                )))
            }
            Err(e) => return Err(self.decorate(e.into_failure())),
        };
        let body = if reply.body.is_empty() {
            RawBody::Empty
        } else if let Some(text) = reply.text() {
            match crate::json_text::compact(text) {
                Some(json) => RawBody::Json(SecretString::new(json)),
                None => RawBody::Text(text.to_owned()),
            }
        } else {
            return Err(self.decorate(Failure::new(
                Status::Protocol,
                format!("{host} answered with a body that is neither JSON nor UTF-8 text."),
            )));
        };
        Ok(RawApiReply {
            http_status: reply.status,
            body,
            warning: self.options.warning(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_routes_are_what_parsing_them_gives() {
        let base =
            crate::url::parse_base_url("vbo_url", "https://vbo.example", Some(4443)).unwrap();
        for path in [
            "/v8/Organization",
            "/v8/Organizations/0000-aa_b~c/Users",
            "/v7/Jobs/",
        ] {
            assert!(is_plain_route(path), "{path}");
            let parsed = stays_where_it_says(path, &base.join(path), path).unwrap();
            assert_eq!(base.url(path), parsed, "{path}");
        }
        for path in [
            "/v8/a.b",
            "/v8/a?b=1",
            "/v8/%41",
            "/v8/a\\b",
            "v8/a",
            "/v8/é",
        ] {
            assert!(!is_plain_route(path), "{path}");
        }
    }

    #[test]
    fn tokens_with_spaces_or_controls_are_found() {
        assert!(!has_space_or_control("eyJ0eXAi.abc-def_ghi"));
        for bad in ["a b", "a\tb", "a\u{7f}b", "é\u{85}", "é b"] {
            assert!(has_space_or_control(bad), "{bad:?}");
        }
        assert!(!has_space_or_control("é-token"));
    }

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
        for escape in [
            "/v8/%2e%2e/x",
            "/v8/.%2E/x",
            "/v8/%2e./x",
            "/v8\\..\\x",
            "/v8/a%2Fb",
            "/v8/a%5cb",
        ] {
            let full = versioned_path(escape, ApiVersion::Auto).unwrap_or_else(|_| escape.into());
            let url = format!("https://vbo.example:4443{full}");
            assert!(
                stays_where_it_says(escape, &url, &full).is_err(),
                "{escape}"
            );
        }
        let url = "https://vbo.example:4443/v8/Organization?x=%2F";
        assert!(
            stays_where_it_says("/v8/Organization?x=%2F", url, "/v8/Organization?x=%2F").is_ok()
        );
    }
}
