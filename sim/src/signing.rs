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

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

    fn unbase64url(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bits = 0u32;
        let mut n = 0;
        let mut out = Vec::new();
        for c in text.bytes() {
            bits = (bits << 6) | ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
            }
        }
        out
    }

    #[test]
    fn jwt_verifies_with_the_jwk() {
        let signer = Signer::generate();
        let token = signer.jwt(&json!({"sub": "x"}));
        let (input, signature) = token.rsplit_once('.').unwrap();
        let jwk = signer.jwk("https://issuer.example/v2.0");
        let mut point = vec![4u8];
        point.extend(unbase64url(jwk["x"].as_str().unwrap()));
        point.extend(unbase64url(jwk["y"].as_str().unwrap()));
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &point)
            .verify(input.as_bytes(), &unbase64url(signature))
            .expect("signature verifies");
        assert_eq!(jwk["kid"].as_str().unwrap().len(), 27);
        let header: Value =
            serde_json::from_slice(&unbase64url(token.split('.').next().unwrap())).unwrap();
        assert_eq!(header["kid"], jwk["kid"]);
        assert_eq!(header["alg"], "ES256");
    }
}
