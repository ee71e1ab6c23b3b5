//! Faults that shape answers for a client's own checks: echoes of the request (redaction),
//! raw replies and patched success bodies (absurd wire values), and the timing faults the
//! device-flow tests need.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use vbomfa_sim::{Approval, EchoBody, EchoForm, Endpoint, Fault, SimConfig, Simulator};

const TENANT: &str = "contoso.onmicrosoft.com";

fn start(approval: Approval) -> Simulator {
    Simulator::start(SimConfig {
        interval_secs: 0,
        approval,
        ..SimConfig::default()
    })
    .unwrap()
}

/// `assertion={"access_token":"tok en+/="}` percent-encoded with `%20` for the space.
const RAW_FORM: &str = "assertion=%7B%22access_token%22%3A%22tok%20en%2B%2F%3D%22%7D";
const BEARER: &str = "Bearer s3cr3t-bearer";

fn path_of(endpoint: Endpoint) -> &'static str {
    match endpoint {
        Endpoint::DeviceCode => "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode",
        Endpoint::MsToken => "/contoso.onmicrosoft.com/oauth2/v2.0/token",
        Endpoint::VboToken => "/v8/token",
        Endpoint::VboApi => "/v8/Organization",
    }
}

fn expected_quote(form: EchoForm) -> &'static str {
    match form {
        EchoForm::Raw => RAW_FORM,
        EchoForm::Plus => "assertion=%7B%22access_token%22%3A%22tok+en%2B%2F%3D%22%7D",
        EchoForm::Decoded => r#"assertion={"access_token":"tok en+/="}"#,
        EchoForm::JsonEscaped => r#"assertion={\"access_token\":\"tok en+/=\"}"#,
        EchoForm::Authorization => BEARER,
        EchoForm::JsonBody => r#"{"assertion":"{\"access_token\":\"tok en+/=\"}"}"#,
    }
}

/// The text a client would show from a JSON error: Entra's and OAuth-style
/// `error_description`, `RESTExceptionInfo`'s `message`.
fn json_text(endpoint: Endpoint, r: &Resp) -> String {
    let j = r.json();
    match endpoint {
        Endpoint::DeviceCode | Endpoint::MsToken => {
            assert_eq!(j["error"], "invalid_request");
            assert_eq!(j["error_codes"], json!([9002313]));
            assert!(j["trace_id"].is_string() && j["correlation_id"].is_string());
            let d = j["error_description"].as_str().unwrap();
            assert!(
                d.starts_with("AADSTS9002313: Invalid request. Request is malformed or invalid."),
                "{d}"
            );
            d.to_owned()
        }
        Endpoint::VboToken => {
            assert_eq!(j["error"], "invalid_request");
            j["error_description"].as_str().unwrap().to_owned()
        }
        Endpoint::VboApi => {
            assert!(j.get("stackTrace").is_some(), "v8 RESTExceptionInfo: {j}");
            j["message"].as_str().unwrap().to_owned()
        }
    }
}

#[test]
fn echo_quotes_the_request_in_every_shape_and_encoding() {
    let sim = start(Approval::Manual);
    let bodies = [EchoBody::Json, EchoBody::Text, EchoBody::Html];
    let forms = [
        EchoForm::Raw,
        EchoForm::Plus,
        EchoForm::Decoded,
        EchoForm::JsonEscaped,
        EchoForm::Authorization,
        EchoForm::JsonBody,
    ];
    for endpoint in Endpoint::ALL {
        for body in bodies {
            for form in forms {
                sim.inject(endpoint, Fault::Echo { body, form }, 1);
                let r = request(
                    &sim,
                    "POST",
                    path_of(endpoint),
                    &[FORM, ("Authorization", BEARER)],
                    RAW_FORM,
                );
                let what = format!("{endpoint:?} {body:?} {form:?}");
                assert_eq!(r.status, 400, "{what}: {}", r.body);
                let text = match body {
                    EchoBody::Json => json_text(endpoint, &r),
                    EchoBody::Text => {
                        assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
                        r.body.clone()
                    }
                    EchoBody::Html => {
                        assert!(r.header("content-type").unwrap().starts_with("text/html"));
                        assert!(r.body.contains("<pre>"), "{what}");
                        r.body.clone()
                    }
                };
                let quote = expected_quote(form);
                assert!(text.contains(quote), "{what}: {quote} not in {text}");
            }
        }
    }
}

#[test]
fn echo_of_a_json_body_and_in_rest_exception_info_of_the_token_endpoint() {
    let sim = Simulator::start(SimConfig {
        vbo_token_errors: vbomfa_sim::VboTokenErrors::RestExceptionInfo,
        ..SimConfig::default()
    })
    .unwrap();
    let body = "{ \"password\": \"p \\\"q\\\"\" }";
    sim.inject(
        Endpoint::VboApi,
        Fault::Echo {
            body: EchoBody::Json,
            form: EchoForm::JsonBody,
        },
        1,
    );
    let r = request(
        &sim,
        "POST",
        "/v7/Organization",
        &[("Content-Type", "application/json")],
        body,
    );
    let j = r.json();
    assert_eq!(j.as_object().unwrap().len(), 2, "v7 RESTExceptionInfo: {j}");
    assert!(
        j["message"]
            .as_str()
            .unwrap()
            .ends_with(r#"{"password":"p \"q\""}"#),
        "{j}"
    );

    sim.inject(
        Endpoint::VboToken,
        Fault::Echo {
            body: EchoBody::Json,
            form: EchoForm::Decoded,
        },
        1,
    );
    let r = post_form(&sim, "/v6/token", &[("refresh_token", "rt secret")]);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({"message": "The request is invalid: refresh_token=rt secret"})
    );
}

#[test]
fn raw_replies_carry_absurd_values() {
    let sim = start(Approval::Manual);
    let client = vbomfa_sim::client::SimClient::for_simulator(&sim);
    let fault = json!({"endpoint": "ms_token", "fault": {
        "kind": "raw", "status": 429, "content_type": "application/json",
        "headers": {"Retry-After": "18446744073709551615", "X-Odd": "1"},
        "body": "{\"error\":\"temporarily_unavailable\"}"}});
    let r = client
        .request(
            "POST",
            "/_sim/faults",
            &[("Content-Type", "application/json")],
            fault.to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(r.status, 204, "{}", r.body);
    let code = devicecode(&sim, TENANT)["device_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = poll(&sim, TENANT, &code);
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("18446744073709551615"));
    assert_eq!(r.header("x-odd"), Some("1"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, "{\"error\":\"temporarily_unavailable\"}");

    sim.inject(
        Endpoint::VboApi,
        Fault::Raw {
            status: 200,
            content_type: None,
            headers: Vec::new(),
            body: String::new(),
        },
        1,
    );
    let r = request(&sim, "GET", "/v8/Health", &[], "");
    assert_eq!(
        (r.status, r.header("content-type"), r.body.as_str()),
        (200, None, "")
    );
}

fn members(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[test]
fn patched_success_answers_keep_the_flow_working() {
    let sim = start(Approval::AfterPolls(2));
    sim.inject(
        Endpoint::DeviceCode,
        Fault::PatchJson {
            members: members(json!({"interval": u64::MAX, "expires_in": -1})),
        },
        1,
    );
    sim.inject(
        Endpoint::MsToken,
        Fault::PatchJson {
            members: members(json!({"expires_in": "abc", "ext_expires_in": 1.5})),
        },
        1,
    );
    let dc = devicecode(&sim, TENANT);
    assert_eq!(dc["interval"], json!(u64::MAX));
    assert_eq!(dc["expires_in"], -1);
    assert!(
        dc["user_code"].is_string(),
        "the rest of the answer is as usual"
    );
    let code = dc["device_code"].as_str().unwrap();
    // The first poll is pending: the patch waits for the success answer.
    assert_eq!(
        poll(&sim, TENANT, code).json()["error"],
        "authorization_pending"
    );
    let ok = poll(&sim, TENANT, code);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let t = ok.json();
    assert_eq!(t["expires_in"], "abc");
    assert_eq!(t["ext_expires_in"], 1.5);
    assert!(
        ok.header("x-ms-request-id").is_some(),
        "Entra's headers kept"
    );

    // A patched VBO token answer; the tokens in it still work.
    sim.inject(
        Endpoint::VboToken,
        Fault::PatchJson {
            members: members(json!({"expires_in": 18_446_744_073_709_551_615u64})),
        },
        1,
    );
    let v = vbo_token(&sim, 8, "contoso.onmicrosoft.com", &ok.body, true);
    assert_eq!(v.status, 200, "{}", v.body);
    assert_eq!(v.json()["expires_in"], json!(u64::MAX));
    let access = v.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get_bearer(&sim, "/v8/Organization", &access).status, 200);
}

#[test]
fn slow_answers_and_loop_detection() {
    let sim = start(Approval::AfterPolls(1));
    // A token endpoint that answers 200, but late.
    sim.inject(Endpoint::MsToken, Fault::Delay { ms: 1500 }, 1);
    let code = devicecode(&sim, TENANT)["device_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let r = poll(&sim, TENANT, &code);
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(r.status, 200, "{}", r.body);

    // Entra's loop detection, in Entra's shape.
    sim.inject(Endpoint::MsToken, Fault::loop_detected(), 1);
    let code = devicecode(&sim, TENANT)["device_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = poll(&sim, TENANT, &code);
    assert_eq!(r.status, 400);
    let j = r.json();
    assert_eq!(j["error"], "invalid_grant");
    assert_eq!(j["error_codes"], json!([50196]));
    assert_eq!(
        j["error_uri"],
        "https://login.microsoftonline.com/error?code=50196"
    );
    let d = j["error_description"].as_str().unwrap();
    assert!(d.starts_with("AADSTS50196: The server terminated an operation because it encountered a client request loop."));
    assert!(
        d.contains("\r\nTrace ID: ")
            && d.contains("\r\nCorrelation ID: ")
            && d.contains("\r\nTimestamp: ")
    );
}
