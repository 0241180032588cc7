//! The client-certificate verifier: webpki's verifier (chain to the configured trust anchors,
//! validity, EKU clientAuth whenever an EKU extension is present, CRLs), wrapped so that
//!
//! - the CRL file is re-read when it changes, without a restart: at most every
//!   check interval (default [`CRL_CHECK_INTERVAL`]) a handshake looks at the file's modification time and size, and on a
//!   change builds a new inner verifier. A CRL that cannot be read or parsed is logged and the
//!   previous CRLs stay in force: a broken update never opens the door.
//! - refused certificates are logged once, with the reason and the subject, since a refused
//!   handshake never reaches the request log or the audit trail.
//!
//! Revocation is checked for the client's own certificate (not the intermediates), and a
//! certificate whose issuer has no CRL in the file is refused: configure a CRL for every issuer.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::WebPkiClientVerifier;
use rustls::{DigitallySignedStruct, DistinguishedName, RootCertStore, SignatureScheme};

use super::identity::{ClientCertificate, IdentityAttribute};

/// How often a handshake may look at the CRL file for changes, unless configured otherwise
/// (`PLANNER_TLS_CRL_CHECK_MILLISECONDS`).
pub const CRL_CHECK_INTERVAL: Duration = Duration::from_secs(2);

/// The verifier installed in the server configuration.
#[derive(Debug)]
pub struct ClientVerifier {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
    root_hints: Vec<DistinguishedName>,
    crl: Option<PathBuf>,
    check_interval: Duration,
    attribute: IdentityAttribute,
    state: RwLock<State>,
}

#[derive(Debug)]
struct State {
    inner: Arc<dyn ClientCertVerifier>,
    /// Modification time and length of the CRL file the inner verifier was built from.
    stamp: Option<(SystemTime, u64)>,
    checked: Instant,
}

impl ClientVerifier {
    /// Builds the verifier; fails with a message naming the CRL file when it cannot be used.
    /// The CRL file is looked at again at most every `check_interval`.
    pub fn new(
        roots: RootCertStore,
        provider: Arc<CryptoProvider>,
        crl: Option<&Path>,
        check_interval: Duration,
        attribute: IdentityAttribute,
    ) -> anyhow::Result<Self> {
        let roots = Arc::new(roots);
        let root_hints = roots.subjects();
        let (inner, stamp) = match crl {
            Some(path) => {
                let stamp = file_stamp(path).with_context(|| {
                    format!("cannot read the CRL file '{}' (PLANNER_TLS_CRL)", path.display())
                })?;
                let crls = read_crls(path)?;
                (build(&roots, &provider, crls)?, Some(stamp))
            }
            None => (build(&roots, &provider, Vec::new())?, None),
        };
        Ok(ClientVerifier {
            roots,
            provider,
            root_hints,
            crl: crl.map(Path::to_path_buf),
            check_interval,
            attribute,
            state: RwLock::new(State { inner, stamp, checked: Instant::now() }),
        })
    }

    /// The inner verifier, rebuilt first when the CRL file changed since the last look.
    fn current(&self) -> Arc<dyn ClientCertVerifier> {
        {
            let state = self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if self.crl.is_none() || state.checked.elapsed() < self.check_interval {
                return state.inner.clone();
            }
        }
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.checked.elapsed() >= self.check_interval {
            state.checked = Instant::now();
            if let Some(path) = &self.crl {
                self.reload(path, &mut state);
            }
        }
        state.inner.clone()
    }

    fn reload(&self, path: &Path, state: &mut State) {
        let stamp = match file_stamp(path) {
            Ok(stamp) => stamp,
            Err(error) => {
                log::error!(
                    "cannot read the CRL file '{}': {error}; keeping the CRLs in force",
                    path.display()
                );
                return;
            }
        };
        if state.stamp == Some(stamp) {
            return;
        }
        match read_crls(path).and_then(|crls| build(&self.roots, &self.provider, crls)) {
            Ok(inner) => {
                state.inner = inner;
                state.stamp = Some(stamp);
                log::info!("reloaded the CRL file '{}'", path.display());
            }
            Err(error) => {
                log::error!("{error:#}; keeping the CRLs in force");
            }
        }
    }
}

fn file_stamp(path: &Path) -> std::io::Result<(SystemTime, u64)> {
    let metadata = fs::metadata(path)?;
    Ok((metadata.modified()?, metadata.len()))
}

/// Reads every CRL in a PEM file, or the file as one DER CRL when it holds no PEM block.
fn read_crls(path: &Path) -> anyhow::Result<Vec<CertificateRevocationListDer<'static>>> {
    let bytes = fs::read(path)
        .with_context(|| format!("cannot read the CRL file '{}' (PLANNER_TLS_CRL)", path.display()))?;
    let crls = CertificateRevocationListDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("invalid PEM in the CRL file '{}'", path.display()))?;
    if crls.is_empty() {
        // A DER CRL is an ASN.1 SEQUENCE; anything else is neither PEM nor DER.
        anyhow::ensure!(
            bytes.first() == Some(&0x30),
            "the CRL file '{}' holds no CRL; use PEM (X509 CRL) or DER",
            path.display()
        );
        return Ok(vec![CertificateRevocationListDer::from(bytes)]);
    }
    Ok(crls)
}

fn build(
    roots: &Arc<RootCertStore>,
    provider: &Arc<CryptoProvider>,
    crls: Vec<CertificateRevocationListDer<'static>>,
) -> anyhow::Result<Arc<dyn ClientCertVerifier>> {
    let has_crls = !crls.is_empty();
    let mut builder = WebPkiClientVerifier::builder_with_provider(roots.clone(), provider.clone());
    if has_crls {
        builder = builder.with_crls(crls).only_check_end_entity_revocation();
    }
    builder
        .build()
        .context("cannot build the client certificate verifier (check the CA bundle and CRL files)")
}

impl ClientCertVerifier for ClientVerifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.root_hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let result = self.current().verify_client_cert(end_entity, intermediates, now);
        if let Err(error) = &result {
            let subject = ClientCertificate::from_der(end_entity.as_ref(), self.attribute)
                .map(|cert| format!("subject=\"{}\" serial={}", cert.subject, cert.serial))
                .unwrap_or_else(|_| "subject=unreadable".to_owned());
            log::warn!("tls handshake refused: {error} {subject}");
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.current().verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.current().verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
