//! The Microsoft identity platform device-code flow (RFC 8628 §3.1–3.5, docs/PROTOCOL.md §1).
//!
//! `start` asks for a device code. Token requests run as tasks on the library's runtime and
//! land their answer in the flow's state, whoever is waiting: `poll` sends at most one request
//! and never before the flow's next allowed time; `wait` polls until the sign-in ends, its own
//! time limit (which bounds the call even while a request is slow; the request goes on and its
//! answer is kept), or `cancel` from any thread, which also aborts a request in flight. A
//! finished flow keeps its outcome. `device_code` reads Microsoft's device authorization
//! answer, `poll_answer` each token-endpoint reply, `results` holds what the flow hands back.

mod device_code;
mod poll_answer;
mod results;

pub use results::{MicrosoftToken, PendingNote, Poll, SignInPrompt, TokenFacts};

use crate::args;
use crate::failure::Failure;
use crate::http::{self, Retry};
use crate::options::SignInOptions;
use crate::redact::Redactor;
use crate::runtime;
use crate::secret::SecretString;
use crate::status::Status;
use crate::time::rfc3339_after;
use device_code::DeviceCode;
use http::Connection;
use poll_answer::{interpret, PollAnswer};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.5: `slow_down` adds 5 seconds, for good.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Ceiling of the polling interval, however often `slow_down` comes.
const MAX_INTERVAL: Duration = Duration::from_secs(300);
/// Ceiling of the back-off after transient failures.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// What a pending note tells a caller to wait while another caller's request is in flight.
const BUSY_RETRY: Duration = Duration::from_millis(50);
const NO_OFFLINE_ACCESS: &str = "The scope has no offline_access: Microsoft will return no refresh token, and VBO rejects an assertion without one.";

/// A device-code sign-in in progress. Cheap to clone; all clones are the same flow.
#[derive(Clone)]
pub struct DeviceFlow {
    inner: Arc<Flow>,
}

struct Flow {
    /// The process that started the flow: after `fork()`, the child has neither its runtime
    /// nor its request in flight, and refuses to go on with it.
    pid: u32,
    client: Connection,
    token_url: String,
    /// `token_url`, parsed once.
    token_endpoint: reqwest::Url,
    host: String,
    client_id: String,
    device_code: SecretString,
    /// Redacts the device code from whatever the token endpoint says.
    redactor: Arc<Redactor>,
    state: Mutex<FlowState>,
    /// Notified whenever the state changes (an answer landed, a cancel).
    changed: Notify,
}

struct FlowState {
    /// Sticky outcome: once set, every call returns it without I/O.
    outcome: Option<Result<MicrosoftToken, Failure>>,
    interval: Duration,
    next_poll_at: Instant,
    deadline: Instant,
    transient_failures: u32,
    last_error: Option<Box<Failure>>,
    /// The token request in flight, if one is.
    request: Option<AbortHandle>,
    /// How many token requests were started (tells `poll` when its own one has landed).
    requests_started: u64,
}

impl DeviceFlow {
    /// Requests a device code for `tenant`; `client_id` and `scope` default to Veeam's
    /// documented public client and scope. Returns the flow and what to show the user.
    pub fn start(
        tenant: &str,
        client_id: Option<&str>,
        scope: Option<&str>,
        options: &SignInOptions,
    ) -> Result<(DeviceFlow, SignInPrompt), Failure> {
        args::check_tenant(tenant)?;
        let client_id = args::client_id_or_default(client_id)?;
        let scope = args::scope_or_default(scope)?;
        let host = options.authority.host().to_owned();
        let client = http::client_for(&options.transport, &options.authority)?;
        let path = format!("/{tenant}/oauth2/v2.0/devicecode");
        let url = options.authority.join(&path);
        let body = http::form_body(&[("client_id", &client_id), ("scope", &scope)]);
        let reply = http::send_blocking(
            http::form_post(
                &client,
                options.authority.url(&path),
                SecretString::new(body),
            ),
            &host,
            Retry::Idempotent,
            &Arc::new(Redactor::none()),
        )?;
        let issued_at = Instant::now();
        let code = DeviceCode::from_reply(&reply, &url, &host)?;
        let prompt = SignInPrompt {
            user_code: code.user_code,
            verification_uri: code.verification_uri,
            expires_in: code.expires_in,
            interval: code.interval,
            message: code.message,
            expires_at: rfc3339_after(code.expires_in),
            warning: (!args::has_offline_access(&scope)).then_some(NO_OFFLINE_ACCESS),
        };
        // expires_in is bounded (24 h) when read, so this cannot overflow.
        let deadline = issued_at + code.expires_in;
        let token_path = format!("/{tenant}/oauth2/v2.0/token");
        let flow = Flow {
            pid: crate::ffi::process_id(),
            client,
            token_url: options.authority.join(&token_path),
            token_endpoint: options.authority.url(&token_path),
            host,
            client_id,
            redactor: Arc::new(Redactor::none().secret(code.device_code.expose())),
            device_code: code.device_code,
            state: Mutex::new(FlowState {
                outcome: None,
                interval: code.interval,
                next_poll_at: later(issued_at, code.interval, deadline).min(deadline),
                deadline,
                transient_failures: 0,
                last_error: None,
                request: None,
                requests_started: 0,
            }),
            changed: Notify::new(),
        };
        Ok((
            DeviceFlow {
                inner: Arc::new(flow),
            },
            prompt,
        ))
    }

    /// One step: `Pending` at once (no I/O) before the next allowed time or while another
    /// caller's request is in flight; otherwise one token request and its answer. `Token` is
    /// Microsoft's token response exactly as received.
    pub fn poll(&self) -> Result<Poll, Failure> {
        self.check_process()?;
        let mut state = self.lock();
        let mut mine = None;
        loop {
            if let Some(outcome) = &state.outcome {
                return outcome.clone().map(Poll::Token);
            }
            let now = Instant::now();
            match (state.request.is_some(), mine) {
                (true, Some(ticket)) if state.requests_started == ticket => {
                    state = self.sleep(state, None);
                    continue;
                }
                (true, _) => return Ok(Poll::Pending(note(&state, now))),
                (false, Some(_)) => return self.pending_or_expired(&mut state, now),
                (false, None) => {}
            }
            if now >= state.deadline || now < state.next_poll_at {
                return self.pending_or_expired(&mut state, now);
            }
            mine = Some(self.send_token_request(&mut state));
        }
    }

    /// Polls until the flow finishes (the token, or why not), `timeout` passes (`TIMEOUT`;
    /// the flow stays usable; `None` = until the code expires) or the flow is cancelled
    /// (`CANCELLED`). A request in flight when the time is up goes on; its answer is kept.
    pub fn wait(&self, timeout: Option<Duration>) -> Result<MicrosoftToken, Failure> {
        self.check_process()?;
        let started = Instant::now();
        let give_up_at = timeout.and_then(|t| started.checked_add(t));
        let mut state = self.lock();
        loop {
            if let Some(outcome) = &state.outcome {
                return outcome.clone();
            }
            let now = Instant::now();
            if give_up_at.is_some_and(|limit| now >= limit) {
                return Err(timed_out(&state, timeout.unwrap_or_default(), now));
            }
            let in_flight = state.request.is_some();
            if !in_flight && now >= state.deadline {
                return Err(expire(&mut state));
            }
            if !in_flight && now >= state.next_poll_at {
                self.send_token_request(&mut state);
                continue;
            }
            let wake = if in_flight {
                give_up_at
            } else {
                Some(state.next_poll_at.min(state.deadline))
            };
            let wake = match (wake, give_up_at) {
                (Some(w), Some(limit)) => Some(w.min(limit)),
                (w, _) => w,
            };
            state = self.sleep(state, wake);
        }
    }

    /// Cancels the flow from any thread: every `wait` returns `CANCELLED` at once and a
    /// request in flight is aborted. No effect on a finished flow.
    pub fn cancel(&self) {
        if !self.started_here() {
            return;
        }
        let mut state = self.lock();
        if state.outcome.is_none() {
            state.outcome = Some(Err(Failure::new(
                Status::Cancelled,
                "The sign-in was cancelled.",
            )));
        }
        if let Some(request) = state.request.take() {
            request.abort();
        }
        drop(state);
        self.inner.changed.notify_waiters();
    }

    /// How long the device code still lives.
    pub fn expires_in(&self) -> Duration {
        self.lock()
            .deadline
            .saturating_duration_since(Instant::now())
    }

    /// True in the process that started the flow (false in a child after `fork()`).
    pub fn started_here(&self) -> bool {
        self.inner.pid == crate::ffi::process_id()
    }

    fn check_process(&self) -> Result<(), Failure> {
        if self.started_here() {
            Ok(())
        } else {
            Err(Failure::invalid(
                "This sign-in was started before the process forked; a forked process cannot go on with it: start a new sign-in in this process.",
            ))
        }
    }

    fn lock(&self) -> MutexGuard<'_, FlowState> {
        self.inner.lock()
    }

    /// Sleeps until `until` (`None`: until woken), or until the state changes. The wait
    /// drives the library's runtime (`runtime::block_on`), so the request it waits for makes
    /// progress on this thread.
    fn sleep<'a>(
        &'a self,
        state: MutexGuard<'a, FlowState>,
        until: Option<Instant>,
    ) -> MutexGuard<'a, FlowState> {
        let changed = self.inner.changed.notified();
        let mut changed = std::pin::pin!(changed);
        // Registered while the lock is held: a change made after it is released wakes us.
        changed.as_mut().enable();
        drop(state);
        runtime::block_on(async {
            match until {
                None => changed.await,
                Some(at) => {
                    let _ = tokio::time::timeout_at(at.into(), changed).await;
                }
            }
        });
        self.lock()
    }

    fn pending_or_expired(&self, state: &mut FlowState, now: Instant) -> Result<Poll, Failure> {
        if now >= state.deadline {
            Err(expire(state))
        } else {
            Ok(Poll::Pending(note(state, now)))
        }
    }

    /// Starts one token request as a task whose answer lands in the state; returns its ticket.
    fn send_token_request(&self, state: &mut FlowState) -> u64 {
        let flow = self.inner.clone();
        let body = SecretString::new(http::form_body(&[
            ("grant_type", DEVICE_CODE_GRANT),
            ("client_id", &flow.client_id),
            ("device_code", flow.device_code.expose()),
        ]));
        let request = http::form_post(&flow.client, flow.token_endpoint.clone(), body);
        let task = runtime::spawn(async move {
            let sent = http::send(request, &flow.host, &flow.redactor).await;
            // Whatever happens, an answer must land: waiters sleep until it does.
            let answer = catch_unwind(AssertUnwindSafe(|| match sent {
                Ok(reply) => interpret(&reply, &flow.token_url, &flow.host),
                Err(e) if e.transient => PollAnswer::Transient(e.failure, None),
                Err(e) => PollAnswer::Finished(e.failure),
            }))
            .unwrap_or_else(|_| {
                PollAnswer::Finished(Failure::new(
                    Status::Internal,
                    "Internal error in vbo_mfa_auth (reading the token answer panicked); please report it.",
                ))
            });
            flow.land(answer);
        });
        state.request = Some(task.abort_handle());
        state.requests_started += 1;
        state.requests_started
    }
}

impl Flow {
    fn lock(&self) -> MutexGuard<'_, FlowState> {
        // Every update of FlowState is a plain assignment, so a panic while the lock was held
        // cannot leave it inconsistent: a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records the answer of the request in flight and wakes every waiter.
    fn land(&self, answer: PollAnswer) {
        let mut state = self.lock();
        state.request = None;
        if state.outcome.is_none() {
            let now = Instant::now();
            match answer {
                PollAnswer::Token(token) => state.outcome = Some(Ok(token)),
                PollAnswer::Pending => {
                    state.transient_failures = 0;
                    state.last_error = None;
                    state.next_poll_at = later(now, state.interval, state.deadline);
                }
                PollAnswer::SlowDown => {
                    state.transient_failures = 0;
                    state.last_error = None;
                    state.interval = (state.interval + SLOW_DOWN_STEP).min(MAX_INTERVAL);
                    state.next_poll_at = later(now, state.interval, state.deadline);
                }
                PollAnswer::LoopDetected(failure) => {
                    state.interval = (state.interval + SLOW_DOWN_STEP).min(MAX_INTERVAL);
                    state.next_poll_at = later(now, state.interval, state.deadline);
                    state.last_error = Some(Box::new(failure));
                }
                PollAnswer::Transient(failure, retry_after) => {
                    state.transient_failures = state.transient_failures.saturating_add(1);
                    let doubled = state
                        .interval
                        .saturating_mul(1u32 << state.transient_failures.min(5))
                        .min(MAX_BACKOFF);
                    // Never sooner than the interval, whatever Retry-After says.
                    let wait = retry_after.map_or(doubled, |r| r.max(state.interval));
                    state.next_poll_at = later(now, wait, state.deadline);
                    state.last_error = Some(Box::new(failure));
                }
                PollAnswer::Finished(failure) => state.outcome = Some(Err(failure)),
            }
        }
        drop(state);
        self.changed.notify_waiters();
    }
}

/// `from + wait`, but never past `limit` (and never overflowing).
fn later(from: Instant, wait: Duration, limit: Instant) -> Instant {
    from.checked_add(wait).map_or(limit, |at| at.min(limit))
}

fn note(state: &FlowState, now: Instant) -> PendingNote {
    let retry_after = if state.request.is_some() {
        BUSY_RETRY
    } else {
        state
            .next_poll_at
            .min(state.deadline)
            .saturating_duration_since(now)
    };
    PendingNote {
        retry_after,
        expires_in: state.deadline.saturating_duration_since(now),
        interval: state.interval,
        last_error: state.last_error.clone(),
    }
}

/// The local deadline has passed: the flow ends as expired (RFC 8628 §3.5; nothing is sent
/// after it).
fn expire(state: &mut FlowState) -> Failure {
    let mut failure = Failure::new(
        Status::Expired,
        "The device code expired before the sign-in was completed.",
    )
    .hint("Start a new sign-in and enter the new code before it expires.");
    failure.last_error = state.last_error.clone();
    state.outcome = Some(Err(failure.clone()));
    failure
}

fn timed_out(state: &FlowState, waited: Duration, now: Instant) -> Failure {
    let mut failure = Failure::new(
        Status::Timeout,
        format!(
            "The sign-in did not finish within {} ms; the flow is still pending and can be waited on or polled again.",
            waited.as_millis()
        ),
    );
    failure.expires_in = Some(state.deadline.saturating_duration_since(now));
    failure
}

/// Feeds a fuzzed reply to every reader of Microsoft's answers.
#[cfg(fuzzing)]
pub(crate) fn read_fuzzed_replies(reply: &crate::http::Reply, url: &str, host: &str) {
    let _ = DeviceCode::from_reply(reply, url, host);
    let _ = interpret(reply, url, host);
}
