//! Certificates (a fresh rcgen CA and a leaf for 127.0.0.1/localhost) and the rustls server
//! configuration.

use std::io;
use std::sync::Arc;
use std::time::SystemTime;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::dates;
use crate::ids;

/// Common name of the simulator CA.
pub const CA_NAME: &str = "VboMfaAuth Simulator CA";

/// The certificate material of one simulator instance.
pub struct SimCerts {
    /// PEM of the certificate a client should trust: the CA, or the self-signed leaf.
    pub ca_pem: String,
    /// DER of the leaf certificate.
    pub leaf_der: Vec<u8>,
    /// Server configuration (TLS 1.2 and 1.3, ALPN http/1.1, ring provider).
    pub server_config: Arc<rustls::ServerConfig>,
}

impl SimCerts {
    /// Lowercase hex SHA-256 of the leaf DER.
    pub fn leaf_sha256_hex(&self) -> String {
        ids::hex_lower(ring::digest::digest(&ring::digest::SHA256, &self.leaf_der).as_ref())
    }

    /// Uppercase hex SHA-1 of the leaf DER (a Windows thumbprint).
    pub fn leaf_sha1_thumbprint(&self) -> String {
        ids::hex_lower(
            ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &self.leaf_der).as_ref(),
        )
        .to_ascii_uppercase()
    }
}

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("certificate generation failed: {e}"))
}

/// Validity from yesterday to a year from now (real clients may check dates).
fn validity(params: &mut CertificateParams) {
    let today = (dates::unix_secs(SystemTime::now()) / 86_400) as i64;
    let ymd = |days: i64| {
        let (y, m, d) = dates::civil_from_days(days);
        rcgen::date_time_ymd(y as i32, m as u8, d as u8)
    };
    params.not_before = ymd(today - 1);
    params.not_after = ymd(today + 365);
}

/// Generates the certificates and builds the TLS config: a CA and a leaf signed by it, or
/// (`self_signed`) one self-signed leaf as VBO's wizard makes. ECDSA P-256 throughout.
pub fn generate(self_signed: bool) -> io::Result<SimCerts> {
    let leaf_key = KeyPair::generate().map_err(to_io)?;
    let mut leaf_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .map_err(to_io)?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    validity(&mut leaf_params);

    let (leaf_cert, chain_tail, trust_pem) = if self_signed {
        let leaf = leaf_params.self_signed(&leaf_key).map_err(to_io)?;
        let pem = leaf.pem();
        (leaf, Vec::new(), pem)
    } else {
        let (ca_cert, issuer) = certificate_authority()?;
        leaf_params.use_authority_key_identifier_extension = true;
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).map_err(to_io)?;
        let ca_der = CertificateDer::from(ca_cert.der().to_vec());
        (leaf, vec![ca_der], ca_cert.pem())
    };

    let leaf_der = leaf_cert.der().to_vec();
    let mut chain = vec![CertificateDer::from(leaf_der.clone())];
    chain.extend(chain_tail);
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(to_io)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(to_io)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(SimCerts {
        ca_pem: trust_pem,
        leaf_der,
        server_config: Arc::new(config),
    })
}

/// A fresh simulator CA: its certificate and the issuer that signs the leaf.
fn certificate_authority() -> io::Result<(rcgen::Certificate, Issuer<'static, KeyPair>)> {
    let ca_key = KeyPair::generate().map_err(to_io)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(to_io)?;
    ca_params
        .distinguished_name
        .push(DnType::CommonName, CA_NAME);
    ca_params
        .distinguished_name
        .push(DnType::OrganizationName, "VboMfaAuth");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ];
    validity(&mut ca_params);
    let ca_cert = ca_params.self_signed(&ca_key).map_err(to_io)?;
    Ok((ca_cert, Issuer::new(ca_params, ca_key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_distinct_material() {
        let a = generate(false).unwrap();
        let b = generate(false).unwrap();
        assert!(a.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_ne!(a.leaf_der, b.leaf_der);
        assert_eq!(a.leaf_sha256_hex().len(), 64);
        let t = a.leaf_sha1_thumbprint();
        assert_eq!(t.len(), 40);
        assert!(t
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    }
}
