//! The process-wide tokio runtime every export blocks on and every token request of a
//! device flow runs on.
//!
//! After `fork()`, the child has none of the parent's runtime threads (a call would hang):
//! the first call in the child builds a runtime of its own. The parent's runtime is left
//! alone there (forgotten, never dropped: dropping it would wait for threads that do not
//! exist in the child).

use std::future::Future;
use std::sync::Mutex;
use tokio::runtime::Runtime;

/// The runtime and the process it was built in.
static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// The runtime of this process, built on first use. Two worker threads: the work is
/// I/O-bound, and hosts (PowerShell, a C# service) should not see a thread per core appear.
/// A panic in them prints nothing (`quiet_panics`).
fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    let mut current = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    match *current {
        Some((built_in, runtime)) if built_in == pid => runtime,
        _ => {
            crate::ffi::pin_library();
            let runtime: &'static Runtime = Box::leak(Box::new(
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("vbo_mfa_auth")
                    .on_thread_start(crate::quiet_panics::silence_this_thread)
                    .enable_all()
                    .build()
                    .expect("the tokio runtime could not start"),
            ));
            *current = Some((pid, runtime));
            runtime
        }
    }
}

/// Runs `future` to completion on the shared runtime, blocking the calling thread.
///
/// Must not be called from inside an async context (it panics there; the FFI boundary turns
/// that into `VBOMFA_INTERNAL`).
pub fn block_on<F: Future>(future: F) -> F::Output {
    runtime().block_on(future)
}

/// Enters the runtime's context (for building clients that look for a reactor).
pub fn enter() -> tokio::runtime::EnterGuard<'static> {
    runtime().enter()
}

/// Runs `future` as a task on the shared runtime; the caller does not wait for it.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime().spawn(future)
}
