//! The connection pools stay bounded: 5,000 calls that differ only in their time limit share
//! one pool, and 300 distinct certificate pins keep a bounded number of pools. Memory and
//! open sockets are measured around the calls (one test, so that nothing else runs in this
//! process meanwhile).
#![cfg(target_os = "linux")]

use serde_json::json;
use vbo_mfa_auth::ffi::*;
use vbomfa_test_harness::*;

#[test]
fn pools_stay_bounded() {
    distinct_time_limits();
    distinct_trust_settings();
}

/// Resident memory of this process, KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// Open sockets of this process.
fn sockets() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

/// Open sockets at most 8 and RSS at most 24 MiB above what they were before the calls.
fn assert_stayed_flat(rss_before: u64, sockets_before: usize) {
    let (rss_after, sockets_after) = (rss_kib(), sockets());
    assert!(
        sockets_after <= sockets_before + 8,
        "sockets {sockets_before} -> {sockets_after}"
    );
    assert!(
        rss_after <= rss_before + 24 * 1024,
        "RSS {rss_before} KiB -> {rss_after} KiB"
    );
}

/// Calls that differ only in time limits share one pool.
fn distinct_time_limits() {
    let sim = start_sim(fast_config());
    let call = |timeout_ms: u64| {
        let options = vbo_options(&sim, json!({"api_version": "v8", "timeout_ms": timeout_ms}));
        request_on(&sim, "not-a-token", "GET", "/Organization", &options).status
    };
    // Warm up: the runtime, the trust store, the first pool.
    for i in 0..50 {
        assert_eq!(call(20_000 + i), VBOMFA_VBO_REJECTED);
    }
    let (rss_before, sockets_before) = (rss_kib(), sockets());
    for i in 0..5000 {
        assert_eq!(call(30_000 + i), VBOMFA_VBO_REJECTED);
    }
    // A pool per distinct option set used to cost about 120 KiB and a socket each.
    assert_stayed_flat(rss_before, sockets_before);
}

/// Calls with many distinct trust settings keep a bounded number of pools.
fn distinct_trust_settings() {
    let sim = start_sim(fast_config());
    let (rss_before, sockets_before) = (rss_kib(), sockets());
    for i in 0..300u32 {
        // Each pin is another pool; none matches, so each call is refused at the handshake.
        let pin = format!("{:064x}", u128::from(i) + 1);
        let options = vbo_options(&sim, json!({"api_version": "v8", "tls_pin_sha256": [pin]}));
        assert_eq!(
            request_on(&sim, "t", "GET", "/Organization", &options).status,
            VBOMFA_TLS
        );
    }
    assert_stayed_flat(rss_before, sockets_before);
}
