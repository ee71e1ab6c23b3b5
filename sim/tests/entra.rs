//! The Entra ID stand-in beyond the device code: OIDC discovery and keys (a standard
//! client can find everything and verify the id_token), the refresh-token grant, Entra's
//! scope echo, `client_info`, userinfo.

mod common;

use common::*;
use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};
use serde_json::{json, Value};
use vbomfa_sim::{Approval, SimConfig, Simulator, CONTOSO_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID};

const TENANT: &str = "contoso.onmicrosoft.com";
const OIDC_SCOPE: &str = "openid profile email offline_access User.Read";

fn start() -> Simulator {
    Simulator::start(SimConfig {
        interval_secs: 0,
        approval: Approval::AfterPolls(1),
        ..SimConfig::default()
    })
    .unwrap()
}

fn unbase64url(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bits, mut n, mut out) = (0u32, 0, Vec::new());
    for c in text.bytes() {
        bits = (bits << 6) | ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

fn jwt_part(token: &str, index: usize) -> Value {
    serde_json::from_slice(&unbase64url(token.split('.').nth(index).unwrap())).unwrap()
}

/// Device code sign-in with `scope` and extra token-request parameters.
fn sign_in_with(sim: &Simulator, scope: &str, extra: &[(&str, &str)]) -> Resp {
    let dc = post_form(
        sim,
        &format!("/{TENANT}/oauth2/v2.0/devicecode"),
        &[("client_id", DEFAULT_PUBLIC_CLIENT_ID), ("scope", scope)],
    )
    .json();
    let mut pairs = vec![
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
        ("device_code", dc["device_code"].as_str().unwrap()),
    ];
    pairs.extend_from_slice(extra);
    post_form(sim, &format!("/{TENANT}/oauth2/v2.0/token"), &pairs)
}

#[test]
fn discovery_lists_this_simulator_and_the_keys_verify_the_id_token() {
    let sim = start();
    let base = sim.base_url();
    let r = request(
        &sim,
        "GET",
        "/Contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
        &[],
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let meta = r.json();
    let tid = CONTOSO_TENANT_ID;
    assert_eq!(meta["issuer"], format!("{base}/{tid}/v2.0"));
    assert_eq!(
        meta["token_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/token")
    );
    assert_eq!(
        meta["device_authorization_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/devicecode")
    );
    assert_eq!(
        meta["authorization_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/authorize")
    );
    assert_eq!(
        meta["end_session_endpoint"],
        format!("{base}/{tid}/oauth2/v2.0/logout")
    );
    assert_eq!(
        meta["jwks_uri"],
        format!("{base}/{tid}/discovery/v2.0/keys")
    );
    assert_eq!(meta["userinfo_endpoint"], format!("{base}/oidc/userinfo"));
    assert_eq!(
        meta["scopes_supported"],
        json!(["openid", "profile", "email", "offline_access"])
    );
    assert!(meta["response_types_supported"]
        .as_array()
        .unwrap()
        .contains(&json!("code")));
    assert!(
        meta.get("grant_types_supported").is_none(),
        "Entra lists none"
    );

    let multi = request(
        &sim,
        "GET",
        "/organizations/v2.0/.well-known/openid-configuration",
        &[],
        "",
    )
    .json();
    assert_eq!(multi["issuer"], format!("{base}/{{tenantid}}/v2.0"));
    assert_eq!(
        multi["token_endpoint"],
        format!("{base}/organizations/oauth2/v2.0/token")
    );
    let unknown = request(
        &sim,
        "GET",
        "/fabrikam.com/v2.0/.well-known/openid-configuration",
        &[],
        "",
    );
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.json()["error"], "invalid_tenant");
    assert_eq!(unknown.json()["error_codes"], json!([90002]));

    // Follow the metadata like a client: sign in, then verify the id_token with the keys.
    let token = sign_in_with(&sim, OIDC_SCOPE, &[]).json();
    let id_token = token["id_token"].as_str().unwrap();
    let keys_path = meta["jwks_uri"]
        .as_str()
        .unwrap()
        .strip_prefix(&base)
        .unwrap()
        .to_owned();
    let keys = request(&sim, "GET", &keys_path, &[], "").json();
    let header = jwt_part(id_token, 0);
    let key = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the id_token's kid is listed");
    assert_eq!(
        (key["kty"].as_str(), key["alg"].as_str()),
        (Some("EC"), Some("ES256"))
    );
    assert_eq!(header["alg"], "ES256");
    let mut point = vec![4u8];
    point.extend(unbase64url(key["x"].as_str().unwrap()));
    point.extend(unbase64url(key["y"].as_str().unwrap()));
    let (input, signature) = id_token.rsplit_once('.').unwrap();
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
        .verify(input.as_bytes(), &unbase64url(signature))
        .expect("the id_token verifies with the published key");
    let claims = jwt_part(id_token, 1);
    assert_eq!(claims["iss"], meta["issuer"]);
    assert_eq!(claims["aud"], DEFAULT_PUBLIC_CLIENT_ID);
    assert_eq!(claims["tid"], tid);
}

#[test]
fn scope_echo_and_client_info_like_entra() {
    let sim = start();
    let r = sign_in_with(&sim, OIDC_SCOPE, &[("client_info", "1")]);
    assert_eq!(r.status, 200, "{}", r.body);
    let t = r.json();
    assert_eq!(
        t["scope"],
        "openid profile email https://graph.microsoft.com/User.Read"
    );
    assert!(
        t["refresh_token"].is_string(),
        "offline_access granted, though not echoed"
    );
    let info: Value =
        serde_json::from_slice(&unbase64url(t["client_info"].as_str().unwrap())).unwrap();
    assert_eq!(info["utid"], CONTOSO_TENANT_ID);
    assert_eq!(
        info["uid"],
        jwt_part(t["id_token"].as_str().unwrap(), 1)["oid"]
    );

    let plain = sign_in_with(&sim, SCOPE, &[]).json();
    assert!(plain.get("client_info").is_none());
    assert!(plain.get("id_token").is_none());
}

fn refresh(sim: &Simulator, tenant: &str, client_id: &str, token: &str) -> Resp {
    post_form(
        sim,
        &format!("/{tenant}/oauth2/v2.0/token"),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("refresh_token", token),
        ],
    )
}

#[test]
fn refresh_token_grant_gives_new_tokens_usable_at_vbo() {
    let sim = start();
    let first = sign_in_with(&sim, SCOPE, &[]).json();
    let rt = first["refresh_token"].as_str().unwrap();
    let r = refresh(&sim, TENANT, DEFAULT_PUBLIC_CLIENT_ID, rt);
    assert_eq!(r.status, 200, "{}", r.body);
    let second = r.json();
    assert_ne!(
        second["refresh_token"], first["refresh_token"],
        "a new refresh token each time"
    );
    assert_ne!(second["access_token"], first["access_token"]);
    assert_eq!(second["scope"], first["scope"]);
    // The refreshed answer is a valid VBO assertion.
    let v = vbo_token(&sim, 8, "contoso.onmicrosoft.com", &r.body, true);
    assert_eq!(v.status, 200, "{}", v.body);
    // Entra does not revoke the refresh token used.
    assert_eq!(
        refresh(&sim, "organizations", DEFAULT_PUBLIC_CLIENT_ID, rt).status,
        200
    );

    let bad = |r: Resp| {
        assert_eq!(r.status, 400, "{}", r.body);
        let j = r.json();
        assert_eq!(
            (j["error"].as_str(), j["error_codes"].clone()),
            (Some("invalid_grant"), json!([70000]))
        );
        assert!(!r.body.contains(rt), "the refresh token is not quoted");
    };
    bad(refresh(
        &sim,
        TENANT,
        DEFAULT_PUBLIC_CLIENT_ID,
        "1.AXkAnot-issued",
    ));
    let missing = post_form(
        &sim,
        &format!("/{TENANT}/oauth2/v2.0/token"),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", DEFAULT_PUBLIC_CLIENT_ID),
        ],
    );
    assert_eq!(missing.json()["error_codes"], json!([900144]));
}

#[test]
fn refresh_tokens_are_bound_to_client_and_tenant() {
    let other_client = "99999999-aaaa-bbbb-cccc-000000000000";
    let mut config = SimConfig {
        interval_secs: 0,
        approval: Approval::AfterPolls(1),
        tenants: vbomfa_sim::numbered_tenants(2),
        ..SimConfig::default()
    };
    config.public_client_ids.push(other_client.into());
    let sim = Simulator::start(config).unwrap();
    let rt = sign_in_with(&sim, SCOPE, &[]).json()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = refresh(&sim, TENANT, other_client, &rt);
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let r = refresh(
        &sim,
        "tenant02.onmicrosoft.com",
        DEFAULT_PUBLIC_CLIENT_ID,
        &rt,
    );
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(
        refresh(&sim, TENANT, DEFAULT_PUBLIC_CLIENT_ID, &rt).status,
        200
    );
}

#[test]
fn userinfo_and_pages_not_played() {
    let sim = start();
    let t = sign_in_with(&sim, OIDC_SCOPE, &[]).json();
    let r = get_bearer(&sim, "/oidc/userinfo", t["access_token"].as_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.body);
    let u = r.json();
    assert_eq!(u["email"], "admin@contoso.onmicrosoft.com");
    assert_eq!(
        u["sub"],
        jwt_part(t["id_token"].as_str().unwrap(), 1)["oid"]
    );
    let anonymous = request(&sim, "GET", "/oidc/userinfo", &[], "");
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    let page = request(
        &sim,
        "GET",
        "/organizations/oauth2/v2.0/authorize?client_id=x",
        &[],
        "",
    );
    assert_eq!(page.status, 400);
    assert!(page.body.contains("device-code flow"));
}
