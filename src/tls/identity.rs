//! The caller's identity from the client certificate: the subject attribute that names the
//! caller (serialNumber, OID 2.5.4.5, by default; organizationIdentifier, OID 2.5.4.97, by
//! setting), plus subject and issuer DN, certificate serial, SHA-256 fingerprint and validity for
//! the connection log.
//!
//! The leaf certificate is read in [`on_connect`] and kept in the connection data;
//! [`caller_identity`] copies the identity into each request's extensions, where the SOAP
//! dispatcher finds it. A certificate is parsed (with OpenSSL) once, the first time it is seen:
//! later connections with the same certificate find it by its SHA-256 fingerprint (ring, about
//! a microsecond) in a bounded map ([`SeenCertificates`]); parsing on every handshake cost about
//! 170 µs (issue 19). Whether the certificate is trusted and not revoked is decided before, by
//! the verifier (`verifier.rs`), on every full handshake; a resumed one carries the chain its
//! full handshake verified, under the rules of `sessions.rs`. The issuer's certificate serial is never the identity: it changes on
//! renewal, while the RID in the subject stays (contract §1).

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use openssl::asn1::Asn1Object;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::x509::{X509NameRef, X509};

use crate::edge::caller::CallerIdentity;

/// Which subject attribute names the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdentityAttribute {
    /// `serialNumber` (2.5.4.5): the OCES RID, `CVR:12345678-UUID:...` or `CVR:12345678-FID:...`.
    #[default]
    SerialNumber,
    /// `organizationIdentifier` (2.5.4.97), e.g. `NTRDK-12345678` in some OCES3 certificates.
    OrganizationIdentifier,
}

impl IdentityAttribute {
    /// Parses the configured name (`serialNumber` or `organizationIdentifier`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "serialNumber" | "2.5.4.5" => Some(IdentityAttribute::SerialNumber),
            "organizationIdentifier" | "2.5.4.97" => Some(IdentityAttribute::OrganizationIdentifier),
            _ => None,
        }
    }

    /// The configured name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IdentityAttribute::SerialNumber => "serialNumber",
            IdentityAttribute::OrganizationIdentifier => "organizationIdentifier",
        }
    }

    fn oid(&self) -> &'static str {
        match self {
            IdentityAttribute::SerialNumber => "2.5.4.5",
            IdentityAttribute::OrganizationIdentifier => "2.5.4.97",
        }
    }
}

/// What the planner knows about a connection's client certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificate {
    /// The caller identity (the configured subject attribute), when the subject has it.
    pub identity: Option<String>,
    /// The subject DN, e.g. `CN=DFDG,O=STAR,serialNumber=CVR:...,C=DK`.
    pub subject: String,
    /// The issuer DN.
    pub issuer: String,
    /// The certificate serial number (hexadecimal), for revocation look-ups.
    pub serial: String,
    /// SHA-256 over the DER certificate (hexadecimal).
    pub fingerprint: String,
    /// Start of validity, as OpenSSL prints it.
    pub not_before: String,
    /// End of validity, as OpenSSL prints it.
    pub not_after: String,
}

impl ClientCertificate {
    /// Reads a DER certificate. Fails only on a certificate OpenSSL cannot parse.
    pub fn from_der(der: &[u8], attribute: IdentityAttribute) -> Result<Self, openssl::error::ErrorStack> {
        Self::from_x509(&X509::from_der(der)?, attribute)
    }

    /// Reads a parsed certificate.
    pub fn from_x509(cert: &X509, attribute: IdentityAttribute) -> Result<Self, openssl::error::ErrorStack> {
        let wanted = Asn1Object::from_str(attribute.oid())?.nid();
        let identity = cert
            .subject_name()
            .entries()
            .filter(|entry| entry.object().nid() == wanted && wanted != Nid::UNDEF)
            .find_map(|entry| entry.data().to_string().ok().map(|text| text.trim().to_owned()))
            .filter(|text| !text.is_empty());
        Ok(ClientCertificate {
            identity,
            subject: distinguished_name(cert.subject_name()),
            issuer: distinguished_name(cert.issuer_name()),
            serial: cert.serial_number().to_bn()?.to_hex_str()?.to_string(),
            fingerprint: hex::encode(cert.digest(MessageDigest::sha256())?),
            not_before: cert.not_before().to_string(),
            not_after: cert.not_after().to_string(),
        })
    }
}

/// A DN as `KEY=value` pairs joined by commas, in certificate order.
fn distinguished_name(name: &X509NameRef) -> String {
    name.entries()
        .map(|entry| {
            let key = entry.object().nid().short_name().map(str::to_owned).unwrap_or_else(|_| {
                // OIDs OpenSSL has no name for are printed numerically.
                entry.object().to_string()
            });
            let value = entry.data().to_string().unwrap_or_else(|_| "?".into());
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// How many certificates [`SeenCertificates`] holds at most: far more than the callers of one
/// municipality, so in practice it never forgets; a flood of distinct certificates only makes it
/// start afresh.
pub const SEEN_CAPACITY: usize = 1024;

/// Client certificates read so far, by the SHA-256 fingerprint of their DER encoding. Equal
/// fingerprints mean equal certificates, so what was read from one holds for the other.
#[derive(Debug, Default)]
pub struct SeenCertificates {
    by_fingerprint: Mutex<HashMap<[u8; 32], Arc<ClientCertificate>>>,
}

impl SeenCertificates {
    /// The certificate `der` as read before, or read now (and kept). Fails only on a certificate
    /// OpenSSL cannot parse; such a certificate is not kept.
    pub fn read(
        &self,
        der: &[u8],
        attribute: IdentityAttribute,
    ) -> Result<Arc<ClientCertificate>, openssl::error::ErrorStack> {
        let digest = ring::digest::digest(&ring::digest::SHA256, der);
        let mut fingerprint = [0u8; 32];
        fingerprint.copy_from_slice(digest.as_ref());
        if let Some(seen) = self.held().get(&fingerprint) {
            return Ok(Arc::clone(seen));
        }
        let read = Arc::new(ClientCertificate::from_der(der, attribute)?);
        let mut held = self.held();
        if held.len() >= SEEN_CAPACITY {
            held.clear();
        }
        held.insert(fingerprint, Arc::clone(&read));
        Ok(read)
    }

    /// How many certificates are held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.held().len()
    }

    fn held(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Arc<ClientCertificate>>> {
        // Entries are inserted whole: a panic elsewhere cannot leave the map half-written.
        self.by_fingerprint.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The `on_connect` hook for the TLS listener: reads the peer's leaf certificate (the first in
/// the chain), once per certificate ([`SeenCertificates`]), and keeps it in the connection data
/// as an `Arc<ClientCertificate>`.
pub fn on_connect(
    attribute: IdentityAttribute,
) -> impl Fn(&dyn Any, &mut Extensions) + Send + Sync + 'static {
    let seen = SeenCertificates::default();
    move |io: &dyn Any, data: &mut Extensions| {
        type Stream = actix_tls::accept::rustls_0_23::TlsStream<actix_web::rt::net::TcpStream>;
        let Some(stream) = io.downcast_ref::<Stream>() else { return };
        let (_, connection) = stream.get_ref();
        let Some(leaf) = connection.peer_certificates().and_then(|chain| chain.first()) else { return };
        match seen.read(leaf.as_ref(), attribute) {
            Ok(cert) => {
                log::info!(
                    "tls client caller.identity={} caller.subject=\"{}\" caller.issuer=\"{}\" caller.serial={} \
                     caller.fingerprint={} caller.not_after=\"{}\" tls.version={}",
                    cert.identity.as_deref().unwrap_or("-"),
                    cert.subject,
                    cert.issuer,
                    cert.serial,
                    cert.fingerprint,
                    cert.not_after,
                    connection.protocol_version().map(|version| format!("{version:?}")).unwrap_or_default(),
                );
                if cert.identity.is_none() {
                    log::warn!(
                        "tls client certificate has no {} attribute; its calls are refused (subject \"{}\")",
                        attribute.as_str(),
                        cert.subject
                    );
                }
                data.insert(cert);
            }
            Err(error) => log::warn!("tls client certificate cannot be read: {error}"),
        }
    }
}

/// Request middleware: puts the connection's certificate identity into the request extensions
/// as [`CallerIdentity`]. Requests on a connection without one get nothing, and the dispatcher
/// refuses them (fault 4575).
pub async fn caller_identity(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let identity = request
        .conn_data::<Arc<ClientCertificate>>()
        .and_then(|cert| cert.identity.clone())
        .map(CallerIdentity);
    if let Some(identity) = identity {
        request.extensions_mut().insert(identity);
    }
    next.call(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der_of(dir: &std::path::Path, name: &str) -> Vec<u8> {
        X509::from_pem(&std::fs::read(dir.join(name)).unwrap()).unwrap().to_der().unwrap()
    }

    #[test]
    fn a_certificate_is_read_once_and_found_again_by_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        crate::tls::dev_pki::create_dev_pki(dir.path(), false).unwrap();
        let (dfdg, server) = (der_of(dir.path(), "dfdg.pem"), der_of(dir.path(), "server.pem"));
        let seen = SeenCertificates::default();
        let first = seen.read(&dfdg, IdentityAttribute::SerialNumber).unwrap();
        let again = seen.read(&dfdg, IdentityAttribute::SerialNumber).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "the second connection reuses what the first read");
        assert_eq!(*first, ClientCertificate::from_der(&dfdg, IdentityAttribute::SerialNumber).unwrap());
        assert_eq!(first.fingerprint, hex::encode(openssl::sha::sha256(&dfdg)));
        let other = seen.read(&server, IdentityAttribute::SerialNumber).unwrap();
        assert_ne!(other.fingerprint, first.fingerprint);
        assert_eq!(seen.len(), 2);
        assert!(seen.read(b"not a certificate", IdentityAttribute::SerialNumber).is_err());
        assert_eq!(seen.len(), 2, "what cannot be read is not kept");
    }
}
