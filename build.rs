//! Generates the C header from src/ffi with cbindgen into OUT_DIR. With
//! VBOMFA_UPDATE_HEADER=1 it also writes include/vbo_mfa_auth.h (the committed copy, which
//! tests/header.rs compares with the generated one).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=VBOMFA_UPDATE_HEADER");

    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    let bindings = match cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
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
}
