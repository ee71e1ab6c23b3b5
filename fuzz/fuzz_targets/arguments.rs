//! Every text argument and option parser of the library, on arbitrary UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    vbo_mfa_auth::fuzzing::arguments(text);
});
