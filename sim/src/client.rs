//! A small blocking HTTPS client for the simulator, trusting only the certificate the
//! simulator hands out: for tests, and for Rust programs that drive a simulator running in
//! another process (`vbomfa sim`) through its control API (`/_sim/`). One request per
//! connection (`Connection: close`), headers exactly as given. Blocking: do not call it
//! from async code.

use std::io;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::faults::{Endpoint, Fault};

/// An HTTP response as received.
#[derive(Clone, Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers with lowercased names, in order.
    pub headers: Vec<(String, String)>,
    /// Body (UTF-8, invalid bytes replaced).
    pub body: String,
}

impl Response {
    /// The body as JSON; panics with the body when it is not JSON (a test helper).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// First value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A client for one simulator (`https://127.0.0.1:PORT`).
#[derive(Clone)]
pub struct SimClient {
    port: u16,
    connector: tokio_rustls::TlsConnector,
}

impl std::fmt::Debug for SimClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimClient")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

impl SimClient {
    /// A client for the simulator at `base_url` (`https://127.0.0.1:PORT`, as printed on
    /// `vbomfa sim`'s `base_url:` line) trusting `ca_pem` (its CA file's text).
    pub fn new(base_url: &str, ca_pem: &str) -> io::Result<SimClient> {
        let port = base_url
            .trim_end_matches('/')
            .strip_prefix("https://127.0.0.1:")
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or_else(|| {
                invalid(format!(
                    "base URL \"{base_url}\" is not the simulator's https://127.0.0.1:PORT"
                ))
            })?;
        let ca = CertificateDer::from_pem_slice(ca_pem.as_bytes())
            .map_err(|e| invalid(format!("the CA is not a PEM certificate ({e})")))?;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(ca)
            .map_err(|e| invalid(format!("the CA certificate is not usable ({e})")))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(SimClient {
            port,
            connector: tokio_rustls::TlsConnector::from(Arc::new(config)),
        })
    }

    /// A client for a simulator of this process.
    pub fn for_simulator(sim: &crate::Simulator) -> SimClient {
        SimClient::new(&sim.base_url(), &sim.ca_pem()).expect("the simulator's own URL and CA")
    }

    /// Sends one request with exactly these headers (plus `Host`, `Connection: close` and
    /// `Content-Length`); `Ok(None)` when the server closed the connection without
    /// answering.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Option<Response>> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(self.send_async(method, path, headers, body))
    }

    async fn send_async(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Option<Response>> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await?;
        let name = ServerName::try_from("127.0.0.1").map_err(|e| invalid(e.to_string()))?;
        let mut tls = self.connector.connect(name, tcp).await?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        tls.write_all(head.as_bytes()).await?;
        tls.write_all(body).await?;
        tls.flush().await?;
        let mut raw = Vec::new();
        // A server that closes without close_notify still delivered what it sent.
        let _ = tls.read_to_end(&mut raw).await;
        if raw.is_empty() {
            return Ok(None);
        }
        parse_response(&raw).map(Some)
    }

    /// Sends a request that must be answered (a closed connection is an error).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        self.send(method, path, headers, body)?.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{method} {path}: connection closed without a response"),
            )
        })
    }

    /// `POST path` with a JSON body to the control API.
    fn control_post(&self, path: &str, body: &Value) -> io::Result<Response> {
        self.request(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }

    /// `POST /_sim/faults`: queues `fault` for the next `times` requests to `endpoint`.
    pub fn inject(&self, endpoint: Endpoint, fault: &Fault, times: u32) -> io::Result<()> {
        let path = "/_sim/faults";
        let body = json!({"endpoint": endpoint.name(), "fault": fault.to_json(), "times": times});
        match self.control_post(path, &body)? {
            r if r.status == 204 => Ok(()),
            r => Err(unexpected("POST", path, &r)),
        }
    }

    /// `POST /_sim/approve` (or `/_sim/decline`); `Ok(false)` when no pending flow has
    /// this user code.
    pub fn finish(&self, user_code: &str, approve: bool) -> io::Result<bool> {
        let path = if approve {
            "/_sim/approve"
        } else {
            "/_sim/decline"
        };
        match self.control_post(path, &json!({ "user_code": user_code }))? {
            r if r.status == 204 => Ok(true),
            r if r.status == 404 => Ok(false),
            r => Err(unexpected("POST", path, &r)),
        }
    }

    /// `GET /_sim/requests`: the recorded requests as JSON objects.
    pub fn requests(&self) -> io::Result<Vec<Value>> {
        let r = self.request("GET", "/_sim/requests", &[], b"")?;
        match serde_json::from_str::<Value>(&r.body) {
            Ok(Value::Array(list)) if r.status == 200 => Ok(list),
            _ => Err(unexpected("GET", "/_sim/requests", &r)),
        }
    }

    /// `POST /_sim/reset-requests`.
    pub fn reset_requests(&self) -> io::Result<()> {
        let path = "/_sim/reset-requests";
        match self.control_post(path, &json!({}))? {
            r if r.status == 204 => Ok(()),
            r => Err(unexpected("POST", path, &r)),
        }
    }
}

fn unexpected(method: &str, path: &str, r: &Response) -> io::Error {
    io::Error::other(format!("{method} {path}: HTTP {}: {}", r.status, r.body))
}

fn parse_response(raw: &[u8]) -> io::Result<Response> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| io::Error::other("the response has no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line in: {head}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&raw[split + 4..]).into_owned(),
    })
}
