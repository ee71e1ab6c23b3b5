//! The saved token file: the VBO token JSON exactly as the library returned it, plus
//! `vbo_url` and `vbo_options` (the non-secret certificate-trust settings used to reach the
//! server), so that `refresh`, `get` and `logout` need only the file.
//!
//! Files are written atomically (temporary file, then rename) and owner-only: mode 0600 on
//! Unix. On Windows the file inherits the ACL of its folder (by default your profile folder is
//! private to you): keep token files in such a folder.

use crate::connection::SavedTrust;
use crate::exit_codes;
use crate::output::CliError;
use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use vbo_mfa_auth::{Member, VboTokens};

/// Key holding the VBO server URL the tokens belong to.
pub const VBO_URL_KEY: &str = "vbo_url";
/// Key holding the certificate trust (`tls_ca_file`, `tls_pin_sha256`, ...) used at sign-in.
pub const VBO_OPTIONS_KEY: &str = "vbo_options";

/// A token file read from disk.
pub struct TokenFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its JSON object.
    pub value: Map<String, Value>,
}

impl TokenFile {
    /// Reads and checks a token file written by `vbomfa login` or `vbomfa refresh`.
    pub fn read(path: &Path) -> Result<TokenFile, CliError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("Cannot read the token file {} ({e}).", path.display()))
                .with_hint("Sign in first with `vbomfa login ... --out FILE`, then pass that FILE with --token-file.")
        })?;
        let value = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(CliError::usage(format!(
                    "The token file {} is not a JSON object.",
                    path.display()
                ))
                .with_hint("Give the file written by `vbomfa login --out FILE`."))
            }
        };
        if !value.get("access_token").is_some_and(Value::is_string) {
            return Err(CliError::usage(format!(
                "The token file {} holds no access_token.",
                path.display()
            )));
        }
        warn_if_shared(path);
        Ok(TokenFile {
            path: path.to_owned(),
            value,
        })
    }

    /// A string member.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// The saved certificate trust (default trust when absent or unreadable).
    pub fn trust(&self) -> Result<SavedTrust, CliError> {
        match self.value.get(VBO_OPTIONS_KEY) {
            None => Ok(SavedTrust::default()),
            Some(saved) => serde_json::from_value(saved.clone()).map_err(|e| {
                CliError::usage(format!(
                    "The token file {} has unusable {VBO_OPTIONS_KEY} ({e}).",
                    self.path.display()
                ))
            }),
        }
    }
}

/// The document to save: every member of VBO's answer, `api_version` and `expires_at`, plus
/// `vbo_url` and `vbo_options` (the certificate trust).
pub fn saved_document(
    tokens: &VboTokens,
    vbo_url: &str,
    trust: &SavedTrust,
) -> Result<Map<String, Value>, CliError> {
    let mut doc: Map<String, Value> = tokens
        .members()
        .map(|(key, member)| {
            let value = match member {
                Member::Secret(secret) => Value::String(secret.expose().to_owned()),
                Member::Plain(value) => value.clone(),
            };
            (key.to_owned(), value)
        })
        .collect();
    doc.insert("api_version".into(), tokens.api_version_name().into());
    if let Some(at) = &tokens.expires_at {
        doc.insert("expires_at".into(), at.clone().into());
    }
    doc.insert(VBO_URL_KEY.into(), vbo_url.into());
    if !trust.is_empty() {
        let saved = serde_json::to_value(trust).map_err(|e| {
            CliError::new(
                exit_codes::INTERNAL,
                format!("The certificate trust could not be saved ({e})."),
            )
        })?;
        doc.insert(VBO_OPTIONS_KEY.into(), saved);
    }
    Ok(doc)
}

/// Pretty JSON text of a document, with a final newline.
pub fn to_text(doc: &Map<String, Value>) -> String {
    let mut text =
        serde_json::to_string_pretty(&Value::Object(doc.clone())).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// Writes `doc` to `path` atomically, readable and writable by the owner only.
pub fn write(path: &Path, doc: &Map<String, Value>) -> Result<(), CliError> {
    let fail = |what: &str, e: std::io::Error| {
        CliError::new(
            exit_codes::IO_ERROR,
            format!("Cannot {what} the token file {} ({e}).", path.display()),
        )
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "token.json".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        let mut file = owner_only_options().open(&temp)?;
        file.write_all(to_text(doc).as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        sync_dir(&dir)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail("write", e));
    }
    Ok(())
}

/// After a failed `write` of tokens that cannot be had again (a refresh spent the old refresh
/// token): saves `doc` beside `path` (`<name>.new-<time>`), or in the temporary folder when
/// that folder cannot be written either. Returns where it went.
pub fn rescue(path: &Path, doc: &Map<String, Value>) -> Result<PathBuf, CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "token.json".into());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let rescued = format!("{name}.new-{stamp}");
    let beside = path.with_file_name(&rescued);
    let mut last = None;
    for candidate in [beside, std::env::temp_dir().join(&rescued)] {
        match write(&candidate, doc) {
            Ok(()) => return Ok(candidate),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| CliError::new(exit_codes::IO_ERROR, "No place to save the tokens.")))
}

/// Makes a rename in `dir` durable (Unix: the directory entry is flushed too).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows flushes the directory entry with the rename (MoveFileEx); nothing more to do.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Deletes the token file (used by `logout`).
pub fn remove(path: &Path) -> Result<(), CliError> {
    std::fs::remove_file(path).map_err(|e| {
        CliError::new(
            exit_codes::IO_ERROR,
            format!("Cannot delete the token file {} ({e}).", path.display()),
        )
    })
}

#[cfg(unix)]
fn owner_only_options() -> std::fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true).mode(0o600);
    options
}

#[cfg(not(unix))]
fn owner_only_options() -> std::fs::OpenOptions {
    // Windows: the new file inherits the folder's ACL (see the module documentation).
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    options
}

/// Warns when others may read the token file.
#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            eprintln!(
                "warning: the token file {} can be read by other users (mode {mode:o}): run `chmod 600 {}`.",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn saved_trust_round_trips() {
        let trust = SavedTrust {
            pin_sha256: vec!["ab".into()],
            ..SavedTrust::default()
        };
        let mut doc = Map::new();
        doc.insert("access_token".into(), json!("x"));
        doc.insert(
            VBO_OPTIONS_KEY.into(),
            serde_json::to_value(&trust).unwrap(),
        );
        let file = TokenFile {
            path: PathBuf::from("t.json"),
            value: doc,
        };
        assert_eq!(file.trust().unwrap(), trust);
    }

    #[test]
    fn write_is_atomic_and_owner_only() {
        let dir = std::env::temp_dir().join(format!("vbomfa-tf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.json");
        let mut doc = Map::new();
        doc.insert("access_token".into(), json!("x"));
        write(&path, &doc).unwrap();
        write(&path, &doc).unwrap(); // replaces
        let read = TokenFile::read(&path).unwrap();
        assert_eq!(read.text("access_token"), Some("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
