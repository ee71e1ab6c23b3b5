//! `vbomfa login` / `get` / `refresh` / `logout` against a standalone `vbomfa sim`.

use crate::support::{run, strs, temp_dir, StandaloneSim};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn login_writes_an_owner_only_token_file_that_get_refresh_and_logout_use() {
    let sim = StandaloneSim::start(&["--interval", "1", "--approve-after-ms", "1000"]);
    let dir = temp_dir("login");
    let token = dir.join("token.json");
    let token_arg = token.to_str().unwrap().to_owned();

    let mut args = sim.login_args();
    args.extend(["--out".into(), token_arg.clone()]);
    let r = run(&strs(&args), LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    assert!(
        r.stdout.is_empty(),
        "with --out nothing goes to stdout: {}",
        r.dump()
    );
    assert!(r.stderr.contains("enter the code"), "{}", r.dump());
    assert!(r.stderr.contains("API v8"), "{}", r.dump());

    let text = std::fs::read_to_string(&token).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let access = doc["access_token"].as_str().unwrap().to_owned();
    assert!(!access.is_empty());
    assert_eq!(doc["vbo_url"], sim.vbo_url.as_str());
    assert_eq!(doc["api_version"], "v8");
    assert!(doc["refresh_token"].is_string());
    assert!(!r.stderr.contains(&access), "a token leaked to stderr");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "token file mode {mode:o}");
    }

    // get: only the token file is needed.
    let r = run(&["get", "/Organization", "--token-file", &token_arg], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    let body: serde_json::Value = serde_json::from_str(&r.stdout).expect("get prints JSON");
    assert_eq!(body["name"], "contoso.onmicrosoft.com");

    // refresh rewrites the file with new tokens, owner-only again.
    let r = run(&["refresh", "--token-file", &token_arg], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&token).unwrap()).unwrap();
    assert_ne!(doc["access_token"].as_str().unwrap(), access);
    assert_eq!(doc["vbo_url"], sim.vbo_url.as_str());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "token file mode after refresh {mode:o}");
    }
    let r = run(&["get", "Organization", "--token-file", &token_arg], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());

    // logout ends the session and deletes the file; the old token no longer works.
    let kept = dir.join("kept.json");
    std::fs::copy(&token, &kept).unwrap();
    let r = run(&["logout", "--token-file", &token_arg], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    assert!(r.stderr.contains("Logged out"), "{}", r.dump());
    assert!(!token.exists());
    let r = run(
        &[
            "get",
            "/Organization",
            "--token-file",
            kept.to_str().unwrap(),
        ],
        LIMIT,
    );
    assert_eq!(r.code, Some(8), "{}", r.dump());
    assert!(r.stderr.contains("HTTP 401"), "{}", r.dump());
    assert!(
        r.stderr
            .contains("hint: The VBO access token is invalid or expired"),
        "{}",
        r.dump()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn login_without_out_prints_the_token_json_on_stdout_only() {
    let sim = StandaloneSim::start(&[
        "--interval",
        "1",
        "--approve-after-ms",
        "500",
        "--versions",
        "v6",
    ]);
    let mut args = sim.login_args();
    args.extend(["--api-version".into(), "v6".into()]);
    let r = run(&strs(&args), LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("stdout is the token JSON");
    let access = doc["access_token"].as_str().unwrap();
    assert_eq!(doc["api_version"], "v6");
    assert!(!r.stderr.contains(access), "a token leaked to stderr");

    // v6 has no logout: a clear note, exit 0.
    let dir = temp_dir("v6");
    let token = dir.join("t.json");
    std::fs::write(&token, &r.stdout).unwrap();
    let r = run(
        &[
            "logout",
            "--keep-file",
            "--token-file",
            token.to_str().unwrap(),
        ],
        LIMIT,
    );
    assert_eq!(r.code, Some(0), "{}", r.dump());
    assert!(
        r.stderr.contains("logout is not supported by this server"),
        "{}",
        r.dump()
    );
    assert!(token.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pinning_the_vbo_certificate_works_and_a_wrong_pin_is_a_tls_error() {
    let sim = StandaloneSim::start(&["--interval", "1", "--approve-after-ms", "500"]);
    let dir = temp_dir("pin");
    let token = dir.join("t.json");
    let mut args = sim.login_args();
    args.extend(["--out".into(), token.to_str().unwrap().into()]);
    let r = run(&strs(&args), LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());

    // Pinning replaces the saved trust (the CA file).
    let r = run(
        &[
            "get",
            "/Organization",
            "-t",
            token.to_str().unwrap(),
            "--pin-sha256",
            &sim.sha256,
        ],
        LIMIT,
    );
    assert_eq!(r.code, Some(0), "{}", r.dump());
    let wrong = "00".repeat(32);
    let r = run(
        &[
            "get",
            "/Organization",
            "-t",
            token.to_str().unwrap(),
            "--pin-sha256",
            &wrong,
        ],
        LIMIT,
    );
    assert_eq!(r.code, Some(6), "{}", r.dump());
    assert!(r.stderr.contains("status: VBOMFA_TLS"), "{}", r.dump());
    let _ = std::fs::remove_dir_all(&dir);
}
