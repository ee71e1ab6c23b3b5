//! Argument and option checking through the C ABI: NULL and non-UTF-8 pointers, invalid
//! tenants, client ids, URLs and options. Nothing is sent for any of them.

use serde_json::json;
use std::ffi::{c_char, CStr};
use std::ptr;
use vbo_mfa_auth::ffi::*;
use vbomfa_test_harness::*;

#[test]
fn version_and_status_names() {
    let v = unsafe { CStr::from_ptr(vbomfa_version()) }
        .to_str()
        .unwrap();
    assert_eq!(v, env!("CARGO_PKG_VERSION"));
    assert_eq!(name(VBOMFA_PENDING), "VBOMFA_PENDING");
    assert_eq!(name(VBOMFA_VBO_REJECTED), "VBOMFA_VBO_REJECTED");
    assert_eq!(name(7), "VBOMFA_UNKNOWN");
    assert_eq!(name(-1), "VBOMFA_UNKNOWN");
    unsafe { vbomfa_string_free(ptr::null_mut()) };
    unsafe { vbomfa_flow_free(ptr::null_mut()) };
}

#[test]
fn null_arguments_are_invalid_and_out_pointers_are_cleared() {
    let mut flow: *mut VbomfaFlow = ptr::dangling_mut();
    let mut out: *mut c_char = ptr::dangling_mut();
    let status = unsafe {
        vbomfa_start_device_flow(
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &mut flow,
            &mut out,
        )
    };
    assert_eq!(status, VBOMFA_INVALID_ARGUMENT);
    assert!(flow.is_null());
    let err = unsafe { take_json(out) };
    assert_eq!(err["status"], "VBOMFA_INVALID_ARGUMENT");
    assert_eq!(err["code"], 20);
    assert!(err["message"].as_str().unwrap().contains("tenant"));

    let tenant = c(ORG);
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_start_device_flow(
            tenant.as_ptr(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null_mut(),
            &mut out,
        )
    };
    assert_eq!(status, VBOMFA_INVALID_ARGUMENT);
    assert!(unsafe { take_json(out) }["message"]
        .as_str()
        .unwrap()
        .contains("out_flow"));

    // A NULL out_json is allowed: the status alone comes back.
    assert_eq!(
        unsafe { vbomfa_poll_token(ptr::null_mut(), ptr::null_mut()) },
        VBOMFA_INVALID_ARGUMENT
    );
    assert_eq!(
        unsafe { vbomfa_wait_token(ptr::null_mut(), 10, ptr::null_mut()) },
        VBOMFA_INVALID_ARGUMENT
    );
    assert_eq!(
        unsafe { vbomfa_cancel_flow(ptr::null_mut()) },
        VBOMFA_INVALID_ARGUMENT
    );
    let url = c("https://127.0.0.1:1");
    assert_eq!(
        unsafe {
            vbomfa_exchange_vbo_token(
                url.as_ptr(),
                ptr::null(),
                ptr::null(),
                ptr::null(),
                ptr::null_mut(),
            )
        },
        VBOMFA_INVALID_ARGUMENT
    );
    assert_eq!(
        unsafe { vbomfa_refresh_vbo_token(ptr::null(), ptr::null(), ptr::null(), ptr::null_mut()) },
        VBOMFA_INVALID_ARGUMENT
    );
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_vbo_request(
            url.as_ptr(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &mut out,
        )
    };
    assert_eq!(status, VBOMFA_INVALID_ARGUMENT);
    assert!(unsafe { take_json(out) }["message"]
        .as_str()
        .unwrap()
        .contains("access_token"));
}

#[test]
fn non_utf8_arguments_are_named() {
    let bad = b"contoso\xff.com\0";
    let mut flow = ptr::null_mut();
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_start_device_flow(
            bad.as_ptr().cast(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &mut flow,
            &mut out,
        )
    };
    assert_eq!(status, VBOMFA_INVALID_ARGUMENT);
    assert!(unsafe { take_json(out) }["message"]
        .as_str()
        .unwrap()
        .contains("tenant is not valid UTF-8"));

    let url = c("https://127.0.0.1:1");
    let org = c(ORG);
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_exchange_vbo_token(
            url.as_ptr(),
            org.as_ptr(),
            bad.as_ptr().cast(),
            ptr::null(),
            &mut out,
        )
    };
    assert_eq!(status, VBOMFA_INVALID_ARGUMENT);
    assert!(unsafe { take_json(out) }["message"]
        .as_str()
        .unwrap()
        .contains("assertion_json"));
}

#[test]
fn tenants_client_ids_and_scopes_are_checked() {
    for tenant in [
        "",
        "a/b",
        "contoso.com?x",
        "contoso#x",
        "con%2Fx",
        "con toso",
        "..",
        "../etc",
        "x\ty",
    ] {
        let (call, flow) = start(tenant, None, None, None);
        assert!(flow.is_none());
        call.expect(VBOMFA_INVALID_ARGUMENT);
    }
    let (call, _) = start(ORG, Some("az-cli"), None, None);
    assert!(call.expect(VBOMFA_INVALID_ARGUMENT)["message"]
        .as_str()
        .unwrap()
        .contains("GUID"));
    let (call, _) = start(ORG, None, Some("   "), None);
    call.expect(VBOMFA_INVALID_ARGUMENT);
}

#[test]
fn options_are_validated_and_unknown_keys_named() {
    for (options, needle) in [
        ("not json", "not valid JSON"),
        ("[1,2]", "JSON object"),
        (r#"{"timout_ms": 5}"#, "'timout_ms'"),
        (r#"{"timeout_ms": "5"}"#, "'timeout_ms'"),
        (r#"{"timeout_ms": 0}"#, "'timeout_ms'"),
        (r#"{"connect_timeout_ms": -1}"#, "'connect_timeout_ms'"),
        (r#"{"cloud": "germany"}"#, "'cloud'"),
        (
            r#"{"cloud": "china", "authority_host": "https://login.microsoftonline.com"}"#,
            "disagree",
        ),
        (r#"{"authority_host": "http://login.example"}"#, "loopback"),
        (
            r#"{"authority_host": "https://login.example/tenant"}"#,
            "no path",
        ),
        (r#"{"api_version": "v9"}"#, "'api_version'"),
        (r#"{"proxy": "socks5://p:1080"}"#, "'proxy'"),
        (r#"{"user_agent": ""}"#, "'user_agent'"),
        (r#"{"tls_ca_file": "/nonexistent/ca.pem"}"#, "cannot read"),
        (r#"{"tls_ca_pem": "hello"}"#, "no certificate"),
        (r#"{"tls_pin_sha256": ["abc"]}"#, "64 hex digits"),
        (r#"{"tls_pin_sha256": []}"#, "non-empty"),
        (r#"{"tls_thumbprint": ["zz"]}"#, "40 hex digits"),
        (r#"{"tls_insecure_skip_verify": "yes"}"#, "true or false"),
    ] {
        let (call, flow) = start(ORG, None, None, Some(options));
        assert!(flow.is_none());
        let err = call.expect(VBOMFA_INVALID_ARGUMENT);
        let message = err["message"].as_str().unwrap();
        assert!(message.contains(needle), "{options}: {message}");

        let via_vbo = exchange("https://127.0.0.1:1", ORG, "{}", Some(options));
        assert_eq!(via_vbo.status, VBOMFA_INVALID_ARGUMENT, "{options}");
    }
}

#[test]
fn vbo_urls_are_checked() {
    let assertion = json!({"access_token": "a", "refresh_token": "r"}).to_string();
    for url in [
        "",
        "http://vbo.example:4443",
        "ftp://vbo.example",
        "https://vbo.example:4443/v8",
        "https://u:p@vbo.example",
    ] {
        let err = exchange(url, ORG, &assertion, None).expect(VBOMFA_INVALID_ARGUMENT);
        assert!(
            err["message"].as_str().unwrap().contains("vbo_url"),
            "{url}: {err}"
        );
    }
    for org in ["", " contoso.onmicrosoft.com", "con\ntoso"] {
        exchange("https://127.0.0.1:1", org, &assertion, None).expect(VBOMFA_INVALID_ARGUMENT);
    }
}

#[test]
fn default_port_is_4443() {
    // Listen on 4443 (skip if something else already does) and see the library come there.
    let Ok(listener) = std::net::TcpListener::bind("127.0.0.1:4443") else {
        eprintln!("127.0.0.1:4443 is busy here; default-port test skipped");
        return;
    };
    let accepted = std::thread::spawn(move || listener.accept().is_ok());
    let assertion = json!({"access_token": "a", "refresh_token": "r"}).to_string();
    let call = exchange(
        "https://127.0.0.1",
        ORG,
        &assertion,
        Some(r#"{"timeout_ms": 1500, "proxy": "none"}"#),
    );
    assert!(accepted.join().unwrap(), "nothing connected to port 4443");
    assert_ne!(call.status, VBOMFA_OK);
}

#[test]
fn a_panic_inside_the_library_is_internal_not_an_abort() {
    // Calling a blocking export from inside an async runtime makes tokio panic; the FFI
    // boundary must catch it and report VBOMFA_INTERNAL with an error object.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let call = rt.block_on(async {
        let assertion = json!({"access_token": "a", "refresh_token": "r"}).to_string();
        exchange("https://127.0.0.1:1", ORG, &assertion, None)
    });
    let err = call.expect(VBOMFA_INTERNAL);
    assert_eq!(err["status"], "VBOMFA_INTERNAL");
    assert!(err["message"].as_str().unwrap().contains("panic"));
    // The library still works afterwards.
    assert_eq!(name(VBOMFA_OK), "VBOMFA_OK");
}

#[test]
fn a_password_in_a_url_is_refused_and_never_echoed() {
    let assertion = json!({"access_token": "a", "refresh_token": "r"}).to_string();
    let err = exchange("https://admin:s3cret-pw@vbo.example", ORG, &assertion, None)
        .expect(VBOMFA_INVALID_ARGUMENT);
    let text = err.to_string();
    assert!(
        text.contains("passwords do not belong in the URL"),
        "{text}"
    );
    assert!(!text.contains("s3cret-pw"), "{text}");
    let options = json!({"authority_host": "https://admin:s3cret-pw@login.example"}).to_string();
    let (call, _) = start(ORG, None, None, Some(&options));
    let text = call.expect(VBOMFA_INVALID_ARGUMENT).to_string();
    assert!(!text.contains("s3cret-pw"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_ca_file_that_is_a_pipe_is_refused_at_once() {
    let dir = std::env::temp_dir().join(format!("vbomfa-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("ca.pem");
    let _ = std::fs::remove_file(&fifo);
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let options = json!({"tls_ca_file": fifo.to_str().unwrap()}).to_string();
    // Reading a pipe nobody writes to would block for ever: the call runs in a thread so that
    // a regression fails here instead of hanging the test run.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (call, _) = start(ORG, None, None, Some(&options));
        let _ = tx.send(call);
    });
    let call = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the call blocked on the pipe");
    let err = call.expect(VBOMFA_INVALID_ARGUMENT);
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn api_paths_that_normalize_outside_their_version_are_refused_unsent() {
    let sim = start_sim(fast_config());
    let opts = vbo_options(&sim, json!({"api_version": "v8"}));
    for path in [
        "/v8/%2e%2e/v7/Organization",
        "/v8/.%2E/Organization",
        "/v8/%2e./Organization",
        "/v8/Jobs%2F..%2F..%2Fadmin",
        "/Organization/%2e%2e/%2e%2e/x",
        "/v8/a\\..\\..\\x",
    ] {
        let err = request_on(&sim, "token", "GET", path, &opts).expect(VBOMFA_INVALID_ARGUMENT);
        assert!(
            err["message"].as_str().unwrap().contains("path"),
            "{path}: {err}"
        );
    }
    assert!(sim.requests().is_empty(), "a refused path was sent");
}

#[test]
fn a_caught_panic_prints_nothing_on_the_hosts_stderr() {
    if std::env::var_os("VBOMFA_PANIC_CHILD").is_some() {
        // In the child: provoke a panic inside the library, as in the test above.
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let assertion = json!({"access_token": "a", "refresh_token": "r"}).to_string();
        let call = rt.block_on(async { exchange("https://127.0.0.1:1", ORG, &assertion, None) });
        call.expect(VBOMFA_INTERNAL);
        println!("CHILD DONE");
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_caught_panic_prints_nothing_on_the_hosts_stderr",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("VBOMFA_PANIC_CHILD", "1")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        output.status.success() && stdout.contains("CHILD DONE"),
        "{stdout}\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "a panic message reached stderr:\n{stderr}"
    );
}
