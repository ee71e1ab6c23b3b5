//! End-to-end tests over real TLS: the device-code flow, the VBO exchange and the error
//! paths a client must handle.

mod common;

use common::*;
use vbomfa_sim::{Approval, Endpoint, Fault, SimConfig, Simulator};

const TENANT: &str = "contoso.onmicrosoft.com";
const ORG: &str = "contoso.onmicrosoft.com";

fn fast(approval: Approval) -> SimConfig {
    SimConfig {
        interval_secs: 0,
        approval,
        ..SimConfig::default()
    }
}

/// Runs a flow to its 200 and returns the raw Microsoft body.
fn sign_in(sim: &Simulator) -> String {
    let dc = devicecode(sim, TENANT);
    let device_code = dc["device_code"].as_str().unwrap();
    loop {
        let r = poll(sim, TENANT, device_code);
        if r.status == 200 {
            return r.body;
        }
        assert_eq!(r.json()["error"], "authorization_pending", "{}", r.body);
    }
}

#[test]
fn smoke_devicecode_to_organization() {
    let sim = Simulator::start(fast(Approval::AfterPolls(2))).unwrap();
    assert!(sim.base_url().starts_with("https://127.0.0.1:"));
    assert!(std::fs::read_to_string(sim.ca_file())
        .unwrap()
        .contains("BEGIN CERTIFICATE"));

    let dc = devicecode(&sim, TENANT);
    assert_eq!(dc["user_code"].as_str().unwrap().len(), 9);
    assert_eq!(dc["expires_in"], 900);
    assert_eq!(dc["interval"], 0);
    assert_eq!(
        dc["verification_uri"].as_str().unwrap(),
        format!("{}/devicelogin", sim.base_url())
    );
    assert!(dc["message"]
        .as_str()
        .unwrap()
        .contains(dc["user_code"].as_str().unwrap()));
    let device_code = dc["device_code"].as_str().unwrap();

    let pending = poll(&sim, TENANT, device_code);
    assert_eq!(pending.status, 400);
    assert_eq!(
        pending.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let p = pending.json();
    assert_eq!(p["error"], "authorization_pending");
    assert_eq!(p["error_codes"], serde_json::json!([70016]));
    assert!(p["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS70016: "));

    let ok = poll(&sim, TENANT, device_code);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let t = ok.json();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3599);
    assert_eq!(t["ext_expires_in"], 3599);
    assert_eq!(
        t["scope"],
        "https://graph.microsoft.com/Directory.AccessAsUser.All https://graph.microsoft.com/User.ReadWrite.All"
    );
    assert_eq!(t["access_token"].as_str().unwrap().split('.').count(), 3);
    assert!(t["refresh_token"].is_string());
    assert!(t.get("id_token").is_none());

    // Redeeming again: single use.
    let again = poll(&sim, TENANT, device_code);
    assert_eq!(again.json()["error"], "invalid_grant");
    assert_eq!(again.json()["error_codes"], serde_json::json!([54005]));

    let v = vbo_token(&sim, 8, ORG, &ok.body, true);
    assert_eq!(v.status, 200, "{}", v.body);
    let v = v.json();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3600);
    assert_eq!(v["userName"], "admin@contoso.onmicrosoft.com");
    assert!(v[".issued"].as_str().unwrap().ends_with(" GMT"));
    let access = v["access_token"].as_str().unwrap();

    let org = get_bearer(&sim, "/v8/Organization", access);
    assert_eq!(org.status, 200, "{}", org.body);
    let o = org.json();
    assert_eq!(o["name"], ORG);
    assert_eq!(o["type"], "Office365");
    assert_eq!(o["isBackedup"], true);
    assert!(o.get("description").is_some());
    assert!(o["_actions"].is_object());

    let org6 = get_bearer(&sim, "/v6/Organization", access).json();
    assert!(org6.get("description").is_none());

    let reqs = sim.requests();
    assert_eq!(reqs[0].endpoint, Some(Endpoint::DeviceCode));
    assert_eq!(
        reqs[0].path,
        "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode"
    );
    assert!(reqs.iter().any(|r| r.endpoint == Some(Endpoint::VboToken)
        && r.form
            .iter()
            .any(|(k, v)| k == "disable_antiforgery_token" && v == "true")));
}

#[test]
fn microsoft_error_cases() {
    let sim = Simulator::start(fast(Approval::Manual)).unwrap();
    let r = post_form(
        &sim,
        "/fabrikam.com/oauth2/v2.0/devicecode",
        &[("client_id", "x"), ("scope", SCOPE)],
    );
    assert_eq!(r.json()["error_codes"], serde_json::json!([90002]));
    let r = post_form(
        &sim,
        "/organizations/oauth2/v2.0/devicecode",
        &[("scope", SCOPE)],
    );
    assert_eq!(r.json()["error"], "invalid_request");
    assert_eq!(r.json()["error_codes"], serde_json::json!([900144]));
    let r = post_form(
        &sim,
        "/organizations/oauth2/v2.0/devicecode",
        &[
            ("client_id", "99999999-0000-0000-0000-000000000000"),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(r.json()["error"], "unauthorized_client");

    // Confidential app: devicecode fine, poll 401 invalid_client 7000218.
    let r = post_form(
        &sim,
        "/CONTOSO.onmicrosoft.com/oauth2/v2.0/devicecode",
        &[
            ("client_id", "11111111-2222-3333-4444-555555555555"),
            ("scope", SCOPE),
        ],
    );
    assert_eq!(r.status, 200);
    let dc = r.json()["device_code"].as_str().unwrap().to_string();
    let r = post_form(
        &sim,
        "/CONTOSO.onmicrosoft.com/oauth2/v2.0/token",
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", "11111111-2222-3333-4444-555555555555"),
            ("device_code", &dc),
        ],
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error_codes"], serde_json::json!([7000218]));

    let r = poll(&sim, TENANT, "nonsense");
    assert_eq!(r.json()["error"], "bad_verification_code");

    // Tenant segment must match the devicecode request.
    let dc = devicecode(&sim, TENANT);
    let code = dc["device_code"].as_str().unwrap();
    let r = poll(&sim, "organizations", code);
    assert_eq!(r.json()["error"], "invalid_grant");

    // Decline through the API; case and dashes in the user code do not matter.
    let user_code = dc["user_code"].as_str().unwrap().to_ascii_lowercase();
    let typed = format!("{}-{}", &user_code[..4], &user_code[4..]);
    assert!(sim.decline(&typed));
    assert!(!sim.approve(&typed));
    let r = poll(&sim, TENANT, code);
    assert_eq!(r.json()["error"], "authorization_declined");

    // client-request-id becomes the correlation id.
    let r = request(
        &sim,
        "POST",
        "/contoso.onmicrosoft.com/oauth2/v2.0/token",
        &[
            FORM,
            ("client-request-id", "0a1b2c3d-0000-4000-8000-000000000001"),
        ],
        "grant_type=foo",
    );
    let j = r.json();
    assert_eq!(j["error"], "unsupported_grant_type");
    assert_eq!(j["correlation_id"], "0a1b2c3d-0000-4000-8000-000000000001");
    assert_eq!(
        r.header("client-request-id"),
        Some("0a1b2c3d-0000-4000-8000-000000000001")
    );
}

#[test]
fn no_slow_down_by_default_like_entra() {
    let sim = Simulator::start(SimConfig {
        interval_secs: 5,
        approval: Approval::AfterPolls(3),
        ..SimConfig::default()
    })
    .unwrap();
    let dc = devicecode(&sim, TENANT);
    let code = dc["device_code"].as_str().unwrap();
    for _ in 0..2 {
        assert_eq!(
            poll(&sim, TENANT, code).json()["error"],
            "authorization_pending"
        );
    }
    assert_eq!(poll(&sim, TENANT, code).status, 200);
}

#[test]
fn strict_pacing_answers_slow_down_after_the_first_poll() {
    let sim = Simulator::start(SimConfig {
        interval_secs: 1,
        approval: Approval::AfterPolls(2),
        strict_pacing: true,
        ..SimConfig::default()
    })
    .unwrap();
    let dc = devicecode(&sim, TENANT);
    let code = dc["device_code"].as_str().unwrap();
    let first = poll(&sim, TENANT, code);
    assert_eq!(
        first.json()["error"],
        "authorization_pending",
        "the first poll is never slow_down"
    );
    let r = poll(&sim, TENANT, code);
    assert_eq!(r.json()["error"], "slow_down");
    assert_eq!(r.json()["error_codes"], serde_json::json!([]));
    // Interval is now 6 s: still too fast after 1.1 s.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(poll(&sim, TENANT, code).json()["error"], "slow_down");

    // A client that waits the interval is served.
    let dc = devicecode(&sim, TENANT);
    let code = dc["device_code"].as_str().unwrap();
    assert_eq!(
        poll(&sim, TENANT, code).json()["error"],
        "authorization_pending"
    );
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let r = poll(&sim, TENANT, code);
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn expired_code() {
    let sim = Simulator::start(SimConfig {
        expires_in_secs: 1,
        omit_interval: true,
        ..fast(Approval::Manual)
    })
    .unwrap();
    let dc = devicecode(&sim, TENANT);
    assert!(dc.get("interval").is_none());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let r = poll(&sim, TENANT, dc["device_code"].as_str().unwrap());
    assert_eq!(r.json()["error"], "expired_token");
    assert_eq!(r.json()["error_codes"], serde_json::json!([70019]));
    assert!(!sim.approve(dc["user_code"].as_str().unwrap()));
}

#[test]
fn sign_in_page_approves() {
    let sim = Simulator::start(fast(Approval::Manual)).unwrap();
    let page = request(&sim, "GET", "/devicelogin", &[], "");
    assert!(page
        .body
        .contains("<title>Sign in — VboMfaAuth simulator</title>"));
    let dc = devicecode(&sim, "organizations");
    let code = dc["device_code"].as_str().unwrap();
    assert_eq!(
        poll(&sim, "organizations", code).json()["error"],
        "authorization_pending"
    );
    let wrong = post_form(
        &sim,
        "/devicelogin",
        &[("user_code", "NOPE"), ("action", "approve")],
    );
    assert!(wrong.body.contains("wasn't recognized"));
    let uc = dc["user_code"].as_str().unwrap();
    let typed = format!(" {} ", uc.to_ascii_lowercase());
    let ok = post_form(
        &sim,
        "/devicelogin",
        &[("user_code", &typed), ("action", "approve")],
    );
    assert!(ok.body.contains("signed in"), "{}", ok.body);
    assert_eq!(poll(&sim, "organizations", code).status, 200);
}

#[test]
fn vbo_checks() {
    let sim = Simulator::start(fast(Approval::AfterPolls(1))).unwrap();
    let ms = sign_in(&sim);

    // Organization name is case-sensitive.
    let r = vbo_token(&sim, 8, "Contoso.onmicrosoft.com", &ms, true);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_client");
    // Garbage assertion, no echo of anything.
    let r = vbo_token(
        &sim,
        7,
        ORG,
        "{\"access_token\":\"x\",\"refresh_token\":\"y\"}",
        true,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_grant");
    assert!(!r.body.contains("\"x\""));
    // Unserved version.
    assert_eq!(vbo_token(&sim, 5, ORG, &ms, true).status, 404);
    // Wrong method.
    assert_eq!(request(&sim, "GET", "/v8/token", &[], "").status, 405);
    // Health, anonymous, v8 only.
    assert_eq!(
        request(&sim, "GET", "/v8/Health", &[], "").json()["status"],
        "Healthy"
    );
    assert_eq!(request(&sim, "GET", "/v7/Health", &[], "").status, 404);
    // No token.
    let r = request(&sim, "GET", "/v8/Organization", &[], "");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        r.json()["message"],
        "Authorization has been denied for this request."
    );

    // Without the antiforgery opt-out on v7 the token is antiforgery-bound.
    let bound = vbo_token(&sim, 7, ORG, &ms, false).json();
    let r = get_bearer(
        &sim,
        "/v7/Organization",
        bound["access_token"].as_str().unwrap(),
    );
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("antiforgery"));

    // JSON body works too; refresh rotates; logout revokes.
    let body = serde_json::json!({
        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "client_id": ORG, "assertion": ms, "disable_antiforgery_token": true
    })
    .to_string();
    let v = request(
        &sim,
        "POST",
        "/v8/token",
        &[("Content-Type", "application/json")],
        &body,
    );
    assert_eq!(v.status, 200, "{}", v.body);
    let v = v.json();
    let rt = v["refresh_token"].as_str().unwrap();
    let r = post_form(
        &sim,
        "/v8/token",
        &[("grant_type", "refresh_token"), ("refresh_token", rt)],
    );
    assert_eq!(
        r.status, 400,
        "antiforgery opt-out required for refresh on v8"
    );
    let r2 = post_form(
        &sim,
        "/v8/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("disable_antiforgery_token", "True"),
        ],
    );
    assert_eq!(r2.status, 200, "{}", r2.body);
    let r3 = post_form(
        &sim,
        "/v8/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("disable_antiforgery_token", "true"),
        ],
    );
    assert_eq!(r3.status, 400, "old refresh token rejected");
    let access = r2.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(get_bearer(&sim, "/v8/ServiceInstance", &access).status, 200);
    let auth = format!("Bearer {access}");
    let lo = request(
        &sim,
        "POST",
        "/v8/token/logout",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(lo.status, 204);
    assert_eq!(get_bearer(&sim, "/v8/Organization", &access).status, 401);
    assert_eq!(
        request(
            &sim,
            "POST",
            "/v6/token/logout",
            &[("Authorization", &auth)],
            ""
        )
        .status,
        404
    );
}

#[test]
fn tenant_auth_disabled() {
    let sim = Simulator::start(SimConfig {
        tenant_auth_enabled: false,
        ..fast(Approval::AfterPolls(1))
    })
    .unwrap();
    let ms = sign_in(&sim);
    let r = vbo_token(&sim, 6, ORG, &ms, false);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "unsupported_grant_type");
    assert!(r.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("disabled"));
}

#[test]
fn faults() {
    let sim = Simulator::start(fast(Approval::AfterPolls(1))).unwrap();
    sim.inject(Endpoint::DeviceCode, Fault::Status(503), 1);
    sim.inject(Endpoint::DeviceCode, Fault::CloseConnection, 1);
    sim.inject(
        Endpoint::DeviceCode,
        Fault::TooManyRequests {
            retry_after_secs: 3,
        },
        1,
    );
    sim.inject(Endpoint::DeviceCode, Fault::Html, 1);
    sim.inject(
        Endpoint::DeviceCode,
        Fault::Redirect {
            location: "https://evil.example/".into(),
        },
        1,
    );
    sim.inject(Endpoint::DeviceCode, Fault::Oversized { bytes: 70_000 }, 1);
    sim.inject(Endpoint::DeviceCode, Fault::Delay { ms: 200 }, 1);
    let path = "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode";
    let pairs = [
        ("client_id", vbomfa_sim::DEFAULT_PUBLIC_CLIENT_ID),
        ("scope", SCOPE),
    ];
    let body = form(&pairs);

    let r = post_form(&sim, path, &pairs);
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (503, "temporarily_unavailable")
    );
    assert!(try_request(&sim, "POST", path, &[FORM], &body).is_none());
    let r = post_form(&sim, path, &pairs);
    assert_eq!((r.status, r.header("retry-after")), (429, Some("3")));
    let r = post_form(&sim, path, &pairs);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let r = post_form(&sim, path, &pairs);
    assert_eq!(
        (r.status, r.header("location")),
        (302, Some("https://evil.example/"))
    );
    let r = post_form(&sim, path, &pairs);
    assert_eq!(r.body.len(), 70_000);
    let t = std::time::Instant::now();
    let r = post_form(&sim, path, &pairs);
    assert!(t.elapsed() >= std::time::Duration::from_millis(200));
    assert_eq!(r.status, 200);
    let code = r.json()["device_code"].as_str().unwrap().to_string();

    sim.inject(Endpoint::MsToken, Fault::SlowDown, 1);
    sim.inject(
        Endpoint::MsToken,
        Fault::OAuthError {
            status: 400,
            error: "interaction_required".into(),
            code: 50076,
            description: "MFA".into(),
        },
        1,
    );
    assert_eq!(poll(&sim, TENANT, &code).json()["error"], "slow_down");
    let j = poll(&sim, TENANT, &code).json();
    assert_eq!(j["error"], "interaction_required");
    assert_eq!(j["error_codes"], serde_json::json!([50076]));
    assert_eq!(sim.requests().len(), 9);
}

#[test]
fn fifty_parallel_flows() {
    let sim = Simulator::start(fast(Approval::AfterPolls(3))).unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..50)
            .map(|_| {
                s.spawn(|| {
                    let ms = sign_in(&sim);
                    let v = vbo_token(&sim, 8, ORG, &ms, true);
                    assert_eq!(v.status, 200, "{}", v.body);
                    let access = v.json()["access_token"].as_str().unwrap().to_string();
                    assert_eq!(get_bearer(&sim, "/v8/Organization", &access).status, 200);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}
