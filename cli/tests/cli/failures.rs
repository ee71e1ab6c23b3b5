//! Failure paths of `vbomfa login`: exit codes and messages.

use crate::support::{run, strs, StandaloneSim};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn declined_sign_in_exits_3() {
    let sim = StandaloneSim::start(&["--interval", "1", "--decline"]);
    let r = run(&strs(&sim.login_args()), LIMIT);
    assert_eq!(r.code, Some(3), "{}", r.dump());
    assert!(
        r.stderr.contains("error: The sign-in was declined"),
        "{}",
        r.dump()
    );
    assert!(r.stderr.contains("status: VBOMFA_DECLINED"), "{}", r.dump());
    assert!(r.stdout.is_empty(), "{}", r.dump());
}

#[test]
fn expired_code_exits_4() {
    let sim = StandaloneSim::start(&["--interval", "1", "--manual", "--expires-in", "3"]);
    let r = run(&strs(&sim.login_args()), LIMIT);
    assert_eq!(r.code, Some(4), "{}", r.dump());
    assert!(
        r.stderr.contains("error: The device code expired"),
        "{}",
        r.dump()
    );
    assert!(
        r.stderr.contains("hint: Start a new sign-in"),
        "{}",
        r.dump()
    );
}

#[test]
fn vbo_rejection_exits_8_with_the_hint() {
    let sim = StandaloneSim::start(&[
        "--interval",
        "1",
        "--approve-after-ms",
        "300",
        "--tenant-auth-disabled",
    ]);
    let r = run(&strs(&sim.login_args()), LIMIT);
    assert_eq!(r.code, Some(8), "{}", r.dump());
    assert!(
        r.stderr.contains("hint: Enable tenant authentication"),
        "{}",
        r.dump()
    );
}

#[test]
fn untrusted_certificate_exits_6() {
    let sim = StandaloneSim::start(&["--interval", "1"]);
    let args = [
        "login",
        "--server",
        &sim.vbo_url,
        "--organization",
        "contoso.onmicrosoft.com",
        "--authority-host",
        &sim.authority_host,
    ];
    let r = run(&args, LIMIT);
    assert_eq!(r.code, Some(6), "{}", r.dump());
    assert!(r.stderr.contains("status: VBOMFA_TLS"), "{}", r.dump());
    assert!(r.stderr.contains("hint: "), "{}", r.dump());
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_wait_cancels_promptly_with_130() {
    use crate::support::{interrupt, spawn_reading_stderr, wait_bounded, wait_for_line};

    // Nobody approves and the code lives 15 minutes: only the cancel can end the wait
    // (exit 130, not 4 for expired); wait_bounded only keeps a broken build from hanging.
    let sim = StandaloneSim::start(&["--interval", "1", "--manual"]);
    let (mut child, rx) = spawn_reading_stderr(&strs(&sim.login_args()));
    let mut seen = Vec::new();
    wait_for_line(&rx, Duration::from_secs(30), &mut seen, |l| {
        l.contains("enter the code")
    });
    std::thread::sleep(Duration::from_millis(1500)); // well inside the wait, a poll or two done
    interrupt(&child);
    let status = wait_bounded(&mut child, Duration::from_secs(120));
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(2)) {
        seen.push(line);
    }
    let stderr = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("error: The sign-in was cancelled."),
        "{stderr}"
    );
}

#[test]
fn an_echoed_device_code_never_reaches_stderr() {
    use vbomfa_sim::{EchoBody, EchoForm, Endpoint, Fault};
    let sim = StandaloneSim::start(&["--interval", "1", "--manual"]);
    sim.inject(
        Endpoint::MsToken,
        &Fault::Echo {
            body: EchoBody::Json,
            form: EchoForm::Decoded,
        },
        1,
    );
    let r = run(&strs(&sim.login_args()), LIMIT);
    assert_eq!(r.code, Some(7), "{}", r.dump());
    assert!(r.stderr.contains("device_code=[redacted]"), "{}", r.dump());
    assert_eq!(r.stderr.matches("device_code=").count(), 1, "{}", r.dump());
}
