//! Injected faults: the public `Endpoint`/`Fault` types, the per-endpoint FIFO queue, and
//! how a fault turns into a reply.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::config::VboTokenErrors;
use crate::echo;
pub use crate::echo::{EchoBody, EchoForm};
use crate::request::Request;
use crate::vbo_errors;
use crate::wire::{self, Reply};

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
    /// HTTP 400 quoting what the client sent (to test a client's redaction of secrets in
    /// server messages): `form` picks what is quoted and how, `body` the answer's type.
    Echo {
        /// JSON error of the endpoint's own shape, `text/plain` or an HTML page.
        body: EchoBody,
        /// The quoted part of the request and its encoding.
        form: EchoForm,
    },
    /// Exactly this reply, for absurd wire values (e.g. `Retry-After:
    /// 18446744073709551615`). Headers whose value HTTP cannot carry are dropped.
    Raw {
        /// HTTP status (100..=599).
        status: u16,
        /// `Content-Type`, if any.
        content_type: Option<String>,
        /// Further headers, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
    },
    /// Merges these members into the endpoint's next success (2xx JSON object) answer,
    /// replacing members of the same name; the flow otherwise works as usual (the
    /// simulator keeps its own interval, lifetimes and tokens). Requests answered with
    /// anything else leave the fault queued.
    PatchJson {
        /// Members to set, e.g. `{"interval": 18446744073709551615}`.
        members: Map<String, Value>,
    },
}

impl Fault {
    /// Entra's loop detection while polling (AADSTS50196), as an [`Fault::OAuthError`].
    /// The text is Entra's; the `error` value `invalid_grant` is what public reports show
    /// with it (not documented by Microsoft).
    pub fn loop_detected() -> Fault {
        Fault::OAuthError {
            status: 400,
            error: "invalid_grant".into(),
            code: 50_196,
            description: "The server terminated an operation because it encountered a client request loop. Please contact your app vendor.".into(),
        }
    }
}

/// What a fault may look at to build its answer.
#[derive(Debug)]
pub struct FaultContext<'a> {
    /// The request being answered.
    pub request: &'a Request,
    /// API version whose `RESTExceptionInfo` shape VBO errors use.
    pub vbo_version: u32,
    /// How VBO's `/token` words refusals.
    pub token_errors: VboTokenErrors,
}

impl FaultContext<'_> {
    /// A VBO `/token` error in the configured wording (an empty-401 configuration still
    /// gets the OAuth shape here: a fault's text must reach the client).
    pub fn vbo_token_error(&self, status: u16, error: &str, text: &str) -> Reply {
        match self.token_errors {
            VboTokenErrors::RestExceptionInfo => {
                wire::vbo_error(self.vbo_version, status, text, None)
            }
            VboTokenErrors::OAuth | VboTokenErrors::Empty401 => {
                vbo_errors::oauth_error(status, error, text)
            }
        }
    }
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

    /// Puts a fault back at the head of `endpoint`'s queue (a `PatchJson` that found no
    /// success answer to patch).
    pub fn push_front(&self, endpoint: Endpoint, fault: Fault) {
        let mut q = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        q.entry(endpoint).or_default().push_front(fault);
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
    /// Handle normally, then merge these members into a success answer.
    Patch(Map<String, Value>),
    /// Not applicable here: handle normally.
    Ignore,
}

/// The HTML a captive portal or proxy would answer with.
pub const CAPTIVE_PORTAL_HTML: &str = "<!DOCTYPE html>\n<html><head><title>Network login required</title></head>\n<body><h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to continue.</p>\n<form method=\"post\" action=\"/portal/accept\"><button>Accept</button></form></body></html>\n";

/// Turns `fault` into an action for a request to `endpoint`.
pub fn action_for(endpoint: Endpoint, fault: &Fault, ctx: &FaultContext) -> FaultAction {
    let vbo_version = ctx.vbo_version;
    match fault {
        Fault::Status(status) => FaultAction::Reply(status_reply(endpoint, *status, ctx)),
        Fault::TooManyRequests { retry_after_secs } => FaultAction::Reply(
            status_reply(endpoint, 429, ctx).header("retry-after", &retry_after_secs.to_string()),
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
        } => FaultAction::Reply(match endpoint {
            Endpoint::DeviceCode | Endpoint::MsToken => wire::ms_error(
                &ctx.request.ms_context(),
                *status,
                error,
                Some(*code),
                description,
            ),
            Endpoint::VboToken => ctx.vbo_token_error(*status, error, description),
            Endpoint::VboApi => wire::vbo_error(vbo_version, *status, description, None),
        }),
        Fault::CloseConnection => FaultAction::Close,
        Fault::Echo { body, form } => FaultAction::Reply(echo::reply(endpoint, *body, *form, ctx)),
        Fault::Raw {
            status,
            content_type,
            headers,
            body,
        } => {
            let mut reply = Reply::empty(*status);
            reply.body = body.clone().into_bytes().into();
            if let Some(ct) = content_type {
                reply = reply.header("content-type", ct);
            }
            for (name, value) in headers {
                reply = reply.header(name, value);
            }
            FaultAction::Reply(reply)
        }
        Fault::PatchJson { members } => FaultAction::Patch(members.clone()),
    }
}

fn status_reply(endpoint: Endpoint, status: u16, ctx: &FaultContext) -> Reply {
    if endpoint.is_microsoft() {
        let (error, code, text) = wire::ms_error_for_status(status);
        wire::ms_error(&ctx.request.ms_context(), status, error, code, text)
    } else {
        let reply = wire::vbo_error(
            ctx.vbo_version,
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

    fn context(request: &Request, vbo_version: u32) -> FaultContext<'_> {
        FaultContext {
            request,
            vbo_version,
            token_errors: VboTokenErrors::OAuth,
        }
    }

    fn request() -> Request {
        Request::new(
            "POST".into(),
            "/x".into(),
            None,
            Vec::new(),
            bytes::Bytes::new(),
            false,
            std::time::Instant::now(),
        )
    }

    #[test]
    fn status_styles() {
        let req = request();
        let FaultAction::Reply(r) =
            action_for(Endpoint::MsToken, &Fault::Status(503), &context(&req, 8))
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
            &context(&req, 6),
        ) else {
            panic!()
        };
        assert_eq!(r.status, 429);
        assert!(r.headers.contains(&("retry-after".into(), "7".into())));
        let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(b.get("errorCode").is_none());
    }

    #[test]
    fn push_front_goes_first() {
        let q = FaultQueue::default();
        q.push(Endpoint::VboToken, Fault::Html, 1);
        q.push_front(Endpoint::VboToken, Fault::CloseConnection);
        assert!(matches!(
            q.pop(Endpoint::VboToken),
            Some(Fault::CloseConnection)
        ));
        assert!(matches!(q.pop(Endpoint::VboToken), Some(Fault::Html)));
    }
}
