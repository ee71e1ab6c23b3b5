//! Each typed result as the JSON document the C ABI hands out: the one place where results
//! become JSON. Documents holding tokens are written straight into a `SecretBuffer`, with no
//! intermediate copy of a token.

use super::json_string::write_json_string;
use crate::failure::Failure;
use crate::secret::SecretBuffer;
use crate::status::Status;
use crate::vbo::{RawApiReply, RawBody};
use crate::{Member, MicrosoftToken, PendingNote, Poll, SignInPrompt, VboTokens};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::Write;

/// A result the C ABI can hand out.
pub(super) trait Document {
    /// The status that goes with it.
    fn status(&self) -> Status {
        Status::Ok
    }

    /// Its JSON text.
    fn to_json(&self) -> serde_json::Result<SecretBuffer>;
}

fn write_value(value: &Value) -> serde_json::Result<SecretBuffer> {
    write(value)
}

fn write(value: &impl Serialize) -> serde_json::Result<SecretBuffer> {
    let mut out = SecretBuffer::default();
    serde_json::to_writer(&mut out, value)?;
    Ok(out)
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// An empty object: the result of a call that only reports its status.
pub(super) struct Done;

impl Document for Done {
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        let mut out = SecretBuffer::with_capacity(2);
        out.write_all(b"{}").map_err(serde_json::Error::io)?;
        Ok(out)
    }
}

impl Document for SignInPrompt {
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        let mut doc = Map::new();
        doc.insert("user_code".into(), self.user_code.clone().into());
        doc.insert(
            "verification_uri".into(),
            self.verification_uri.clone().into(),
        );
        doc.insert("expires_in".into(), self.expires_in.as_secs().into());
        doc.insert("interval".into(), self.interval.as_secs().into());
        doc.insert("message".into(), self.message.clone().into());
        doc.insert("expires_at".into(), self.expires_at.clone().into());
        if let Some(warning) = self.warning {
            doc.insert("warning".into(), warning.into());
        }
        write_value(&Value::Object(doc))
    }
}

impl Document for Poll {
    fn status(&self) -> Status {
        match self {
            Poll::Pending(_) => Status::Pending,
            Poll::Token(_) => Status::Ok,
        }
    }

    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        match self {
            Poll::Pending(note) => note.to_json(),
            Poll::Token(token) => token.to_json(),
        }
    }
}

impl Document for PendingNote {
    fn status(&self) -> Status {
        Status::Pending
    }

    /// Written by hand: a host ticking over a thousand flows asks for this thousands of times
    /// a second, and building a `Value` for it cost more than the rest of the poll.
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        let mut out = SecretBuffer::with_capacity(128);
        write!(
            out,
            "{{\"status\":\"{}\",\"code\":{},\"retry_after_ms\":{},\"expires_in_ms\":{},\"interval_ms\":{}",
            Status::Pending.name(),
            Status::Pending.code(),
            millis(self.retry_after),
            millis(self.expires_in),
            millis(self.interval)
        )
        .map_err(serde_json::Error::io)?;
        if let Some(last) = &self.last_error {
            out.write_all(b",\"last_error\":")
                .map_err(serde_json::Error::io)?;
            serde_json::to_writer(&mut out, &failure_value(last))?;
        }
        out.write_all(b"}").map_err(serde_json::Error::io)?;
        Ok(out)
    }
}

impl Document for MicrosoftToken {
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        let mut out = SecretBuffer::default();
        out.write_all(self.as_assertion().as_bytes())
            .map_err(serde_json::Error::io)?;
        Ok(out)
    }
}

impl Document for VboTokens {
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        // Sized for the tokens up front: a buffer that grows copies them (and wipes the copy).
        let size: usize = self
            .members()
            .map(|(key, member)| match member {
                Member::Secret(secret) => key.len() + secret.expose().len() + 8,
                Member::Plain(_) => key.len() + 40,
            })
            .sum();
        let mut out = SecretBuffer::with_capacity(size + 160);
        write_tokens(&mut out, self).map_err(serde_json::Error::io)?;
        Ok(out)
    }
}

/// `VboTokens` written member by member, the tokens borrowed, never copied; the strings run
/// by run (`json_string`), which is most of the work for kilobytes of tokens.
fn write_tokens(out: &mut SecretBuffer, tokens: &VboTokens) -> std::io::Result<()> {
    let mut separator: &[u8] = b"{";
    let mut key = |out: &mut SecretBuffer, name: &str| {
        out.write_all(separator)?;
        separator = b",";
        write_json_string(out, name)?;
        out.write_all(b":")
    };
    for (name, member) in tokens.members() {
        key(out, name)?;
        match member {
            Member::Secret(secret) => write_json_string(out, secret.expose())?,
            Member::Plain(value) => serde_json::to_writer(&mut *out, value)?,
        }
    }
    key(out, "api_version")?;
    write_json_string(out, &tokens.api_version_name())?;
    if let Some(at) = &tokens.expires_at {
        key(out, "expires_at")?;
        write_json_string(out, at)?;
    }
    if let Some(warning) = tokens.warning {
        key(out, "warning")?;
        write_json_string(out, warning)?;
    }
    out.write_all(b"}")
}

impl Document for RawApiReply {
    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        // Written by hand: the JSON body goes in as the text it is, without becoming a Value.
        let body_len = match &self.body {
            RawBody::Json(text) => text.expose().len(),
            RawBody::Text(text) => text.len() * 2,
            RawBody::Empty => 0,
        };
        let mut out = SecretBuffer::with_capacity(body_len + 64);
        write!(out, "{{\"http_status\":{},\"body\":", self.http_status)
            .map_err(serde_json::Error::io)?;
        match &self.body {
            RawBody::Empty => out.write_all(b"null").map_err(serde_json::Error::io)?,
            RawBody::Json(text) => out
                .write_all(text.expose().as_bytes())
                .map_err(serde_json::Error::io)?,
            RawBody::Text(text) => serde_json::to_writer(&mut out, text)?,
        }
        if let Some(warning) = self.warning {
            out.write_all(b",\"warning\":")
                .map_err(serde_json::Error::io)?;
            serde_json::to_writer(&mut out, warning)?;
        }
        out.write_all(b"}").map_err(serde_json::Error::io)?;
        Ok(out)
    }
}

impl Document for Failure {
    fn status(&self) -> Status {
        self.status
    }

    fn to_json(&self) -> serde_json::Result<SecretBuffer> {
        write_value(&failure_value(self))
    }
}

/// The error object: `{"status", "code", "message", ...details, "hint"?, "warning"?}`.
fn failure_value(f: &Failure) -> Value {
    let mut doc = Map::new();
    let mut put = |key: &str, value: Value| {
        doc.insert(key.to_owned(), value);
    };
    put("status", f.status.name().into());
    put("code", f.status.code().into());
    put("message", f.message.clone().into());
    if let Some(status) = f.http_status {
        put("http_status", status.into());
    }
    if let Some(oauth) = &f.oauth {
        put("error", oauth.error.clone().into());
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        for (key, value) in [
            ("error_description", text(&oauth.error_description)),
            ("trace_id", text(&oauth.trace_id)),
            ("correlation_id", text(&oauth.correlation_id)),
            ("timestamp", text(&oauth.timestamp)),
        ] {
            if !value.is_null() {
                put(key, value);
            }
        }
        if !oauth.error_codes.is_empty() {
            put("error_codes", oauth.error_codes.clone().into());
        }
    }
    let texts = [
        ("vbo_message", f.vbo_message.clone()),
        ("vbo_error_code", f.vbo_error_code.clone()),
        ("api_version", f.api_version.map(|v| format!("v{v}"))),
        (
            "server_sha256",
            f.certificate.as_ref().map(|c| c.sha256.clone()),
        ),
        (
            "server_thumbprint",
            f.certificate.as_ref().map(|c| c.thumbprint.clone()),
        ),
        ("redirect_host", f.redirect_host.clone()),
        ("body_excerpt", f.body_excerpt.clone()),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            put(key, value.into());
        }
    }
    if let Some(left) = f.expires_in {
        put("expires_in_ms", millis(left).into());
    }
    if let Some(last) = &f.last_error {
        put("last_error", failure_value(last));
    }
    if let Some(hint) = &f.hint {
        put("hint", hint.clone().into());
    }
    if let Some(warning) = f.warning {
        put("warning", warning.into());
    }
    Value::Object(doc)
}
