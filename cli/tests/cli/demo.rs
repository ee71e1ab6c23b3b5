//! `vbomfa demo`: the README's first command.

use crate::support::run;
use std::time::Duration;

#[test]
fn demo_runs_the_whole_flow_and_prints_the_organization() {
    let r = run(
        &["demo", "--approve-after-ms", "1500"],
        Duration::from_secs(90),
    );
    assert_eq!(r.code, Some(0), "{}", r.dump());
    // The sign-in message, exactly as a user sees it.
    assert!(
        r.stdout
            .contains("To sign in, use a web browser to open the page https://127.0.0.1:")
            && r.stdout.contains("/devicelogin and enter the code "),
        "{}",
        r.dump()
    );
    assert!(r.stdout.contains("GET https://127.0.0.1:"), "{}", r.dump());
    assert!(
        r.stdout.contains("Organization:  contoso.onmicrosoft.com"),
        "{}",
        r.dump()
    );
    assert!(
        r.stdout.contains("\"name\": \"contoso.onmicrosoft.com\""),
        "{}",
        r.dump()
    );
    // No token is ever printed.
    assert!(!r.stdout.contains("access_token\""), "{}", r.dump());
    assert!(!r.stdout.contains("refresh_token\""), "{}", r.dump());
}

#[test]
fn help_is_complete() {
    let r = run(&["--help"], Duration::from_secs(30));
    assert_eq!(r.code, Some(0), "{}", r.dump());
    assert_mentions(
        &r.stdout,
        "--help",
        &[
            "demo",
            "login",
            "refresh",
            "get",
            "logout",
            "sim",
            "Exit codes:",
            "130",
        ],
    );
    let r = run(&["help", "login"], Duration::from_secs(30));
    assert_mentions(
        &r.stdout,
        "login help",
        &[
            "--server",
            "--organization",
            "--tenant",
            "--client-id",
            "--scope",
            "--api-version",
            "--thumbprint",
            "--pin-sha256",
            "--ca-file",
            "--authority-host",
            "--cloud",
            "--insecure",
            "--proxy",
            "--timeout",
            "--connect-timeout",
            "--user-agent",
            "--out",
            "Exit codes:",
        ],
    );
    let r = run(&["help", "sim"], Duration::from_secs(30));
    assert_mentions(
        &r.stdout,
        "sim help",
        &[
            "--port",
            "--versions",
            "--approve-after-ms",
            "--manual",
            "--decline",
            "--interval",
            "--expires-in",
        ],
    );
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["login", "--organization", "x"], Duration::from_secs(30));
    assert_eq!(r.code, Some(2), "{}", r.dump());
    assert!(r.stderr.contains("--server"), "{}", r.dump());

    let r = run(
        &[
            "login",
            "--server",
            "https://vbo.invalid",
            "--organization",
            "x",
            "--api-version",
            "v9",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(2), "{}", r.dump());

    // Invalid tenant: the library refuses it before any network traffic.
    let r = run(
        &[
            "login",
            "--server",
            "https://vbo.invalid",
            "--organization",
            "x",
            "--tenant",
            "a/b",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(2), "{}", r.dump());
    assert!(
        r.stderr.starts_with("error: tenant \"a/b\" is not valid"),
        "{}",
        r.dump()
    );

    let r = run(
        &[
            "get",
            "/Organization",
            "--token-file",
            "/nonexistent/vbomfa/token.json",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(2), "{}", r.dump());
    assert!(
        r.stderr.contains("error: Cannot read the token file"),
        "{}",
        r.dump()
    );
    assert!(r.stderr.contains("hint: "), "{}", r.dump());
}

/// Fails naming the first of `words` that `text` (the output called `what`) lacks.
fn assert_mentions(text: &str, what: &str, words: &[&str]) {
    for word in words {
        assert!(text.contains(word), "{what} lacks {word}:\n{text}");
    }
}
