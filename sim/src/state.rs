//! State shared between the server tasks and the `Simulator` handle.

use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use crate::config::SimConfig;
use crate::dates;
use crate::faults::FaultQueue;
use crate::ids;
use crate::microsoft::MsState;
use crate::request::RecordedRequest;
use crate::vbo::VboState;

/// Most requests kept by [`Shared::record`].
pub const MAX_RECORDED: usize = 100_000;

/// Everything one simulator instance knows.
pub struct Shared {
    /// Configuration given at start.
    pub config: SimConfig,
    /// `https://127.0.0.1:PORT`.
    pub base_url: String,
    /// Injected faults.
    pub faults: FaultQueue,
    /// Every request received, in arrival order.
    pub recorded: Mutex<Vec<RecordedRequest>>,
    /// Microsoft half: device-code flows and issued tokens.
    pub ms: Mutex<MsState>,
    /// VBO half: sessions and tokens.
    pub vbo: Mutex<VboState>,
    /// VBO `installationId`.
    pub installation_id: String,
    /// Unix time the simulator started.
    pub started_unix: u64,
}

impl Shared {
    /// Fresh state for `config`, served at `base_url`.
    pub fn new(config: SimConfig, base_url: String) -> Shared {
        Shared {
            config,
            base_url,
            faults: FaultQueue::default(),
            recorded: Mutex::new(Vec::new()),
            ms: Mutex::new(MsState::default()),
            vbo: Mutex::new(VboState::default()),
            installation_id: ids::guid(),
            started_unix: dates::unix_secs(SystemTime::now()),
        }
    }

    /// Appends a request to the record (the oldest tenth is dropped past
    /// [`MAX_RECORDED`] entries, so a long-running simulator stays bounded).
    pub fn record(&self, request: RecordedRequest) {
        let mut recorded = lock(&self.recorded);
        if recorded.len() >= MAX_RECORDED {
            recorded.drain(..MAX_RECORDED / 10);
        }
        recorded.push(request);
    }
}

/// Locks a mutex, ignoring poisoning (a panicking handler must not wedge the simulator).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
