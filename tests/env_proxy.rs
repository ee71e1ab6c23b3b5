//! The default `proxy` setting is the system's: here, the HTTPS_PROXY environment variable
//! (its own test binary, since it changes the process environment). A loopback server is
//! always reached directly. (The remote name is resolved by the proxy only: this test sends no
//! DNS query.)

use serde_json::json;
use std::sync::atomic::Ordering;
use vbo_mfa_auth::ffi::*;
use vbomfa_test_harness::proxy::start_proxy;
use vbomfa_test_harness::*;

#[test]
fn https_proxy_from_the_environment_is_used_for_remote_servers_only() {
    let sim = start_sim(fast_config());
    let (proxy_port, tunnels) = start_proxy();
    for var in [
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        std::env::remove_var(var);
    }
    std::env::set_var(
        "HTTPS_PROXY",
        format!("http://user:s3cret-proxy-pw@127.0.0.1:{proxy_port}"),
    );

    // A remote name (resolved by the proxy only; it tunnels to the simulator), pinned.
    let remote = format!("https://vbo.sim.test:{}", sim.port());
    let pinned = json!({"api_version": "v8", "tls_pin_sha256": [sim.leaf_sha256_hex()]});
    let err = request(
        &remote,
        "bogus",
        "GET",
        "/Organization",
        None,
        Some(&pinned.to_string()),
    )
    .expect(VBOMFA_VBO_REJECTED);
    assert_eq!(
        err["http_status"], 401,
        "the simulator answered through the proxy"
    );
    assert_eq!(
        tunnels.load(Ordering::SeqCst),
        1,
        "the environment's proxy was not used"
    );

    // A loopback server is reached directly despite HTTPS_PROXY.
    let (info, _flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    info.expect(VBOMFA_OK);
    assert_eq!(
        tunnels.load(Ordering::SeqCst),
        1,
        "loopback traffic went to the proxy"
    );
}
