//! The Microsoft identity platform device-code flow (RFC 8628 §3.1–3.5, PROTOCOL.md §1).
//!
//! `start` asks for a device code; `poll` sends at most one token request and never before
//! the flow's next allowed time; `wait` polls until the sign-in ends, a time-out, or
//! `cancel` (from any thread). A finished flow keeps its outcome. `device_code` reads
//! Microsoft's device authorization answer, `answer` each token-endpoint reply.

pub(crate) mod answer;
pub(crate) mod device_code;

use crate::args;
use crate::error::Failure;
use crate::http;
use crate::options::Options;
use crate::outcome::Outcome;
use crate::runtime;
use crate::secret::SecretString;
use crate::status::Status;
use crate::time::rfc3339_after;
use answer::{interpret, PollAnswer};
use device_code::{refusal, DeviceCode};
use reqwest::Client;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.5: `slow_down` adds 5 seconds, for good.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Ceiling for the back-off after transient failures.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long `wait` naps when another thread's poll is in flight.
const BUSY_NAP: Duration = Duration::from_millis(50);

/// A device-code sign-in in progress. Cheap to clone; all clones are the same flow.
#[derive(Clone)]
pub struct DeviceFlow {
    inner: Arc<Flow>,
}

struct Flow {
    client: Client,
    token_url: String,
    host: String,
    client_id: String,
    device_code: SecretString,
    state: Mutex<FlowState>,
    /// Signalled on cancel, so a `wait` wakes at once.
    wake: Condvar,
    cancel_tx: tokio::sync::watch::Sender<bool>,
    /// Held while a token request is in flight: one request at a time per flow.
    in_flight: Mutex<()>,
}

struct FlowState {
    /// Sticky outcome: once set, every call returns it without I/O.
    finished: Option<(Status, SecretString)>,
    interval: Duration,
    next_poll_at: Instant,
    deadline: Instant,
    transient_failures: u32,
    last_error: Option<Value>,
}

impl DeviceFlow {
    /// Requests a device code. On success returns the flow and the JSON for the user
    /// (`user_code`, `verification_uri`, `expires_in`, `interval`, `message`, `expires_at`,
    /// and a `warning` when the scope lacks `offline_access`). Never exposes the device code.
    pub fn start(
        tenant: &str,
        client_id: Option<&str>,
        scope: Option<&str>,
        options_json: Option<&str>,
    ) -> Result<(DeviceFlow, String), Failure> {
        args::check_tenant(tenant)?;
        let client_id = args::client_id_or_default(client_id)?;
        let scope = args::scope_or_default(scope)?;
        let options = Options::parse(options_json)?;
        options.check_for_identity_platform()?;
        let host = options.authority.host().to_owned();
        let client = http::client_for(&options.transport, &host)?;
        let url = options
            .authority
            .join(&format!("/{tenant}/oauth2/v2.0/devicecode"));
        let body = http::form_body(&[("client_id", &client_id), ("scope", &scope)]);

        let reply = runtime::block_on(http::send_with_retry(
            || form_post(&client, &url, body.clone()),
            &host,
        ))?;
        let issued_at = Instant::now();
        if reply.status != 200 {
            return Err(refusal(
                &reply,
                &url,
                &host,
                "The device-code request was refused",
            ));
        }
        let code = DeviceCode::parse(&reply, &host)?;

        let mut info = Map::new();
        info.insert("user_code".into(), code.user_code.clone().into());
        info.insert(
            "verification_uri".into(),
            code.verification_uri.clone().into(),
        );
        info.insert("expires_in".into(), code.expires_in.as_secs().into());
        info.insert("interval".into(), code.interval.as_secs().into());
        info.insert("message".into(), code.message.clone().into());
        info.insert("expires_at".into(), rfc3339_after(code.expires_in).into());
        if !args::has_offline_access(&scope) {
            info.insert(
                "warning".into(),
                "The scope has no offline_access: Microsoft will return no refresh token, and VBO rejects an assertion without one.".into(),
            );
        }

        let (cancel_tx, _) = tokio::sync::watch::channel(false);
        let flow = Flow {
            client,
            token_url: options
                .authority
                .join(&format!("/{tenant}/oauth2/v2.0/token")),
            host,
            client_id,
            device_code: code.device_code,
            state: Mutex::new(FlowState {
                finished: None,
                interval: code.interval,
                next_poll_at: issued_at + code.interval,
                deadline: issued_at + code.expires_in,
                transient_failures: 0,
                last_error: None,
            }),
            wake: Condvar::new(),
            cancel_tx,
            in_flight: Mutex::new(()),
        };
        Ok((
            DeviceFlow {
                inner: Arc::new(flow),
            },
            Value::Object(info).to_string(),
        ))
    }

    /// One step: `PENDING` at once (no I/O) before the next allowed time; otherwise one
    /// token request. `OK` carries Microsoft's token response exactly as received.
    pub fn poll(&self) -> Outcome {
        self.poll_step().0
    }

    /// Polls until the flow finishes, `timeout` passes (`TIMEOUT`, flow still usable;
    /// `None` = until the code expires) or the flow is cancelled (`CANCELLED`).
    pub fn wait(&self, timeout: Option<Duration>) -> Outcome {
        let started = Instant::now();
        let give_up_at = timeout.map(|t| started + t);
        loop {
            let (outcome, busy) = self.poll_step();
            if outcome.status != Status::Pending {
                return outcome;
            }
            let state = self.lock();
            let now = Instant::now();
            let next = if busy {
                now + BUSY_NAP
            } else {
                state.next_poll_at.min(state.deadline)
            };
            match give_up_at {
                Some(limit) if next > limit => {
                    let state = self.sleep_until(state, limit);
                    if let Some(outcome) = finished_outcome(&state) {
                        return outcome; // cancelled, or finished by another thread's poll
                    }
                    let waited = timeout.unwrap_or_default().as_millis() as u64;
                    let left = state.deadline.saturating_duration_since(Instant::now());
                    return Failure::new(
                        Status::Timeout,
                        format!("The sign-in did not finish within {waited} ms; the flow is still pending and can be waited on or polled again."),
                    )
                    .with("expires_in_ms", left.as_millis() as u64)
                    .into();
                }
                _ => drop(self.sleep_until(state, next)),
            }
        }
    }

    /// Cancels the flow from any thread: a `wait` in progress returns `CANCELLED` within
    /// milliseconds and a request in flight is abandoned. No effect on a finished flow.
    pub fn cancel(&self) {
        let mut state = self.lock();
        if state.finished.is_none() {
            let failure = Failure::new(Status::Cancelled, "The sign-in was cancelled.");
            state.finished = Some((Status::Cancelled, SecretString::new(failure.to_json())));
        }
        drop(state);
        let _ = self.inner.cancel_tx.send(true);
        self.inner.wake.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, FlowState> {
        // A panic while holding the lock cannot leave FlowState inconsistent (every update is
        // a plain assignment), so a poisoned lock is still usable.
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sleeps until `until`, or until the flow finishes (cancel).
    fn sleep_until<'a>(
        &'a self,
        mut state: MutexGuard<'a, FlowState>,
        until: Instant,
    ) -> MutexGuard<'a, FlowState> {
        loop {
            let now = Instant::now();
            if state.finished.is_some() || now >= until {
                return state;
            }
            state = self
                .inner
                .wake
                .wait_timeout(state, until - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// The poll itself; the flag says another thread's request was in flight.
    fn poll_step(&self) -> (Outcome, bool) {
        let _in_flight = match self.inner.in_flight.try_lock() {
            Ok(guard) => guard,
            // The guard protects no data: a panic in an earlier poll leaves nothing to repair.
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                return (pending_note(&self.lock(), Instant::now()), true);
            }
        };
        {
            let mut state = self.lock();
            if let Some(outcome) = finished_outcome(&state) {
                return (outcome, false);
            }
            let now = Instant::now();
            if now >= state.deadline {
                let mut failure = Failure::new(
                    Status::Expired,
                    "The device code expired before the sign-in was completed.",
                )
                .hint("Start a new sign-in and enter the new code before it expires.");
                if let Some(last) = state.last_error.clone() {
                    failure = failure.with("last_error", last);
                }
                return (finish(&mut state, failure.into()), false);
            }
            if now < state.next_poll_at {
                return (pending_note(&state, now), false);
            }
        }

        let answer = self.request_token();
        let mut state = self.lock();
        if let Some(outcome) = finished_outcome(&state) {
            return (outcome, false); // cancelled while the request was in flight
        }
        let now = Instant::now();
        let outcome = match answer {
            PollAnswer::Token(body) => finish(&mut state, Outcome::ok(body)),
            PollAnswer::Pending => {
                state.transient_failures = 0;
                state.last_error = None;
                state.next_poll_at = now + state.interval;
                pending_note(&state, now)
            }
            PollAnswer::SlowDown => {
                state.transient_failures = 0;
                state.last_error = None;
                state.interval += SLOW_DOWN_STEP;
                state.next_poll_at = now + state.interval;
                pending_note(&state, now)
            }
            PollAnswer::Transient(failure, retry_after) => {
                state.transient_failures = state.transient_failures.saturating_add(1);
                let doubled = state
                    .interval
                    .saturating_mul(1u32 << state.transient_failures.min(5))
                    .min(MAX_BACKOFF);
                let wait = retry_after.map_or(doubled, |r| r.max(state.interval));
                state.next_poll_at = now + wait;
                state.last_error = Some(failure.to_value());
                pending_note(&state, now)
            }
            PollAnswer::Finished(failure) => finish(&mut state, failure.into()),
        };
        (outcome, false)
    }

    /// Sends one token request, abandoning it if the flow is cancelled meanwhile.
    fn request_token(&self) -> PollAnswer {
        let flow = &self.inner;
        let body = SecretString::new(http::form_body(&[
            ("grant_type", DEVICE_CODE_GRANT),
            ("client_id", &flow.client_id),
            ("device_code", flow.device_code.expose()),
        ]));
        let mut cancelled = flow.cancel_tx.subscribe();
        let request = form_post(&flow.client, &flow.token_url, body.into_inner());
        let sent = runtime::block_on(async {
            tokio::select! {
                result = http::send(request, &flow.host) => Some(result),
                _ = cancelled.wait_for(|c| *c) => None,
            }
        });
        match sent {
            None => PollAnswer::Finished(Failure::new(
                Status::Cancelled,
                "The sign-in was cancelled.",
            )),
            Some(Err(e)) if e.transient => PollAnswer::Transient(e.failure, None),
            Some(Err(e)) => PollAnswer::Finished(e.failure),
            Some(Ok(reply)) => interpret(&reply, &flow.token_url, &flow.host),
        }
    }
}

fn form_post(client: &Client, url: &str, body: String) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
}

fn finished_outcome(state: &FlowState) -> Option<Outcome> {
    state.finished.as_ref().map(|(status, json)| match status {
        Status::Ok => Outcome::ok(json.expose().to_owned()),
        other => Outcome::with_value(*other, &parse(json)),
    })
}

fn finish(state: &mut FlowState, outcome: Outcome) -> Outcome {
    let status = outcome.status;
    let json = outcome.into_json();
    state.finished = Some((status, SecretString::new(json.clone())));
    match status {
        Status::Ok => Outcome::ok(json),
        other => Outcome::with_value(other, &parse_str(&json)),
    }
}

fn parse(json: &SecretString) -> Value {
    parse_str(json.expose())
}

fn parse_str(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

fn pending_note(state: &FlowState, now: Instant) -> Outcome {
    if let Some(outcome) = finished_outcome(state) {
        return outcome;
    }
    let retry_after = state
        .next_poll_at
        .min(state.deadline)
        .saturating_duration_since(now);
    let mut note = json!({
        "status": Status::Pending.name(),
        "code": Status::Pending.code(),
        "retry_after_ms": retry_after.as_millis() as u64,
        "expires_in_ms": state.deadline.saturating_duration_since(now).as_millis() as u64,
        "interval_ms": state.interval.as_millis() as u64,
    });
    if let Some(last) = &state.last_error {
        note["last_error"] = last.clone();
    }
    Outcome::with_value(Status::Pending, &note)
}
