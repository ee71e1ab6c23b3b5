//! The one process-wide tokio runtime every export blocks on and every token request of a
//! device flow runs on.

use once_cell::sync::Lazy;
use std::future::Future;
use tokio::runtime::Runtime;

/// Two worker threads: the work is I/O-bound, and hosts (PowerShell, a C# service) should
/// not see a thread per core appear. A panic in them prints nothing (`quiet_panics`).
static RUNTIME: Lazy<Runtime> = Lazy::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("vbo_mfa_auth")
        .on_thread_start(crate::quiet_panics::silence_this_thread)
        .enable_all()
        .build()
        .expect("the tokio runtime could not start")
});

/// Runs `future` to completion on the shared runtime, blocking the calling thread.
///
/// Must not be called from inside an async context (it panics there; the FFI boundary turns
/// that into `VBOMFA_INTERNAL`).
pub fn block_on<F: Future>(future: F) -> F::Output {
    RUNTIME.block_on(future)
}

/// Enters the runtime's context (for building clients that look for a reactor).
pub fn enter() -> tokio::runtime::EnterGuard<'static> {
    RUNTIME.enter()
}

/// Runs `future` as a task on the shared runtime; the caller does not wait for it.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    RUNTIME.spawn(future)
}
