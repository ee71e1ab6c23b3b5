//! How the simulated VBO words its refusals where the wording is configurable: `/vN/token`
//! rejections ([`VboTokenErrors`]) and paths of an API version it does not serve
//! ([`UnservedVersionAnswer`]).

use serde_json::json;

use crate::config::{UnservedVersionAnswer, VboTokenErrors};
use crate::request::Request;
use crate::state::Shared;
use crate::wire::{self, Reply};

/// A refused `/vN/token` request, before it is worded.
#[derive(Debug)]
pub struct Rejection {
    /// OAuth `error` (RFC 6749 §5.2), one an OWIN OAuth server uses: `invalid_request`,
    /// `invalid_client`, `invalid_grant` or `unsupported_grant_type`.
    pub error: &'static str,
    /// Human text (invented: VBO's texts are undocumented); never quotes a token.
    pub message: String,
    /// Status in the `RESTExceptionInfo` wording (400, or 415 for a media type).
    pub rest_status: u16,
}

impl Rejection {
    /// A rejection answered 400 in the `RESTExceptionInfo` wording too.
    pub fn new(error: &'static str, message: impl Into<String>) -> Rejection {
        Rejection {
            error,
            message: message.into(),
            rest_status: 400,
        }
    }

    /// The reply in the configured wording.
    pub fn reply(&self, shared: &Shared, version: u32) -> Reply {
        match shared.config.vbo_token_errors {
            // OWIN answers every token-endpoint error 400 (RFC 6749 §5.2 allows 401 for
            // invalid_client; OWIN does not use it).
            VboTokenErrors::OAuth => oauth_error(400, self.error, &self.message),
            VboTokenErrors::RestExceptionInfo => {
                wire::vbo_error(version, self.rest_status, &self.message, None)
            }
            VboTokenErrors::Empty401 => Reply::empty(401),
        }
    }
}

/// An OAuth-style VBO token error: `{"error", "error_description"}` with OWIN's no-cache
/// headers.
pub fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &json!({ "error": error, "error_description": description }),
    )
    .header("cache-control", "no-cache")
    .header("pragma", "no-cache")
    .header("expires", "-1")
}

/// The body Windows' HTTP.sys sends for a URL no application registered (observed from
/// Windows servers; the two DOCTYPE strings are run together exactly as HTTP.sys writes
/// them).
pub const HTTP_SYS_NOT_FOUND: &str = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Not Found</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Not Found</h2>\r\n<hr><p>HTTP Error 404. The requested resource is not found.</p>\r\n</BODY></HTML>\r\n";

/// 404 as ASP.NET Web API words it when no route matches, in `RESTExceptionInfo` of
/// `version`.
pub fn no_route(shared: &Shared, version: u32, req: &Request) -> Reply {
    wire::vbo_error(
        version,
        404,
        &format!(
            "No HTTP resource was found that matches the request URI '{}{}'.",
            shared.base_url, req.path
        ),
        None,
    )
}

/// The answer to any `/v{version}/...` path when `version` is not served.
pub fn unserved_version(shared: &Shared, version: u32, req: &Request) -> Reply {
    match shared.config.unserved_version_answer {
        UnservedVersionAnswer::NotFound => no_route(shared, shared.config.newest_version(), req),
        // ASP.NET API Versioning's error shape (its ErrorResponse: code, message,
        // innerError), not observed from VBO.
        UnservedVersionAnswer::UnsupportedApiVersion => Reply::json(
            400,
            &json!({"error": {
                "code": "UnsupportedApiVersion",
                "message": format!(
                    "The HTTP resource that matches the request URI '{}{}' does not support the API version '{version}'.",
                    shared.base_url, req.path
                ),
                "innerError": null,
            }}),
        ),
        UnservedVersionAnswer::HttpSysNotFound => Reply::with_body(
            404,
            "text/html; charset=us-ascii",
            HTTP_SYS_NOT_FOUND.as_bytes().to_vec(),
        )
        .header("server", "Microsoft-HTTPAPI/2.0"),
    }
}
