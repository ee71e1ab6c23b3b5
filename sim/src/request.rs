//! An incoming request as the handlers see it, and its public recorded form.

use std::time::{Instant, SystemTime};

use bytes::Bytes;

use crate::dates;
use crate::faults::Endpoint;
use crate::form::{self, Params};
use crate::wire::MsContext;

/// One request as the simulator received it (see [`crate::Simulator::requests`]).
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Endpoint the request was routed to; `None` for the sign-in page and unknown paths.
    pub endpoint: Option<Endpoint>,
    /// HTTP method.
    pub method: String,
    /// Path without query.
    pub path: String,
    /// Query string without `?`, if any.
    pub query: Option<String>,
    /// Headers with lowercased names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// Parsed body when form-urlencoded (or, for VBO `/token`, a JSON object of
    /// strings/booleans); otherwise empty.
    pub form: Vec<(String, String)>,
    /// Arrival time.
    pub at: Instant,
    /// HTTP status answered; `None` while the answer is not sent yet or when the connection
    /// was closed without one (`Fault::CloseConnection`).
    pub status: Option<u16>,
    /// Arrival number (the record's key for setting `status`).
    pub(crate) seq: u64,
}

impl RecordedRequest {
    /// The control API's JSON form (`GET /_sim/requests`): method, path without query,
    /// endpoint name, status answered and milliseconds since `started`. Never bodies,
    /// query values or headers (they can hold secrets).
    pub fn to_json(&self, started: Instant) -> serde_json::Value {
        serde_json::json!({
            "method": self.method,
            "path": self.path,
            "endpoint": self.endpoint.map(Endpoint::name),
            "status": self.status,
            "ms": u64::try_from(self.at.saturating_duration_since(started).as_millis())
                .unwrap_or(u64::MAX),
        })
    }
}

/// A fully read request handed to the handlers.
#[derive(Clone, Debug)]
pub struct Request {
    /// HTTP method, uppercase.
    pub method: String,
    /// Path without query.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// Headers with lowercased names.
    pub headers: Vec<(String, String)>,
    /// Raw body.
    pub body: Bytes,
    /// Body parameters (form, or JSON object when `json_params` was allowed).
    pub params: Params,
    /// Arrival time (monotonic).
    pub at: Instant,
    /// Arrival time (wall clock).
    pub at_wall: SystemTime,
}

impl Request {
    /// Builds a request, parsing the body as a form when the content type says so, or as a
    /// JSON object when `allow_json` and the content type is JSON.
    pub fn new(
        method: String,
        path: String,
        query: Option<String>,
        headers: Vec<(String, String)>,
        body: Bytes,
        allow_json: bool,
        at: Instant,
    ) -> Request {
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.as_str());
        let params = if form::is_form(content_type) {
            form::parse_form(&body)
        } else if allow_json && form::is_json(content_type) {
            form::parse_json_object(&body).unwrap_or_default()
        } else {
            Vec::new()
        };
        Request {
            method,
            path,
            query,
            headers,
            body,
            params: Params(params),
            at,
            at_wall: SystemTime::now(),
        }
    }

    /// First value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// Unix seconds of arrival.
    pub fn unix_secs(&self) -> u64 {
        dates::unix_secs(self.at_wall)
    }

    /// Context for Entra-style answers (correlation id from `client-request-id`).
    pub fn ms_context(&self) -> MsContext {
        MsContext {
            client_request_id: self
                .header("client-request-id")
                .filter(|v| !v.is_empty())
                .map(str::to_string),
            now_unix: self.unix_secs(),
        }
    }

    /// The public record of this request.
    pub fn record(&self, endpoint: Option<Endpoint>) -> RecordedRequest {
        RecordedRequest {
            endpoint,
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            form: self.params.0.clone(),
            at: self.at,
            status: None,
            seq: 0,
        }
    }
}
