//! Injected faults: the public `Endpoint`/`Fault` types, the per-endpoint FIFO queue, and
//! how a fault turns into a reply.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;

use crate::wire::{self, MsContext, Reply};

/// The endpoints faults can be injected into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /{tenant}/oauth2/v2.0/devicecode`.
    DeviceCode,
    /// `POST /{tenant}/oauth2/v2.0/token`.
    MsToken,
    /// `POST /vN/token`.
    VboToken,
    /// Any other `/vN/` path.
    VboApi,
}

impl Endpoint {
    /// Every endpoint, in the order of [`Endpoint::name`]'s documentation.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::DeviceCode,
        Endpoint::MsToken,
        Endpoint::VboToken,
        Endpoint::VboApi,
    ];

    /// The endpoint's name in the control API: `devicecode`, `ms_token`, `vbo_token`,
    /// `vbo_api`.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::DeviceCode => "devicecode",
            Endpoint::MsToken => "ms_token",
            Endpoint::VboToken => "vbo_token",
            Endpoint::VboApi => "vbo_api",
        }
    }

    /// The endpoint with this control-API name (exact, lowercase).
    pub fn from_name(name: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Whether this endpoint belongs to the Microsoft half (OAuth error bodies).
    pub fn is_microsoft(self) -> bool {
        matches!(self, Endpoint::DeviceCode | Endpoint::MsToken)
    }
}

/// A misbehaviour to inject with [`crate::Simulator::inject`].
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status with the endpoint's own error body style (Microsoft: OAuth JSON,
    /// e.g. 503 `temporarily_unavailable`; VBO: `RESTExceptionInfo`).
    Status(u16),
    /// 429 with a `Retry-After` header.
    TooManyRequests {
        /// Seconds announced in `Retry-After`.
        retry_after_secs: u64,
    },
    /// 200 `text/html` "proxy / captive portal" page instead of JSON.
    Html,
    /// Wait, then answer normally.
    Delay {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// 302 with this `Location` and the small HTML page IIS sends along.
    Redirect {
        /// Value of the `Location` header.
        location: String,
    },
    /// 200 `application/json` whose body is a valid-JSON start padded to this many bytes.
    Oversized {
        /// Total body size.
        bytes: usize,
    },
    /// `MsToken` only: answer `slow_down` and grow the flow's interval by 5 s. Ignored on
    /// other endpoints.
    SlowDown,
    /// An arbitrary OAuth error in Microsoft's exact shape with `AADSTS{code}` (on VBO
    /// endpoints: a `RESTExceptionInfo` with `description` as message).
    OAuthError {
        /// HTTP status.
        status: u16,
        /// OAuth `error` value.
        error: String,
        /// AADSTS number.
        code: u32,
        /// Human text after `AADSTS{code}: `.
        description: String,
    },
    /// Close the connection without any response.
    CloseConnection,
}

/// Per-endpoint FIFO queues of pending faults.
#[derive(Debug, Default)]
pub struct FaultQueue {
    queues: Mutex<HashMap<Endpoint, VecDeque<Fault>>>,
}

impl FaultQueue {
    /// Queues `fault` for the next `times` requests to `endpoint`, after those already queued.
    pub fn push(&self, endpoint: Endpoint, fault: Fault, times: u32) {
        let mut q = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        let queue = q.entry(endpoint).or_default();
        for _ in 0..times {
            queue.push_back(fault.clone());
        }
    }

    /// Takes the next fault for `endpoint`, if any.
    pub fn pop(&self, endpoint: Endpoint) -> Option<Fault> {
        let mut q = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        q.get_mut(&endpoint).and_then(VecDeque::pop_front)
    }

    /// Number of faults still queued for `endpoint`.
    #[cfg(test)]
    pub fn pending(&self, endpoint: Endpoint) -> usize {
        let q = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        q.get(&endpoint).map_or(0, VecDeque::len)
    }
}

/// What the server does with a popped fault.
#[derive(Debug)]
pub enum FaultAction {
    /// Send this reply instead of normal handling.
    Reply(Reply),
    /// Sleep, then handle normally.
    Delay(Duration),
    /// Drop the connection without answering.
    Close,
    /// Microsoft token endpoint: answer `slow_down` and grow the flow's interval.
    SlowDown,
    /// Not applicable here: handle normally.
    Ignore,
}

/// The HTML a captive portal or proxy would answer with.
pub const CAPTIVE_PORTAL_HTML: &str = "<!DOCTYPE html>\n<html><head><title>Network login required</title></head>\n<body><h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to continue.</p>\n<form method=\"post\" action=\"/portal/accept\"><button>Accept</button></form></body></html>\n";

/// Turns `fault` into an action for a request to `endpoint`. `vbo_version` selects the
/// `RESTExceptionInfo` shape on VBO endpoints.
pub fn action_for(
    endpoint: Endpoint,
    fault: &Fault,
    vbo_version: u32,
    ms: &MsContext,
) -> FaultAction {
    match fault {
        Fault::Status(status) => {
            FaultAction::Reply(status_reply(endpoint, *status, vbo_version, ms))
        }
        Fault::TooManyRequests { retry_after_secs } => FaultAction::Reply(
            status_reply(endpoint, 429, vbo_version, ms)
                .header("retry-after", &retry_after_secs.to_string()),
        ),
        Fault::Html => FaultAction::Reply(Reply::html(200, CAPTIVE_PORTAL_HTML.to_string())),
        Fault::Delay { ms } => FaultAction::Delay(Duration::from_millis(*ms)),
        Fault::Redirect { location } => FaultAction::Reply(
            // The small HTML page IIS sends along with a redirect.
            Reply::html(
                302,
                format!(
                    "<head><title>Document Moved</title></head>\n<body><h1>Object Moved</h1>This document may be found <a HREF=\"{}\">here</a></body>",
                    location.replace('"', "%22")
                ),
            )
            .header("location", location),
        ),
        Fault::Oversized { bytes } => FaultAction::Reply(oversized(*bytes)),
        Fault::SlowDown if endpoint == Endpoint::MsToken => FaultAction::SlowDown,
        Fault::SlowDown => FaultAction::Ignore,
        Fault::OAuthError {
            status,
            error,
            code,
            description,
        } => FaultAction::Reply(if endpoint.is_microsoft() {
            wire::ms_error(ms, *status, error, Some(*code), description)
        } else {
            wire::vbo_error(vbo_version, *status, description, None)
        }),
        Fault::CloseConnection => FaultAction::Close,
    }
}

fn status_reply(endpoint: Endpoint, status: u16, vbo_version: u32, ms: &MsContext) -> Reply {
    if endpoint.is_microsoft() {
        let (error, code, text) = wire::ms_error_for_status(status);
        wire::ms_error(ms, status, error, code, text)
    } else {
        let reply = wire::vbo_error(
            vbo_version,
            status,
            &wire::vbo_message_for_status(status),
            None,
        );
        if status == 401 {
            reply.header("www-authenticate", "Bearer")
        } else {
            reply
        }
    }
}

/// A body that starts as valid JSON and is padded to exactly `bytes` bytes (never closed
/// when it is long enough to be an "endless" document).
fn oversized(bytes: usize) -> Reply {
    let start = json!({"padding": ""}).to_string();
    let prefix = &start[..start.len() - 2]; // `{"padding":"`
    let mut body = prefix.as_bytes().to_vec();
    body.truncate(bytes);
    body.resize(bytes, b'x');
    Reply::with_body(200, wire::JSON_UTF8, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_per_endpoint() {
        let q = FaultQueue::default();
        q.push(Endpoint::MsToken, Fault::Status(503), 2);
        q.push(Endpoint::MsToken, Fault::Html, 1);
        q.push(Endpoint::VboApi, Fault::CloseConnection, 1);
        q.push(Endpoint::DeviceCode, Fault::Html, 0);
        assert_eq!(q.pending(Endpoint::MsToken), 3);
        assert!(matches!(q.pop(Endpoint::MsToken), Some(Fault::Status(503))));
        assert!(matches!(q.pop(Endpoint::MsToken), Some(Fault::Status(503))));
        assert!(matches!(q.pop(Endpoint::MsToken), Some(Fault::Html)));
        assert!(q.pop(Endpoint::MsToken).is_none());
        assert!(q.pop(Endpoint::DeviceCode).is_none());
        assert!(matches!(
            q.pop(Endpoint::VboApi),
            Some(Fault::CloseConnection)
        ));
    }

    #[test]
    fn oversized_is_exact() {
        let r = oversized(1000);
        assert_eq!(r.body.len(), 1000);
        assert!(r.body.starts_with(b"{\"padding\":\"xxx"));
    }

    #[test]
    fn status_styles() {
        let ms = MsContext {
            client_request_id: None,
            now_unix: 0,
        };
        let FaultAction::Reply(r) = action_for(Endpoint::MsToken, &Fault::Status(503), 8, &ms)
        else {
            panic!()
        };
        let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(b["error"], "temporarily_unavailable");
        let FaultAction::Reply(r) = action_for(
            Endpoint::VboApi,
            &Fault::TooManyRequests {
                retry_after_secs: 7,
            },
            6,
            &ms,
        ) else {
            panic!()
        };
        assert_eq!(r.status, 429);
        assert!(r.headers.contains(&("retry-after".into(), "7".into())));
        let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(b.get("errorCode").is_none());
    }
}
