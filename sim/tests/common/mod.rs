//! Request helpers for the tests, over real TLS trusting the simulator's CA (through the
//! crate's own blocking client, one request per connection).

#![allow(dead_code)]

use vbomfa_sim::client::SimClient;
use vbomfa_sim::Simulator;

/// A parsed HTTP response.
pub use vbomfa_sim::client::Response as Resp;

/// Sends one request; `None` when the server closed the connection without answering.
pub fn try_request(
    sim: &Simulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Resp> {
    SimClient::for_simulator(sim)
        .send(method, path, headers, body.as_bytes())
        .expect("request sent")
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
