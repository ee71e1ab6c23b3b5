//! Many tenants at once: 50 device flows in parallel through the C ABI, each exchanged at
//! VBO, over one shared connection pool.

use serde_json::json;
use std::sync::Arc;
use vbo_mfa_auth::ffi::*;
use vbomfa_sim::{Approval, SimConfig};
use vbomfa_test_harness::*;

#[test]
fn fifty_concurrent_flows_all_sign_in() {
    let sim = Arc::new(start_sim(SimConfig {
        approval: Approval::AfterPolls(2),
        ..fast_config()
    }));
    let threads: Vec<_> = (0..50)
        .map(|_| {
            let sim = sim.clone();
            std::thread::spawn(move || {
                let (call, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
                let flow = flow.unwrap_or_else(|| panic!("start failed: {}", call.json));
                let user_code = call.json["user_code"].as_str().unwrap().to_owned();
                let (status, assertion) = flow.wait_text(120_000);
                assert_eq!(status, VBOMFA_OK, "{assertion}");
                let result = exchange_on(&sim, ORG, &assertion, json!({})).expect(VBOMFA_OK);
                (
                    user_code,
                    result["access_token"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect();
    let mut codes = std::collections::HashSet::new();
    let mut tokens = std::collections::HashSet::new();
    for t in threads {
        let (code, token) = t.join().expect("a flow thread failed");
        codes.insert(code);
        tokens.insert(token);
    }
    assert_eq!(codes.len(), 50, "every flow has its own code");
    assert_eq!(tokens.len(), 50, "every flow got its own VBO token");
}
