//! The control API under `/_sim/` over real TLS, exactly as a test in another process (.NET,
//! PowerShell, a shell script) drives it: raw JSON in, JSON out.

mod common;

use common::*;
use serde_json::{json, Value};
use vbomfa_sim::client::SimClient;
use vbomfa_sim::{Approval, Endpoint, Fault, SimConfig, Simulator};

const TENANT: &str = "contoso.onmicrosoft.com";
const DEVICECODE: &str = "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode";

fn manual() -> Simulator {
    Simulator::start(SimConfig {
        interval_secs: 0,
        approval: Approval::Manual,
        ..SimConfig::default()
    })
    .unwrap()
}

fn control(sim: &Simulator, method: &str, path: &str, body: &str) -> Resp {
    request(
        sim,
        method,
        path,
        &[("Content-Type", "application/json")],
        body,
    )
}

fn inject_json(sim: &Simulator, endpoint: &str, fault: Value, times: Option<u32>) {
    let mut body = json!({"endpoint": endpoint, "fault": fault});
    if let Some(n) = times {
        body["times"] = json!(n);
    }
    let r = control(sim, "POST", "/_sim/faults", &body.to_string());
    assert_eq!(r.status, 204, "{}", r.body);
    assert!(r.body.is_empty());
}

fn devicecode_raw(sim: &Simulator) -> Option<Resp> {
    try_request(
        sim,
        "POST",
        DEVICECODE,
        &[FORM],
        &form(&[
            ("client_id", vbomfa_sim::DEFAULT_PUBLIC_CLIENT_ID),
            ("scope", SCOPE),
        ]),
    )
}

#[test]
fn every_fault_kind_is_queued_like_inject() {
    let sim = manual();
    let faults = [
        json!({"kind": "status", "status": 503}),
        json!({"kind": "too_many_requests", "retry_after_secs": 2}),
        json!({"kind": "html"}),
        json!({"kind": "delay", "ms": 300}),
        json!({"kind": "redirect", "location": "https://evil.example/x"}),
        json!({"kind": "oversized", "bytes": 2_000_000}),
        json!({"kind": "close_connection"}),
    ];
    for fault in &faults {
        inject_json(&sim, "devicecode", fault.clone(), None);
    }
    let r = devicecode_raw(&sim).unwrap();
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (503, Some("temporarily_unavailable"))
    );
    let r = devicecode_raw(&sim).unwrap();
    assert_eq!((r.status, r.header("retry-after")), (429, Some("2")));
    let r = devicecode_raw(&sim).unwrap();
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let started = std::time::Instant::now();
    let r = devicecode_raw(&sim).unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(r.status, 200, "a delay answers normally afterwards");
    let r = devicecode_raw(&sim).unwrap();
    assert_eq!(
        (r.status, r.header("location")),
        (302, Some("https://evil.example/x"))
    );
    assert_eq!(devicecode_raw(&sim).unwrap().body.len(), 2_000_000);
    assert!(
        devicecode_raw(&sim).is_none(),
        "close_connection answers nothing"
    );
    assert_eq!(
        devicecode_raw(&sim).unwrap().status,
        200,
        "the queue is empty again"
    );

    // times, slow_down and oauth_error on the token endpoint.
    let code = devicecode(&sim, TENANT)["device_code"]
        .as_str()
        .unwrap()
        .to_string();
    inject_json(&sim, "ms_token", json!({"kind": "slow_down"}), Some(2));
    inject_json(
        &sim,
        "ms_token",
        json!({"kind": "oauth_error", "status": 400, "error": "interaction_required",
               "code": 53003, "description": "Access has been blocked by Conditional Access policies."}),
        None,
    );
    assert_eq!(poll(&sim, TENANT, &code).json()["error"], "slow_down");
    assert_eq!(poll(&sim, TENANT, &code).json()["error"], "slow_down");
    let j = poll(&sim, TENANT, &code).json();
    assert_eq!(j["error"], "interaction_required");
    assert_eq!(j["error_codes"], json!([53003]));
    assert!(j["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS53003: Access has been blocked"));

    // VBO endpoints by name.
    inject_json(
        &sim,
        "vbo_api",
        json!({"kind": "status", "status": 500}),
        None,
    );
    inject_json(
        &sim,
        "vbo_token",
        json!({"kind": "status", "status": 502}),
        None,
    );
    assert_eq!(request(&sim, "GET", "/v8/Health", &[], "").status, 500);
    assert_eq!(request(&sim, "GET", "/v8/Health", &[], "").status, 200);
    assert_eq!(
        post_form(&sim, "/v8/token", &[("grant_type", "password")]).status,
        502
    );
}

#[test]
fn bad_control_input_is_named() {
    let sim = manual();
    let bad = |method: &str, path: &str, body: &str, status: u16, needle: &str| {
        let r = control(&sim, method, path, body);
        assert_eq!(r.status, status, "{method} {path} {body}: {}", r.body);
        let message = r.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(needle), "{body}: {message}");
    };
    bad("POST", "/_sim/faults", "nope", 400, "expected");
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo","fault":{"kind":"html"}}"#,
        400,
        "vbo",
    );
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo_api","fault":{"kind":"bogus"}}"#,
        400,
        "bogus",
    );
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo_api","fault":{"kind":"status"}}"#,
        400,
        "status",
    );
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo_api","fault":{"kind":"status","status":1000}}"#,
        400,
        "100 to 599",
    );
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo_api"}"#,
        400,
        "fault",
    );
    bad(
        "POST",
        "/_sim/faults",
        r#"{"endpoint":"vbo_api","fault":{"kind":"html"},"times":-1}"#,
        400,
        "-1",
    );
    bad("POST", "/_sim/approve", "{}", 400, "user_code");
    bad("GET", "/_sim/faults", "", 405, "POST");
    bad("POST", "/_sim/requests", "", 405, "GET");
    bad("GET", "/_sim/nothing", "", 404, "/_sim/nothing");
    // Nothing bad was queued.
    assert_eq!(request(&sim, "GET", "/v8/Health", &[], "").status, 200);
}

#[test]
fn approve_and_decline_by_user_code() {
    let sim = manual();
    let first = devicecode(&sim, TENANT);
    let second = devicecode(&sim, TENANT);
    let user_code = |dc: &Value| dc["user_code"].as_str().unwrap().to_ascii_lowercase();
    let body = |code: &str| json!({ "user_code": code }).to_string();

    let r = control(&sim, "POST", "/_sim/approve", &body(&user_code(&first)));
    assert_eq!(r.status, 204, "{}", r.body);
    let r = control(&sim, "POST", "/_sim/decline", &body(&user_code(&second)));
    assert_eq!(r.status, 204, "{}", r.body);
    let r = control(&sim, "POST", "/_sim/approve", &body(&user_code(&second)));
    assert_eq!(r.status, 404, "already declined: no pending flow");
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("no pending sign-in"));
    assert_eq!(
        control(&sim, "POST", "/_sim/decline", &body("ZZZZZZZZZ")).status,
        404
    );

    let ok = poll(&sim, TENANT, first["device_code"].as_str().unwrap());
    assert_eq!(ok.status, 200, "{}", ok.body);
    let declined = poll(&sim, TENANT, second["device_code"].as_str().unwrap());
    assert_eq!(declined.json()["error"], "authorization_declined");

    // The typed client says the same.
    let client = SimClient::for_simulator(&sim);
    let third = devicecode(&sim, TENANT);
    assert!(client.finish(&user_code(&third), true).unwrap());
    assert!(!client.finish(&user_code(&third), true).unwrap());
}

#[test]
fn requests_are_listed_without_secrets_and_can_be_reset() {
    let sim = manual();
    let dc = devicecode(&sim, TENANT);
    let device_code = dc["device_code"].as_str().unwrap();
    poll(&sim, TENANT, device_code);
    request(
        &sim,
        "GET",
        "/v8/Organization?secret=hunter2",
        &[("Authorization", "Bearer s3cr3t")],
        "",
    );
    sim.inject(Endpoint::VboApi, Fault::CloseConnection, 1);
    assert!(try_request(&sim, "GET", "/v7/Health", &[], "").is_none());

    let r = control(&sim, "GET", "/_sim/requests", "");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    for secret in [device_code, "hunter2", "s3cr3t", "secret="] {
        assert!(!r.body.contains(secret), "{secret} leaked: {}", r.body);
    }
    let list = r.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4, "control requests are not recorded: {list:?}");
    assert_eq!(
        list[0],
        json!({"method": "POST", "path": DEVICECODE, "endpoint": "devicecode", "status": 200,
               "ms": list[0]["ms"]})
    );
    assert_eq!(list[1]["endpoint"], "ms_token");
    assert_eq!(list[1]["status"], 400);
    assert_eq!(list[2]["path"], "/v8/Organization");
    assert_eq!(list[2]["endpoint"], "vbo_api");
    assert_eq!(list[2]["status"], 401);
    assert_eq!(list[3]["status"], Value::Null, "closed without an answer");
    let ms: Vec<u64> = list.iter().map(|r| r["ms"].as_u64().unwrap()).collect();
    assert!(ms.windows(2).all(|w| w[0] <= w[1]), "{ms:?}");
    // The Rust-side record agrees.
    let statuses: Vec<Option<u16>> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(400), Some(401), None]);

    let r = control(&sim, "POST", "/_sim/reset-requests", "");
    assert_eq!(r.status, 204);
    request(&sim, "GET", "/v8/Health", &[], "");
    let client = SimClient::for_simulator(&sim);
    let list = client.requests().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["path"], "/v8/Health");
    client.reset_requests().unwrap();
    assert!(sim.requests().is_empty());
}

#[test]
fn the_typed_client_injects_faults() {
    let sim = manual();
    let client = SimClient::for_simulator(&sim);
    client
        .inject(
            Endpoint::VboApi,
            &Fault::TooManyRequests {
                retry_after_secs: 9,
            },
            2,
        )
        .unwrap();
    for _ in 0..2 {
        let r = request(&sim, "GET", "/v8/Health", &[], "");
        assert_eq!((r.status, r.header("retry-after")), (429, Some("9")));
    }
    assert_eq!(request(&sim, "GET", "/v8/Health", &[], "").status, 200);
    assert!(SimClient::new("http://127.0.0.1:1", &sim.ca_pem()).is_err());
    assert!(SimClient::new(&sim.base_url(), "not a certificate").is_err());
}
