//! Panics stay inside the library: a panic caught at the C boundary, or one in the library's
//! own runtime threads, prints nothing on the host's stderr (the caller gets `VBOMFA_INTERNAL`
//! with the message instead). Panics anywhere else go to the hook that was installed before.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How deep this thread is inside `quietly` (or 1 for good in a library thread).
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Marks the calling thread (a library runtime thread) as one whose panics stay quiet.
pub fn silence_this_thread() {
    install_hook();
    QUIET.with(|q| q.set(q.get().saturating_add(1)));
}

/// Runs `body`; a panic comes back as its message instead, having printed nothing.
pub fn quietly<R>(body: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    QUIET.with(|q| q.set(q.get().saturating_add(1)));
    let result = catch_unwind(AssertUnwindSafe(body));
    QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    result.map_err(|panic| message(&*panic))
}

fn message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(quietly(|| 7), Ok(7));
        let caught = quietly(|| -> () { panic!("boom {}", 1) });
        assert_eq!(caught, Err("boom 1".to_owned()));
    }
}
