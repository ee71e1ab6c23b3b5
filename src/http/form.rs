//! Form POSTs (`application/x-www-form-urlencoded`), the shape of every token request of both
//! hops.

use super::client::Connection;
use crate::secret::SecretString;
use reqwest::{IntoUrl, Method, RequestBuilder};

/// A POST of `body` (already form-encoded) to `url`, asking for JSON. The body is handed over
/// without a copy and wiped when the HTTP stack drops it (after the last attempt is sent).
pub fn form_post(connection: &Connection, url: impl IntoUrl, body: SecretString) -> RequestBuilder {
    connection
        .request(Method::POST, url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(bytes::Bytes::from_owner(body))
}

/// A form body from pairs. Everything but the unreserved characters is percent-encoded (`+`
/// too, and space as `%20`). The text is allocated once at its final size, so no copy of the
/// secrets it holds is left behind by a reallocation.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let size: usize = pairs
        .iter()
        .map(|(k, v)| encoded_len(k) + encoded_len(v) + 2)
        .sum();
    let mut out = Vec::with_capacity(size);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        percent_encode_into(k, &mut out);
        out.push(b'=');
        percent_encode_into(v, &mut out);
    }
    String::from_utf8(out).expect("a form body is ASCII")
}

/// RFC 3986's unreserved bytes, the ones a form body carries as they are. Written without
/// branches, so that the loops below run on whole vectors of bytes (an assertion is about
/// 6 KB: a byte-at-a-time loop cost more than sending it).
const fn is_unreserved(b: u8) -> bool {
    let folded = b | 0x20; // ASCII letters to lowercase; nothing else lands in a..z
    (folded.wrapping_sub(b'a') < 26)
        | (b.wrapping_sub(b'0') < 10)
        | (b == b'-')
        | (b == b'.')
        | (b == b'_')
        | (b == b'~')
}

/// `is_unreserved` for every byte, for the ends of runs (`scan::plain_run`).
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_unreserved(b as u8);
        b += 1;
    }
    table
};

fn encoded_len(text: &str) -> usize {
    // Counted in a byte-sized counter per 255 bytes, which vectorizes.
    let reserved: usize = text
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |n, &b| n + u8::from(!is_unreserved(b))),
            )
        })
        .sum();
    text.len() + 2 * reserved
}

/// Appends `text` percent-encoded: runs of unreserved bytes (most of a token) are copied
/// whole, each other byte becomes `%XX`.
fn percent_encode_into(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = text.as_bytes();
    while !rest.is_empty() {
        let run = crate::scan::plain_run(rest, is_unreserved, |b| UNRESERVED[usize::from(b)]);
        out.extend_from_slice(&rest[..run]);
        if let Some(&b) = rest.get(run) {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            rest = &rest[run + 1..];
        } else {
            rest = &[];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_bytes_are_exactly_rfc_3986s() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
            assert_eq!(is_unreserved(b), expected, "{b:#x}");
        }
        let long = "aZ09-._~".repeat(5) + "/x";
        assert_eq!(encoded_len(&long), 44);
        assert_eq!(
            form_body(&[("k", &long)]),
            format!("k={}%2Fx", "aZ09-._~".repeat(5))
        );
    }

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
