//! The simulator's own control API under `/_sim/` (no real server has it): lets a test in
//! another process (.NET, PowerShell, a shell script) queue faults, approve or decline
//! sign-ins and read the request record. JSON in and out; errors are
//! `{"error": "<what is wrong>"}`.
//!
//! | Request | Answer |
//! |---|---|
//! | `POST /_sim/faults` `{"endpoint", "fault", "times"}` | 204; 400 on bad input |
//! | `POST /_sim/approve`, `POST /_sim/decline` `{"user_code"}` | 204; 404 if no pending flow has it |
//! | `GET /_sim/requests` | 200, array of `{method, path, endpoint, status, ms}` |
//! | `POST /_sim/reset-requests` | 204 |
//!
//! Control requests are not recorded themselves.

use std::time::Instant;

use serde_json::{json, Value};

use crate::fault_json;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::Reply;

/// Path prefix of the control API.
pub const PREFIX: &str = "/_sim/";

fn error(status: u16, message: &str) -> Reply {
    Reply::json(status, &json!({ "error": message }))
}

/// Answers a request whose path starts with [`PREFIX`].
pub fn handle(shared: &Shared, req: &Request) -> Reply {
    let name = req.path[PREFIX.len()..].trim_end_matches('/');
    let method = match name {
        "faults" | "approve" | "decline" | "reset-requests" => "POST",
        "requests" => "GET",
        _ => {
            return error(
                404,
                &format!(
                    "no control resource {}: use POST /_sim/faults, /_sim/approve, /_sim/decline, /_sim/reset-requests or GET /_sim/requests",
                    req.path
                ),
            )
        }
    };
    if req.method != method {
        return error(
            405,
            &format!("{} takes {method}, not {}", req.path, req.method),
        )
        .header("allow", method);
    }
    match name {
        "faults" => inject(shared, req),
        "approve" => finish(shared, req, true),
        "decline" => finish(shared, req, false),
        "requests" => requests(shared),
        _ => {
            shared.clear_record();
            Reply::empty(204)
        }
    }
}

fn inject(shared: &Shared, req: &Request) -> Reply {
    match fault_json::parse_injection(&req.body) {
        Ok(i) => {
            shared.faults.push(i.endpoint, i.fault, i.times);
            Reply::empty(204)
        }
        Err(e) => error(400, &e),
    }
}

fn finish(shared: &Shared, req: &Request, approve: bool) -> Reply {
    let body: Option<Value> = serde_json::from_slice(&req.body).ok();
    let Some(user_code) = body
        .as_ref()
        .and_then(|b| b.get("user_code"))
        .and_then(Value::as_str)
    else {
        return error(
            400,
            "the body must be a JSON object with a string \"user_code\", e.g. {\"user_code\": \"ABCD2EFGH\"}",
        );
    };
    match lock(&shared.ms).finish(user_code, approve, Instant::now()) {
        Ok(_) => Reply::empty(204),
        Err(_) => error(
            404,
            &format!("no pending sign-in has user code \"{user_code}\" (unknown, expired, or already finished)"),
        ),
    }
}

fn requests(shared: &Shared) -> Reply {
    let recorded = lock(&shared.recorded);
    let list: Vec<Value> = recorded.iter().map(|r| r.to_json(shared.started)).collect();
    Reply::json(200, &Value::Array(list))
}
