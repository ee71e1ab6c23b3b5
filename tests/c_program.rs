//! The C programs in tests/c (the whole flow; a free while another thread waits; a fork),
//! built with gcc -Wall -Wextra -Werror against include/vbo_mfa_auth.h and the cdylib (built by
//! `cargo build`, its path as cargo reports it), run against the simulator, under valgrind (no
//! leaks, no invalid access) where it matters. On CI (CI=true) valgrind is required.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use vbomfa_sim::{Approval, Endpoint, Fault, SimConfig};

/// The directory of the cdylib, as cargo itself reports it: `cargo build --message-format
/// json` names every file it produced (no guessing at cargo's internal layout). Built once
/// per test run.
fn lib_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args([
                "build",
                "-p",
                "vbo_mfa_auth",
                "--lib",
                "--message-format=json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo build of the cdylib failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let library = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact")
            .filter(|m| m["target"]["name"] == "vbo_mfa_auth")
            .flat_map(|m| m["filenames"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f.as_str().map(PathBuf::from))
            .find(|f| f.file_name() == Some(std::ffi::OsStr::new("libvbo_mfa_auth.so")))
            .expect("cargo reported no libvbo_mfa_auth.so");
        library.parent().unwrap().to_path_buf()
    })
    .clone()
}

/// A scratch folder for the programs these tests build.
fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// Compiles `tests/c/{name}.c` with gcc, warnings as errors, against the header and the
/// cdylib.
fn compile(name: &str) -> PathBuf {
    let lib_dir = lib_dir();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = scratch().join(format!("{name}_c"));
    let status = Command::new("gcc")
        .args([
            "-std=c99",
            "-D_POSIX_C_SOURCE=200809L",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-g",
            "-O1",
            "-pthread",
        ])
        .arg("-I")
        .arg(root.join("include"))
        .arg(root.join(format!("tests/c/{name}.c")))
        .arg("-L")
        .arg(&lib_dir)
        .arg("-lvbo_mfa_auth")
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("gcc runs");
    assert!(
        status.success(),
        "tests/c/{name}.c does not compile cleanly"
    );
    out
}

fn have_valgrind() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `program` under valgrind (no leaks, no invalid access; required on CI) and checks that
/// it passed every check. Returns its stdout.
fn run_clean(program: &Path, args: &[String]) -> String {
    let on_ci = std::env::var_os("CI").is_some_and(|v| v == "true");
    let valgrind = have_valgrind();
    let output = if valgrind {
        Command::new("valgrind")
            .args([
                "--error-exitcode=97",
                "--leak-check=full",
                "--show-leak-kinds=definite,indirect",
                "--errors-for-leak-kinds=definite,indirect",
                "--track-origins=yes",
            ])
            .arg(format!(
                "--suppressions={}",
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/c/valgrind.supp")
                    .display()
            ))
            .arg(program)
            .args(args)
            .output()
            .expect("valgrind runs")
    } else {
        assert!(!on_ci, "valgrind is required on CI (.ci/run installs it)");
        eprintln!("valgrind not installed: running the C program without it");
        Command::new(program)
            .args(args)
            .output()
            .expect("the C program runs")
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed ({:?})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        program.display(),
        output.status.code()
    );
    assert!(stdout.contains("ALL CHECKS PASSED"), "{stdout}");
    if valgrind {
        assert!(
            stderr.contains("ERROR SUMMARY: 0 errors"),
            "valgrind found errors:\n{stderr}"
        );
    }
    stdout
}

#[test]
fn c_program_runs_the_whole_flow_clean_under_valgrind() {
    let program = compile("flow_test");
    let sim = vbomfa_test_harness::start_sim(vbomfa_test_harness::fast_config());
    let args = [
        sim.authority_url(),
        sim.vbo_url(),
        sim.ca_file().to_string_lossy().into_owned(),
        vbomfa_test_harness::ORG.to_owned(),
    ];
    let stdout = run_clean(&program, &args);
    assert!(stdout.contains(vbomfa_test_harness::ORG));
}

#[test]
fn a_flow_freed_while_another_thread_waits_is_cancelled_safely_under_valgrind() {
    let program = compile("free_while_waiting");
    let sim = vbomfa_test_harness::start_sim(SimConfig {
        approval: Approval::Manual,
        ..vbomfa_test_harness::fast_config()
    });
    // The first poll of the first flow stays in flight while that flow is freed.
    sim.inject(Endpoint::MsToken, Fault::Delay { ms: 20_000 }, 1);
    let args = [
        sim.authority_url(),
        sim.ca_file().to_string_lossy().into_owned(),
        vbomfa_test_harness::ORG.to_owned(),
    ];
    let stdout = run_clean(&program, &args);
    assert_eq!(
        stdout.matches("wait -> VBOMFA_CANCELLED").count(),
        2,
        "{stdout}"
    );
}

#[test]
fn a_forked_child_uses_the_library_with_its_own_runtime() {
    let program = compile("fork_test");
    let sim = vbomfa_test_harness::start_sim(SimConfig {
        approval: Approval::Manual,
        ..vbomfa_test_harness::fast_config()
    });
    let output = Command::new(&program)
        .args([
            sim.authority_url(),
            sim.vbo_url(),
            sim.ca_file().to_string_lossy().into_owned(),
            vbomfa_test_harness::ORG.to_owned(),
        ])
        .output()
        .expect("the fork test runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("ALL CHECKS PASSED"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn header_is_usable_from_cpp() {
    // cbindgen's cpp_compat wraps the declarations in extern "C": a C++ program links too.
    let dir = lib_dir();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = scratch().join("header_check.cpp");
    std::fs::write(
        &source,
        "#include \"vbo_mfa_auth.h\"\n#include <cstring>\nint main() {\n  VbomfaFlow *flow = nullptr;\n  char *json = nullptr;\n  int32_t s = vbomfa_start_device_flow(nullptr, nullptr, nullptr, nullptr, &flow, &json);\n  bool ok = s == VBOMFA_INVALID_ARGUMENT && flow == nullptr && json != nullptr &&\n            std::strcmp(vbomfa_status_name(s), \"VBOMFA_INVALID_ARGUMENT\") == 0;\n  vbomfa_string_free(json);\n  return ok ? 0 : 1;\n}\n",
    )
    .unwrap();
    let exe = scratch().join("header_check_cpp");
    let status = Command::new("g++")
        .args(["-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic"])
        .arg("-I")
        .arg(root.join("include"))
        .arg(&source)
        .arg("-L")
        .arg(&dir)
        .arg("-lvbo_mfa_auth")
        .arg(format!("-Wl,-rpath,{}", dir.display()))
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("g++ runs");
    assert!(status.success(), "the header does not compile as C++");
    assert!(
        Command::new(&exe).status().unwrap().success(),
        "the C++ program failed"
    );
}

#[test]
fn the_library_exports_exactly_the_c_abi() {
    let lib = lib_dir().join("libvbo_mfa_auth.so");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .expect("nm runs");
    assert!(out.status.success());
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "vbomfa_cancel_flow",
            "vbomfa_exchange_vbo_token",
            "vbomfa_flow_free",
            "vbomfa_poll_token",
            "vbomfa_refresh_vbo_token",
            "vbomfa_start_device_flow",
            "vbomfa_status_name",
            "vbomfa_string_free",
            "vbomfa_vbo_request",
            "vbomfa_version",
            "vbomfa_wait_token",
        ]
    );
}
