//! Certificate trust through the C ABI: untrusted by default, CA file/PEM, SHA-256 pin,
//! Windows thumbprint, the loud insecure switch, and pins never applied to Microsoft.

use serde_json::json;
use vbo_mfa_auth::ffi::*;
use vbomfa_test_harness::*;

fn health(sim: &vbomfa_sim::Simulator, options: serde_json::Value) -> Call {
    // An authenticated call with a bogus token: reaching VBO at all gives 401 (VBO_REJECTED).
    let mut o = json!({"api_version": "v8"});
    o.as_object_mut()
        .unwrap()
        .extend(options.as_object().unwrap().clone());
    request(
        &sim.vbo_url(),
        "bogus",
        "GET",
        "/Organization",
        None,
        Some(&o.to_string()),
    )
}

#[test]
fn self_signed_server_is_refused_with_its_fingerprint() {
    let sim = start_sim(fast_config());
    let err = health(&sim, json!({})).expect(VBOMFA_TLS);
    assert_eq!(err["server_sha256"], sim.leaf_sha256_hex());
    assert_eq!(err["server_thumbprint"], sim.leaf_sha1_thumbprint());
    let hint = err["hint"].as_str().unwrap();
    assert!(
        hint.contains("tls_pin_sha256") && hint.contains(&sim.leaf_sha256_hex()),
        "{hint}"
    );
}

#[test]
fn ca_file_and_ca_pem_are_trusted() {
    let sim = start_sim(fast_config());
    let ca_file = sim.ca_file().to_string_lossy().into_owned();
    assert_eq!(
        health(&sim, json!({"tls_ca_file": ca_file})).status,
        VBOMFA_VBO_REJECTED
    );
    assert_eq!(
        health(&sim, json!({"tls_ca_pem": sim.ca_pem()})).status,
        VBOMFA_VBO_REJECTED
    );
}

#[test]
fn pins_accept_exactly_the_pinned_leaf() {
    let sim = start_sim(fast_config());
    let right = sim.leaf_sha256_hex();
    assert_eq!(
        health(&sim, json!({"tls_pin_sha256": [right]})).status,
        VBOMFA_VBO_REJECTED
    );
    let colons: String = right
        .as_bytes()
        .chunks(2)
        .map(|p| std::str::from_utf8(p).unwrap().to_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    assert_eq!(
        health(&sim, json!({"tls_pin_sha256": [colons]})).status,
        VBOMFA_VBO_REJECTED
    );

    let wrong = "00".repeat(32);
    let err = health(
        &sim,
        json!({"tls_pin_sha256": [wrong], "tls_ca_pem": sim.ca_pem()}),
    )
    .expect(VBOMFA_TLS);
    assert!(
        err["message"].as_str().unwrap().contains("pinned"),
        "a pin overrides the CA: {err}"
    );
    assert_eq!(err["server_sha256"], sim.leaf_sha256_hex());

    let thumb = sim.leaf_sha1_thumbprint();
    let windows_style: String = format!(
        "\u{200e}{}",
        thumb
            .as_bytes()
            .chunks(2)
            .map(|p| std::str::from_utf8(p).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_eq!(
        health(&sim, json!({"tls_thumbprint": [windows_style]})).status,
        VBOMFA_VBO_REJECTED
    );
    health(&sim, json!({"tls_thumbprint": ["AB".repeat(20)]})).expect(VBOMFA_TLS);
}

#[test]
fn insecure_works_and_says_so_loudly() {
    let sim = start_sim(fast_config());
    let login = vbo_login(&sim, json!({}));
    let ok = request(
        &sim.vbo_url(),
        login["access_token"].as_str().unwrap(),
        "GET",
        "/v8/Organization",
        None,
        Some(&json!({"tls_insecure_skip_verify": true}).to_string()),
    )
    .expect(VBOMFA_OK);
    assert!(ok["warning"].as_str().unwrap().contains("disabled"));
    let err = health(&sim, json!({"tls_insecure_skip_verify": true})).expect(VBOMFA_VBO_REJECTED);
    assert!(err["warning"].is_string());
}

#[test]
fn pinning_and_insecure_are_refused_for_the_sign_in() {
    let sim = start_sim(fast_config());
    for extra in [
        json!({"tls_pin_sha256": [sim.leaf_sha256_hex()]}),
        json!({"tls_thumbprint": [sim.leaf_sha1_thumbprint()]}),
        json!({"tls_insecure_skip_verify": true}),
    ] {
        let mut o = json!({"authority_host": sim.authority_url()});
        o.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let (call, flow) = start(ORG, None, None, Some(&o.to_string()));
        assert!(flow.is_none());
        let err = call.expect(VBOMFA_INVALID_ARGUMENT);
        assert!(err["message"].as_str().unwrap().contains("VBO server only"));
    }
    assert!(sim.requests().is_empty());
    // Without the simulator's CA, the sign-in's TLS check fails like any untrusted server.
    let (call, _) = start(
        ORG,
        None,
        None,
        Some(&json!({"authority_host": sim.authority_url()}).to_string()),
    );
    call.expect(VBOMFA_TLS);
}

#[test]
fn a_self_signed_vbo_certificate_can_be_trusted_as_given_or_pinned() {
    // VBO's REST settings wizard generates a self-signed certificate: no CA at all.
    let sim = start_sim(vbomfa_sim::SimConfig {
        self_signed: true,
        ..fast_config()
    });
    let err = health(&sim, json!({})).expect(VBOMFA_TLS);
    assert_eq!(err["server_sha256"], sim.leaf_sha256_hex());
    // The exported certificate itself as an extra trusted root (PEM and file)...
    assert_eq!(
        health(&sim, json!({"tls_ca_pem": sim.ca_pem()})).status,
        VBOMFA_VBO_REJECTED
    );
    let file = sim.ca_file().to_string_lossy().into_owned();
    assert_eq!(
        health(&sim, json!({"tls_ca_file": file})).status,
        VBOMFA_VBO_REJECTED
    );
    // ...or its fingerprint.
    assert_eq!(
        health(&sim, json!({"tls_pin_sha256": [sim.leaf_sha256_hex()]})).status,
        VBOMFA_VBO_REJECTED
    );
}
