//! A tiny blocking HTTPS client for the tests: tokio-rustls trusting the simulator CA,
//! one request per connection.

#![allow(dead_code)]

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vbomfa_sim::Simulator;

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn connector(sim: &Simulator) -> tokio_rustls::TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    let ca = CertificateDer::from_pem_slice(sim.ca_pem().as_bytes()).unwrap();
    roots.add(ca).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

/// Sends one request; `None` when the server closed the connection without answering.
pub async fn request_async(
    sim: &Simulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Resp> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", sim.port()))
        .await
        .unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let mut tls = connector(sim).connect(name, tcp).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
        sim.port(),
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    tls.write_all(head.as_bytes()).await.unwrap();
    tls.write_all(body.as_bytes()).await.unwrap();
    tls.flush().await.unwrap();
    let mut raw = Vec::new();
    let _ = tls.read_to_end(&mut raw).await;
    if raw.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Resp {
        status,
        headers,
        body: body.to_string(),
    })
}

/// Blocking wrapper around [`request_async`].
pub fn try_request(
    sim: &Simulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Resp> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(request_async(sim, method, path, headers, body))
}

/// Blocking request that must get an answer.
pub fn request(
    sim: &Simulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    try_request(sim, method, path, headers, body).expect("connection closed without response")
}

/// Form-encodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

pub const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
pub const SCOPE: &str = "Directory.AccessAsUser.All User.ReadWrite.All offline_access";

/// POST a form.
pub fn post_form(sim: &Simulator, path: &str, pairs: &[(&str, &str)]) -> Resp {
    request(
        sim,
        "POST",
        path,
        &[FORM, ("Accept", "application/json")],
        &form(pairs),
    )
}

/// Starts a device flow; returns the devicecode JSON.
pub fn devicecode(sim: &Simulator, tenant: &str) -> serde_json::Value {
    let r = post_form(
        sim,
        &format!("/{tenant}/oauth2/v2.0/devicecode"),
        &[
            ("client_id", vbomfa_sim::DEFAULT_PUBLIC_CLIENT_ID),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

/// One token poll.
pub fn poll(sim: &Simulator, tenant: &str, device_code: &str) -> Resp {
    post_form(
        sim,
        &format!("/{tenant}/oauth2/v2.0/token"),
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", vbomfa_sim::DEFAULT_PUBLIC_CLIENT_ID),
            ("device_code", device_code),
        ],
    )
}

/// VBO jwt-bearer exchange with the raw Microsoft body as assertion.
pub fn vbo_token(
    sim: &Simulator,
    version: u8,
    org: &str,
    assertion: &str,
    disable_af: bool,
) -> Resp {
    let mut pairs = vec![
        ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
        ("client_id", org),
        ("assertion", assertion),
    ];
    if disable_af {
        pairs.push(("disable_antiforgery_token", "true"));
    }
    post_form(sim, &format!("/v{version}/token"), &pairs)
}

/// Authenticated GET.
pub fn get_bearer(sim: &Simulator, path: &str, token: &str) -> Resp {
    let auth = format!("Bearer {token}");
    request(sim, "GET", path, &[("Authorization", &auth)], "")
}
