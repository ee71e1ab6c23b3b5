//! The `proxy` option through the C ABI: an authenticating CONNECT proxy on 127.0.0.1 in
//! front of the simulator. Without credentials the proxy answers 407 and the library says
//! so; with `http://user:password@host:port` the whole sign-in and exchange go through it.
//! The proxy password never appears in a result.

mod common;

use common::*;
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use vbo_mfa_auth::ffi::*;

/// `user:s3cret-proxy-pw` in Basic form.
const GOOD_AUTH: &str = "Basic dXNlcjpzM2NyZXQtcHJveHktcHc=";

/// A minimal authenticating HTTP CONNECT proxy; counts the tunnels it opened.
fn start_proxy() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let tunnels = Arc::new(AtomicUsize::new(0));
    let counter = tunnels.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let counter = counter.clone();
            std::thread::spawn(move || serve(client, &counter));
        }
    });
    (port, tunnels)
}

fn serve(client: TcpStream, tunnels: &AtomicUsize) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut authorized = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("proxy-authorization") && value.trim() == GOOD_AUTH {
                authorized = true;
            }
        }
    }
    let mut client = client;
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_owned();
    if !request_line.starts_with("CONNECT ") || !authorized {
        let _ = client.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n",
        );
        return;
    }
    let Ok(upstream) = TcpStream::connect(&target) else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    tunnels.fetch_add(1, Ordering::SeqCst);
    let _ = client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n");
    let (mut up_read, mut up_write) = (upstream.try_clone().unwrap(), upstream);
    let mut down_write = client.try_clone().unwrap();
    let mut down_read = reader; // may hold bytes already read past the header
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut up_read, &mut down_write);
    });
    let _ = std::io::copy(&mut down_read, &mut up_write);
}

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
