//! Echo faults: an error answer that quotes what the client sent, so a client's redaction
//! of secrets in server messages can be tested. Which part of the request is quoted, and in
//! which encoding, is [`EchoForm`]; the answer's body type is [`EchoBody`].
//!
//! Real servers do quote requests in errors now and then (Entra's AADSTS9002313 "Request is
//! malformed" family, proxies and WAFs that reflect the request); where and how much they
//! quote is invented here, the shapes around the quote are each server's own.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::faults::{Endpoint, FaultContext};
use crate::ids;
use crate::request::Request;
use crate::wire::{self, Reply};

/// The body type of an echo answer (all HTTP 400).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EchoBody {
    /// The endpoint's own JSON error with the quote in its text member: Entra's OAuth error
    /// (`error_description` "AADSTS9002313: Invalid request. Request is malformed or
    /// invalid. …"), VBO `/token`'s OAuth-style error (or `RESTExceptionInfo` when
    /// configured so), VBO's `RESTExceptionInfo` on other endpoints.
    Json,
    /// `text/plain` with the quote in the text.
    Text,
    /// A `text/html` error page with the quote inside `<pre>`, not HTML-escaped (a careless
    /// page), so the quoted bytes are exactly the chosen [`EchoForm`].
    Html,
}

/// What is quoted, and how it is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EchoForm {
    /// The request body exactly as received (a form body keeps the client's
    /// percent-encoding, e.g. `%20`).
    Raw,
    /// The form re-encoded by the server, with `+` for spaces
    /// (`application/x-www-form-urlencoded` serialization).
    Plus,
    /// `name=value&…` with the values decoded (a JSON assertion shows its `"` and `{`).
    Decoded,
    /// `name=value&…` with each value JSON-escaped as inside a JSON string (the
    /// assertion's `"` as `\"`), as a server that logged the value with a JSON serializer
    /// would quote it.
    JsonEscaped,
    /// The `Authorization` header value (`Bearer …`); empty when none was sent.
    Authorization,
    /// The JSON body re-serialized compactly by the server; a form body as a JSON object of
    /// its parameters.
    JsonBody,
}

/// The quoted text for `form`.
pub fn quote(form: EchoForm, req: &Request) -> String {
    let pairs = |encode: fn(&str) -> String| {
        req.params
            .0
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    match form {
        EchoForm::Raw => String::from_utf8_lossy(&req.body).into_owned(),
        EchoForm::Plus => form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&req.params.0)
            .finish(),
        EchoForm::Decoded => pairs(str::to_owned),
        EchoForm::JsonEscaped => pairs(json_escaped),
        EchoForm::Authorization => req.header("authorization").unwrap_or("").to_owned(),
        EchoForm::JsonBody => match serde_json::from_slice::<Value>(&req.body) {
            Ok(v) => v.to_string(),
            Err(_) => Value::Object(
                req.params
                    .0
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
            .to_string(),
        },
    }
}

/// `text` as it appears between the quotes of a JSON string.
fn json_escaped(text: &str) -> String {
    let quoted = Value::String(text.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Entra's text for a request it cannot parse (AADSTS9002313, observed), with the quote
/// appended (invented placement).
const MS_MALFORMED: &str = "Invalid request. Request is malformed or invalid.";

/// The echo answer of `endpoint`.
pub fn reply(endpoint: Endpoint, body: EchoBody, form: EchoForm, ctx: &FaultContext) -> Reply {
    let req = ctx.request;
    let quoted = quote(form, req);
    let text = if endpoint.is_microsoft() {
        format!("AADSTS9002313: {MS_MALFORMED} - The request: {quoted}")
    } else {
        format!("The request is invalid: {quoted}")
    };
    match body {
        EchoBody::Json => match endpoint {
            Endpoint::DeviceCode | Endpoint::MsToken => wire::ms_error(
                &req.ms_context(),
                400,
                "invalid_request",
                Some(9_002_313),
                &format!("{MS_MALFORMED} - The request: {quoted}"),
            ),
            Endpoint::VboToken => ctx.vbo_token_error(400, "invalid_request", &text),
            Endpoint::VboApi => wire::vbo_error(ctx.vbo_version, 400, &text, None),
        },
        EchoBody::Text => {
            let reply = Reply::with_body(400, "text/plain; charset=utf-8", text.into_bytes());
            decorate(endpoint, req, reply)
        }
        EchoBody::Html => {
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>Bad Request</title></head><body><h1>Bad Request</h1><pre>{text}</pre></body></html>\n"
            );
            decorate(endpoint, req, Reply::html(400, page))
        }
    }
}

/// Entra's answer headers on the Microsoft endpoints.
fn decorate(endpoint: Endpoint, req: &Request, reply: Reply) -> Reply {
    if endpoint.is_microsoft() {
        req.ms_context().decorate(reply, &ids::guid())
    } else {
        reply
    }
}
