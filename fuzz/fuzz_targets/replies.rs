//! Every reader of a server's answer (device-code answer, token-endpoint reply, VBO error
//! body), on arbitrary status, headers and body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8], &[u8], &[u8])| {
    let (status, content_type, header, body) = input;
    vbo_mfa_auth::fuzzing::replies(status, content_type, header, body);
});
