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
//! - a chain verified once is not verified again on every handshake: its SHA-256 digest is
//!   kept with the span in which all its certificates are valid, and a later handshake with
//!   the same chain inside that span is accepted without webpki's path building and signature
//!   check (an ECDSA verification, about a fifth of a handshake's CPU). The kept chains belong to
//!   one generation of CRLs: a reload forgets them, so a newly revoked certificate is refused at
//!   its next handshake. What webpki decides depends only on the chain, the trust anchors, the
//!   CRLs and the time; the first three are the key and the generation, the time is the span.
//!
//! Revocation is checked for the client's own certificate (not the intermediates), and a
//! certificate whose issuer has no CRL in the file is refused: configure a CRL for every issuer.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
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

/// How many verified chains are kept at most; when full, they are forgotten and verified anew.
const VERIFIED_CHAINS: usize = 1024;

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
    verified: Mutex<Verified>,
}

/// Chains webpki accepted, by the SHA-256 digest of their certificates, with the span (Unix
/// seconds, inclusive) in which all of them are valid; for one generation of the inner verifier.
#[derive(Debug, Default)]
struct Verified {
    generation: u64,
    chains: HashMap<[u8; 32], (i64, i64)>,
}

#[derive(Debug)]
struct State {
    inner: Arc<dyn ClientCertVerifier>,
    /// Counts the inner verifiers built; chains verified by an older one are not reused.
    generation: u64,
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
            state: RwLock::new(State { inner, generation: 0, stamp, checked: Instant::now() }),
            verified: Mutex::default(),
        })
    }

    /// The inner verifier, rebuilt first when the CRL file changed since the last look.
    fn current(&self) -> Arc<dyn ClientCertVerifier> {
        self.current_with_generation().0
    }

    /// [`Self::current`] with its generation.
    fn current_with_generation(&self) -> (Arc<dyn ClientCertVerifier>, u64) {
        {
            let state = self.state.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if self.crl.is_none() || state.checked.elapsed() < self.check_interval {
                return (state.inner.clone(), state.generation);
            }
        }
        let mut state = self.state.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.checked.elapsed() >= self.check_interval {
            state.checked = Instant::now();
            if let Some(path) = &self.crl {
                self.reload(path, &mut state);
            }
        }
        (state.inner.clone(), state.generation)
    }

    /// The generation of CRLs in force (0 without a CRL file), after looking at the file when a
    /// check interval has passed; it grows by one with every CRL file read.
    pub(crate) fn generation(&self) -> u64 {
        self.current_with_generation().1
    }

    /// True when this chain was verified by the inner verifier of `generation` and `now` lies
    /// in the span where all its certificates are valid.
    fn verified_before(&self, chain: &[u8; 32], generation: u64, now: UnixTime) -> bool {
        let verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
        let now = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
        verified.generation == generation
            && verified.chains.get(chain).is_some_and(|(from, until)| (*from..=*until).contains(&now))
    }

    /// Keeps a chain the inner verifier of `generation` accepted.
    fn remember(&self, chain: [u8; 32], generation: u64, span: (i64, i64)) {
        let mut verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
        if verified.generation != generation || verified.chains.len() >= VERIFIED_CHAINS {
            verified.chains.clear();
            verified.generation = generation;
        }
        verified.chains.insert(chain, span);
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
                state.generation += 1;
                state.stamp = Some(stamp);
                log::info!("reloaded the CRL file '{}'", path.display());
            }
            Err(error) => {
                log::error!("{error:#}; keeping the CRLs in force");
            }
        }
    }
}

/// The SHA-256 digest of a chain: each certificate's length and bytes, in order.
fn chain_digest(end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) -> [u8; 32] {
    let mut digest = ring::digest::Context::new(&ring::digest::SHA256);
    for cert in std::iter::once(end_entity).chain(intermediates) {
        digest.update(&(cert.as_ref().len() as u64).to_be_bytes());
        digest.update(cert.as_ref());
    }
    let mut out = [0; 32];
    out.copy_from_slice(digest.finish().as_ref());
    out
}

/// The span (Unix seconds, inclusive) in which every certificate of the chain is valid; `None`
/// when one cannot be read (the chain is then verified on every handshake).
fn valid_span(end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) -> Option<(i64, i64)> {
    let epoch = openssl::asn1::Asn1Time::from_unix(0).ok()?;
    let seconds = |time: &openssl::asn1::Asn1TimeRef| -> Option<i64> {
        let diff = epoch.diff(time).ok()?;
        Some(i64::from(diff.days) * 86_400 + i64::from(diff.secs))
    };
    let (mut from, mut until) = (i64::MIN, i64::MAX);
    for cert in std::iter::once(end_entity).chain(intermediates) {
        let cert = openssl::x509::X509::from_der(cert.as_ref()).ok()?;
        from = from.max(seconds(cert.not_before())?);
        until = until.min(seconds(cert.not_after())?);
    }
    Some((from, until))
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
        let (inner, generation) = self.current_with_generation();
        let chain = chain_digest(end_entity, intermediates);
        if self.verified_before(&chain, generation, now) {
            return Ok(ClientCertVerified::assertion());
        }
        let result = inner.verify_client_cert(end_entity, intermediates, now);
        if result.is_ok() {
            if let Some(span) = valid_span(end_entity, intermediates) {
                self.remember(chain, generation, span);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The development CA's verifier and the dfdg client's certificate.
    fn dev_verifier(dir: &Path) -> (ClientVerifier, CertificateDer<'static>) {
        crate::tls::dev_pki::create_dev_pki(dir, false).unwrap();
        let mut roots = RootCertStore::empty();
        let ca = fs::read(dir.join("ca.pem")).unwrap();
        roots.add(CertificateDer::from_pem_slice(&ca).unwrap()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier =
            ClientVerifier::new(roots, provider, None, CRL_CHECK_INTERVAL, IdentityAttribute::SerialNumber)
                .unwrap();
        let client = CertificateDer::from_pem_slice(&fs::read(dir.join("dfdg.pem")).unwrap()).unwrap();
        (verifier, client)
    }

    #[test]
    fn a_chain_verified_once_is_accepted_again_only_while_all_its_certificates_are_valid() {
        let dir = tempfile::tempdir().unwrap();
        let (verifier, client) = dev_verifier(dir.path());
        let (from, until) = valid_span(&client, &[]).unwrap();
        let at =
            |seconds: i64| UnixTime::since_unix_epoch(Duration::from_secs(u64::try_from(seconds).unwrap()));
        let inside = from + (until - from) / 2;

        assert!(verifier.verify_client_cert(&client, &[], at(inside)).is_ok());
        assert_eq!(verifier.verified.lock().unwrap().chains.len(), 1, "the chain is kept");
        assert!(verifier.verify_client_cert(&client, &[], at(inside + 60)).is_ok(), "and accepted again");
        assert!(verifier.verify_client_cert(&client, &[], at(until)).is_ok(), "the last valid second");

        // Outside the span the kept chain does not count: webpki decides, and refuses.
        let expired = verifier.verify_client_cert(&client, &[], at(until + 1)).unwrap_err();
        assert!(format!("{expired:?}").contains("Expired"), "{expired:?}");
        let early = verifier.verify_client_cert(&client, &[], at(from - 1)).unwrap_err();
        assert!(format!("{early:?}").contains("NotValidYet"), "{early:?}");

        // Another chain (a certificate from a foreign CA) is never taken for the kept one.
        let other = dir.path().join("other");
        crate::tls::dev_pki::create_dev_pki(&other, false).unwrap();
        let foreign = CertificateDer::from_pem_slice(&fs::read(other.join("dfdg.pem")).unwrap()).unwrap();
        assert!(verifier.verify_client_cert(&foreign, &[], at(inside)).is_err());
    }
}
