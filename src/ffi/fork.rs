//! This process's id without a system call per use. The library compares it on every call
//! (its runtime, its pools and each flow belong to the process that made them: after
//! `fork()` the child must not touch the parent's), and `getpid` is a system call with no
//! cache in glibc: two or three per call cost more than the compare they serve. The id is read
//! once; a `pthread_atfork` handler forgets it in a forked child, which reads its own.
//!
//! A child made without the C library's `fork()` (a raw `clone`) runs no handler; one that
//! only execs (`posix_spawn`, `vfork`) never calls the library.

#[cfg(unix)]
mod unix {
    use std::ffi::c_int;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Once;

    /// The id, or 0 when it is to be read (first use; a forked child).
    static PID: AtomicU32 = AtomicU32::new(0);
    static WATCH_FORKS: Once = Once::new();

    extern "C" {
        fn pthread_atfork(
            prepare: Option<extern "C" fn()>,
            parent: Option<extern "C" fn()>,
            child: Option<extern "C" fn()>,
        ) -> c_int;
    }

    /// Runs in the child right after `fork()`: an atomic store only (async-signal-safe).
    extern "C" fn forget_in_child() {
        PID.store(0, Ordering::SeqCst);
    }

    pub(crate) fn process_id() -> u32 {
        WATCH_FORKS.call_once(|| {
            // SAFETY: registers a plain function that touches nothing but an atomic. glibc
            // ties the registration to this library and drops it if the library is unloaded.
            // Should it fail (no memory), ids are read as before: `PID` stays 0 below.
            if unsafe { pthread_atfork(None, None, Some(forget_in_child)) } != 0 {
                PID.store(u32::MAX, Ordering::SeqCst);
            }
        });
        match PID.load(Ordering::SeqCst) {
            u32::MAX => std::process::id(),
            0 => {
                let pid = std::process::id();
                // Only from "to be read": never over the registration's failure mark.
                let _ = PID.compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst);
                pid
            }
            pid => pid,
        }
    }
}

#[cfg(unix)]
pub(crate) use unix::process_id;

/// This process's id (Windows reads it from the thread's own block, no system call).
#[cfg(not(unix))]
pub(crate) fn process_id() -> u32 {
    std::process::id()
}
