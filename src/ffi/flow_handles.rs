//! The live flows. A `VbomfaFlow *` handed to C is a number, never an address: every call
//! looks it up here and works on its own reference to the flow, so a flow freed by one thread
//! while another is inside a call on it lives until that call returns, and a handle used
//! after its free is refused instead of being dereferenced.

use super::VbomfaFlow;
use crate::failure::Failure;
use crate::DeviceFlow;
use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

static FLOWS: Lazy<Mutex<HashMap<usize, DeviceFlow>>> = Lazy::new(|| Mutex::new(HashMap::new()));

/// Handle numbers are never reused; 0 stays NULL.
static NEXT: AtomicUsize = AtomicUsize::new(1);

fn flows() -> MutexGuard<'static, HashMap<usize, DeviceFlow>> {
    // The map is only ever inserted into or removed from: a poisoned lock is still usable.
    FLOWS.lock().unwrap_or_else(|p| p.into_inner())
}

/// Keeps `flow` and returns its new handle.
pub(super) fn register(flow: DeviceFlow) -> *mut VbomfaFlow {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    flows().insert(id, flow);
    std::ptr::without_provenance_mut(id)
}

/// The flow behind `handle`.
pub(super) fn lookup(handle: *const VbomfaFlow) -> Result<DeviceFlow, Failure> {
    if handle.is_null() {
        return Err(Failure::invalid("flow must not be NULL."));
    }
    flows().get(&handle.addr()).cloned().ok_or_else(|| {
        Failure::invalid("flow is not a live flow: it was freed, or it did not come from vbomfa_start_device_flow.")
    })
}

/// Forgets `handle` and cancels its flow (waking every thread inside a call on it). Unknown
/// handles are ignored. In a child after `fork()`, a flow of the parent is forgotten without
/// being dropped: its connections are the parent's.
pub(super) fn release(handle: *mut VbomfaFlow) {
    let removed = flows().remove(&handle.addr());
    if let Some(flow) = removed {
        if flow.started_here() {
            flow.cancel();
        } else {
            std::mem::forget(flow);
        }
    }
}
