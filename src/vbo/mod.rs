//! The VBO (Veeam Backup for Microsoft 365) REST half: the `/vN/token` exchange, refresh,
//! and authenticated API calls (docs/PROTOCOL.md §2–3).
//!
//! `VboServer` owns what every call does: send, sort the answer, and turn a refusal into a
//! failure with what VBO said. `token` holds the token requests (exchange, refresh, version
//! fallback), `api` the Bearer calls, `tokens` and `ApiReply` the typed results, `error_body`
//! VBO's error bodies.

mod api;
mod error_body;
mod token;
mod tokens;

pub use api::{ApiBody, ApiReply};
pub(crate) use api::{RawApiReply, RawBody};
pub use tokens::{Member, VboTokens};

use crate::args;
use crate::failure::Failure;
use crate::http::{self, Answer, Reply, Retry};
use crate::options::VboOptions;
use crate::redact::Redactor;
use crate::url::{parse_base_url, BaseUrl};
use http::Connection;
use reqwest::RequestBuilder;
use std::sync::Arc;
use token::{check_assertion, TokenGrant};

/// VBO's REST API port when the URL names none.
pub const DEFAULT_VBO_PORT: u16 = 4443;

/// A checked VBO connection: base URL, options and the pooled client.
struct VboServer<'a> {
    base: BaseUrl,
    options: &'a VboOptions,
    client: Connection,
}

/// Why a VBO call failed.
enum CallError {
    /// No usable answer: a transport failure, a redirect, an HTML page.
    Unusable(Failure),
    /// The path's API version is not served (see `is_unserved`); the failure says what came.
    Unserved(Failure),
    /// VBO answered 4xx or 5xx.
    Refused(Failure),
}

impl CallError {
    fn into_failure(self) -> Failure {
        match self {
            CallError::Unusable(f) | CallError::Unserved(f) | CallError::Refused(f) => f,
        }
    }
}

/// The shapes of "this API version is not served here": a 404 of any kind (VBO's own, or the
/// HTML page Windows' HTTP server sends when no application claims the URL), or the 400
/// `UnsupportedApiVersion` an ASP.NET versioned route answers (docs/PROTOCOL.md §2.8).
fn is_unserved(reply: &Reply) -> bool {
    #[derive(serde::Deserialize)]
    struct VersioningError {
        error: VersioningCode,
    }
    #[derive(serde::Deserialize)]
    struct VersioningCode {
        code: String,
    }
    reply.status == 404
        || (reply.status == 400
            && reply
                .text()
                .and_then(|t| serde_json::from_str::<VersioningError>(t).ok())
                .is_some_and(|e| e.error.code == "UnsupportedApiVersion"))
}

impl<'a> VboServer<'a> {
    fn open(vbo_url: &str, options: &'a VboOptions) -> Result<VboServer<'a>, Failure> {
        let base = parse_base_url("vbo_url", vbo_url, Some(DEFAULT_VBO_PORT))?;
        let client = http::client_for(&options.transport, &base)?;
        Ok(VboServer {
            base,
            options,
            client,
        })
    }

    fn host(&self) -> &str {
        self.base.host()
    }

    /// Sends `request` (to `url`) and sorts the answer: 2xx is the reply; a redirect,
    /// an HTML page or a transport failure is unusable; 4xx/5xx is refused, with what VBO
    /// said (`secrets` redacted from it). `what` names the request in a refusal (written only
    /// when there is one).
    fn call(
        &self,
        request: RequestBuilder,
        url: &str,
        retry: Retry,
        what: impl Fn() -> String,
        secrets: &Arc<Redactor>,
    ) -> Result<Reply, CallError> {
        let host = self.host();
        let reply =
            http::send_blocking(request, host, retry, secrets).map_err(CallError::Unusable)?;
        let unserved = is_unserved(&reply);
        let sorted = match Answer::of(&reply, url, host) {
            Answer::Redirect(f) | Answer::Html(f) => Err(CallError::Unusable(f)),
            Answer::OAuthError(oauth) if reply.status >= 400 => Err(CallError::Refused(
                error_body::refusal(&reply, Some(oauth), &what()),
            )),
            _ if reply.status >= 400 => Err(CallError::Refused(error_body::refusal(
                &reply,
                None,
                &what(),
            ))),
            _ => Ok(()),
        };
        match sorted {
            Ok(()) => Ok(reply),
            Err(e) if unserved => Err(CallError::Unserved(e.into_failure())),
            Err(e) => Err(e),
        }
    }

    /// Adds the loud warning to a failure when certificate checks are off.
    fn decorate(&self, mut failure: Failure) -> Failure {
        failure.warning = self.options.warning();
        failure
    }
}

/// Exchanges Microsoft's token response (`assertion`, the text exactly as received) for VBO
/// tokens of `organization`.
pub fn exchange_vbo_token(
    vbo_url: &str,
    organization: &str,
    assertion: &str,
    options: &VboOptions,
) -> Result<VboTokens, Failure> {
    let server = VboServer::open(vbo_url, options)?;
    args::check_organization(organization)
        .and_then(|_| check_assertion(assertion))
        .map_err(|f| server.decorate(f))?;
    server.token_request(TokenGrant::Assertion {
        organization,
        assertion,
    })
}

/// Trades a VBO refresh token for a new token pair.
pub fn refresh_vbo_token(
    vbo_url: &str,
    refresh_token: &str,
    options: &VboOptions,
) -> Result<VboTokens, Failure> {
    let server = VboServer::open(vbo_url, options)?;
    if refresh_token.trim().is_empty() {
        return Err(server.decorate(Failure::invalid("refresh_token is empty.")));
    }
    server.token_request(TokenGrant::Refresh { refresh_token })
}

/// Calls the VBO REST API with a VBO access token: `{method} {vbo_url}/{version}{path}`, with
/// `body_json` (JSON text) as the body when given.
pub fn vbo_request(
    vbo_url: &str,
    access_token: &str,
    method: &str,
    path: &str,
    body_json: Option<&str>,
    options: &VboOptions,
) -> Result<ApiReply, Failure> {
    vbo_request_raw(vbo_url, access_token, method, path, body_json, options)
        .map(RawApiReply::into_reply)
}

/// `vbo_request` with the body as received (the C ABI's form).
pub(crate) fn vbo_request_raw(
    vbo_url: &str,
    access_token: &str,
    method: &str,
    path: &str,
    body_json: Option<&str>,
    options: &VboOptions,
) -> Result<RawApiReply, Failure> {
    let server = VboServer::open(vbo_url, options)?;
    let request = api::ApiRequest::new(&server, access_token, method, path, body_json)
        .map_err(|f| server.decorate(f))?;
    server.send_api(request)
}

#[cfg(fuzzing)]
pub(crate) use token::check_assertion as check_fuzzed_assertion;

/// Feeds a fuzzed reply to every reader of VBO's answers.
#[cfg(fuzzing)]
pub(crate) fn read_fuzzed_replies(reply: &Reply, host: &str) {
    let _ = VboTokens::from_reply(reply, host, 8);
    let _ = error_body::refusal(reply, None, "fuzz");
}
