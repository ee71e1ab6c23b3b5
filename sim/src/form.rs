//! Request body parsing: form-urlencoded and flat JSON objects.

/// Media type of a `Content-Type` value, lowercased, parameters dropped.
pub fn media_type(content_type: Option<&str>) -> String {
    content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a `Content-Type` value is `application/x-www-form-urlencoded`.
pub fn is_form(content_type: Option<&str>) -> bool {
    media_type(content_type) == "application/x-www-form-urlencoded"
}

/// Whether a `Content-Type` value is JSON (`application/json` or `+json`).
pub fn is_json(content_type: Option<&str>) -> bool {
    let m = media_type(content_type);
    m == "application/json" || m == "text/json" || m.ends_with("+json")
}

/// Parses a form-urlencoded body (`+` is a space, percent-escapes decoded).
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Parses a JSON object body into name/value pairs: strings as they are, booleans and
/// numbers as their JSON text; `null` and nested values are skipped. `None` if the body is
/// not a JSON object.
pub fn parse_json_object(body: &[u8]) -> Option<Vec<(String, String)>> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let obj = value.as_object()?;
    Some(
        obj.iter()
            .filter_map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                Some((k.clone(), s))
            })
            .collect(),
    )
}

/// Parameters of one request, looked up by exact name (first occurrence wins).
#[derive(Clone, Debug, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// First value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// First value of `name` if present and not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let p = Params(parse_form(
            b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&scope=a+b%2Bc&x=&x=2",
        ));
        assert_eq!(
            p.get("grant_type"),
            Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
        );
        assert_eq!(p.get("scope"), Some("a b+c"));
        assert_eq!(p.get("x"), Some(""));
        assert_eq!(p.non_empty("x"), None);
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn json_decoding() {
        let p = parse_json_object(
            br#"{"grant_type":"refresh_token","disable_antiforgery_token":true,"n":3,"z":null}"#,
        )
        .unwrap();
        let p = Params(p);
        assert_eq!(p.get("grant_type"), Some("refresh_token"));
        assert_eq!(p.get("disable_antiforgery_token"), Some("true"));
        assert_eq!(p.get("n"), Some("3"));
        assert_eq!(p.get("z"), None);
        assert!(parse_json_object(b"[1]").is_none());
        assert!(parse_json_object(b"not json").is_none());
    }

    #[test]
    fn content_types() {
        assert!(is_form(Some(
            "Application/X-WWW-Form-Urlencoded; charset=utf-8"
        )));
        assert!(!is_form(Some("application/json")));
        assert!(!is_form(None));
        assert!(is_json(Some("application/json; charset=utf-8")));
    }
}
