//! `vbomfa refresh` spends the saved refresh token: the new tokens must reach the disk, even
//! when the target cannot be written or Ctrl+C comes while the refresh is on its way.

use crate::support::{
    interrupt, run, spawn_reading_stderr, strs, temp_dir, wait_bounded, StandaloneSim, BIN,
};
use std::process::Command;
use std::time::Duration;
use vbomfa_sim::{Endpoint, Fault};

const LIMIT: Duration = Duration::from_secs(60);

/// Signs in against `sim` and returns the token file.
fn logged_in(sim: &StandaloneSim, dir: &std::path::Path) -> String {
    let token = dir.join("token.json").to_str().unwrap().to_owned();
    let mut args = sim.login_args();
    args.extend(["--out".into(), token.clone()]);
    let r = run(&strs(&args), LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    token
}

fn refresh_token_in(path: &str) -> String {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["refresh_token"].as_str().unwrap().to_owned()
}

#[test]
fn new_tokens_that_cannot_be_written_are_kept_beside_the_target() {
    let sim = StandaloneSim::start(&["--interval", "1", "--approve-after-ms", "500"]);
    let dir = temp_dir("refresh-rescue");
    let token = logged_in(&sim, &dir);
    let old = refresh_token_in(&token);
    // The target is a folder: the rename fails after the refresh token was spent.
    let blocked = dir.join("blocked");
    std::fs::create_dir_all(&blocked).unwrap();
    let r = run(
        &["refresh", "-t", &token, "--out", blocked.to_str().unwrap()],
        LIMIT,
    );
    assert_eq!(r.code, Some(74), "{}", r.dump());
    let saved = r
        .stderr
        .split("the new tokens were saved to ")
        .nth(1)
        .and_then(|rest| rest.split(" (owner-only)").next())
        .unwrap_or_else(|| panic!("no rescue file named: {}", r.dump()))
        .to_owned();
    assert_ne!(refresh_token_in(&saved), old);
    // The rescued file works; the old refresh token does not.
    let r = run(&["get", "/Organization", "-t", &saved], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
    let r = run(&["refresh", "-t", &token], LIMIT);
    assert_eq!(r.code, Some(8), "{}", r.dump());
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_refresh_waits_until_the_new_tokens_are_saved() {
    let sim = StandaloneSim::start(&["--interval", "1", "--approve-after-ms", "500"]);
    let dir = temp_dir("refresh-ctrl-c");
    let token = logged_in(&sim, &dir);
    let old = refresh_token_in(&token);
    sim.inject(Endpoint::VboToken, &Fault::Delay { ms: 3000 }, 1);
    let (mut child, rx) = spawn_reading_stderr(&["refresh", "-t", &token]);
    std::thread::sleep(Duration::from_millis(1000)); // the refresh is held by the simulator
    interrupt(&child);
    let status = wait_bounded(&mut child, LIMIT);
    let mut stderr = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        stderr.push(line);
    }
    assert_eq!(status.code(), Some(130), "{stderr:?}");
    assert!(
        stderr.iter().any(|l| l.starts_with("Refreshed:")),
        "{stderr:?}"
    );
    let new = refresh_token_in(&token);
    assert_ne!(new, old, "the new tokens were lost");
    let r = run(&["get", "/Organization", "-t", &token], LIMIT);
    assert_eq!(r.code, Some(0), "{}", r.dump());
}

#[test]
fn the_proxy_can_come_from_the_environment() {
    let sim = StandaloneSim::start(&["--interval", "1", "--approve-after-ms", "500"]);
    let dir = temp_dir("proxy-env");
    let token = logged_in(&sim, &dir);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let output = Command::new(BIN)
        .args(["get", "/Organization", "-t", &token])
        .env("VBOMFA_PROXY", format!("http://user:pw@127.0.0.1:{port}"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(6), "{stderr}");
    assert!(!stderr.contains("user:pw"), "{stderr}");
    let help = run(&["help", "login"], LIMIT);
    assert!(help.stdout.contains("VBOMFA_PROXY"), "{}", help.dump());
}
