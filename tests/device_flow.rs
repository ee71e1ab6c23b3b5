//! Hop 1 through the C ABI against the simulator over TLS: RFC 8628 timing, every terminal
//! status, transient trouble, cancel and wait.

use std::time::Duration;
use vbo_mfa_auth::ffi::*;
use vbomfa_sim::{Approval, Endpoint, Fault, SimConfig};
use vbomfa_test_harness::*;

fn token_polls(sim: &vbomfa_sim::Simulator) -> Vec<vbomfa_sim::RecordedRequest> {
    sim.requests()
        .into_iter()
        .filter(|r| r.endpoint == Some(Endpoint::MsToken))
        .collect()
}

#[test]
fn happy_path_returns_the_token_response_verbatim_and_is_sticky() {
    let sim = start_sim(fast_config());
    let (call, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let info = call.expect(VBOMFA_OK);
    let flow = flow.unwrap();
    for key in ["user_code", "verification_uri", "message", "expires_at"] {
        assert!(info[key].is_string(), "{key} missing: {info}");
    }
    assert_eq!(info["interval"], 1);
    assert_eq!(info["expires_in"], 900);
    assert!(info["verification_uri"]
        .as_str()
        .unwrap()
        .ends_with("/devicelogin"));
    assert!(
        info.get("device_code").is_none(),
        "device_code must never be handed out"
    );
    assert!(info.get("warning").is_none());

    // The devicecode request carried the documented defaults.
    let dc = sim
        .requests()
        .into_iter()
        .find(|r| r.endpoint == Some(Endpoint::DeviceCode))
        .unwrap();
    let form: std::collections::HashMap<_, _> = dc.form.iter().cloned().collect();
    assert_eq!(form["client_id"], "04b07795-8ddb-461a-bbee-02f9e1bf7b46");
    assert_eq!(
        form["scope"],
        "Directory.AccessAsUser.All User.ReadWrite.All offline_access"
    );
    assert_eq!(dc.path, "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode");

    // Polled early: PENDING at once, no request sent.
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(pending["status"], "VBOMFA_PENDING");
    assert_eq!(pending["code"], 1);
    let retry = pending["retry_after_ms"].as_u64().unwrap();
    assert!(retry > 0 && retry <= 1000, "{pending}");
    assert!(pending["expires_in_ms"].as_u64().unwrap() > 890_000);
    assert!(
        token_polls(&sim).is_empty(),
        "an early poll must not send a request"
    );

    let (status, text) = flow.wait_text(30_000);
    assert_eq!(status, VBOMFA_OK, "{text}");
    let token: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(token["token_type"], "Bearer");
    assert!(token["access_token"].is_string());
    assert!(token["refresh_token"].is_string());
    let polls = token_polls(&sim);
    assert_eq!(polls.len(), 2, "approval on the second poll");
    let form: std::collections::HashMap<_, _> = polls[0].form.iter().cloned().collect();
    assert_eq!(
        form["grant_type"],
        "urn:ietf:params:oauth:grant-type:device_code"
    );
    assert!(form.contains_key("device_code"));
    assert!(
        polls[1].at - polls[0].at >= Duration::from_secs(1),
        "polls closer than the interval"
    );

    // Sticky: the same text again, without I/O.
    let (again, again_text) = flow.poll_text();
    assert_eq!(again, VBOMFA_OK);
    assert_eq!(again_text, text);
    assert_eq!(token_polls(&sim).len(), 2);
}

#[test]
fn slow_down_adds_five_seconds_for_the_rest_of_the_flow() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(2),
        ..fast_config()
    });
    sim.inject(Endpoint::MsToken, Fault::SlowDown, 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(pending["interval_ms"], 6000, "{pending}");
    assert!(pending["retry_after_ms"].as_u64().unwrap() > 5000);
    flow.wait(60_000).expect(VBOMFA_OK);
    let polls = token_polls(&sim);
    assert!(polls.len() >= 2);
    for pair in polls.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= Duration::from_secs(6),
            "interval not raised"
        );
    }
}

#[test]
fn declined_is_sticky_and_carries_the_oauth_error() {
    let sim = start_sim(SimConfig {
        approval: Approval::DeclineAfterPolls(1),
        ..fast_config()
    });
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    let err = flow.wait(30_000).expect(VBOMFA_DECLINED);
    assert_eq!(err["status"], "VBOMFA_DECLINED");
    assert_eq!(err["code"], 10);
    assert_eq!(err["error"], "authorization_declined");
    assert!(err["message"].as_str().unwrap().contains("declined"));
    let sent = token_polls(&sim).len();
    flow.poll().expect(VBOMFA_DECLINED);
    flow.wait(1000).expect(VBOMFA_DECLINED);
    assert_eq!(
        token_polls(&sim).len(),
        sent,
        "a finished flow sends nothing"
    );
}

#[test]
fn local_deadline_expires_the_flow_without_sending_after_it() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        expires_in_secs: 3,
        ..fast_config()
    });
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    let err = flow.wait(0).expect(VBOMFA_EXPIRED);
    assert!(err["message"].as_str().unwrap().contains("expired"));
    assert!(err["hint"].is_string());
    // One poll per interval while the code lived (3 s, 1 s apart: at 1 s and 2 s, none at
    // the deadline itself) ...
    let polls = token_polls(&sim).len();
    assert!((1..=3).contains(&polls), "{polls} polls");
    // ... and none after it, whatever the caller does.
    flow.poll().expect(VBOMFA_EXPIRED);
    std::thread::sleep(Duration::from_millis(1500));
    flow.wait(2000).expect(VBOMFA_EXPIRED);
    assert_eq!(token_polls(&sim).len(), polls);
}

#[test]
fn expired_token_from_the_server_is_expired() {
    let sim = start_sim(fast_config());
    sim.inject(
        Endpoint::MsToken,
        Fault::OAuthError {
            status: 400,
            error: "expired_token".into(),
            code: 70019,
            description: "The code is no longer valid.".into(),
        },
        1,
    );
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let err = flow.unwrap().wait(30_000).expect(VBOMFA_EXPIRED);
    assert_eq!(err["error"], "expired_token");
    assert_eq!(err["error_codes"][0], 70019);
    assert!(err["trace_id"].is_string() && err["correlation_id"].is_string());
}

#[test]
fn transient_trouble_is_pending_with_last_error_then_recovers() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(1),
        ..fast_config()
    });
    sim.inject(Endpoint::MsToken, Fault::Status(503), 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    std::thread::sleep(Duration::from_millis(1050));
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(pending["last_error"]["http_status"], 503, "{pending}");
    assert!(
        pending["retry_after_ms"].as_u64().unwrap() >= 1000,
        "backed off"
    );
    flow.wait(60_000).expect(VBOMFA_OK);
}

#[test]
fn rate_limit_honours_retry_after() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(1),
        ..fast_config()
    });
    sim.inject(
        Endpoint::MsToken,
        Fault::TooManyRequests {
            retry_after_secs: 3,
        },
        1,
    );
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    flow.wait(60_000).expect(VBOMFA_OK);
    let polls = token_polls(&sim);
    assert_eq!(polls.len(), 2);
    assert!(
        polls[1].at - polls[0].at >= Duration::from_secs(3),
        "Retry-After ignored"
    );
}

#[test]
fn dropped_connection_is_transient() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(1),
        ..fast_config()
    });
    sim.inject(Endpoint::MsToken, Fault::CloseConnection, 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    std::thread::sleep(Duration::from_millis(1050));
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(
        pending["last_error"]["status"], "VBOMFA_NETWORK",
        "{pending}"
    );
    flow.wait(60_000).expect(VBOMFA_OK);
}

#[test]
fn confidential_app_gets_the_public_client_hint() {
    let sim = start_sim(fast_config());
    let (_, flow) = start(
        ORG,
        Some("11111111-2222-3333-4444-555555555555"),
        None,
        Some(&ms_options(&sim)),
    );
    let err = flow.unwrap().wait(30_000).expect(VBOMFA_IDP_ERROR);
    assert_eq!(err["error"], "invalid_client");
    assert_eq!(err["error_codes"][0], 7000218);
    assert!(
        err["hint"]
            .as_str()
            .unwrap()
            .contains("public client flows"),
        "{err}"
    );
    assert!(err["message"].as_str().unwrap().contains("AADSTS7000218"));
}

#[test]
fn unknown_tenant_fails_at_start_with_a_hint() {
    let sim = start_sim(fast_config());
    let (call, flow) = start(
        "nosuch.onmicrosoft.com",
        None,
        None,
        Some(&ms_options(&sim)),
    );
    assert!(flow.is_none());
    let err = call.expect(VBOMFA_IDP_ERROR);
    assert_eq!(err["error_codes"][0], 90002);
    assert_eq!(err["http_status"], 400);
    assert!(err["hint"].as_str().unwrap().contains("Tenant not found"));
}

#[test]
fn consent_and_conditional_access_errors_get_hints() {
    for (code, error, needle) in [
        (65001, "invalid_grant", "consent"),
        (53003, "interaction_required", "Conditional Access"),
    ] {
        let sim = start_sim(fast_config());
        sim.inject(
            Endpoint::MsToken,
            Fault::OAuthError {
                status: 400,
                error: error.into(),
                code,
                description: "Policy says no.".into(),
            },
            1,
        );
        let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
        let err = flow.unwrap().wait(30_000).expect(VBOMFA_IDP_ERROR);
        assert!(err["hint"].as_str().unwrap().contains(needle), "{err}");
    }
}

/// A flow started at `sim`, and a thread waiting on it for up to `timeout_ms`.
fn waited_flow(
    sim: &vbomfa_sim::Simulator,
    timeout_ms: u32,
) -> (
    std::sync::Arc<Flow>,
    std::thread::JoinHandle<vbomfa_test_harness::Call>,
) {
    let (_, flow) = start(ORG, None, None, Some(&ms_options(sim)));
    let flow = std::sync::Arc::new(flow.unwrap());
    let waiter = {
        let flow = flow.clone();
        std::thread::spawn(move || flow.wait(timeout_ms))
    };
    (flow, waiter)
}

#[test]
fn cancel_from_another_thread_wakes_the_waiter() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    let (flow, waiter) = waited_flow(&sim, 60_000);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(flow.cancel(), VBOMFA_OK);
    // Nobody approves: without a wake-up the waiter would end with TIMEOUT a minute later.
    waiter.join().unwrap().expect(VBOMFA_CANCELLED);
    flow.poll().expect(VBOMFA_CANCELLED);
}

#[test]
fn cancel_abandons_a_request_in_flight() {
    let sim = start_sim(fast_config());
    sim.inject(Endpoint::MsToken, Fault::Delay { ms: 20_000 }, 1);
    let (flow, waiter) = waited_flow(&sim, 15_000);
    std::thread::sleep(Duration::from_millis(2000)); // the first poll is now in flight
    flow.cancel();
    // The request in flight answers only after 20 s: a waiter stuck on it would end with
    // TIMEOUT at 15 s.
    waiter.join().unwrap().expect(VBOMFA_CANCELLED);
    assert_eq!(token_polls(&sim).len(), 1);
}

#[test]
fn wait_timeout_leaves_the_flow_usable() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    let (info, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let user_code = info.json["user_code"].as_str().unwrap().to_owned();
    let flow = flow.unwrap();
    let err = flow.wait(1500).expect(VBOMFA_TIMEOUT);
    assert_eq!(err["code"], 13);
    assert!(err["expires_in_ms"].as_u64().is_some());
    assert!(sim.approve(&user_code));
    flow.wait(30_000).expect(VBOMFA_OK);
}

#[test]
fn missing_interval_means_five_seconds() {
    let sim = start_sim(SimConfig {
        omit_interval: true,
        ..fast_config()
    });
    let (info, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    assert_eq!(info.json["interval"], 5);
    let pending = flow.unwrap().poll().expect(VBOMFA_PENDING);
    assert!(pending["retry_after_ms"].as_u64().unwrap() > 4000);
}

#[test]
fn html_redirect_and_oversized_answers_are_clear_errors() {
    let sim = start_sim(fast_config());
    sim.inject(Endpoint::MsToken, Fault::Html, 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let err = flow.unwrap().wait(30_000).expect(VBOMFA_PROTOCOL);
    assert!(err["hint"].as_str().unwrap().contains("proxy"), "{err}");

    sim.inject(
        Endpoint::MsToken,
        Fault::Oversized {
            bytes: 2 * 1024 * 1024,
        },
        1,
    );
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    flow.unwrap().wait(30_000).expect(VBOMFA_PROTOCOL);

    sim.inject(
        Endpoint::DeviceCode,
        Fault::Redirect {
            location: "https://phish.example/devicecode".into(),
        },
        1,
    );
    let (call, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    assert!(flow.is_none());
    let err = call.expect(VBOMFA_HTTP_ERROR);
    assert!(
        err["message"].as_str().unwrap().contains("phish.example"),
        "{err}"
    );
}

#[test]
fn scope_without_offline_access_warns() {
    let sim = start_sim(fast_config());
    let (info, flow) = start(ORG, None, Some("User.Read"), Some(&ms_options(&sim)));
    let info = info.expect(VBOMFA_OK);
    assert!(info["warning"].as_str().unwrap().contains("offline_access"));
    let token = flow.unwrap().wait(30_000).expect(VBOMFA_OK);
    assert!(token.get("refresh_token").is_none());
    let err = exchange(
        &sim.vbo_url(),
        ORG,
        &token.to_string(),
        Some(&vbo_options(&sim, serde_json::json!({}))),
    )
    .expect(VBOMFA_INVALID_ARGUMENT);
    assert!(err["hint"].as_str().unwrap().contains("offline_access"));
}

#[test]
fn unreachable_authority_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let options =
        serde_json::json!({"authority_host": format!("https://127.0.0.1:{port}"), "proxy": "none"})
            .to_string();
    let (call, flow) = start(ORG, None, None, Some(&options));
    assert!(flow.is_none());
    let err = call.expect(VBOMFA_NETWORK);
    assert!(err["message"].as_str().unwrap().contains("127.0.0.1"));
}

#[test]
fn secrets_never_appear_in_results_other_than_the_token() {
    let sim = start_sim(SimConfig {
        approval: Approval::DeclineAfterPolls(2),
        ..fast_config()
    });
    let (info, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    let pending_or_declined = [flow.wait(30_000).json, info.json];
    let device_code = sim
        .requests()
        .into_iter()
        .find(|r| r.endpoint == Some(Endpoint::MsToken))
        .and_then(|r| r.form.into_iter().find(|(k, _)| k == "device_code"))
        .map(|(_, v)| v)
        .unwrap();
    for json in pending_or_declined {
        assert!(
            !json.to_string().contains(&device_code),
            "device_code leaked: {json}"
        );
    }
}

#[test]
fn two_threads_waiting_on_one_flow_get_the_same_token_text() {
    let sim = start_sim(fast_config());
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = std::sync::Arc::new(flow.unwrap());
    let waiters: Vec<_> = (0..2)
        .map(|_| {
            let flow = flow.clone();
            std::thread::spawn(move || flow.wait_text(30_000))
        })
        .collect();
    let results: Vec<(i32, String)> = waiters.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(results[0].0, VBOMFA_OK, "{}", results[0].1);
    assert_eq!(results[0], results[1]);
    assert_eq!(
        token_polls(&sim).len(),
        2,
        "one request per allowed time, not one per thread"
    );
}

#[test]
fn absurd_numbers_from_the_wire_are_bounded_or_refused_never_a_panic() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    let patched = |members: serde_json::Value| {
        sim.inject(
            Endpoint::DeviceCode,
            Fault::PatchJson {
                members: members.as_object().unwrap().clone(),
            },
            1,
        );
        start(ORG, None, None, Some(&ms_options(&sim)))
    };
    for (members, interval, expires_in) in [
        (serde_json::json!({"interval": u64::MAX}), 300, 900),
        (serde_json::json!({"interval": 0}), 1, 900),
        (serde_json::json!({"interval": 1.5}), 2, 900),
        (serde_json::json!({"expires_in": u64::MAX}), 1, 86_400),
        (serde_json::json!({"expires_in": "600"}), 1, 600),
    ] {
        let (call, flow) = patched(members.clone());
        let info = call.expect(VBOMFA_OK);
        assert_eq!(info["interval"], interval, "{members}: {info}");
        assert_eq!(info["expires_in"], expires_in, "{members}: {info}");
        flow.unwrap().poll().expect(VBOMFA_PENDING);
    }
    for members in [
        serde_json::json!({"expires_in": -1}),
        serde_json::json!({"interval": "abc"}),
        serde_json::json!({"expires_in": null}),
    ] {
        let (call, flow) = patched(members.clone());
        assert!(flow.is_none());
        let err = call.expect(VBOMFA_PROTOCOL);
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("device-code answer"),
            "{err}"
        );
    }

    // A Retry-After as large as it gets: pending, the next poll bounded by the deadline.
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    sim.inject(
        Endpoint::MsToken,
        Fault::Raw {
            status: 429,
            content_type: Some("application/json".into()),
            headers: vec![("Retry-After".into(), "18446744073709551615".into())],
            body: "{}".into(),
        },
        1,
    );
    std::thread::sleep(Duration::from_millis(1100));
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(pending["last_error"]["http_status"], 429, "{pending}");
    assert!(pending["retry_after_ms"].as_u64() <= pending["expires_in_ms"].as_u64());

    // A VBO token answer with an absurd lifetime: signed in, expires_at a year away at most.
    let sim = start_sim(fast_config());
    let assertion = sign_in(&sim, None);
    for (lifetime, has_expiry) in [
        (serde_json::json!(u64::MAX), true),
        (serde_json::json!("abc"), false),
    ] {
        sim.inject(
            Endpoint::VboToken,
            Fault::PatchJson {
                members: serde_json::json!({"expires_in": lifetime})
                    .as_object()
                    .unwrap()
                    .clone(),
            },
            1,
        );
        let tokens = exchange_on(&sim, ORG, &assertion, serde_json::json!({})).expect(VBOMFA_OK);
        assert_eq!(tokens["expires_at"].is_string(), has_expiry, "{tokens}");
    }
}

#[test]
fn a_rate_limit_never_makes_the_flow_poll_sooner_than_its_interval() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(1),
        ..fast_config()
    });
    sim.inject(
        Endpoint::MsToken,
        Fault::TooManyRequests {
            retry_after_secs: 0,
        },
        1,
    );
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    flow.unwrap().wait(60_000).expect(VBOMFA_OK);
    let polls = token_polls(&sim);
    assert_eq!(polls.len(), 2);
    assert!(polls[1].at - polls[0].at >= Duration::from_secs(1));
}

#[test]
fn loop_detected_slows_the_flow_down_instead_of_ending_it() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(2),
        ..fast_config()
    });
    sim.inject(Endpoint::MsToken, Fault::loop_detected(), 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let pending = flow.poll().expect(VBOMFA_PENDING);
    assert_eq!(pending["interval_ms"], 6000, "{pending}");
    assert_eq!(pending["last_error"]["error_codes"][0], 50196, "{pending}");
    flow.wait(60_000).expect(VBOMFA_OK);
    let polls = token_polls(&sim);
    assert!(polls[1].at - polls[0].at >= Duration::from_secs(6));
}

#[test]
fn wait_keeps_its_time_limit_while_a_token_request_is_slow_and_keeps_the_answer() {
    let sim = start_sim(SimConfig {
        approval: Approval::AfterPolls(1),
        ..fast_config()
    });
    sim.inject(Endpoint::MsToken, Fault::Delay { ms: 6000 }, 1);
    let (_, flow) = start(ORG, None, None, Some(&ms_options(&sim)));
    let flow = flow.unwrap();
    // The first poll goes out at 1 s and is answered only at 7 s.
    flow.wait(2000).expect(VBOMFA_TIMEOUT);
    let polls = token_polls(&sim);
    assert_eq!(polls.len(), 1);
    assert_eq!(
        polls[0].status, None,
        "wait returned only after the answer came"
    );
    // The answer of that request (the token: approval on the first poll) is kept.
    flow.wait(30_000).expect(VBOMFA_OK);
    assert_eq!(token_polls(&sim).len(), 1);
}

#[test]
fn freeing_a_flow_another_thread_waits_on_cancels_that_wait() {
    let sim = start_sim(SimConfig {
        approval: Approval::Manual,
        ..fast_config()
    });
    let (flow, waiter) = waited_flow(&sim, 60_000);
    std::thread::sleep(Duration::from_millis(1500));
    flow.free();
    waiter.join().unwrap().expect(VBOMFA_CANCELLED);
    let err = flow.poll().expect(VBOMFA_INVALID_ARGUMENT);
    assert!(
        err["message"].as_str().unwrap().contains("not a live flow"),
        "{err}"
    );
}
