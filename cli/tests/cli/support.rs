//! Helpers for the end-to-end tests: run the `vbomfa` binary with bounded waits, and a
//! standalone `vbomfa sim` child process.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};
use vbomfa_sim::client::SimClient;
use vbomfa_sim::{Endpoint, Fault};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_vbomfa");

/// What a finished command produced.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Everything, for assertion messages.
    pub fn dump(&self) -> String {
        format!(
            "exit {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.elapsed, self.stdout, self.stderr
        )
    }
}

fn drain(mut reader: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` at most `limit`; kills it and panics when it takes longer.
pub fn wait_bounded(child: &mut Child, limit: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vbomfa did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `vbomfa ARGS` with a time limit.
pub fn run(args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("VBOMFA_TOKEN_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vbomfa");
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let status = wait_bounded(&mut child, limit);
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: started.elapsed(),
    }
}

/// Lines of a child's pipe, as they come.
pub fn lines_of(reader: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Receives lines until one satisfies `pred`; panics after `limit`.
pub fn wait_for_line(
    rx: &Receiver<String>,
    limit: Duration,
    seen: &mut Vec<String>,
    pred: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push(line.clone());
                if pred(&line) {
                    return line;
                }
            }
            Err(_) => panic!(
                "expected line not seen within {limit:?}; got:\n{}",
                seen.join("\n")
            ),
        }
    }
}

/// Sends SIGINT (what Ctrl+C sends) to a child.
#[cfg(unix)]
pub fn interrupt(child: &Child) {
    signal(child, "-INT");
}

/// Sends `signal` (`-INT`, `-TERM`) to `child` with kill(1).
#[cfg(unix)]
pub fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill {signal} failed");
}

/// Starts `vbomfa ARGS` (stdin and stdout closed) and hands back its stderr a line at a time.
pub fn spawn_reading_stderr(args: &[&str]) -> (Child, Receiver<String>) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vbomfa");
    let rx = lines_of(child.stderr.take().unwrap());
    (child, rx)
}

/// Starts `vbomfa sim ARGS` and reads, for up to `limit`, the `name: value` lines it prints
/// before "Press Ctrl+C"; returns the child and those lines.
pub fn spawn_sim(args: &[&str], limit: Duration) -> (Child, Vec<String>) {
    let mut child = Command::new(BIN)
        .arg("sim")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn vbomfa sim");
    let rx = lines_of(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    wait_for_line(&rx, limit, &mut lines, |l| l.contains("Press Ctrl+C"));
    (child, lines)
}

/// A standalone `vbomfa sim` for a test; stopped (Ctrl+C) on drop.
pub struct StandaloneSim {
    child: Child,
    pub base_url: String,
    pub vbo_url: String,
    pub authority_host: String,
    pub ca_file: String,
    pub sha256: String,
}

impl StandaloneSim {
    /// Starts `vbomfa sim ARGS` and reads its description.
    pub fn start(args: &[&str]) -> StandaloneSim {
        let (child, lines) = spawn_sim(args, Duration::from_secs(30));
        let value = |name: &str| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
                .unwrap_or_else(|| panic!("no '{name}' line in:\n{}", lines.join("\n")))
        };
        StandaloneSim {
            base_url: value("base_url:"),
            vbo_url: value("vbo_url:"),
            authority_host: value("authority_host:"),
            ca_file: value("ca_file:"),
            sha256: value("sha256:"),
            child,
        }
    }

    /// Queues `fault` for the next `times` requests to `endpoint`, through the control API.
    pub fn inject(&self, endpoint: Endpoint, fault: &Fault, times: u32) {
        let ca = std::fs::read_to_string(&self.ca_file).expect("CA file readable");
        SimClient::new(&self.base_url, &ca)
            .expect("control client")
            .inject(endpoint, fault, times)
            .expect("fault queued");
    }

    /// `login` arguments that reach this simulator.
    pub fn login_args(&self) -> Vec<String> {
        vec![
            "login".into(),
            "--server".into(),
            self.vbo_url.clone(),
            "--organization".into(),
            "contoso.onmicrosoft.com".into(),
            "--authority-host".into(),
            self.authority_host.clone(),
            "--ca-file".into(),
            self.ca_file.clone(),
        ]
    }
}

impl Drop for StandaloneSim {
    fn drop(&mut self) {
        #[cfg(unix)]
        interrupt(&self.child);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh, empty folder for one test's files.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vbomfa-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `Vec<String>` as `Vec<&str>`.
pub fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
