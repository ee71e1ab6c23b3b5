//! The VBO (Veeam Backup for Microsoft 365) REST half: the `/vN/token` exchange, refresh,
//! and authenticated API calls (PROTOCOL.md §2–3, vb365-openapi).
//!
//! `token` holds the `/vN/token` requests (exchange, refresh, version fallback), `api` the
//! Bearer calls, `error_body` VBO's error bodies.

mod api;
pub(crate) mod error_body;
pub(crate) mod token;

use crate::args;
use crate::error::Failure;
use crate::http;
use crate::options::{Options, INSECURE_WARNING};
use crate::outcome::Outcome;
use crate::url::{parse_base_url, BaseUrl};
use api::prepare_request;
use reqwest::Client;
use serde_json::{Map, Value};
use token::{check_assertion, TokenGrant};
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
        let client = http::client_for(&options.transport, base.host())?;
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
