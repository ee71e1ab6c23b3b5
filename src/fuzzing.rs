//! Entry points for the fuzz targets in fuzz/ (cargo-fuzz, which builds with `--cfg
//! fuzzing`; compiled only then). Each feeds untrusted input to one parser of the library,
//! which must answer with a value or a `Failure`, never a panic.

use crate::http::Reply;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER};

/// Everything a caller passes as text: options, URLs, tenant, client id, scope, organization,
/// assertion.
pub fn arguments(text: &str) {
    if let Ok(options) = crate::OptionsBuilder::from_json(Some(text)) {
        let _ = options.sign_in();
        let _ = options.vbo();
    }
    let _ = crate::url::parse_base_url("vbo_url", text, Some(4443));
    let _ = crate::args::check_tenant(text);
    let _ = crate::args::client_id_or_default(Some(text));
    let _ = crate::args::scope_or_default(Some(text));
    let _ = crate::args::check_organization(text);
    let _ = crate::vbo::check_fuzzed_assertion(text);
}

/// Every way the library reads a server's answer: the device-code answer, a token-endpoint
/// reply, VBO's token answer and error bodies.
pub fn replies(status: u16, content_type: &[u8], header: &[u8], body: &[u8]) {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_bytes(content_type) {
        headers.insert(CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_bytes(header) {
        headers.insert(LOCATION, v.clone());
        headers.insert(RETRY_AFTER, v);
    }
    let reply = Reply {
        status: status % 600,
        headers,
        body: body.to_vec(),
        redactor: Default::default(),
    };
    let url = "https://vbo.example:4443/v8/token";
    crate::device_flow::read_fuzzed_replies(&reply, url, "login.example");
    crate::vbo::read_fuzzed_replies(&reply, "vbo.example");
}
