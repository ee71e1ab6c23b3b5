//! Form POSTs (`application/x-www-form-urlencoded`), the shape of every token request of both
//! hops.

use super::client::Connection;
use reqwest::{Method, RequestBuilder};

/// A POST of `body` (already form-encoded) to `url`, asking for JSON.
pub fn form_post(connection: &Connection, url: &str, body: String) -> RequestBuilder {
    connection
        .request(Method::POST, url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
}

/// A form body from pairs. Everything but the unreserved characters is percent-encoded (`+`
/// too, and space as `%20`). The text is allocated once at its final size, so no copy of the
/// secrets it holds is left behind by a reallocation.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let size: usize = pairs
        .iter()
        .map(|(k, v)| encoded_len(k) + encoded_len(v) + 2)
        .sum();
    let mut out = String::with_capacity(size);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(k, &mut out);
        out.push('=');
        percent_encode_into(v, &mut out);
    }
    out
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

fn percent_encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding() {
        assert_eq!(
            form_body(&[("a", "x y+z"), ("assertion", "{\"k\":\"v/=\"}")]),
            "a=x%20y%2Bz&assertion=%7B%22k%22%3A%22v%2F%3D%22%7D"
        );
        let body = form_body(&[("k", "v w"), ("x", "é")]);
        assert!(body.capacity() >= body.len() && body.capacity() <= body.len() + 1);
    }
}
