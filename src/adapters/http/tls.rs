//! The TLS side of [`super::HttpClient`]: trust anchors from a PEM file (or the system bundle)
//! and the optional client certificate for mutual TLS, read once into ureq's [`TlsConfig`].
//! Connections use rustls with the ring provider, set here on every configuration (ureq is built
//! with `rustls-no-provider`, so no bundled web root store is compiled in).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use ureq::tls::{Certificate, ClientCert, PemItem, PrivateKey, RootCerts, TlsConfig};

/// Where system trust anchors live on Debian and most Linux distributions.
pub const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// TLS settings for `https://` URLs.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Trust anchors (PEM); `None` uses the system's bundle.
    pub roots_pem: Option<PathBuf>,
    /// Our certificate chain (PEM) for mutual TLS.
    pub client_cert_pem: Option<PathBuf>,
    /// The key of `client_cert_pem` (PEM).
    pub client_key_pem: Option<PathBuf>,
}

/// ureq's TLS configuration for `options`; errors name the file, never its content.
pub fn config(options: &TlsOptions) -> Result<TlsConfig, String> {
    let roots = match &options.roots_pem {
        Some(path) => trust_anchors(path, true)?,
        None => trust_anchors(Path::new(SYSTEM_ROOTS), false)?,
    };
    Ok(TlsConfig::builder()
        .unversioned_rustls_crypto_provider(ring())
        .root_certs(RootCerts::new_with_certs(&roots))
        .client_cert(client_cert(options)?)
        .build())
}

/// The one crypto provider (ring), named here because ureq is built without a default one
/// (and without its bundled web root store, which the planner never trusts).
fn ring() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A configuration trusting nothing (every `https://` request then fails on its certificate).
pub fn trusting_nothing() -> TlsConfig {
    TlsConfig::builder()
        .unversioned_rustls_crypto_provider(ring())
        .root_certs(RootCerts::new_with_certs(&[]))
        .build()
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {what} '{}': {e}", path.display()))
}

/// The certificates in `path` that rustls can use as trust anchors. The system bundle may hold
/// some it cannot use (skipped); a configured file must hold at least one.
fn trust_anchors(path: &Path, configured: bool) -> Result<Vec<Certificate<'static>>, String> {
    let pem = read(path, "trust anchors")?;
    let anchors = certificates(&pem).ok_or_else(|| format!("bad certificate in '{}'", path.display()))?;
    let ders = anchors.iter().map(|cert| CertificateDer::from(cert.der()));
    let (usable, _) = rustls::RootCertStore::empty().add_parsable_certificates(ders);
    if usable == 0 && configured {
        return Err(format!("'{}' holds no usable trust anchor", path.display()));
    }
    Ok(anchors)
}

/// The certificates of a PEM text (other items skipped), or `None` when an item is unreadable.
fn certificates(pem: &[u8]) -> Option<Vec<Certificate<'static>>> {
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        if let PemItem::Certificate(cert) = item.ok()? {
            certificates.push(cert);
        }
    }
    Some(certificates)
}

fn client_cert(options: &TlsOptions) -> Result<Option<ClientCert>, String> {
    let (cert_path, key_path) = match (&options.client_cert_pem, &options.client_key_pem) {
        (Some(cert), Some(key)) => (cert, key),
        (None, None) => return Ok(None),
        _ => return Err("a client certificate needs both its certificate and its key file".into()),
    };
    let pem = read(cert_path, "client certificate")?;
    let chain = certificates(&pem)
        .ok_or_else(|| format!("cannot read client certificate '{}'", cert_path.display()))?;
    if chain.is_empty() {
        return Err(format!("'{}' holds no certificate", cert_path.display()));
    }
    let key_pem = read(key_path, "client key")?;
    let no_key = || format!("cannot read client key '{}': no PEM private key", key_path.display());
    let key = PrivateKey::from_pem(&key_pem).map_err(|_| no_key())?;
    let key_der = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| no_key())?;
    check_pair(&chain, key_der).map_err(|e| format!("client certificate '{}': {e}", cert_path.display()))?;
    Ok(Some(ClientCert::new_with_certs(&chain, key)))
}

/// Whether rustls accepts `chain` with `key` (supported key type, matching public key). ureq
/// builds its rustls configuration on the first `https://` request and panics on a pair rustls
/// refuses, so the pair is checked here, once, with the same provider.
fn check_pair(chain: &[Certificate<'static>], key: PrivateKeyDer<'static>) -> Result<(), rustls::Error> {
    let chain = chain.iter().map(|cert| CertificateDer::from(cert.der()).into_owned()).collect();
    rustls::ClientConfig::builder_with_provider(ring())
        .with_protocol_versions(rustls::ALL_VERSIONS)?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_client_auth_cert(chain, key)
        .map(drop)
}
