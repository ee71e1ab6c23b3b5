//! [`OptionsBuilder`]: the options as given — as `options_json` (serde, unknown keys refused) or
//! through typed calls — and the one place that checks them and splits them into the options
//! of each hop.

use super::values;
use super::GLOBAL_AUTHORITY;
use super::{ApiVersion, ProxySetting, SignInOptions, TlsOptions, TransportOptions, VboOptions};
use crate::failure::Failure;
use crate::url::parse_base_url;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::time::Duration;

/// What each key must hold, for the message when a value has the wrong JSON type. Also the
/// list of known keys, in the order README.md documents them.
const EXPECTATIONS: &[(&str, &str)] = &[
    ("authority_host", "a string: https://host[:port]"),
    ("cloud", "\"global\", \"usgov\" or \"china\""),
    ("api_version", "\"auto\" or one of \"v4\" to \"v8\""),
    (
        "timeout_ms",
        "a whole number of milliseconds from 1 to 3600000",
    ),
    (
        "connect_timeout_ms",
        "a whole number of milliseconds from 1 to 3600000",
    ),
    (
        "proxy",
        "\"none\", \"system\" or an http:// or https:// proxy URL",
    ),
    ("user_agent", "non-empty printable ASCII"),
    (
        "tls_ca_file",
        "a string: the path of a PEM or DER certificate file",
    ),
    ("tls_ca_pem", "a string of PEM text"),
    ("tls_pin_sha256", "a non-empty array of hex strings"),
    ("tls_thumbprint", "a non-empty array of hex strings"),
    ("tls_insecure_skip_verify", "true or false"),
];

/// Options as given, before they are checked. Build one with `OptionsBuilder::default()` and
/// its methods, or from `options_json` with [`OptionsBuilder::from_json`]; finish it with
/// [`OptionsBuilder::sign_in`] or [`OptionsBuilder::vbo`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionsBuilder {
    authority_host: Option<String>,
    cloud: Option<String>,
    api_version: Option<String>,
    timeout_ms: Option<u64>,
    connect_timeout_ms: Option<u64>,
    proxy: Option<String>,
    user_agent: Option<String>,
    tls_ca_file: Option<String>,
    tls_ca_pem: Option<String>,
    tls_pin_sha256: Option<OneOrMany>,
    tls_thumbprint: Option<OneOrMany>,
    tls_insecure_skip_verify: Option<bool>,
}

/// One hex string or an array of them.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn entries(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }

    fn push(slot: &mut Option<OneOrMany>, entry: String) {
        let mut entries = slot.as_ref().map(OneOrMany::entries).unwrap_or_default();
        entries.push(entry);
        *slot = Some(OneOrMany::Many(entries));
    }
}

/// Every given value, checked.
struct Checked {
    authority: Option<String>,
    api_version: Option<ApiVersion>,
    transport: TransportOptions,
}

impl OptionsBuilder {
    /// Reads `options_json` (`None`, empty or `null` = all defaults). Unknown keys and values
    /// of the wrong type are `INVALID_ARGUMENT` naming the key.
    pub fn from_json(options_json: Option<&str>) -> Result<OptionsBuilder, Failure> {
        let text = match options_json.map(str::trim) {
            None | Some("") => return Ok(OptionsBuilder::default()),
            Some(text) => text,
        };
        // The common case, read in one pass. Whatever it refuses (a duplicate key too, which
        // the object below accepts: the last one wins) goes the long way, which decides as
        // before and names the key at fault.
        if text.starts_with('{') {
            if let Ok(options) = serde_json::from_str(text) {
                return Ok(options);
            }
        }
        let map = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => return Ok(OptionsBuilder::default()),
            Ok(_) => return Err(Failure::invalid("options_json must be a JSON object.")),
            Err(e) => {
                return Err(Failure::invalid(format!(
                    "options_json is not valid JSON ({e})."
                )))
            }
        };
        serde_json::from_value(Value::Object(map.clone())).map_err(|_| blame(map))
    }

    /// The Microsoft identity platform's base URL (the simulator's, in tests).
    pub fn authority_host(mut self, url: impl Into<String>) -> Self {
        self.authority_host = Some(url.into());
        self
    }

    /// A national cloud: `global`, `usgov` or `china`.
    pub fn cloud(mut self, cloud: impl Into<String>) -> Self {
        self.cloud = Some(cloud.into());
        self
    }

    /// `auto` or `v4` … `v8`.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// Time limit of each HTTP request.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout_ms = Some(limit.as_millis().try_into().unwrap_or(u64::MAX));
        self
    }

    /// Time limit for connecting.
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.connect_timeout_ms = Some(limit.as_millis().try_into().unwrap_or(u64::MAX));
        self
    }

    /// `none`, `system` or `http(s)://[user:password@]host:port`.
    pub fn proxy(mut self, proxy: impl Into<String>) -> Self {
        self.proxy = Some(proxy.into());
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Extra trusted CA certificate(s) from a PEM or DER file.
    pub fn tls_ca_file(mut self, path: impl Into<String>) -> Self {
        self.tls_ca_file = Some(path.into());
        self
    }

    /// Extra trusted CA certificate(s) as PEM text.
    pub fn tls_ca_pem(mut self, pem: impl Into<String>) -> Self {
        self.tls_ca_pem = Some(pem.into());
        self
    }

    /// Accepts the VBO server's leaf certificate with this SHA-256 fingerprint (repeatable).
    pub fn tls_pin_sha256(mut self, hex: impl Into<String>) -> Self {
        OneOrMany::push(&mut self.tls_pin_sha256, hex.into());
        self
    }

    /// Accepts the VBO server's leaf certificate with this SHA-1 thumbprint (repeatable).
    pub fn tls_thumbprint(mut self, hex: impl Into<String>) -> Self {
        OneOrMany::push(&mut self.tls_thumbprint, hex.into());
        self
    }

    /// Accepts any VBO certificate (every result then carries a loud warning).
    pub fn tls_insecure_skip_verify(mut self, insecure: bool) -> Self {
        self.tls_insecure_skip_verify = Some(insecure);
        self
    }

    /// The options of the Microsoft sign-in. Certificate pins and `api_version` are refused
    /// (after their values are checked): they are for the VBO server only.
    pub fn sign_in(&self) -> Result<SignInOptions, Failure> {
        let checked = self.check()?;
        if self.api_version.is_some() {
            return Err(Failure::invalid(
                "Option 'api_version' applies to the VBO calls only, not to the Microsoft sign-in: leave it out of the sign-in options.",
            ));
        }
        let tls = &checked.transport.tls;
        if tls.is_pinned() || tls.insecure {
            return Err(Failure::invalid(
                "tls_pin_sha256, tls_thumbprint and tls_insecure_skip_verify apply to the VBO server only, never to the Microsoft sign-in: leave them out of the device-flow options.",
            )
            .hint("A TLS-inspecting proxy's CA can be trusted for the sign-in with tls_ca_file or tls_ca_pem."));
        }
        let authority = checked.authority.as_deref().unwrap_or(GLOBAL_AUTHORITY);
        Ok(SignInOptions {
            authority: parse_base_url("authority_host", authority, None)?,
            transport: checked.transport,
        })
    }

    /// The options of the VBO calls. `authority_host` and `cloud` are refused: they name the
    /// Microsoft sign-in's server.
    pub fn vbo(&self) -> Result<VboOptions, Failure> {
        let checked = self.check()?;
        if let Some(key) = [
            ("authority_host", self.authority_host.is_some()),
            ("cloud", self.cloud.is_some()),
        ]
        .iter()
        .find_map(|(key, given)| given.then_some(key))
        {
            return Err(Failure::invalid(format!(
                "Option '{key}' applies to the Microsoft sign-in only, not to the VBO calls: leave it out of the VBO options."
            )));
        }
        Ok(VboOptions {
            api_version: checked.api_version.unwrap_or(ApiVersion::Auto),
            transport: checked.transport,
        })
    }

    /// Checks every given value, whichever hop it is for.
    fn check(&self) -> Result<Checked, Failure> {
        let cloud = self.cloud.as_deref().map(values::cloud).transpose()?;
        let authority = match (&self.authority_host, cloud) {
            (Some(host), Some(cloud_host)) => {
                let given = parse_base_url("authority_host", host, None)?;
                if given != parse_base_url("cloud", cloud_host, None)? {
                    return Err(Failure::invalid(
                        "Options 'authority_host' and 'cloud' disagree: give only one of them.",
                    ));
                }
                Some(host.clone())
            }
            (Some(host), None) => {
                parse_base_url("authority_host", host, None)?;
                Some(host.clone())
            }
            (None, cloud_host) => cloud_host.map(str::to_owned),
        };
        let mut tls = TlsOptions::default();
        if let Some(path) = &self.tls_ca_file {
            tls.extra_roots.extend(values::ca_file(path)?);
        }
        if let Some(pem) = &self.tls_ca_pem {
            tls.extra_roots
                .extend(values::certificates("tls_ca_pem", pem.as_bytes())?);
        }
        if let Some(pins) = &self.tls_pin_sha256 {
            tls.pins_sha256 = values::fingerprints::<32>("tls_pin_sha256", &pins.entries())?;
        }
        if let Some(thumbprints) = &self.tls_thumbprint {
            tls.thumbprints_sha1 =
                values::fingerprints::<20>("tls_thumbprint", &thumbprints.entries())?;
        }
        tls.insecure = self.tls_insecure_skip_verify.unwrap_or(false);
        Ok(Checked {
            authority,
            api_version: self
                .api_version
                .as_deref()
                .map(values::api_version)
                .transpose()?,
            transport: TransportOptions {
                timeout: values::millis("timeout_ms", self.timeout_ms.unwrap_or(30_000))?,
                connect_timeout: values::millis(
                    "connect_timeout_ms",
                    self.connect_timeout_ms.unwrap_or(10_000),
                )?,
                proxy: self
                    .proxy
                    .as_deref()
                    .map(values::proxy)
                    .transpose()?
                    .unwrap_or(ProxySetting::System),
                user_agent: match &self.user_agent {
                    Some(ua) => values::user_agent(ua)?,
                    None => concat!("vbo_mfa_auth/", env!("CARGO_PKG_VERSION")).to_owned(),
                },
                tls,
            },
        })
    }
}

/// The failure for an options object serde refused: the first key that is unknown or holds
/// the wrong type of value, named, with what it must hold.
fn blame(map: Map<String, Value>) -> Failure {
    for (key, value) in map {
        let single = Map::from_iter([(key.clone(), value)]);
        if serde_json::from_value::<OptionsBuilder>(Value::Object(single)).is_ok() {
            continue;
        }
        return match EXPECTATIONS.iter().find(|(k, _)| *k == key) {
            Some((_, expected)) => Failure::invalid(format!("Option '{key}' must be {expected}.")),
            None => {
                let known: Vec<&str> = EXPECTATIONS.iter().map(|(k, _)| *k).collect();
                Failure::invalid(format!(
                    "Unknown option '{}'. Known options: {}.",
                    key.escape_debug(),
                    known.join(", ")
                ))
            }
        };
    }
    Failure::invalid("options_json could not be read.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(text: &str) -> Result<OptionsBuilder, Failure> {
        OptionsBuilder::from_json(Some(text))
    }

    #[test]
    fn defaults() {
        let o = OptionsBuilder::default().sign_in().unwrap();
        assert_eq!(o.authority.join(""), GLOBAL_AUTHORITY);
        assert_eq!(o.transport.timeout, Duration::from_secs(30));
        assert_eq!(o.transport.proxy, ProxySetting::System);
        let v = OptionsBuilder::default().vbo().unwrap();
        assert_eq!(v.api_version, ApiVersion::Auto);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_named() {
        let e = from(r#"{"timeout":5}"#).unwrap_err();
        assert!(e.message.contains("'timeout'"), "{}", e.message);
        assert!(e.message.contains("tls_thumbprint"), "{}", e.message);
        let e = from(r#"{"timeout_ms":"5"}"#).unwrap_err();
        assert!(
            e.message.contains("'timeout_ms' must be a whole number"),
            "{}",
            e.message
        );
        let e = from(r#"{"tls_insecure_skip_verify":"yes"}"#).unwrap_err();
        assert!(e.message.contains("true or false"), "{}", e.message);
    }

    #[test]
    fn every_documented_key_is_a_field() {
        for (key, _) in EXPECTATIONS {
            let e = from(&format!(r#"{{"{key}": {{"not": "a value"}}}}"#)).unwrap_err();
            assert!(
                e.message.starts_with(&format!("Option '{key}' must be")),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn each_hop_refuses_the_other_hops_keys() {
        let pinned = OptionsBuilder::default().tls_pin_sha256("00".repeat(32));
        assert!(pinned.vbo().is_ok());
        assert!(pinned
            .sign_in()
            .unwrap_err()
            .message
            .contains("VBO server only"));
        let versioned = OptionsBuilder::default().api_version("v8");
        assert!(versioned
            .sign_in()
            .unwrap_err()
            .message
            .contains("'api_version'"));
        let cloud = OptionsBuilder::default().cloud("usgov");
        assert!(cloud.sign_in().is_ok());
        assert!(cloud.vbo().unwrap_err().message.contains("'cloud'"));
    }

    #[test]
    fn cloud_and_authority_must_agree() {
        let agree =
            from(r#"{"cloud":"usgov","authority_host":"https://login.microsoftonline.us"}"#);
        assert!(agree.unwrap().sign_in().is_ok());
        let disagree =
            from(r#"{"cloud":"china","authority_host":"https://login.microsoftonline.us"}"#);
        assert!(disagree.unwrap().sign_in().is_err());
    }
}
