//! Redaction of echoed secrets. A server, a WAF or a proxy may quote the request in its error
//! (a VBO 400 quoting the form body, Microsoft's `error_description` quoting `device_code=`, an
//! HTML page with an excerpt). Every text a server supplies passes through the `Redactor` of
//! the request it answers before it becomes part of a failure: each secret the request carried
//! is replaced, in every form a server is likely to echo it (as sent, percent-encoded with
//! `%20` or `+` and either letter case, form-serialized, JSON-escaped, HTML-escaped).

use crate::secret::SecretString;
use serde_json::Value;
use std::sync::OnceLock;

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// Values shorter than this are not treated as secrets (they would match ordinary words).
const MIN_SECRET_LEN: usize = 8;
/// String members of a JSON secret (the assertion) at least this long are secrets of their
/// own (tokens), shorter ones (`Bearer`, a scope) are not.
const MIN_MEMBER_LEN: usize = 16;

/// The secrets of one request. The forms they may come back in are worked out the first time
/// a text is redacted (only answers that fail are, as a rule), then kept: a request that
/// succeeds pays nothing for them.
#[derive(Default)]
pub struct Redactor {
    secrets: Vec<Secret>,
    /// Every form of every secret, longest first (so that a whole assertion goes before the
    /// tokens inside it); built on first use.
    forms: OnceLock<Vec<SecretString>>,
}

/// One secret as the request carried it.
enum Secret {
    /// A value (a token, a device code).
    Value(SecretString),
    /// A JSON text (the assertion): the text and each long string member in it.
    Json(SecretString),
}

impl Redactor {
    /// A redactor for a request that carried no secret.
    pub fn none() -> Redactor {
        Redactor::default()
    }

    /// Adds a secret value (a token, a device code, an assertion's text).
    pub fn secret(mut self, value: &str) -> Redactor {
        if value.len() >= MIN_SECRET_LEN {
            self.secrets
                .push(Secret::Value(SecretString::new(value.to_owned())));
        }
        self
    }

    /// Adds a JSON text and each long string member in it (recursively), e.g. Microsoft's token
    /// response used as the assertion.
    pub fn json_secret(mut self, text: &str) -> Redactor {
        self.secrets
            .push(Secret::Json(SecretString::new(text.to_owned())));
        self
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in self.forms.get_or_init(|| all_forms(&self.secrets)) {
            if out.contains(form.expose()) {
                let replaced = out.replace(form.expose(), REDACTED);
                crate::secret::wipe_vec(&mut std::mem::take(&mut out).into_bytes());
                out = replaced;
            }
        }
        out
    }
}

/// Every form of every secret (values shorter than `MIN_SECRET_LEN` are not secrets), without
/// repeats, longest first.
fn all_forms(secrets: &[Secret]) -> Vec<SecretString> {
    let mut values: Vec<SecretString> = Vec::new();
    for secret in secrets {
        match secret {
            Secret::Value(value) => values.push(value.clone()),
            Secret::Json(text) => {
                values.push(text.clone());
                if let Ok(value) = serde_json::from_str::<Value>(text.expose()) {
                    values.extend(long_strings(value));
                }
            }
        }
    }
    let mut forms: Vec<SecretString> = Vec::new();
    for value in values.iter().filter(|v| v.expose().len() >= MIN_SECRET_LEN) {
        for form in forms_of(value.expose()) {
            if forms.iter().any(|f| f.expose() == form) {
                drop(SecretString::new(form));
            } else {
                forms.push(SecretString::new(form));
            }
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.expose().len()));
    forms
}

/// Every long string inside a JSON value, each wiped when dropped.
fn long_strings(value: Value) -> Vec<SecretString> {
    match value {
        Value::String(s) if s.len() >= MIN_MEMBER_LEN => vec![SecretString::new(s)],
        Value::String(s) => {
            drop(SecretString::new(s));
            Vec::new()
        }
        Value::Array(items) => items.into_iter().flat_map(long_strings).collect(),
        Value::Object(map) => map.into_iter().flat_map(|(_, v)| long_strings(v)).collect(),
        _ => Vec::new(),
    }
}

/// The forms a server may echo `value` in.
fn forms_of(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_owned()];
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(value)
        .to_owned();
    forms.push(json.replace('/', "\\/"));
    forms.push(json);
    forms.push(html_escape(value));
    for keep in [UNRESERVED, FORM_SERIALIZER] {
        for space in ["%20", "+"] {
            for upper in [true, false] {
                forms.push(percent_encode(value, keep, space, upper));
            }
        }
    }
    forms.retain(|f| !f.is_empty());
    forms
}

/// RFC 3986 unreserved characters, which this library leaves as they are in a form body.
const UNRESERVED: &[u8] = b"-._~";
/// What the URL standard's form serializer (and .NET, Java, most servers) leaves as it is.
const FORM_SERIALIZER: &[u8] = b"*-._";

fn percent_encode(value: &str, keep: &[u8], space: &str, upper: bool) -> String {
    let hex: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push_str(space);
        } else {
            out.push('%');
            out.push(hex[usize::from(b >> 4)] as char);
            out.push(hex[usize::from(b & 15)] as char);
        }
    }
    out
}

fn html_escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_echoed_form_is_redacted() {
        let assertion = r#"{"access_token":"eyJ0eXAiOiJKV1Qi.abc-def_ghi","refresh_token":"0.AXY*refresh/token+value","token_type":"Bearer"}"#;
        let r = Redactor::none().json_secret(assertion);
        for echoed in [
            assertion.to_owned(),
            percent_encode(assertion, UNRESERVED, "%20", true),
            percent_encode(assertion, FORM_SERIALIZER, "+", false),
            serde_json::to_string(assertion).unwrap(),
            html_escape(assertion),
            "refresh_token=0.AXY%2Arefresh%2Ftoken%2Bvalue".to_owned(),
            "refresh_token=0.AXY*refresh%2ftoken%2bvalue".to_owned(),
            r#"{"token":"0.AXY*refresh\/token+value"}"#.to_owned(),
        ] {
            let out = r.redact(&format!("The request: {echoed} was refused"));
            assert!(!out.contains("eyJ0eXAi"), "{out}");
            assert!(
                !out.contains("refresh/token") && !out.contains("refresh%2"),
                "{out}"
            );
            assert!(
                out.contains(REDACTED) && out.ends_with("was refused"),
                "{out}"
            );
        }
        assert_eq!(r.redact("token_type Bearer"), "token_type Bearer");
    }

    #[test]
    fn short_values_are_not_secrets() {
        let r = Redactor::none().secret("abc");
        assert_eq!(r.redact("abc"), "abc");
    }
}
