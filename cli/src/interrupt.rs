//! Ctrl+C handling (SIGINT/SIGTERM on Unix, console control events on Windows).
//!
//! One process-wide handler, installed at start-up, does what the current phase needs:
//! - while a device-code sign-in is waited on, it cancels that flow (the waiting thread gets
//!   `CANCELLED` within milliseconds, cleans up and exits with code 130);
//! - while `vbomfa sim` runs, it wakes the main thread, which stops the simulator;
//! - while something must not be cut short (a refresh spends the old refresh token, so its
//!   new tokens must reach the disk), it is noted, and the command exits with 130 afterwards;
//! - otherwise (a blocking HTTP call is in progress) it exits at once with code 130.

use crate::exit_codes;
use std::sync::{Condvar, Mutex, MutexGuard};
use vbo_mfa_auth::DeviceFlow;

/// What Ctrl+C does right now.
enum Mode {
    /// Exit the process with code 130.
    Exit,
    /// Cancel this sign-in.
    Cancel(DeviceFlow),
    /// Wake [`wait_for_interrupt`].
    Notify,
    /// Note it; [`uninterrupted`] exits afterwards.
    Defer,
}

struct State {
    mode: Mode,
    interrupted: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    mode: Mode::Exit,
    interrupted: false,
});
static WAKE: Condvar = Condvar::new();

fn lock() -> MutexGuard<'static, State> {
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the handler. Without it Ctrl+C still ends the process (the default action),
/// only less cleanly, so a failure is reported and otherwise ignored.
pub fn install() {
    if let Err(e) = ctrlc::set_handler(on_interrupt) {
        eprintln!("warning: cannot install the Ctrl+C handler ({e}); Ctrl+C will end the process abruptly.");
    }
}

fn on_interrupt() {
    let mut state = lock();
    state.interrupted = true;
    match &state.mode {
        Mode::Exit => {
            eprintln!("\ncancelled (Ctrl+C)");
            std::process::exit(exit_codes::CANCELLED);
        }
        Mode::Cancel(flow) => flow.cancel(),
        Mode::Notify => WAKE.notify_all(),
        Mode::Defer => eprintln!("\nCtrl+C: finishing first, so that the new tokens are not lost"),
    }
}

/// Runs `work` with Ctrl+C held back; if Ctrl+C came meanwhile, exits with 130 once `work`
/// is done (after `work`'s own messages).
pub fn uninterrupted<T>(work: impl FnOnce() -> T) -> T {
    lock().mode = Mode::Defer;
    let result = work();
    let mut state = lock();
    state.mode = Mode::Exit;
    if state.interrupted {
        drop(state);
        eprintln!("cancelled (Ctrl+C)");
        std::process::exit(exit_codes::CANCELLED);
    }
    result
}

/// While alive, Ctrl+C cancels `flow` instead of ending the process.
pub struct CancelOnInterrupt(());

impl CancelOnInterrupt {
    /// Routes Ctrl+C to `flow.cancel()`.
    pub fn new(flow: &DeviceFlow) -> CancelOnInterrupt {
        let mut state = lock();
        if state.interrupted {
            flow.cancel(); // Ctrl+C came while the flow was being started
        }
        state.mode = Mode::Cancel(flow.clone());
        CancelOnInterrupt(())
    }
}

impl Drop for CancelOnInterrupt {
    fn drop(&mut self) {
        lock().mode = Mode::Exit;
    }
}

/// Blocks until Ctrl+C (or SIGTERM) arrives.
pub fn wait_for_interrupt() {
    let mut state = lock();
    state.mode = Mode::Notify;
    while !state.interrupted {
        state = WAKE
            .wait(state)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
    state.mode = Mode::Exit;
}
