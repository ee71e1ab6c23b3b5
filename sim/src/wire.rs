//! HTTP replies and the error bodies of both servers (Entra OAuth JSON, VBO RESTExceptionInfo).

use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::dates;
use crate::ids;

/// JSON content type as both servers send it.
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// A complete HTTP reply built by a handler.
#[derive(Clone, Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Extra response headers (besides Content-Length and Date).
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Bytes,
}

impl Reply {
    /// A JSON reply with `application/json; charset=utf-8`.
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply::with_body(status, JSON_UTF8, value.to_string().into_bytes())
    }

    /// An HTML reply.
    pub fn html(status: u16, page: String) -> Reply {
        Reply::with_body(status, "text/html; charset=utf-8", page.into_bytes())
    }

    /// A reply with the given content type and body.
    pub fn with_body(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: Bytes::from(body),
        }
    }

    /// A reply without body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// This reply with `members` merged into its body, when it is a success (2xx) whose
    /// body is a JSON object; otherwise `Err(self)` unchanged.
    pub fn patched(mut self, members: &Map<String, Value>) -> Result<Reply, Reply> {
        if !(200..300).contains(&self.status) {
            return Err(self);
        }
        let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(&self.body) else {
            return Err(self);
        };
        for (name, value) in members {
            body.insert(name.clone(), value.clone());
        }
        self.body = Bytes::from(Value::Object(body).to_string());
        Ok(self)
    }
}

/// Per-request facts Entra echoes in its answers.
#[derive(Clone, Debug)]
pub struct MsContext {
    /// The client's `client-request-id` header, if sent (becomes the correlation id).
    pub client_request_id: Option<String>,
    /// Current Unix time in seconds.
    pub now_unix: u64,
}

impl MsContext {
    /// Headers Entra adds to token-endpoint answers.
    pub fn decorate(&self, reply: Reply, trace_id: &str) -> Reply {
        let mut reply = reply
            .header("cache-control", "no-store, no-cache")
            .header("pragma", "no-cache")
            .header("x-ms-request-id", trace_id);
        if let Some(id) = &self.client_request_id {
            reply = reply.header("client-request-id", id);
        }
        reply
    }
}

/// An Entra ID OAuth error reply in Microsoft's exact shape (PROTOCOL.md §1.5).
/// `code` None gives `error_codes: []` and a description without an AADSTS prefix.
pub fn ms_error(ctx: &MsContext, status: u16, error: &str, code: Option<u32>, text: &str) -> Reply {
    let trace_id = ids::guid();
    let correlation_id = ctx.client_request_id.clone().unwrap_or_else(ids::guid);
    let timestamp = dates::entra_timestamp(ctx.now_unix);
    let head = match code {
        Some(c) => format!("AADSTS{c}: {text}"),
        None => text.to_string(),
    };
    let description = format!(
        "{head}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}"
    );
    let mut body = json!({
        "error": error,
        "error_description": description,
        "error_codes": code.map_or_else(Vec::new, |c| vec![c]),
        "timestamp": timestamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
    });
    if let Some(c) = code {
        body["error_uri"] = json!(format!("https://login.microsoftonline.com/error?code={c}"));
    }
    ctx.decorate(Reply::json(status, &body), &trace_id)
}

/// The OAuth `error` and AADSTS code Entra uses for a bare HTTP status.
pub fn ms_error_for_status(status: u16) -> (&'static str, Option<u32>, &'static str) {
    match status {
        400 => (
            "invalid_request",
            Some(900_144),
            "The request body must contain the following parameter: 'grant_type'.",
        ),
        401 => (
            "invalid_client",
            Some(7_000_218),
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ),
        429 => (
            "temporarily_unavailable",
            Some(90_055),
            "TenantThrottlingError - There are too many incoming requests. Please try again later.",
        ),
        503 | 504 => (
            "temporarily_unavailable",
            Some(90_033),
            "A transient error has occurred. Please try again.",
        ),
        _ => (
            "server_error",
            Some(50_000),
            "There was an error issuing a token or an issue with our sign-in service.",
        ),
    }
}

/// A VBO `RESTExceptionInfo` body shaped for API `version`: v4–v6 `{message}`,
/// v7 `{message, errorCode}`, v8 `{message, errorCode, stackTrace}`.
pub fn vbo_error(version: u32, status: u16, message: &str, error_code: Option<&str>) -> Reply {
    let body = match version {
        0..=6 => json!({ "message": message }),
        7 => json!({ "message": message, "errorCode": error_code }),
        _ => json!({ "message": message, "errorCode": error_code, "stackTrace": Value::Null }),
    };
    Reply::json(status, &body)
}

/// The reason phrase VBO (ASP.NET) puts in a bare error for `status`.
pub fn vbo_message_for_status(status: u16) -> String {
    match status {
        400 => "Bad Request.".into(),
        401 => "Authorization has been denied for this request.".into(),
        403 => "Access denied.".into(),
        404 => "The requested resource was not found.".into(),
        429 => "Too many requests. Please try again later.".into(),
        500 => "An error has occurred.".into(),
        502 => "Bad Gateway.".into(),
        503 => "The service is unavailable.".into(),
        504 => "The operation has timed out.".into(),
        s => format!("HTTP error {s}."),
    }
}

/// Minimal HTML escaping for text inserted into pages.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: &Reply) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn ms_error_shape() {
        let ctx = MsContext {
            client_request_id: Some("9e8d7c6b-5a49-4382-b1c0-d9e8f7a6b5c4".into()),
            now_unix: 1_741_947_613,
        };
        let r = ms_error(
            &ctx,
            400,
            "expired_token",
            Some(70019),
            "The code is no longer valid.",
        );
        assert_eq!(r.status, 400);
        let b = body(&r);
        assert_eq!(b["error"], "expired_token");
        assert_eq!(b["error_codes"], json!([70019]));
        assert_eq!(b["timestamp"], "2025-03-14 10:20:13Z");
        assert_eq!(b["correlation_id"], "9e8d7c6b-5a49-4382-b1c0-d9e8f7a6b5c4");
        assert_eq!(
            b["error_uri"],
            "https://login.microsoftonline.com/error?code=70019"
        );
        let d = b["error_description"].as_str().unwrap();
        assert!(d.starts_with("AADSTS70019: The code is no longer valid.\r\nTrace ID: "));
        assert!(d.ends_with("\r\nCorrelation ID: 9e8d7c6b-5a49-4382-b1c0-d9e8f7a6b5c4\r\nTimestamp: 2025-03-14 10:20:13Z"));
        assert!(r
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v == JSON_UTF8));
    }

    #[test]
    fn vbo_error_shapes() {
        assert_eq!(body(&vbo_error(6, 400, "m", None)), json!({"message":"m"}));
        assert_eq!(
            body(&vbo_error(7, 400, "m", None)),
            json!({"message":"m","errorCode":null})
        );
        assert_eq!(
            body(&vbo_error(8, 404, "m", Some("ResourceNotFound"))),
            json!({"message":"m","errorCode":"ResourceNotFound","stackTrace":null})
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(
            html_escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
