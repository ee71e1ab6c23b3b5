//! TLS trust: the rustls client configuration for one set of `TlsOptions`.
//!
//! Default trust is the operating system's store plus the public web roots (webpki-roots),
//! plus any `tls_ca_file`/`tls_ca_pem`. A pinned configuration accepts a server if and only
//! if its leaf certificate's fingerprint matches, whoever issued it. Either way the
//! handshake signature is verified, so the server must hold the certificate's key.

use crate::options::TlsOptions;
use once_cell::sync::Lazy;
use ring::digest;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, OtherError, RootCertStore,
    SignatureScheme,
};
use std::fmt;
use std::sync::Arc;

/// The ring provider, installed as the process default once (if no other code did first).
pub static PROVIDER: Lazy<Arc<CryptoProvider>> = Lazy::new(|| {
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.clone().install_default();
    Arc::new(provider)
});

/// OS store + public web roots, loaded once per process and shared by every pool that adds no
/// CA of its own.
static DEFAULT_ROOTS: Lazy<Arc<RootCertStore>> = Lazy::new(|| {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    Arc::new(roots)
});

/// Why a server certificate was refused, with its fingerprints so that the caller can pin it.
#[derive(Debug)]
pub struct CertificateRefused {
    /// What was wrong, in words.
    pub reason: String,
    /// True when the refusal is a pin mismatch (as opposed to an untrusted chain).
    pub pin_mismatch: bool,
    /// Lowercase hex SHA-256 of the leaf certificate.
    pub sha256: String,
    /// Uppercase hex SHA-1 of the leaf, as Windows shows a thumbprint.
    pub sha1: String,
}

impl fmt::Display for CertificateRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for CertificateRefused {}

/// Lowercase hex SHA-256 of `der`.
pub fn sha256_hex(der: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, der).as_ref(), false)
}

/// Uppercase hex SHA-1 of `der` (a Windows thumbprint).
pub fn sha1_hex(der: &[u8]) -> String {
    hex(
        digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, der).as_ref(),
        true,
    )
}

fn hex(bytes: &[u8], upper: bool) -> String {
    bytes
        .iter()
        .map(|b| {
            if upper {
                format!("{b:02X}")
            } else {
                format!("{b:02x}")
            }
        })
        .collect()
}

/// Builds the rustls client configuration for `tls`. Extra roots that do not parse are
/// reported as an error message.
pub fn client_config(tls: &TlsOptions) -> Result<ClientConfig, String> {
    let provider = PROVIDER.clone();
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = if tls.is_pinned() || tls.insecure {
        Arc::new(PinnedVerifier {
            pins_sha256: tls.pins_sha256.clone(),
            thumbprints_sha1: tls.thumbprints_sha1.clone(),
            accept_any: tls.insecure && !tls.is_pinned(),
            algorithms,
        })
    } else {
        let roots = if tls.extra_roots.is_empty() {
            DEFAULT_ROOTS.clone()
        } else {
            let mut roots = RootCertStore::clone(&DEFAULT_ROOTS);
            for der in &tls.extra_roots {
                roots.add(CertificateDer::from(der.clone())).map_err(|e| {
                    format!("an extra CA certificate is not usable as a root ({e})")
                })?;
            }
            Arc::new(roots)
        };
        let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| format!("cannot build the certificate verifier ({e})"))?;
        Arc::new(ReportingVerifier { inner })
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("no usable TLS versions ({e})"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(config)
}

fn refused(end_entity: &CertificateDer<'_>, reason: String, pin_mismatch: bool) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(
        CertificateRefused {
            reason,
            pin_mismatch,
            sha256: sha256_hex(end_entity.as_ref()),
            sha1: sha1_hex(end_entity.as_ref()),
        },
    ))))
}

/// The standard WebPKI verifier, whose refusals carry the leaf's fingerprints.
#[derive(Debug)]
struct ReportingVerifier {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for ReportingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map_err(|e| refused(end_entity, describe(&e), false))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn describe(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "the certificate is not issued by a trusted authority (self-signed, or a private CA)"
                .into()
        }
        rustls::Error::InvalidCertificate(CertificateError::NotValidForName)
        | rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. }) => {
            "the certificate is not valid for this host name".into()
        }
        rustls::Error::InvalidCertificate(CertificateError::Expired)
        | rustls::Error::InvalidCertificate(CertificateError::ExpiredContext { .. }) => {
            "the certificate has expired".into()
        }
        other => format!("the certificate was refused ({other})"),
    }
}

/// Accepts a leaf whose fingerprint is pinned (or any leaf with `accept_any`), and still
/// checks the handshake signature against it.
#[derive(Debug)]
struct PinnedVerifier {
    pins_sha256: Vec<[u8; 32]>,
    thumbprints_sha1: Vec<[u8; 20]>,
    accept_any: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if self.accept_any {
            return Ok(ServerCertVerified::assertion());
        }
        let der = end_entity.as_ref();
        let sha256 = digest::digest(&digest::SHA256, der);
        let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, der);
        let pinned = self.pins_sha256.iter().any(|p| p[..] == *sha256.as_ref())
            || self
                .thumbprints_sha1
                .iter()
                .any(|t| t[..] == *sha1.as_ref());
        if pinned {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(refused(
                end_entity,
                "the certificate does not match the pinned fingerprint".into(),
                true,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sha1_hex(b"abc"), "A9993E364706816ABA3E25717850C26C9CD0D89D");
    }

    #[test]
    fn configs_build() {
        assert!(client_config(&TlsOptions::default()).is_ok());
        let pinned = TlsOptions {
            pins_sha256: vec![[0u8; 32]],
            ..TlsOptions::default()
        };
        assert!(client_config(&pinned).is_ok());
    }
}
