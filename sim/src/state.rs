//! State shared between the server tasks and the `Simulator` handle.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use crate::config::SimConfig;
use crate::dates;
use crate::faults::FaultQueue;
use crate::ids;
use crate::microsoft::MsState;
use crate::request::RecordedRequest;
use crate::signing::Signer;
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
    /// Signs the Microsoft tokens (keys at `/{tenant}/discovery/v2.0/keys`).
    pub signer: Signer,
    /// Monotonic start time (`ms` of recorded requests counts from here).
    pub started: Instant,
    /// Arrival number of the next recorded request.
    next_seq: AtomicU64,
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
            signer: Signer::generate(),
            started: Instant::now(),
            next_seq: AtomicU64::new(0),
        }
    }

    /// Appends a request to the record (the oldest tenth is dropped past
    /// [`MAX_RECORDED`] entries, so a long-running simulator stays bounded). Returns its
    /// key for [`Shared::answered`].
    pub fn record(&self, mut request: RecordedRequest) -> u64 {
        let mut recorded = lock(&self.recorded);
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        request.seq = seq;
        if recorded.len() >= MAX_RECORDED {
            recorded.drain(..MAX_RECORDED / 10);
        }
        recorded.push(request);
        seq
    }

    /// Notes the status answered to the recorded request `seq` (if still recorded).
    pub fn answered(&self, seq: u64, status: u16) {
        let mut recorded = lock(&self.recorded);
        // Sequence numbers grow with the position (taken under the same lock).
        if let Ok(i) = recorded.binary_search_by_key(&seq, |r| r.seq) {
            recorded[i].status = Some(status);
        }
    }

    /// Forgets every recorded request.
    pub fn clear_record(&self) {
        lock(&self.recorded).clear();
    }
}

/// Locks a mutex, ignoring poisoning (a panicking handler must not wedge the simulator).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
