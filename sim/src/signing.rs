//! The key that signs the simulator's Microsoft tokens, and its JWK for
//! `/{tenant}/discovery/v2.0/keys`.
//!
//! Entra signs with RS256 keys; the simulator signs with ES256 (ECDSA P-256), a fresh key per
//! instance, because its crypto library (ring) cannot generate RSA keys. The JWT header, the
//! JWKS entry and `id_token_signing_alg_values_supported` all say ES256, so a standard OIDC
//! client that validates id_tokens against the keys succeeds; one that accepts only RS256
//! refuses them.

use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::{json, Value};

use crate::ids;

/// One signing key.
pub struct Signer {
    key: EcdsaKeyPair,
    rng: SystemRandom,
    kid: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A fresh P-256 key.
    pub fn generate() -> Signer {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .expect("system random generator failed");
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .expect("a freshly generated key parses");
        // 27 characters like Entra's key ids (base64url of 20 bytes).
        let digest = ring::digest::digest(&ring::digest::SHA256, key.public_key().as_ref());
        let kid = ids::base64url(&digest.as_ref()[..20]);
        Signer { key, rng, kid }
    }

    /// A signed JWT (`ES256`) with this payload.
    pub fn jwt(&self, payload: &Value) -> String {
        let header = json!({"typ": "JWT", "alg": "ES256", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            ids::base64url(header.to_string().as_bytes()),
            ids::base64url(payload.to_string().as_bytes())
        );
        let signature = self
            .key
            .sign(&self.rng, signing_input.as_bytes())
            .expect("ECDSA signing failed");
        format!("{signing_input}.{}", ids::base64url(signature.as_ref()))
    }

    /// The public key as a JWK (RFC 7517/7518), with Entra's `issuer` member.
    pub fn jwk(&self, issuer: &str) -> Value {
        // Uncompressed point: 0x04 || X (32 bytes) || Y (32 bytes).
        let point = self.key.public_key().as_ref();
        json!({
            "kty": "EC",
            "use": "sig",
            "kid": self.kid,
            "alg": "ES256",
            "crv": "P-256",
            "x": ids::base64url(&point[1..33]),
            "y": ids::base64url(&point[33..65]),
            "issuer": issuer,
        })
    }
}
