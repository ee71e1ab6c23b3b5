//! Helpers for the C ABI integration tests in tests/: thin safe wrappers over the exported
//! `extern "C"` functions (called exactly as a C program calls them) and simulator set-ups.
//! A crate of its own, so that each test uses what it needs and nothing is dead code.

pub mod proxy;

use serde_json::{json, Value};
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use vbo_mfa_auth::ffi::*;
use vbomfa_sim::{Approval, SimConfig, Simulator};

/// A status and the parsed `out_json` of one call.
#[derive(Debug)]
pub struct Call {
    pub status: i32,
    pub json: Value,
}

impl Call {
    fn from_text((status, text): (i32, String)) -> Call {
        Call {
            status,
            json: parse_json(&text),
        }
    }

    /// Panics with the whole error object unless the status is `expected`.
    pub fn expect(self, expected: i32) -> Value {
        assert_eq!(
            self.status,
            expected,
            "expected {} but got {}: {}",
            name(expected),
            name(self.status),
            self.json
        );
        self.json
    }
}

pub fn name(status: i32) -> String {
    unsafe { CStr::from_ptr(vbomfa_status_name(status)) }
        .to_str()
        .unwrap()
        .to_owned()
}

pub fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

/// Parses and frees a string handed out by the library; every call must hand one out.
///
/// # Safety
/// `p` is NULL or an `out_json` string of the library, not freed yet.
pub unsafe fn take_json(p: *mut c_char) -> Value {
    parse_json(&unsafe { take_text(p) })
}

/// Like `take_json` but keeps the exact text (for byte-exact comparisons).
///
/// # Safety
/// As for `take_json`.
pub unsafe fn take_text(p: *mut c_char) -> String {
    assert!(!p.is_null(), "out_json was not set");
    let text = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
    unsafe { vbomfa_string_free(p) };
    text
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("out_json is not JSON ({e}): {text}"))
}

/// An owned `VbomfaFlow *`, freed on drop.
pub struct Flow(*mut VbomfaFlow);
// The C ABI documents flows as usable from several threads at once.
unsafe impl Send for Flow {}
unsafe impl Sync for Flow {}

impl Drop for Flow {
    fn drop(&mut self) {
        unsafe { vbomfa_flow_free(self.0) };
    }
}

impl Flow {
    pub fn poll(&self) -> Call {
        Call::from_text(self.poll_text())
    }

    /// Polls and returns the exact text of out_json.
    pub fn poll_text(&self) -> (i32, String) {
        let mut out = ptr::null_mut();
        let status = unsafe { vbomfa_poll_token(self.0, &mut out) };
        (status, unsafe { take_text(out) })
    }

    pub fn wait(&self, timeout_ms: u32) -> Call {
        Call::from_text(self.wait_text(timeout_ms))
    }

    /// Waits and returns the exact text of out_json.
    pub fn wait_text(&self, timeout_ms: u32) -> (i32, String) {
        let mut out = ptr::null_mut();
        let status = unsafe { vbomfa_wait_token(self.0, timeout_ms, &mut out) };
        (status, unsafe { take_text(out) })
    }

    pub fn cancel(&self) -> i32 {
        unsafe { vbomfa_cancel_flow(self.0) }
    }

    /// Frees the flow now, as a `finally` block or a Ctrl+C handler would, while other
    /// threads may still use it (the drop frees it again, which the library ignores).
    pub fn free(&self) {
        unsafe { vbomfa_flow_free(self.0) };
    }
}

/// `vbomfa_start_device_flow`; the flow is `Some` exactly when the status is OK.
pub fn start(
    tenant: &str,
    client_id: Option<&str>,
    scope: Option<&str>,
    options: Option<&str>,
) -> (Call, Option<Flow>) {
    let tenant = c(tenant);
    let client_id = client_id.map(c);
    let scope = scope.map(c);
    let options = options.map(c);
    let mut flow = ptr::null_mut();
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_start_device_flow(
            tenant.as_ptr(),
            opt_ptr(&client_id),
            opt_ptr(&scope),
            opt_ptr(&options),
            &mut flow,
            &mut out,
        )
    };
    let call = Call {
        status,
        json: unsafe { take_json(out) },
    };
    if status == VBOMFA_OK {
        assert!(!flow.is_null());
        (call, Some(Flow(flow)))
    } else {
        assert!(flow.is_null(), "out_flow must stay NULL on failure");
        (call, None)
    }
}

pub fn exchange(vbo_url: &str, organization: &str, assertion: &str, options: Option<&str>) -> Call {
    let (url, org, assertion) = (c(vbo_url), c(organization), c(assertion));
    let options = options.map(c);
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_exchange_vbo_token(
            url.as_ptr(),
            org.as_ptr(),
            assertion.as_ptr(),
            opt_ptr(&options),
            &mut out,
        )
    };
    Call {
        status,
        json: unsafe { take_json(out) },
    }
}

pub fn refresh(vbo_url: &str, refresh_token: &str, options: Option<&str>) -> Call {
    let (url, token) = (c(vbo_url), c(refresh_token));
    let options = options.map(c);
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_refresh_vbo_token(url.as_ptr(), token.as_ptr(), opt_ptr(&options), &mut out)
    };
    Call {
        status,
        json: unsafe { take_json(out) },
    }
}

pub fn request(
    vbo_url: &str,
    access_token: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    options: Option<&str>,
) -> Call {
    let (url, token, method, path) = (c(vbo_url), c(access_token), c(method), c(path));
    let body = body.map(c);
    let options = options.map(c);
    let mut out = ptr::null_mut();
    let status = unsafe {
        vbomfa_vbo_request(
            url.as_ptr(),
            token.as_ptr(),
            method.as_ptr(),
            path.as_ptr(),
            opt_ptr(&body),
            opt_ptr(&options),
            &mut out,
        )
    };
    Call {
        status,
        json: unsafe { take_json(out) },
    }
}

/// A quick simulator: interval 1 s, approval on the second poll.
pub fn fast_config() -> SimConfig {
    SimConfig {
        interval_secs: 1,
        approval: Approval::AfterPolls(2),
        ..SimConfig::default()
    }
}

pub fn start_sim(config: SimConfig) -> Simulator {
    Simulator::start(config).expect("simulator starts")
}

pub const ORG: &str = "contoso.onmicrosoft.com";

/// Device-flow options for the simulator: its authority and its CA.
pub fn ms_options(sim: &Simulator) -> String {
    json!({"authority_host": sim.authority_url(), "tls_ca_pem": sim.ca_pem()}).to_string()
}

/// VBO options for the simulator, merged with `extra`.
pub fn vbo_options(sim: &Simulator, extra: Value) -> String {
    let mut o = json!({"tls_ca_pem": sim.ca_pem()});
    if let (Some(map), Value::Object(extra)) = (o.as_object_mut(), extra) {
        map.extend(extra);
    }
    o.to_string()
}

/// Runs a device flow to the end and returns the Microsoft token response text.
pub fn sign_in(sim: &Simulator, scope: Option<&str>) -> String {
    let (call, flow) = start(ORG, None, scope, Some(&ms_options(sim)));
    let flow = flow.unwrap_or_else(|| panic!("start failed: {}", call.json));
    let (status, text) = flow.wait_text(60_000);
    assert_eq!(status, VBOMFA_OK, "sign-in failed: {text}");
    text
}

/// Signs in and exchanges at VBO; returns the VBO token result.
pub fn vbo_login(sim: &Simulator, extra_options: Value) -> Value {
    let assertion = sign_in(sim, None);
    exchange(
        &sim.vbo_url(),
        ORG,
        &assertion,
        Some(&vbo_options(sim, extra_options)),
    )
    .expect(VBOMFA_OK)
}

/// `exchange` at the simulator's VBO with its CA and `extra` options.
pub fn exchange_on(sim: &Simulator, organization: &str, assertion: &str, extra: Value) -> Call {
    exchange(
        &sim.vbo_url(),
        organization,
        assertion,
        Some(&vbo_options(sim, extra)),
    )
}

/// A body-less `request` at the simulator's VBO with the given options text.
pub fn request_on(
    sim: &Simulator,
    access_token: &str,
    method: &str,
    path: &str,
    options: &str,
) -> Call {
    request(
        &sim.vbo_url(),
        access_token,
        method,
        path,
        None,
        Some(options),
    )
}
