//! `Outcome`: what every call of the Rust API returns — the status and its JSON document,
//! exactly what the C ABI hands to the caller.

use crate::error::Failure;
use crate::secret::SecretString;
use crate::status::Status;
use serde_json::Value;

/// A status and the JSON document that goes with it (a result, a pending note or an error
/// object). The JSON may hold tokens, so it is wiped when dropped.
#[derive(Debug)]
pub struct Outcome {
    pub status: Status,
    json: SecretString,
}

impl Outcome {
    /// A success carrying `json` verbatim.
    pub fn ok(json: String) -> Outcome {
        Outcome {
            status: Status::Ok,
            json: SecretString::new(json),
        }
    }

    /// Any status with a JSON value.
    pub fn with_value(status: Status, value: &Value) -> Outcome {
        Outcome {
            status,
            json: SecretString::new(value.to_string()),
        }
    }

    /// The JSON document.
    pub fn json(&self) -> &str {
        self.json.expose()
    }

    /// The JSON document, parsed (it is always valid JSON).
    pub fn value(&self) -> Value {
        serde_json::from_str(self.json()).unwrap_or(Value::Null)
    }

    /// Hands the JSON text over; the receiver must wipe it when done.
    pub fn into_json(self) -> String {
        self.json.into_inner()
    }

    /// True for `Status::Ok`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}

impl From<Failure> for Outcome {
    fn from(f: Failure) -> Outcome {
        Outcome {
            status: f.status,
            json: SecretString::new(f.to_json()),
        }
    }
}

impl From<Result<Outcome, Failure>> for Outcome {
    fn from(r: Result<Outcome, Failure>) -> Outcome {
        r.unwrap_or_else(Outcome::from)
    }
}
