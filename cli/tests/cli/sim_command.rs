//! `vbomfa sim` as another process drives it (a .NET or PowerShell test, a shell script):
//! read its `name: value` lines, sign in to several tenants through the control API, then
//! stop it with SIGTERM and check that it cleaned up.
#![cfg(unix)]

use std::collections::HashMap;
use std::process::Child;
use std::time::Duration;

use crate::support::{signal, spawn_sim, wait_bounded};
use serde_json::{json, Value};
use vbomfa_sim::client::{Response, SimClient};
use vbomfa_sim::DEFAULT_PUBLIC_CLIENT_ID;

/// A `vbomfa sim` child and the values of its `name: value` lines.
struct Running {
    child: Child,
    values: HashMap<String, String>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let (child, lines) = spawn_sim(args, Duration::from_secs(60));
        let values = lines
            .iter()
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
            .collect();
        Running { child, values }
    }

    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .unwrap_or_else(|| panic!("no '{name}:' line in {:?}", self.values))
    }

    fn client(&self) -> SimClient {
        let ca = std::fs::read_to_string(self.value("ca_file")).expect("CA file readable");
        SimClient::new(self.value("base_url"), &ca).expect("client for the printed URL and CA")
    }

    fn terminate(&self) {
        signal(&self.child, "-TERM");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn post_form(client: &SimClient, path: &str, pairs: &[(&str, &str)]) -> Response {
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    client
        .request(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
        .unwrap()
}

fn control(client: &SimClient, path: &str, body: &Value) -> Response {
    client
        .request(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
        .unwrap()
}

/// Device code, approval through the control API, poll, VBO exchange: the VBO token answer.
fn sign_in(client: &SimClient, organization: &str) -> Value {
    let dc = post_form(
        client,
        &format!("/{organization}/oauth2/v2.0/devicecode"),
        &[
            ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
            (
                "scope",
                "Directory.AccessAsUser.All User.ReadWrite.All offline_access",
            ),
        ],
    );
    assert_eq!(dc.status, 200, "{}", dc.body);
    let dc = dc.json();
    let approved = control(
        client,
        "/_sim/approve",
        &json!({"user_code": dc["user_code"]}),
    );
    assert_eq!(approved.status, 204, "{}", approved.body);
    let ms = post_form(
        client,
        &format!("/{organization}/oauth2/v2.0/token"),
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
            ("device_code", dc["device_code"].as_str().unwrap()),
        ],
    );
    assert_eq!(ms.status, 200, "{}", ms.body);
    let vbo = post_form(
        client,
        "/v8/token",
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("client_id", organization),
            ("assertion", &ms.body),
            ("disable_antiforgery_token", "true"),
        ],
    );
    assert_eq!(vbo.status, 200, "{}", vbo.body);
    vbo.json()
}

#[test]
fn three_tenants_driven_through_the_control_api_then_sigterm() {
    let sim = Running::start(&[
        "--port",
        "0",
        "--tenants",
        "3",
        "--manual",
        "--interval",
        "1",
    ]);
    let organizations = sim.value("organizations");
    assert_eq!(
        organizations,
        "contoso.onmicrosoft.com,tenant02.onmicrosoft.com,tenant03.onmicrosoft.com"
    );
    assert_eq!(sim.value("organization"), "contoso.onmicrosoft.com");
    let base = sim.value("base_url").to_owned();
    assert_eq!(sim.value("control"), format!("{base}/_sim"));
    for kept in [
        "authority_host",
        "vbo_url",
        "sign_in_page",
        "api_versions",
        "tenant",
        "user",
        "client_id",
        "approval",
        "ca_file",
        "sha256",
        "thumbprint",
        "example",
    ] {
        sim.value(kept);
    }

    let client = sim.client();
    for organization in organizations.split(',') {
        let vbo = sign_in(&client, organization);
        assert_eq!(vbo["userName"], format!("admin@{organization}"));
    }

    // A fault queued from outside reaches the next request to its endpoint only.
    let r = control(
        &client,
        "/_sim/faults",
        &json!({"endpoint": "vbo_api", "fault": {"kind": "status", "status": 503}, "times": 1}),
    );
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(
        client
            .request("GET", "/v8/Health", &[], b"")
            .unwrap()
            .status,
        503
    );
    assert_eq!(
        client
            .request("GET", "/v8/Health", &[], b"")
            .unwrap()
            .status,
        200
    );

    let recorded = client.requests().unwrap();
    let vbo_tokens = recorded
        .iter()
        .filter(|r| r["endpoint"] == "vbo_token")
        .count();
    assert_eq!(vbo_tokens, 3);
    assert_eq!(recorded.last().unwrap()["status"], 200);
    client.reset_requests().unwrap();
    assert!(client.requests().unwrap().is_empty());

    let ca_file = sim.value("ca_file").to_owned();
    assert!(std::path::Path::new(&ca_file).exists());
    sim.terminate();
    let mut sim = sim;
    let status = wait_bounded(&mut sim.child, Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "a clean stop on SIGTERM");
    assert!(
        !std::path::Path::new(&ca_file).exists(),
        "the CA file {ca_file} must be deleted on SIGTERM"
    );
}

#[test]
fn answer_shape_switches_reach_the_simulator() {
    let sim = Running::start(&[
        "--versions",
        "v6,v7",
        "--unserved-version-answer",
        "unsupported-api-version",
        "--vbo-token-errors",
        "rest-exception-info",
    ]);
    assert_eq!(sim.value("unserved_version"), "unsupported-api-version");
    assert_eq!(sim.value("vbo_token_errors"), "rest-exception-info");
    let client = sim.client();
    let r = client
        .request("GET", "/v8/ServiceInstance", &[], b"")
        .unwrap();
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "UnsupportedApiVersion");
    let r = client
        .request("GET", "/v7/ServiceInstance", &[], b"")
        .unwrap();
    assert_eq!(r.status, 401, "the anonymous probe of a served version");
    let r = post_form(&client, "/v7/token", &[("grant_type", "password")]);
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].is_string(), "{}", r.body);
    sim.terminate();
}

#[test]
fn strict_pacing_switch_answers_slow_down_to_a_second_early_poll() {
    let sim = Running::start(&["--strict-pacing", "--interval", "5", "--manual"]);
    assert_eq!(sim.value("strict_pacing"), "true");
    let client = sim.client();
    let dc = post_form(
        &client,
        "/organizations/oauth2/v2.0/devicecode",
        &[
            ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
            ("scope", "User.Read offline_access"),
        ],
    )
    .json();
    let poll = || {
        post_form(
            &client,
            "/organizations/oauth2/v2.0/token",
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
                ("device_code", dc["device_code"].as_str().unwrap()),
            ],
        )
        .json()["error"]
            .clone()
    };
    assert_eq!(poll(), "authorization_pending", "never on the first poll");
    assert_eq!(poll(), "slow_down");
    sim.terminate();
}

#[test]
fn tenants_switch_is_checked() {
    let r = crate::support::run(&["sim", "--tenants", "0"], Duration::from_secs(30));
    assert_eq!(r.code, Some(2), "{}", r.dump());
    assert!(r.stderr.contains("--tenants"), "{}", r.dump());
}
