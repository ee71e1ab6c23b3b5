//! The `proxy` option through the C ABI: an authenticating CONNECT proxy on 127.0.0.1 in
//! front of the simulator. Without credentials the proxy answers 407 and the library says
//! so; with `http://user:password@host:port` the whole sign-in and exchange go through it.
//! The proxy password never appears in a result.

use serde_json::json;
use std::sync::atomic::Ordering;
use vbo_mfa_auth::ffi::*;
use vbomfa_test_harness::proxy::start_proxy;
use vbomfa_test_harness::*;

#[test]
fn proxy_without_credentials_is_a_clear_407() {
    let sim = start_sim(fast_config());
    let (port, tunnels) = start_proxy();
    let options = json!({
        "authority_host": sim.authority_url(),
        "tls_ca_pem": sim.ca_pem(),
        "proxy": format!("http://127.0.0.1:{port}"),
    })
    .to_string();
    let (call, flow) = start(ORG, None, None, Some(&options));
    assert!(flow.is_none());
    let err = call.expect(VBOMFA_HTTP_ERROR);
    assert_eq!(err["http_status"], 407, "{err}");
    assert!(err["hint"].as_str().unwrap().contains("user:password"));
    assert_eq!(tunnels.load(Ordering::SeqCst), 0);
    assert!(sim.requests().is_empty());
}

#[test]
fn authenticated_proxy_carries_the_whole_flow_and_hides_its_password() {
    let sim = start_sim(fast_config());
    let (port, tunnels) = start_proxy();
    let proxy = format!("http://user:s3cret-proxy-pw@127.0.0.1:{port}");
    let ms =
        json!({"authority_host": sim.authority_url(), "tls_ca_pem": sim.ca_pem(), "proxy": proxy})
            .to_string();
    let (info, flow) = start(ORG, None, None, Some(&ms));
    let info = info.expect(VBOMFA_OK);
    let (status, assertion) = flow.unwrap().wait_text(30_000);
    assert_eq!(status, VBOMFA_OK);
    let vbo = json!({"tls_ca_pem": sim.ca_pem(), "proxy": proxy}).to_string();
    let login = exchange(&sim.vbo_url(), ORG, &assertion, Some(&vbo)).expect(VBOMFA_OK);
    assert!(
        tunnels.load(Ordering::SeqCst) >= 1,
        "nothing went through the proxy"
    );
    // An error through the proxy names no password either.
    let err =
        exchange(&sim.vbo_url(), "Wrong.Org", &assertion, Some(&vbo)).expect(VBOMFA_VBO_REJECTED);
    for text in [info.to_string(), login.to_string(), err.to_string()] {
        assert!(!text.contains("s3cret-proxy-pw"));
    }
}
