//! No secret comes back in an error: servers that echo the request (a VBO 400 quoting the form
//! body, Microsoft's `error_description` quoting `device_code=`, a WAF's HTML page, a text/plain
//! excerpt) are played by the simulator's echo fault, for every endpoint, body type and
//! encoding, and every document the C ABI hands back is searched for the secrets.

use serde_json::{json, Value};
use std::time::Duration;
use vbo_mfa_auth::ffi::*;
use vbomfa_sim::{Approval, EchoBody, EchoForm, Endpoint, Fault, SimConfig, Simulator};
use vbomfa_test_harness::*;

const BODIES: [EchoBody; 3] = [EchoBody::Json, EchoBody::Text, EchoBody::Html];
const FORM_ECHOES: [EchoForm; 5] = [
    EchoForm::Raw,
    EchoForm::Plus,
    EchoForm::Decoded,
    EchoForm::JsonEscaped,
    EchoForm::JsonBody,
];

/// Fails when any 20-character piece of a secret appears in `document`.
fn assert_no_secret(document: &str, secrets: &[String], case: &str) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(20.min(chars.len())) {
            let piece: String = window.iter().collect();
            assert!(
                !document.contains(&piece),
                "{case}: a secret came back ({piece}) in {document}"
            );
        }
    }
}

/// The form values the simulator saw in the last request to `endpoint`.
fn sent(sim: &Simulator, endpoint: Endpoint, name: &str) -> String {
    sim.requests()
        .into_iter()
        .rev()
        .find(|r| r.endpoint == Some(endpoint))
        .and_then(|r| r.form.into_iter().find(|(k, _)| k == name))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no {name} was sent to {endpoint:?}"))
}

/// The tokens inside a token response.
fn tokens_of(response: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(response).unwrap();
    ["access_token", "refresh_token", "id_token"]
        .iter()
        .filter_map(|k| value[*k].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_device_code_never_comes_back_from_the_token_endpoint() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    for body in BODIES {
        for form in [
            EchoForm::Raw,
            EchoForm::Plus,
            EchoForm::Decoded,
            EchoForm::JsonEscaped,
        ] {
            sim.inject(Endpoint::MsToken, Fault::Echo { body, form }, 1);
            let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
            let (status, document) = flow.unwrap().wait_text(30_000);
            let case = format!("{body:?}/{form:?}");
            assert_ne!(status, VBOMFA_OK, "{case}");
            let device_code = sent(&sim, Endpoint::MsToken, "device_code");
            if body != EchoBody::Html {
                // (an HTML page is cut at 300 characters, before or inside the marker)
                assert!(document.contains("[redacted]"), "{case}: {document}");
            }
            assert_no_secret(&document, &[device_code], &case);
        }
    }
}

#[test]
fn a_transient_echo_leaves_no_secret_in_last_error() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    flow.wait(1500).expect(VBOMFA_TIMEOUT); // one poll went out
    let device_code = sent(&sim, Endpoint::MsToken, "device_code");
    sim.inject(
        Endpoint::MsToken,
        Fault::Raw {
            status: 503,
            content_type: Some("text/plain".into()),
            headers: vec![],
            body: format!("upstream rejected device_code={device_code} (busy)"),
        },
        1,
    );
    std::thread::sleep(Duration::from_millis(1100));
    let (status, note) = flow.poll_text();
    assert_eq!(status, VBOMFA_PENDING, "{note}");
    assert!(
        note.contains("last_error") && note.contains("[redacted]"),
        "{note}"
    );
    assert_no_secret(&note, &[device_code], "pending note");
}

#[test]
fn the_assertion_and_vbo_tokens_never_come_back_from_vbo() {
    let sim = start_sim(fast_config());
    let assertion = sign_in(&sim, None);
    let ms_tokens = tokens_of(&assertion);
    let login = exchange_on(&sim, ORG, &assertion, json!({})).expect(VBOMFA_OK);
    let refresh_token = login["refresh_token"].as_str().unwrap().to_owned();
    let access_token = login["access_token"].as_str().unwrap().to_owned();
    let options = vbo_options(&sim, json!({"api_version": "v8"}));
    for body in BODIES {
        for form in FORM_ECHOES {
            let case = format!("exchange {body:?}/{form:?}");
            sim.inject(Endpoint::VboToken, Fault::Echo { body, form }, 1);
            let call = exchange(&sim.vbo_url(), ORG, &assertion, Some(&options));
            assert_ne!(call.status, VBOMFA_OK, "{case}");
            assert_no_secret(&call.json.to_string(), &ms_tokens, &case);

            let case = format!("refresh {body:?}/{form:?}");
            sim.inject(Endpoint::VboToken, Fault::Echo { body, form }, 1);
            let call = refresh(&sim.vbo_url(), &refresh_token, Some(&options));
            assert_ne!(call.status, VBOMFA_OK, "{case}");
            assert_no_secret(
                &call.json.to_string(),
                std::slice::from_ref(&refresh_token),
                &case,
            );
        }
        for form in [EchoForm::Authorization, EchoForm::Raw, EchoForm::JsonBody] {
            let case = format!("api {body:?}/{form:?}");
            sim.inject(Endpoint::VboApi, Fault::Echo { body, form }, 1);
            let secret_body = json!({"password": "correct-horse-battery-staple"}).to_string();
            let call = request(
                &sim.vbo_url(),
                &access_token,
                "POST",
                "/Organization/Explore",
                Some(&secret_body),
                Some(&options),
            );
            assert_ne!(call.status, VBOMFA_OK, "{case}");
            assert_no_secret(
                &call.json.to_string(),
                &[access_token.clone(), "correct-horse-battery-staple".into()],
                &case,
            );
        }
    }
}

#[test]
fn an_echo_of_the_device_code_request_fails_cleanly() {
    let sim = start_sim(fast_config());
    for body in BODIES {
        sim.inject(
            Endpoint::DeviceCode,
            Fault::Echo {
                body,
                form: EchoForm::Raw,
            },
            1,
        );
        let (call, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
        assert!(flow.is_none());
        assert!(
            [VBOMFA_IDP_ERROR, VBOMFA_HTTP_ERROR, VBOMFA_PROTOCOL].contains(&call.status),
            "{body:?}: {}",
            call.json
        );
    }
}
