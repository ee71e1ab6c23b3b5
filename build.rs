//! Generates the C header from src/ffi with cbindgen into OUT_DIR. With
//! VBOMFA_UPDATE_HEADER=1 it also writes include/vbo_mfa_auth.h (the committed copy, which
//! tests/header.rs compares with the generated one).
//!
//! The `VBOMFA_*` status `#define`s come from the one status table, src/status_table.rs,
//! which this script includes with its own `status_table!` macro (the crate's macro makes the
//! `Status` enum and the Rust constants from the same table).

use std::fmt::Write as _;
use std::path::PathBuf;

/// (C name, number, doc lines) of every status.
type StatusRow = (&'static str, i32, &'static [&'static str]);

macro_rules! status_table {
    ($( $(#[doc = $doc:literal])* $variant:ident = $number:literal => $c_name:ident, )*) => {
        const STATUSES: &[StatusRow] = &[$( (stringify!($c_name), $number, &[$($doc),*]) ),*];
    };
}

include!("src/status_table.rs");

/// The `#define`s, formatted as cbindgen formats documented constants.
fn status_defines() -> String {
    let mut text = String::new();
    for (name, number, doc) in STATUSES {
        text.push_str("\n/**\n");
        for line in *doc {
            let _ = writeln!(text, " *{}", line.trim_end());
        }
        let _ = write!(text, " */\n#define {name} {number}\n");
    }
    text.pop(); // cbindgen ends the block with its own newline
    text
}

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=src/status_table.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=VBOMFA_UPDATE_HEADER");

    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    let bindings = match cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .with_after_include(status_defines())
        .generate()
    {
        Ok(b) => b,
        // A syntax error: let rustc report it with better context.
        Err(cbindgen::Error::ParseSyntaxError { .. }) => return,
        Err(e) => panic!("cbindgen failed: {e}"),
    };
    let generated = out_dir.join("vbo_mfa_auth.h");
    bindings.write_to_file(&generated);
    println!(
        "cargo:rustc-env=VBOMFA_GENERATED_HEADER={}",
        generated.display()
    );
    if std::env::var_os("VBOMFA_UPDATE_HEADER").is_some_and(|v| v == "1") {
        bindings.write_to_file(crate_dir.join("include").join("vbo_mfa_auth.h"));
    }
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libvbo_mfa_auth.dylib");
    }
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libvbo_mfa_auth.so");
    }
    fold_identical_code();
}

/// Optimized builds for x86_64 Linux link with Rust's own lld (rustc's default linker there
/// since 1.90, named explicitly so that the flag below is always understood) and fold
/// identical functions whose address is never taken (`--icf=safe`; MSVC's release links do
/// the same with /OPT:ICF). It takes 75 KB off the library (BENCHMARKS.md "Library size").
/// Skipped when the toolchain has no `gcc-ld/ld.lld` (nothing changes then but the size).
fn fold_identical_code() {
    let optimized = std::env::var("OPT_LEVEL").is_ok_and(|level| level != "0");
    let target = std::env::var("TARGET").unwrap_or_default();
    if !optimized || target != "x86_64-unknown-linux-gnu" {
        return;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Some(sysroot) = std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    else {
        return;
    };
    let gcc_ld = sysroot.join("lib/rustlib").join(&target).join("bin/gcc-ld");
    if gcc_ld.join("ld.lld").is_file() {
        println!("cargo:rustc-cdylib-link-arg=-fuse-ld=lld");
        println!("cargo:rustc-cdylib-link-arg=-B{}", gcc_ld.display());
        println!("cargo:rustc-cdylib-link-arg=-Wl,--icf=safe");
    }
}
