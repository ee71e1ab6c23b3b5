//! The process-wide tokio runtime every export blocks on and every token request of a
//! device flow runs on.
//!
//! Who drives it: the calling thread. The runtime is a current-thread one, and a blocking call
//! runs it on the caller's own thread for as long as it waits: its request, the connection
//! task that talks to the server, timers, and whatever other task is ready (another caller's
//! device-flow request). A request then costs the caller one sleep, in `epoll`, until the
//! server answers, as with curl. A runtime polled from its own worker threads cost about
//! seven thread switches per request (the request handed to the connection task, the answer
//! head, each body chunk and its end, each crossing between the caller and a worker), which
//! was the largest single cost of a call on a loaded machine (BENCHMARKS.md).
//!
//! When no call is inside the library for `KEEPER_QUIET`, a keeper thread drives the runtime
//! instead, so that nothing waits for the next call: a device-flow request whose waiter gave
//! up goes on and lands its answer, and connections the server closed are noticed and
//! dropped from the pool. The keeper steps aside as soon as a call comes; calls that follow
//! each other closely never wake it. When several threads call at once, one drives and the
//! others are woken by it (tokio hands the runtime over when the driver's call returns).
//!
//! After `fork()`, the child has neither the keeper nor the parent's tasks: the first call in
//! the child builds a runtime of its own. The parent's runtime is left alone there (forgotten,
//! never dropped: dropping it could act on connections the parent still uses).

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio::sync::Notify;

/// How long no call must have been inside the library before the keeper drives the runtime;
/// also how often the keeper looks while calls come.
const KEEPER_QUIET: Duration = Duration::from_millis(50);

/// The runtime of one process and what decides who drives it.
struct Shared {
    runtime: Runtime,
    /// When the runtime was built: the origin of `last_left`.
    born: Instant,
    /// How many calls are inside `block_on`.
    callers: AtomicUsize,
    /// When the last call left `block_on`, in milliseconds since `born`.
    last_left: AtomicU64,
    /// True while the keeper drives the runtime.
    keeper_driving: AtomicBool,
    /// Tells the keeper to hand the runtime back.
    step_aside: Notify,
}

/// The runtime and the process it was built in.
static RUNTIME: Mutex<Option<(u32, &'static Shared)>> = Mutex::new(None);

/// The runtime of this process, built on first use, with its keeper thread. A panic in the
/// keeper or in the runtime's blocking threads (name lookups) prints nothing (`quiet_panics`).
fn shared() -> &'static Shared {
    let pid = crate::ffi::process_id();
    let mut current = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    match *current {
        Some((built_in, shared)) if built_in == pid => shared,
        _ => {
            crate::ffi::pin_library();
            let shared: &'static Shared = Box::leak(Box::new(Shared {
                runtime: tokio::runtime::Builder::new_current_thread()
                    .thread_name("vbo_mfa_auth")
                    .on_thread_start(crate::quiet_panics::silence_this_thread)
                    .enable_all()
                    .build()
                    .expect("the tokio runtime could not start"),
                born: Instant::now(),
                callers: AtomicUsize::new(0),
                last_left: AtomicU64::new(0),
                keeper_driving: AtomicBool::new(false),
                step_aside: Notify::new(),
            }));
            std::thread::Builder::new()
                .name("vbo_mfa_auth".into())
                .spawn(move || keep(shared))
                .expect("the vbo_mfa_auth keeper thread could not start");
            *current = Some((pid, shared));
            shared
        }
    }
}

impl Shared {
    fn millis(&self) -> u64 {
        u64::try_from(self.born.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// True when no call is inside and none has been for `KEEPER_QUIET`.
    fn quiet(&self) -> bool {
        self.callers.load(Ordering::SeqCst) == 0
            && self
                .millis()
                .saturating_sub(self.last_left.load(Ordering::SeqCst))
                >= KEEPER_QUIET.as_millis() as u64
    }
}

/// The keeper: drives the runtime while no call does, and steps aside for every call. While
/// calls come it only looks every `KEEPER_QUIET` (a call never wakes it).
fn keep(shared: &'static Shared) {
    crate::quiet_panics::silence_this_thread();
    loop {
        std::thread::sleep(KEEPER_QUIET);
        if !shared.quiet() {
            continue;
        }
        shared.keeper_driving.store(true, Ordering::SeqCst);
        // A call that came between the look above and the flag: leave the runtime to it.
        if shared.callers.load(Ordering::SeqCst) == 0 {
            shared.runtime.block_on(shared.step_aside.notified());
        }
        shared.keeper_driving.store(false, Ordering::SeqCst);
    }
}

/// Counts a call inside `block_on` for as long as it lives (a panic included).
struct Caller(&'static Shared);

impl Caller {
    fn enter(shared: &'static Shared) -> Caller {
        shared.callers.fetch_add(1, Ordering::SeqCst);
        if shared.keeper_driving.load(Ordering::SeqCst) {
            shared.step_aside.notify_one();
        }
        Caller(shared)
    }
}

impl Drop for Caller {
    fn drop(&mut self) {
        let shared = self.0;
        shared.last_left.store(shared.millis(), Ordering::SeqCst);
        shared.callers.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `future` to completion, driving the shared runtime on the calling thread while it
/// waits (or, when another thread drives it, sleeping until that thread wakes this one).
///
/// Must not be called from inside an async context: it panics there (the FFI boundary turns
/// that into `VBOMFA_INTERNAL`), before anything is sent.
pub fn block_on<F: Future>(future: F) -> F::Output {
    assert!(
        tokio::runtime::Handle::try_current().is_err(),
        "a blocking call of vbo_mfa_auth was made from inside an async runtime"
    );
    let shared = shared();
    let _caller = Caller::enter(shared);
    shared.runtime.block_on(future)
}

/// Enters the runtime's context (for building clients that look for a reactor).
pub fn enter() -> tokio::runtime::EnterGuard<'static> {
    shared().runtime.enter()
}

/// Runs `future` as a task on the shared runtime; the caller does not wait for it. It runs
/// while a call or the keeper drives the runtime.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    shared().runtime.spawn(future)
}
