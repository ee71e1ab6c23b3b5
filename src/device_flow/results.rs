//! What the device flow hands back: the prompt for the user, a pending note, and Microsoft's
//! token response.

use crate::failure::Failure;
use crate::secret::SecretString;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// What to show the person who signs in (RFC 8628 §3.2/§3.3). Never the device code.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInPrompt {
    /// The short code the person types.
    pub user_code: String,
    /// The page to type it on.
    pub verification_uri: String,
    /// How long the code lives.
    pub expires_in: Duration,
    /// The polling interval Microsoft asked for.
    pub interval: Duration,
    /// Microsoft's ready-made instruction.
    pub message: String,
    /// When the code expires, RFC 3339 UTC.
    pub expires_at: String,
    /// Set when the scope lacks `offline_access` (VBO then refuses the assertion).
    pub warning: Option<&'static str>,
}

/// The sign-in has not finished yet.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingNote {
    /// When the next poll may send a request.
    pub retry_after: Duration,
    /// How long the code still lives.
    pub expires_in: Duration,
    /// The current polling interval (`slow_down` raises it).
    pub interval: Duration,
    /// The transient trouble the last request met, if it did.
    pub last_error: Option<Box<Failure>>,
}

/// One step of the flow.
#[derive(Clone, Debug)]
pub enum Poll {
    /// Not signed in yet.
    Pending(PendingNote),
    /// Signed in: Microsoft's token response.
    Token(MicrosoftToken),
}

/// Microsoft's token response exactly as received: the assertion VBO takes. Its text is wiped
/// when dropped and never shown by `Debug`.
#[derive(Clone, PartialEq)]
pub struct MicrosoftToken {
    text: SecretString,
    facts: TokenFacts,
}

/// The non-secret facts of a token response.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenFacts {
    /// A non-empty `access_token` is present.
    pub has_access_token: bool,
    /// A non-empty `refresh_token` is present (VBO requires one).
    pub has_refresh_token: bool,
    /// `token_type`, normally `Bearer`.
    pub token_type: Option<String>,
    /// The scopes granted.
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct TokenMembers {
    #[serde(default)]
    access_token: Presence,
    #[serde(default)]
    refresh_token: Presence,
    token_type: Option<Value>,
    scope: Option<Value>,
}

/// Whether a member is a non-empty string, read without keeping it (a token): no copy of a
/// token is made unless the JSON escapes something in it, and that copy is wiped at once.
#[derive(Default)]
struct Presence(bool);

impl<'de> Deserialize<'de> for Presence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Look;
        impl<'de> serde::de::Visitor<'de> for Look {
            type Value = Presence;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, text: &str) -> Result<Presence, E> {
                Ok(Presence(!text.is_empty()))
            }
            fn visit_string<E>(self, text: String) -> Result<Presence, E> {
                Ok(Presence(!SecretString::new(text).expose().is_empty()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_unit<E>(self) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_none<E>(self) -> Result<Presence, E> {
                Ok(Presence(false))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Presence, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Presence(false))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Presence, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Presence(false))
            }
        }
        deserializer.deserialize_any(Look)
    }
}

impl TokenFacts {
    /// Reads the facts of a token response text; `None` when it is not a JSON object. The
    /// tokens themselves are wiped as soon as they are looked at.
    pub fn read(text: &str) -> Option<TokenFacts> {
        if !text.trim_start().starts_with('{') {
            return None;
        }
        let members: TokenMembers = serde_json::from_str(text).ok()?;
        let plain = |v: Option<Value>| match v {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        Some(TokenFacts {
            has_access_token: members.access_token.0,
            has_refresh_token: members.refresh_token.0,
            token_type: plain(members.token_type),
            scope: plain(members.scope),
        })
    }
}

impl MicrosoftToken {
    /// A token response, if `text` is a JSON object with a non-empty `access_token`.
    pub(crate) fn from_text(text: &str) -> Option<MicrosoftToken> {
        let facts = TokenFacts::read(text).filter(|f| f.has_access_token)?;
        Some(MicrosoftToken {
            text: SecretString::new(text.to_owned()),
            facts,
        })
    }

    /// The response text exactly as received: hand it to the VBO exchange as the assertion.
    pub fn as_assertion(&self) -> &str {
        self.text.expose()
    }

    /// What the response says, without its secrets.
    pub fn facts(&self) -> &TokenFacts {
        &self.facts
    }
}

impl fmt::Debug for MicrosoftToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MicrosoftToken")
            .field("facts", &self.facts)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_response_needs_an_access_token_and_hides_it() {
        let text =
            r#"{"token_type":"Bearer","scope":"a b","access_token":"AT","refresh_token":"RT"}"#;
        let token = MicrosoftToken::from_text(text).unwrap();
        assert_eq!(token.as_assertion(), text);
        assert!(token.facts().has_refresh_token);
        assert_eq!(token.facts().scope.as_deref(), Some("a b"));
        assert!(!format!("{token:?}").contains("AT"));
        assert!(MicrosoftToken::from_text(r#"{"access_token":""}"#).is_none());
        assert!(MicrosoftToken::from_text(r#"{"access_token":5}"#).is_none());
        assert!(MicrosoftToken::from_text("[1]").is_none());
        let facts =
            TokenFacts::read(r#"{"access_token":"a\u0041","refresh_token":{"x":[1,{"y":2}]}}"#)
                .unwrap();
        assert!(facts.has_access_token && !facts.has_refresh_token);
        let facts = TokenFacts::read(r#"{"access_token":null,"refresh_token":["RT"]}"#).unwrap();
        assert!(!facts.has_access_token && !facts.has_refresh_token);
    }
}
