//! include/vbo_mfa_auth.h must be exactly what build.rs generates from src/ffi now.

#[test]
fn committed_header_matches_the_generated_one() {
    let generated = std::fs::read_to_string(env!("VBOMFA_GENERATED_HEADER"))
        .expect("build.rs wrote the header");
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/include/vbo_mfa_auth.h"
    ))
    .expect("include/vbo_mfa_auth.h exists");
    assert!(
        generated == committed,
        "include/vbo_mfa_auth.h is stale: run `VBOMFA_UPDATE_HEADER=1 cargo build` and commit it"
    );
    for export in [
        "vbomfa_version",
        "vbomfa_status_name",
        "vbomfa_start_device_flow",
        "vbomfa_poll_token",
        "vbomfa_wait_token",
        "vbomfa_cancel_flow",
        "vbomfa_flow_free",
        "vbomfa_exchange_vbo_token",
        "vbomfa_refresh_vbo_token",
        "vbomfa_vbo_request",
        "vbomfa_string_free",
    ] {
        assert!(
            committed.contains(&format!("{export}(")),
            "{export} missing from the header"
        );
    }
}
