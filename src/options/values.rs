//! Checks of single option values. Every failure names its option key.

use crate::failure::Failure;
use crate::memo::Memo;
use crate::options::{ApiVersion, ProxySetting};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::io::Read;
use std::time::{Duration, Instant};

const USGOV_AUTHORITY: &str = "https://login.microsoftonline.us";
const CHINA_AUTHORITY: &str = "https://login.partner.microsoftonline.cn";

/// `cloud` → the authority URL of that national cloud.
pub fn cloud(text: &str) -> Result<&'static str, Failure> {
    match text.to_ascii_lowercase().as_str() {
        "global" => Ok(super::GLOBAL_AUTHORITY),
        "usgov" => Ok(USGOV_AUTHORITY),
        "china" => Ok(CHINA_AUTHORITY),
        _ => Err(Failure::invalid(format!(
            "Option 'cloud' must be \"global\", \"usgov\" or \"china\", not \"{}\".",
            text.escape_debug()
        ))),
    }
}

/// `api_version`: `auto` or `v4` … `v8`.
pub fn api_version(text: &str) -> Result<ApiVersion, Failure> {
    match text.to_ascii_lowercase().as_str() {
        "auto" => Ok(ApiVersion::Auto),
        "v4" => Ok(ApiVersion::Fixed(4)),
        "v5" => Ok(ApiVersion::Fixed(5)),
        "v6" => Ok(ApiVersion::Fixed(6)),
        "v7" => Ok(ApiVersion::Fixed(7)),
        "v8" => Ok(ApiVersion::Fixed(8)),
        _ => Err(Failure::invalid(format!(
            "Option 'api_version' must be \"auto\" or one of \"v4\" to \"v8\", not \"{}\".",
            text.escape_debug()
        ))),
    }
}

/// A time limit in milliseconds, 1 ms to one hour.
pub fn millis(key: &str, ms: u64) -> Result<Duration, Failure> {
    if (1..=3_600_000).contains(&ms) {
        Ok(Duration::from_millis(ms))
    } else {
        Err(Failure::invalid(format!(
            "Option '{key}' must be a whole number of milliseconds from 1 to 3600000."
        )))
    }
}

/// `proxy`: `none`, `system` or an http(s) URL (which may carry credentials).
pub fn proxy(text: &str) -> Result<ProxySetting, Failure> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(ProxySetting::Disabled);
    }
    if text.eq_ignore_ascii_case("system") {
        return Ok(ProxySetting::System);
    }
    match reqwest::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(ProxySetting::Url(text.to_owned()))
        }
        // Never echo the text: it may hold a proxy password.
        _ => Err(Failure::invalid(
            "Option 'proxy' must be \"none\", \"system\" or an http:// or https:// proxy URL (http://user:password@host:port for an authenticating proxy).",
        )),
    }
}

/// `user_agent`: non-empty printable ASCII.
pub fn user_agent(text: &str) -> Result<String, Failure> {
    if text.is_empty() || text.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(Failure::invalid(
            "Option 'user_agent' must be non-empty printable ASCII.",
        ));
    }
    Ok(text.to_owned())
}

/// Largest `tls_ca_file` read: far more than any bundle of CA certificates.
const MAX_CA_FILE: u64 = 4 * 1024 * 1024;

/// How long the certificates of a `tls_ca_file` are used without looking at the file again.
/// Looking (a `stat`) cost a twentieth of a whole request; a file changed meanwhile is read
/// within this time.
const CA_FILE_LOOK_AGAIN: Duration = Duration::from_secs(1);

/// The certificates of a `tls_ca_file`: a regular file (never a pipe or a device, which
/// could block the call for ever), read up to `MAX_CA_FILE` bytes. A file looked at less than
/// `CA_FILE_LOOK_AGAIN` ago is not looked at again, and one unchanged since it was read
/// (`FileVersion`) is not read again.
pub fn ca_file(path: &str) -> Result<Vec<Vec<u8>>, Failure> {
    let kept = CA_FILES.get(|kept| kept == path);
    if let Some((_, looked_at, certificates)) = &kept {
        if looked_at.elapsed() < CA_FILE_LOOK_AGAIN {
            return Ok(certificates.clone());
        }
    }
    let refuse = |why: &str| {
        Failure::invalid(format!(
            "Option 'tls_ca_file': \"{}\" {why}.",
            path.escape_debug()
        ))
    };
    let looked_at = Instant::now();
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if !meta.is_file() {
        return Err(refuse(
            "is not a regular file (a folder, a pipe or a device)",
        ));
    }
    if meta.len() > MAX_CA_FILE {
        return Err(refuse("is larger than 4 MiB: not a certificate file"));
    }
    let version = FileVersion::of(&meta);
    let certificates = match kept {
        Some((kept_version, _, certificates)) if kept_version == version => certificates,
        _ => {
            let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_CA_FILE + 1).read_to_end(&mut bytes))
                .map_err(|e| unreadable(path, e))?;
            if bytes.len() as u64 > MAX_CA_FILE {
                return Err(refuse("is larger than 4 MiB: not a certificate file"));
            }
            certificates("tls_ca_file", &bytes)?
        }
    };
    CA_FILES.put(
        |kept| kept == path,
        path.to_owned(),
        (version, looked_at, certificates.clone()),
    );
    Ok(certificates)
}

fn unreadable(path: &str, e: std::io::Error) -> Failure {
    Failure::invalid(format!(
        "Option 'tls_ca_file': cannot read \"{}\" ({e}).",
        path.escape_debug()
    ))
}

/// CA files read lately: their version, when it was looked at, and their certificates.
static CA_FILES: Memo<String, (FileVersion, Instant, Vec<Vec<u8>>), 8> = Memo::new();

/// What tells one version of a file from another without reading it: its size and
/// modification time and, on Unix, its device, inode and change time (which no program can
/// set back, so a file rewritten and given its old date still counts as changed).
#[derive(Clone, PartialEq, Eq)]
struct FileVersion {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl FileVersion {
    fn of(meta: &std::fs::Metadata) -> FileVersion {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        FileVersion {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            identity: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// Certificate texts read lately and their certificates: hosts pass the same `tls_ca_file`
/// or `tls_ca_pem` with every call, and decoding it each time cost more than the request.
static PARSED: Memo<Vec<u8>, Vec<Vec<u8>>, 8> = Memo::new();

/// Certificates from PEM text (any number of CERTIFICATE blocks) or one DER certificate.
pub fn certificates(key: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, Failure> {
    PARSED.get_or_compute(
        |text| text == bytes,
        || bytes.to_vec(),
        || parse_certificates(key, bytes),
    )
}

fn parse_certificates(key: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, Failure> {
    let mut found = Vec::new();
    for item in CertificateDer::pem_slice_iter(bytes) {
        match item {
            Ok(cert) => found.push(cert.as_ref().to_vec()),
            Err(e) => {
                return Err(Failure::invalid(format!(
                    "Option '{key}': the PEM text is damaged ({e})."
                )))
            }
        }
    }
    if found.is_empty() && bytes.first() == Some(&0x30) {
        found.push(bytes.to_vec()); // a DER .cer file, as Windows exports it
    }
    if found.is_empty() {
        return Err(Failure::invalid(format!(
            "Option '{key}' holds no certificate (expected PEM \"-----BEGIN CERTIFICATE-----\" blocks or a DER .cer file)."
        )));
    }
    Ok(found)
}

/// Every entry of a fingerprint list.
pub fn fingerprints<const N: usize>(
    key: &str,
    entries: &[String],
) -> Result<Vec<[u8; N]>, Failure> {
    if entries.is_empty() {
        return Err(Failure::invalid(format!(
            "Option '{key}' must be a non-empty array of hex strings."
        )));
    }
    entries.iter().map(|e| fingerprint::<N>(key, e)).collect()
}

/// Hex fingerprint, with `:`, spaces, `-` and the invisible marks Windows copies along
/// (U+200E, U+200F, U+FEFF) ignored.
pub fn fingerprint<const N: usize>(key: &str, text: &str) -> Result<[u8; N], Failure> {
    let hex: Vec<char> = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-' | '\u{200e}' | '\u{200f}' | '\u{feff}'))
        .collect();
    let bad = || {
        Failure::invalid(format!(
            "Option '{key}' must hold {} hex digits per entry (colons and spaces allowed).",
            N * 2
        ))
    };
    if hex.len() != N * 2 {
        return Err(bad());
    }
    let mut out = [0u8; N];
    for (i, pair) in hex.chunks(2).enumerate() {
        let hi = pair[0].to_digit(16).ok_or_else(bad)?;
        let lo = pair[1].to_digit(16).ok_or_else(bad)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_accept_windows_formatting() {
        let fp = fingerprint::<20>(
            "tls_thumbprint",
            "\u{200e}a9 4a 8f e5 cc b1 9b a6 1c 4c 08 73 d3 91 e9 87 98 2f bb d3",
        )
        .unwrap();
        assert_eq!(fp[0], 0xa9);
        assert!(fingerprint::<32>("tls_pin_sha256", "abcd").is_err());
        assert!(fingerprints::<32>("tls_pin_sha256", &[]).is_err());
    }

    #[test]
    fn proxy_errors_never_echo_the_url() {
        let e = proxy("socks5://user:pw@p:1080").unwrap_err();
        assert!(!e.message.contains("pw"));
    }
}
