//! How the simulated VBO answers what a client must tell apart: `/token` refusals in their
//! three wordings, paths of unserved API versions in their three forms, the anonymous
//! version probe (`GET /vN/ServiceInstance`), and `token/AuthCode`.

mod common;

use common::*;
use serde_json::json;
use vbomfa_sim::{Approval, SimConfig, Simulator, UnservedVersionAnswer, VboTokenErrors};

const TENANT: &str = "contoso.onmicrosoft.com";
const ORG: &str = "contoso.onmicrosoft.com";

fn start(config: SimConfig) -> Simulator {
    Simulator::start(SimConfig {
        interval_secs: 0,
        approval: Approval::AfterPolls(1),
        ..config
    })
    .unwrap()
}

/// A fresh Microsoft token response (the assertion).
fn sign_in(sim: &Simulator) -> String {
    let dc = devicecode(sim, TENANT);
    let r = poll(sim, TENANT, dc["device_code"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn refresh(sim: &Simulator, token: &str) -> Resp {
    post_form(
        sim,
        "/v8/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("disable_antiforgery_token", "true"),
        ],
    )
}

/// The four situations a client must tell apart, each answered 400 OAuth-style with its
/// own `error`.
#[test]
fn token_refusals_are_oauth_style_and_distinct_by_default() {
    let sim = start(SimConfig::default());
    let ms = sign_in(&sim);
    let error_of = |r: &Resp| {
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        let j = r.json();
        assert_eq!(
            j.as_object().unwrap().len(),
            2,
            "only error and error_description: {j}"
        );
        assert!(j["error_description"].as_str().unwrap().len() > 10);
        j["error"].as_str().unwrap().to_owned()
    };
    // Organization unknown (letter case).
    let r = vbo_token(&sim, 8, "CONTOSO.onmicrosoft.com", &ms, true);
    assert_eq!(error_of(&r), "invalid_client");
    assert!(r.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("CONTOSO.onmicrosoft.com"));
    // Assertion not issued by this Microsoft.
    let forged = json!({"access_token": "eyJforged", "refresh_token": "forged"}).to_string();
    let r = vbo_token(&sim, 8, ORG, &forged, true);
    assert_eq!(error_of(&r), "invalid_grant");
    assert!(!r.body.contains("forged"), "no token is quoted: {}", r.body);
    // Refresh token spent, then logged out.
    let v = vbo_token(&sim, 8, ORG, &ms, true).json();
    let first = v["refresh_token"].as_str().unwrap();
    let second = refresh(&sim, first).json();
    assert_eq!(error_of(&refresh(&sim, first)), "invalid_grant");
    let auth = format!("Bearer {}", second["access_token"].as_str().unwrap());
    let out = request(
        &sim,
        "POST",
        "/v8/token/logout",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(out.status, 204);
    assert_eq!(
        error_of(&refresh(&sim, second["refresh_token"].as_str().unwrap())),
        "invalid_grant"
    );
    // Missing parameters and unknown grants.
    assert_eq!(
        error_of(&post_form(&sim, "/v8/token", &[])),
        "invalid_request"
    );
    assert_eq!(
        error_of(&post_form(
            &sim,
            "/v8/token",
            &[("grant_type", "client_credentials")]
        )),
        "unsupported_grant_type"
    );
}

#[test]
fn tenant_auth_disabled_is_its_own_error() {
    let sim = start(SimConfig {
        tenant_auth_enabled: false,
        ..SimConfig::default()
    });
    let r = vbo_token(&sim, 8, ORG, &sign_in(&sim), true);
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    assert!(r.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("disabled"));
}

#[test]
fn token_refusals_as_rest_exception_info_per_version() {
    let sim = start(SimConfig {
        vbo_token_errors: VboTokenErrors::RestExceptionInfo,
        ..SimConfig::default()
    });
    let ms = sign_in(&sim);
    let r = vbo_token(&sim, 8, "Contoso.onmicrosoft.com", &ms, true);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({"message": "Organization 'Contoso.onmicrosoft.com' was not found.", "errorCode": null, "stackTrace": null})
    );
    let r = vbo_token(&sim, 7, "Contoso.onmicrosoft.com", &ms, true);
    assert_eq!(
        r.json().as_object().unwrap().len(),
        2,
        "v7: message, errorCode"
    );
    let r = vbo_token(&sim, 6, "Contoso.onmicrosoft.com", &ms, false);
    assert_eq!(r.json().as_object().unwrap().len(), 1, "v6: message");
    let r = request(
        &sim,
        "POST",
        "/v8/token",
        &[("Content-Type", "text/plain")],
        "x",
    );
    assert_eq!(r.status, 415);
}

#[test]
fn token_refusals_as_empty_401() {
    let sim = start(SimConfig {
        vbo_token_errors: VboTokenErrors::Empty401,
        ..SimConfig::default()
    });
    let r = vbo_token(&sim, 8, "Contoso.onmicrosoft.com", &sign_in(&sim), true);
    assert_eq!(r.status, 401);
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-length"), Some("0"));
    // A good exchange still works.
    assert_eq!(vbo_token(&sim, 8, ORG, &sign_in(&sim), true).status, 200);
}

/// The library's version probe: anonymous `GET /vN/ServiceInstance` from v8 down.
#[test]
fn anonymous_service_instance_probe() {
    let sim = start(SimConfig {
        versions: vec![6, 7],
        ..SimConfig::default()
    });
    let r = request(&sim, "GET", "/v7/ServiceInstance", &[], "");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        r.json()["message"],
        "Authorization has been denied for this request."
    );
    assert_eq!(
        request(&sim, "GET", "/v6/ServiceInstance", &[], "").status,
        401
    );
    let r = request(&sim, "GET", "/v8/ServiceInstance", &[], "");
    assert_eq!(r.status, 404, "v8 is not served: {}", r.body);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("/v8/ServiceInstance"));

    let token = vbo_token(&sim, 7, ORG, &sign_in(&sim), true).json();
    let r = get_bearer(
        &sim,
        "/v7/ServiceInstance",
        token["access_token"].as_str().unwrap(),
    );
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["version"], "7.1.0.2031");
    assert_eq!(j["installationId"].as_str().unwrap().len(), 36);
}

fn probe_unserved(answer: UnservedVersionAnswer) -> (Simulator, Resp) {
    let sim = start(SimConfig {
        versions: vec![6, 7],
        unserved_version_answer: answer,
        ..SimConfig::default()
    });
    let r = request(&sim, "GET", "/v9/ServiceInstance", &[], "");
    (sim, r)
}

#[test]
fn unserved_version_as_unsupported_api_version() {
    let (sim, r) = probe_unserved(UnservedVersionAnswer::UnsupportedApiVersion);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({"error": {
            "code": "UnsupportedApiVersion",
            "message": format!("The HTTP resource that matches the request URI '{}/v9/ServiceInstance' does not support the API version '9'.", sim.base_url()),
            "innerError": null,
        }})
    );
    // Every path of the version, /token included; served versions are untouched.
    let r = post_form(&sim, "/v8/token", &[("grant_type", "password")]);
    assert_eq!(r.json()["error"]["code"], "UnsupportedApiVersion");
    assert_eq!(
        request(&sim, "GET", "/v7/ServiceInstance", &[], "").status,
        401
    );
}

#[test]
fn unserved_version_as_http_sys_404() {
    let (sim, r) = probe_unserved(UnservedVersionAnswer::HttpSysNotFound);
    assert_eq!(r.status, 404);
    assert_eq!(
        r.header("content-type"),
        Some("text/html; charset=us-ascii")
    );
    assert_eq!(r.header("server"), Some("Microsoft-HTTPAPI/2.0"));
    assert!(r.body.starts_with(
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">"
    ));
    assert!(r.body.contains("<h2>Not Found</h2>"));
    assert!(r
        .body
        .contains("<hr><p>HTTP Error 404. The requested resource is not found.</p>"));
    assert_eq!(r.body.len(), 315, "HTTP.sys's Content-Length");
    // A missing resource of a served version is still VBO's own 404.
    let r = request(&sim, "GET", "/v7/Jobs", &[], "");
    assert_eq!(r.status, 404);
    assert!(r.json()["message"].is_string());
}

#[test]
fn unserved_version_as_404_by_default_and_recorded() {
    let (sim, r) = probe_unserved(UnservedVersionAnswer::NotFound);
    assert_eq!(r.status, 404);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("No HTTP resource was found"));
    let recorded = sim.requests();
    let last = recorded.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str(), last.status),
        ("GET", "/v9/ServiceInstance", Some(404))
    );
}

#[test]
fn auth_code_is_refused_on_v7_and_v8_only() {
    let sim = start(SimConfig::default());
    let token = vbo_token(&sim, 8, ORG, &sign_in(&sim), true).json();
    let auth = format!("Bearer {}", token["access_token"].as_str().unwrap());
    for version in [7, 8] {
        let path = format!("/v{version}/token/AuthCode");
        let r = request(&sim, "POST", &path, &[("Authorization", &auth)], "");
        assert_eq!(r.status, 400, "{}", r.body);
        let j = r.json();
        assert_eq!(j["error"], "invalid_request");
        assert!(j["error_description"]
            .as_str()
            .unwrap()
            .contains("authorization-code"));
        let anonymous = request(&sim, "POST", &path, &[], "");
        assert_eq!(
            anonymous.status, 401,
            "Bearer required like every non-anonymous operation"
        );
        assert_eq!(
            request(&sim, "GET", &path, &[("Authorization", &auth)], "").status,
            405
        );
    }
    let r = request(
        &sim,
        "POST",
        "/v6/token/AuthCode",
        &[("Authorization", &auth)],
        "",
    );
    assert_eq!(r.status, 404);
    assert!(r.json()["message"].is_string());
}
