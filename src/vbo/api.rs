//! Bearer calls to the VBO REST API: argument checks, the version prefix, the result shape.

use super::error_body::VboError;
use super::VboServer;
use crate::error::Failure;
use crate::http;
use crate::http_errors;
use crate::options::ApiVersion;
use crate::outcome::Outcome;
use crate::runtime;
use crate::secret::SecretString;
use crate::status::Status;
use serde_json::{Map, Value};

pub(super) struct ApiRequest {
    method: reqwest::Method,
    url: String,
    bearer: SecretString,
    body: Option<String>,
}

pub(super) fn prepare_request(
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
    pub(super) fn send_api(&self, request: ApiRequest) -> Outcome {
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
        if let Some(failure) = http_errors::unusable_answer(&reply, &request.url, host) {
            return self.fail(failure);
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
}
