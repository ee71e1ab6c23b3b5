//! A minimal authenticating HTTP CONNECT proxy on 127.0.0.1 for the proxy tests: it
//! answers 407 without `Proxy-Authorization: Basic user:s3cret-proxy-pw`, and tunnels
//! otherwise, counting the tunnels it opened. Every tunnel ends on 127.0.0.1 at the
//! requested port, whatever host was named (the test network has no other hosts).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// `user:s3cret-proxy-pw` in Basic form.
const GOOD_AUTH: &str = "Basic dXNlcjpzM2NyZXQtcHJveHktcHc=";

/// A minimal authenticating HTTP CONNECT proxy; counts the tunnels it opened.
pub fn start_proxy() -> (u16, Arc<AtomicUsize>) {
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
    let port = target
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(0);
    let Ok(upstream) = TcpStream::connect(("127.0.0.1", port)) else {
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
