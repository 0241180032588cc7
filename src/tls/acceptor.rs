//! The rustls server configuration: the server's chain and key, client certificates required
//! and verified by [`super::verifier::ClientVerifier`], TLS 1.2 and 1.3 on the `ring` provider.
//!
//! Every file problem becomes one line naming the file, its setting and the fix, because a
//! missing development PKI is the first thing a newcomer meets.
//! A client may resume its session ([`Sessions`]): only under the CRLs in force when the session
//! began and for at most `sessions::MAX_AGE`, since a resumed handshake skips the verifier.
//! The server picks the cipher suite by its own order ([`provider`]): AES-128-GCM first, whose
//! SHA-256 key schedule costs a new connection less than AES-256-GCM's SHA-384, then the rest of
//! rustls' defaults; every suite rustls offers stays available to clients that want it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{RootCertStore, ServerConfig};

use super::sessions::Sessions;
use super::verifier::ClientVerifier;
use super::TlsSettings;

const FIX: &str =
    "create a development PKI with 'planner certs dev', or pass --insecure-http to serve plain \
                   HTTP in tests";

/// Builds the server configuration from the configured files.
pub fn server_config(settings: &TlsSettings) -> anyhow::Result<ServerConfig> {
    let server_key = ServerKey::read(settings)?;
    let ca_path = required(&settings.client_ca, "client CA bundle", "PLANNER_TLS_CLIENT_CA")?;
    let mut roots = RootCertStore::empty();
    for cert in read_certificates(ca_path, "client CA bundle", "PLANNER_TLS_CLIENT_CA")? {
        roots.add(cert).with_context(|| {
            format!("invalid CA certificate in '{}' (PLANNER_TLS_CLIENT_CA)", ca_path.display())
        })?;
    }
    let provider = provider();
    let verifier = ClientVerifier::new(
        roots,
        provider.clone(),
        settings.crl.as_deref(),
        settings.crl_check_interval,
        settings.identity_attribute,
    )?;
    let verifier = Arc::new(verifier);
    let builder = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .context("cannot enable TLS 1.2 and 1.3")?
        .with_client_cert_verifier(verifier.clone());
    let mut config = server_key.complete(builder)?;
    config.session_storage = Arc::new(Sessions::new(verifier));
    // One ticket per handshake: a client that connects anew for each call uses the ticket of its
    // previous connection (rustls' default of two left every other one unused in the store).
    config.send_tls13_tickets = 1;
    Ok(config)
}

/// The configuration of the listeners for clients without a function certificate (the calendar
/// feeds, whose token is their credential, and the people listener, where people sign in): the
/// same server certificate, and no client certificate asked for. Neither listener serves a
/// machine route.
pub fn server_only_config(settings: &TlsSettings) -> anyhow::Result<ServerConfig> {
    let server_key = ServerKey::read(settings)?;
    let builder = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .context("cannot enable TLS 1.2 and 1.3")?
        .with_no_client_auth();
    server_key.complete(builder)
}

/// rustls' `ring` provider with the AES-128-GCM suites of each TLS version moved first (the
/// configurations set `ignore_client_order`, so this order decides).
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    use rustls::CipherSuite::{
        TLS13_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    };
    let mut provider = rustls::crypto::ring::default_provider();
    let first = [
        TLS13_AES_128_GCM_SHA256,
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];
    provider.cipher_suites.sort_by_key(|suite| !first.contains(&suite.suite()));
    Arc::new(provider)
}

/// The server's certificate chain and private key, read from the configured files.
struct ServerKey {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    cert_path: PathBuf,
    key_path: PathBuf,
}

impl ServerKey {
    fn read(settings: &TlsSettings) -> anyhow::Result<Self> {
        let cert_path = required(&settings.cert, "server certificate", "PLANNER_TLS_CERT")?;
        let key_path = required(&settings.key, "server key", "PLANNER_TLS_KEY")?;
        let chain = read_certificates(cert_path, "server certificate", "PLANNER_TLS_CERT")?;
        let key = readable(key_path, "server key", "PLANNER_TLS_KEY").and_then(|()| {
            PrivateKeyDer::from_pem_file(key_path).with_context(|| {
                format!("no private key in the server key file '{}' (PLANNER_TLS_KEY)", key_path.display())
            })
        })?;
        Ok(Self { chain, key, cert_path: cert_path.to_owned(), key_path: key_path.to_owned() })
    }

    /// Completes `builder` with this chain and key.
    fn complete(
        self,
        builder: rustls::ConfigBuilder<ServerConfig, rustls::server::WantsServerCert>,
    ) -> anyhow::Result<ServerConfig> {
        let Self { chain, key, cert_path, key_path } = self;
        let mut config = builder.with_single_cert(chain, key).with_context(|| {
            format!(
                "the server key '{}' does not fit the certificate '{}' or is unsupported",
                key_path.display(),
                cert_path.display()
            )
        })?;
        // The server's order of cipher suites decides (see [`provider`]).
        config.ignore_client_order = true;
        Ok(config)
    }
}

fn required<'a>(path: &'a Option<PathBuf>, what: &str, setting: &str) -> anyhow::Result<&'a Path> {
    path.as_deref().with_context(|| format!("no {what} configured; set {setting} or {FIX}"))
}

fn readable(path: &Path, what: &str, setting: &str) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .map(drop)
        .with_context(|| format!("cannot read the {what} '{}' ({setting}); {FIX}", path.display()))
}

fn read_certificates(path: &Path, what: &str, setting: &str) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    readable(path, what, setting)?;
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("invalid PEM in the {what} '{}' ({setting})", path.display()))?;
    anyhow::ensure!(!certs.is_empty(), "no certificate in the {what} '{}' ({setting})", path.display());
    Ok(certs)
}
