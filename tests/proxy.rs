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

#[test]
fn plain_http_to_loopback_never_goes_through_a_proxy() {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    // A plain-http "VBO" on loopback, and a proxy that only counts who connects to it.
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let server_port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in server.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            );
        }
    });
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_port = proxy.local_addr().unwrap().port();
    let proxied = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = proxied.clone();
    std::thread::spawn(move || {
        for _ in proxy.incoming().flatten() {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let options = json!({
        "api_version": "v8",
        "timeout_ms": 5000,
        "proxy": format!("http://user:s3cret-proxy-pw@127.0.0.1:{proxy_port}"),
    })
    .to_string();
    let reply = request(
        &format!("http://127.0.0.1:{server_port}"),
        "bearer-token-in-clear",
        "GET",
        "/Organization",
        None,
        Some(&options),
    )
    .expect(VBOMFA_OK);
    assert_eq!(reply["http_status"], 200);
    assert_eq!(
        proxied.load(Ordering::SeqCst),
        0,
        "the token went to the proxy"
    );
}
