//! Latency of the library's calls against the in-process simulator over TLS (loopback), and
//! memory per open device flow. Run: `cargo bench --bench calls`. Numbers go to BENCHMARKS.md;
//! nothing here is asserted (the machines are shared and noisy).

use std::time::{Duration, Instant};
use vbo_mfa_auth::{exchange_vbo_token, vbo_request, DeviceFlow, OptionsBuilder, Status};
use vbomfa_sim::{Approval, SimConfig, Simulator};

const ORG: &str = "contoso.onmicrosoft.com";

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize];
    format!(
        "n={} p50={:.2?} p90={:.2?} p99={:.2?}",
        samples.len(),
        at(0.5),
        at(0.9),
        at(0.99)
    )
}

/// Times `n` runs of `call`.
fn sample(n: usize, mut call: impl FnMut()) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            call();
            t.elapsed()
        })
        .collect()
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let sim = Simulator::start(SimConfig {
        interval_secs: 1,
        approval: Approval::AfterPolls(1),
        ..SimConfig::default()
    })
    .expect("simulator");
    let ms = OptionsBuilder::default()
        .authority_host(sim.authority_url())
        .tls_ca_pem(sim.ca_pem())
        .sign_in()
        .expect("sign-in options");
    let vbo = OptionsBuilder::default()
        .tls_ca_pem(sim.ca_pem())
        .api_version("v8")
        .vbo()
        .expect("VBO options");

    // One sign-in to get tokens; the first call also loads the trust roots and builds the pool.
    let first = Instant::now();
    let (flow, _) = DeviceFlow::start(ORG, None, None, &ms).expect("start");
    println!(
        "first call (cold: roots, pool, TLS handshake) {:.2?}",
        first.elapsed()
    );
    let assertion = flow.wait(Some(Duration::from_secs(30))).expect("signed in");
    let login =
        exchange_vbo_token(&sim.vbo_url(), ORG, assertion.as_assertion(), &vbo).expect("exchanged");
    let token = login.access_token().to_owned();

    // Device-code request (start) latency.
    let starts = sample(100, || {
        assert!(DeviceFlow::start(ORG, None, None, &ms).is_ok())
    });
    println!("start_device_flow          {}", percentiles(starts));

    // Authenticated API call on a pooled connection, then options refused while checked
    // (no I/O).
    let calls = sample(500, || {
        assert!(vbo_request(&sim.vbo_url(), &token, "GET", "/Organization", None, &vbo).is_ok())
    });
    println!("vbo_request GET            {}", percentiles(calls));
    let invalid = sample(2000, || {
        let refused = OptionsBuilder::from_json(Some(r#"{"nope":1}"#)).unwrap_err();
        assert_eq!(refused.status, Status::InvalidArgument)
    });
    println!("rejected options (no I/O)  {}", percentiles(invalid));

    // Memory per open flow.
    let before = rss_kib();
    let flows: Vec<DeviceFlow> = (0..500)
        .map(|_| DeviceFlow::start(ORG, None, None, &ms).expect("start").0)
        .collect();
    let after = rss_kib();
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "RSS for 500 open flows     +{} KiB (~{:.1} KiB per flow)",
            a.saturating_sub(b),
            a.saturating_sub(b) as f64 / 500.0
        );
    }
    drop(flows);
}
