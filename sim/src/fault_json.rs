//! The JSON form of a [`Fault`] used by the control API (`POST /_sim/faults`): one object
//! per variant, tagged by `"kind"` (`{"kind":"status","status":503}`). The simulator's own
//! format; no real server has it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::faults::{EchoBody, EchoForm, Endpoint, Fault};

/// Largest `Oversized` body the control API accepts (64 MiB), so a typo cannot exhaust
/// memory.
pub const MAX_OVERSIZED_BYTES: usize = 64 << 20;

/// Longest `Delay` the control API accepts (10 minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

/// Most repetitions one `POST /_sim/faults` may queue.
pub const MAX_TIMES: u32 = 10_000;

/// Wire twin of [`Fault`] (kept separate so `Fault` keeps its Rust shape, e.g.
/// `Fault::Status(503)`). Variants without members are empty structs, not units: serde
/// only refuses unknown members in struct variants.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum FaultJson {
    Status {
        status: u16,
    },
    TooManyRequests {
        retry_after_secs: u64,
    },
    Html {},
    Delay {
        ms: u64,
    },
    Redirect {
        location: String,
    },
    Oversized {
        bytes: usize,
    },
    SlowDown {},
    OauthError {
        status: u16,
        error: String,
        code: u32,
        description: String,
    },
    CloseConnection {},
    Echo {
        body: EchoBody,
        form: EchoForm,
    },
    Raw {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_type: Option<String>,
        /// Header names to values, in order (`preserve_order`).
        #[serde(default)]
        headers: Map<String, Value>,
        #[serde(default)]
        body: String,
    },
    PatchJson {
        members: Map<String, Value>,
    },
}

/// The body of `POST /_sim/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InjectRequest {
    endpoint: String,
    fault: FaultJson,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

/// A parsed `POST /_sim/faults` request.
#[derive(Debug)]
pub struct Injection {
    /// Where the fault goes.
    pub endpoint: Endpoint,
    /// What it does.
    pub fault: Fault,
    /// How many of the next requests get it.
    pub times: u32,
}

fn status_code(status: u16, what: &str) -> Result<u16, String> {
    if (100..=599).contains(&status) {
        Ok(status)
    } else {
        Err(format!(
            "{what} {status} is not an HTTP status: give a number from 100 to 599"
        ))
    }
}

impl FaultJson {
    fn into_fault(self) -> Result<Fault, String> {
        Ok(match self {
            FaultJson::Status { status } => Fault::Status(status_code(status, "status")?),
            FaultJson::TooManyRequests { retry_after_secs } => {
                Fault::TooManyRequests { retry_after_secs }
            }
            FaultJson::Html {} => Fault::Html,
            FaultJson::Delay { ms } if ms > MAX_DELAY_MS => {
                return Err(format!(
                    "delay ms {ms} is longer than the {MAX_DELAY_MS} ms the simulator allows"
                ))
            }
            FaultJson::Delay { ms } => Fault::Delay { ms },
            FaultJson::Redirect { location } => Fault::Redirect { location },
            FaultJson::Oversized { bytes } if bytes > MAX_OVERSIZED_BYTES => {
                return Err(format!(
                    "oversized bytes {bytes} is more than the {MAX_OVERSIZED_BYTES} the simulator allows"
                ))
            }
            FaultJson::Oversized { bytes } => Fault::Oversized { bytes },
            FaultJson::SlowDown {} => Fault::SlowDown,
            FaultJson::OauthError {
                status,
                error,
                code,
                description,
            } => Fault::OAuthError {
                status: status_code(status, "oauth_error status")?,
                error,
                code,
                description,
            },
            FaultJson::CloseConnection {} => Fault::CloseConnection,
            FaultJson::Echo { body, form } => Fault::Echo { body, form },
            FaultJson::Raw {
                status,
                content_type,
                headers,
                body,
            } => Fault::Raw {
                status: status_code(status, "raw status")?,
                content_type,
                headers: headers
                    .into_iter()
                    .map(|(name, value)| match value {
                        Value::String(text) => Ok((name, text)),
                        other => Err(format!(
                            "raw header \"{name}\" must be a string, not {other}"
                        )),
                    })
                    .collect::<Result<_, _>>()?,
                body,
            },
            FaultJson::PatchJson { members } => Fault::PatchJson { members },
        })
    }

    fn from_fault(fault: &Fault) -> FaultJson {
        match fault.clone() {
            Fault::Status(status) => FaultJson::Status { status },
            Fault::TooManyRequests { retry_after_secs } => {
                FaultJson::TooManyRequests { retry_after_secs }
            }
            Fault::Html => FaultJson::Html {},
            Fault::Delay { ms } => FaultJson::Delay { ms },
            Fault::Redirect { location } => FaultJson::Redirect { location },
            Fault::Oversized { bytes } => FaultJson::Oversized { bytes },
            Fault::SlowDown => FaultJson::SlowDown {},
            Fault::OAuthError {
                status,
                error,
                code,
                description,
            } => FaultJson::OauthError {
                status,
                error,
                code,
                description,
            },
            Fault::CloseConnection => FaultJson::CloseConnection {},
            Fault::Echo { body, form } => FaultJson::Echo { body, form },
            Fault::Raw {
                status,
                content_type,
                headers,
                body,
            } => FaultJson::Raw {
                status,
                content_type,
                headers: headers
                    .into_iter()
                    .map(|(name, value)| (name, Value::String(value)))
                    .collect(),
                body,
            },
            Fault::PatchJson { members } => FaultJson::PatchJson { members },
        }
    }
}

impl Fault {
    /// The control API's JSON form of this fault (`{"kind": ..., ...}`).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(FaultJson::from_fault(self))
            .expect("a fault always serializes to JSON")
    }

    /// Reads the control API's JSON form of a fault; the error names what is wrong.
    pub fn from_json(value: &Value) -> Result<Fault, String> {
        FaultJson::deserialize(value)
            .map_err(|e| format!("fault: {e}"))?
            .into_fault()
    }
}

/// Parses the body of `POST /_sim/faults`; the error names what is wrong.
pub fn parse_injection(body: &[u8]) -> Result<Injection, String> {
    let request: InjectRequest = serde_json::from_slice(body).map_err(|e| {
        format!(
            "{e}; expected {{\"endpoint\": \"devicecode\"|\"ms_token\"|\"vbo_token\"|\"vbo_api\", \"fault\": {{\"kind\": ...}}, \"times\": n}}"
        )
    })?;
    let endpoint = Endpoint::from_name(&request.endpoint).ok_or_else(|| {
        format!(
            "endpoint \"{}\" is unknown: use devicecode, ms_token, vbo_token or vbo_api",
            request.endpoint
        )
    })?;
    if request.times > MAX_TIMES {
        return Err(format!(
            "times {} is more than the {MAX_TIMES} the simulator queues at once",
            request.times
        ));
    }
    Ok(Injection {
        endpoint,
        fault: request.fault.into_fault()?,
        times: request.times,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_variant_round_trips() {
        let faults = [
            Fault::Status(503),
            Fault::TooManyRequests {
                retry_after_secs: 2,
            },
            Fault::Html,
            Fault::Delay { ms: 500 },
            Fault::Redirect {
                location: "https://evil.example/x".into(),
            },
            Fault::Oversized { bytes: 2_000_000 },
            Fault::SlowDown,
            Fault::OAuthError {
                status: 400,
                error: "interaction_required".into(),
                code: 53003,
                description: "Blocked by Conditional Access.".into(),
            },
            Fault::CloseConnection,
            Fault::Echo {
                body: EchoBody::Html,
                form: EchoForm::JsonEscaped,
            },
            Fault::Raw {
                status: 429,
                content_type: Some("application/json".into()),
                headers: vec![("Retry-After".into(), "18446744073709551615".into())],
                body: "{}".into(),
            },
            Fault::PatchJson {
                members: json!({"interval": u64::MAX, "expires_in": -1, "x": 1.5})
                    .as_object()
                    .unwrap()
                    .clone(),
            },
        ];
        for fault in faults {
            let back = Fault::from_json(&fault.to_json()).unwrap();
            assert_eq!(format!("{back:?}"), format!("{fault:?}"));
        }
        assert_eq!(
            Fault::Status(503).to_json(),
            json!({"kind": "status", "status": 503})
        );
        assert_eq!(Fault::SlowDown.to_json(), json!({"kind": "slow_down"}));
        assert_eq!(
            Fault::Echo {
                body: EchoBody::Text,
                form: EchoForm::Plus
            }
            .to_json(),
            json!({"kind": "echo", "body": "text", "form": "plus"})
        );
        let raw = Fault::from_json(&json!({"kind": "raw", "status": 204})).unwrap();
        assert!(
            matches!(raw, Fault::Raw { status: 204, content_type: None, ref headers, ref body }
            if headers.is_empty() && body.is_empty())
        );
    }

    #[test]
    fn injection_defaults_and_errors() {
        let i = parse_injection(br#"{"endpoint":"ms_token","fault":{"kind":"html"}}"#).unwrap();
        assert_eq!((i.endpoint, i.times), (Endpoint::MsToken, 1));
        let bad = |body: &str| parse_injection(body.as_bytes()).unwrap_err();
        assert!(bad(r#"{"endpoint":"vbo","fault":{"kind":"html"}}"#).contains("endpoint \"vbo\""));
        assert!(bad(r#"{"endpoint":"vbo_api","fault":{"kind":"nope"}}"#).contains("nope"));
        assert!(bad(r#"{"endpoint":"vbo_api","fault":{"kind":"status"}}"#).contains("status"));
        assert!(
            bad(r#"{"endpoint":"vbo_api","fault":{"kind":"status","status":99}}"#)
                .contains("100 to 599")
        );
        assert!(bad(r#"{"endpoint":"vbo_api","fault":{"kind":"html","x":1}}"#).contains("x"));
        assert!(bad(r#"{"endpoint":"vbo_api","fault":{"kind":"html"},"time":2}"#).contains("time"));
        assert!(bad("not json").contains("expected"));
        assert!(
            bad(r#"{"endpoint":"vbo_api","fault":{"kind":"html"},"times":10001}"#)
                .contains("10000")
        );
    }
}
