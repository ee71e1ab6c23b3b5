//! Server base URLs (`vbo_url`, `authority_host`): scheme, host and port, nothing else.

use crate::failure::Failure;
use crate::memo::Memo;
use reqwest::Url;

/// `scheme://host[:port]` of a server, checked: https, or http to a loopback host only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    host: String,
    /// `origin`, parsed.
    parsed: Url,
}

impl BaseUrl {
    /// The host name or address, as used in messages.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// True for `http://` (allowed for loopback hosts only).
    pub fn is_plain_http(&self) -> bool {
        self.origin.starts_with("http://")
    }

    /// The origin followed by `path` (which starts with `/`).
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.origin, path)
    }

    /// `join(path)` parsed, for a path the library builds itself (no query, nothing to
    /// normalize): made from the parsed origin, without parsing the whole URL again.
    pub fn url(&self, path: &str) -> Url {
        let mut url = self.parsed.clone();
        url.set_path(path);
        url
    }
}

/// Base URLs parsed lately (hosts pass the same `vbo_url` with every call).
static PARSED: Memo<(String, Option<u16>), BaseUrl, 8> = Memo::new();

/// Parses `text` as a server base URL. `what` names the argument in errors; without a
/// port, `default_port` is used (else the scheme's own). A bare host means https.
pub fn parse_base_url(
    what: &str,
    text: &str,
    default_port: Option<u16>,
) -> Result<BaseUrl, Failure> {
    PARSED.get_or_compute(
        |(kept, port)| kept == text && *port == default_port,
        || (text.to_owned(), default_port),
        || parse(what, text, default_port),
    )
}

fn parse(what: &str, text: &str, default_port: Option<u16>) -> Result<BaseUrl, Failure> {
    let text = text.trim();
    let shown = without_userinfo(text);
    let bad = |why: &str| {
        Failure::invalid(format!(
            "{what} \"{}\" is not a usable server address: {why}. Expected https://host[:port].",
            shown.escape_debug()
        ))
    };
    if text.is_empty() {
        return Err(Failure::invalid(format!(
            "{what} is empty. Expected https://host[:port]."
        )));
    }
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
    let host = match url.host_str() {
        Some(h) if !h.is_empty() => h.to_owned(),
        _ => return Err(bad("no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(bad(
                "plain http is allowed only for a loopback host (tokens would travel unencrypted)",
            ))
        }
        other => return Err(bad(&format!("scheme \"{other}\" is not supported"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("user names and passwords do not belong in the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("no query or fragment is allowed"));
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(bad(
            "no path is allowed (the API version and path are added by the library)",
        ));
    }
    if url.port().is_none() {
        if let Some(port) = default_port {
            let _ = url.set_port(Some(port));
        }
    }
    let origin = url.origin().ascii_serialization();
    Ok(BaseUrl {
        parsed: Url::parse(&origin).map_err(|e| bad(&e.to_string()))?,
        origin,
        host,
    })
}

/// `text` with any `user:password@` in front of the host replaced by `***@`, for messages.
fn without_userinfo(text: &str) -> String {
    let start = text.find("://").map_or(0, |i| i + 3);
    let authority_end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    match text[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &text[..start], &text[start + at..]),
        None => text.to_owned(),
    }
}

/// True for `localhost`, 127.0.0.0/8 and ::1.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    bare.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

/// The host named by a `Location` header (absolute or relative to `base`), for messages.
pub fn location_host(base: &str, location: &str) -> String {
    Url::parse(base)
        .and_then(|b| b.join(location))
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "an unknown host".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_port_applies_only_when_missing() {
        let u = parse_base_url("vbo_url", "https://vbo.example", Some(4443)).unwrap();
        assert_eq!(u.join(""), "https://vbo.example:4443");
        let u = parse_base_url("vbo_url", "https://vbo.example:9443/", Some(4443)).unwrap();
        assert_eq!(u.join(""), "https://vbo.example:9443");
        let u = parse_base_url("vbo_url", "vbo.example", Some(4443)).unwrap();
        assert_eq!(u.join(""), "https://vbo.example:4443");
        assert_eq!(
            u.url("/v8/token").as_str(),
            Url::parse(&u.join("/v8/token")).unwrap().as_str()
        );
    }

    #[test]
    fn rejects_unsafe_urls() {
        for bad in [
            "http://vbo.example",
            "ftp://vbo.example",
            "https://vbo.example/v8",
            "https://user:pw@vbo.example",
            "https://vbo.example?x=1",
            "",
        ] {
            assert!(parse_base_url("vbo_url", bad, Some(4443)).is_err(), "{bad}");
        }
        assert!(parse_base_url("vbo_url", "http://127.0.0.1:8080", Some(4443)).is_ok());
        for with_password in [
            "https://admin:s3cret@vbo.example",
            "admin:s3cret@vbo.example/x",
        ] {
            let e = parse_base_url("vbo_url", with_password, Some(4443)).unwrap_err();
            assert!(!e.message.contains("s3cret"), "{}", e.message);
            assert!(e.message.contains("***@vbo.example"), "{}", e.message);
        }
        assert!(parse_base_url("vbo_url", "http://[::1]:8080", Some(4443)).is_ok());
    }

    #[test]
    fn location_hosts() {
        assert_eq!(
            location_host("https://a.example/v8/token", "https://evil.example/x"),
            "evil.example"
        );
        assert_eq!(
            location_host("https://a.example/v8/token", "/other"),
            "a.example"
        );
    }
}
