//! A throw-away PKI per test, written into a temporary directory: the trusted CA and a foreign
//! one, the server certificate, and client certificates of every kind the tests need (valid,
//! expired, not yet valid, without EKU clientAuth, without a serialNumber), plus CRLs.

use std::path::{Path, PathBuf};

use rcgen::{
    date_time_ymd, BasicConstraints, Certificate, CertificateParams, CertificateRevocationListParams, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason,
    RevokedCertParams, SanType, SerialNumber,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The OID of the subject attribute serialNumber (2.5.4.5).
const SERIAL_NUMBER: [u64; 4] = [2, 5, 4, 5];
/// The OID of organizationIdentifier (2.5.4.97).
const ORGANIZATION_IDENTIFIER: [u64; 4] = [2, 5, 4, 97];

/// A certificate authority that can sign certificates and CRLs.
pub struct Authority {
    cert: Certificate,
    key: KeyPair,
}

/// A client's certificate chain and key, ready for a rustls client.
pub struct ClientCert {
    /// The leaf (and nothing else: the CA is the trust anchor).
    pub chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
    /// The certificate serial, for CRLs.
    pub serial: SerialNumber,
}

impl ClientCert {
    /// The private key.
    pub fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()))
    }
}

/// How a client certificate deviates from a valid one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Valid now, EKU clientAuth.
    Valid,
    /// Valid 2020-2021.
    Expired,
    /// Valid from 2090.
    NotYetValid,
    /// EKU serverAuth only.
    ServerAuthOnly,
}

/// The files and authorities of one test's PKI.
pub struct Pki {
    /// The temporary directory holding the files.
    pub dir: tempfile::TempDir,
    /// The CA the server trusts.
    pub ca: Authority,
    /// A CA the server does not trust.
    pub foreign: Authority,
    /// The trusted CA as DER (for the client's root store: it also signed the server).
    pub ca_der: CertificateDer<'static>,
    next_serial: std::cell::Cell<u64>,
}

impl Authority {
    fn new(name: &str) -> Authority {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CountryName, "DK");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).unwrap();
        Authority { cert, key }
    }
}

impl Pki {
    /// A new PKI with `ca.pem`, `server.pem` and `server-key.pem` written.
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca = Authority::new("Test CA");
        let foreign = Authority::new("Foreign CA");
        std::fs::write(dir.path().join("ca.pem"), ca.cert.pem()).unwrap();
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, "localhost");
        params.subject_alt_names = vec![
            SanType::DnsName("localhost".try_into().unwrap()),
            SanType::IpAddress([127, 0, 0, 1].into()),
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server = params.signed_by(&key, &ca.cert, &ca.key).unwrap();
        std::fs::write(dir.path().join("server.pem"), server.pem()).unwrap();
        std::fs::write(dir.path().join("server-key.pem"), key.serialize_pem()).unwrap();
        let ca_der = ca.cert.der().clone();
        Pki { dir, ca, foreign, ca_der, next_serial: std::cell::Cell::new(1000) }
    }

    /// A path inside the PKI's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A client certificate from the trusted CA with subject serialNumber `identity`.
    pub fn client(&self, identity: &str) -> ClientCert {
        self.issue(&self.ca, Some(identity), None, Kind::Valid)
    }

    /// A client certificate of `kind` from the trusted CA.
    pub fn client_of_kind(&self, identity: &str, kind: Kind) -> ClientCert {
        self.issue(&self.ca, Some(identity), None, kind)
    }

    /// A valid client certificate from the foreign CA.
    pub fn foreign_client(&self, identity: &str) -> ClientCert {
        self.issue(&self.foreign, Some(identity), None, Kind::Valid)
    }

    /// A valid client certificate with organizationIdentifier and an optional serialNumber.
    pub fn client_with_organization(&self, serial_number: Option<&str>, organization: &str) -> ClientCert {
        self.issue(&self.ca, serial_number, Some(organization), Kind::Valid)
    }

    fn issue(
        &self,
        authority: &Authority,
        identity: Option<&str>,
        organization: Option<&str>,
        kind: Kind,
    ) -> ClientCert {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CountryName, "DK");
        params.distinguished_name.push(DnType::OrganizationName, "Test // CVR:12345678");
        params.distinguished_name.push(DnType::CommonName, "Test system");
        if let Some(identity) = identity {
            params.distinguished_name.push(DnType::CustomDnType(SERIAL_NUMBER.to_vec()), identity);
        }
        if let Some(organization) = organization {
            params
                .distinguished_name
                .push(DnType::CustomDnType(ORGANIZATION_IDENTIFIER.to_vec()), organization);
        }
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = match kind {
            Kind::ServerAuthOnly => vec![ExtendedKeyUsagePurpose::ServerAuth],
            _ => vec![ExtendedKeyUsagePurpose::ClientAuth],
        };
        (params.not_before, params.not_after) = match kind {
            Kind::Expired => (date_time_ymd(2020, 1, 1), date_time_ymd(2021, 1, 1)),
            Kind::NotYetValid => (date_time_ymd(2090, 1, 1), date_time_ymd(2091, 1, 1)),
            _ => (date_time_ymd(2024, 1, 1), date_time_ymd(2090, 1, 1)),
        };
        let serial = self.next_serial.get();
        self.next_serial.set(serial + 1);
        params.serial_number = Some(SerialNumber::from(serial));
        let cert = params.signed_by(&key, &authority.cert, &authority.key).unwrap();
        ClientCert {
            chain: vec![cert.der().clone()],
            key: key.serialize_der(),
            serial: SerialNumber::from(serial),
        }
    }

    /// Writes a CRL of the trusted CA revoking `revoked` to `path` (PEM); replaces the file
    /// atomically, as an operator's tooling would.
    pub fn write_crl(&self, path: &Path, number: u64, revoked: &[&ClientCert]) {
        let crl = CertificateRevocationListParams {
            this_update: date_time_ymd(2024, 1, 1),
            next_update: date_time_ymd(2090, 1, 1),
            crl_number: SerialNumber::from(number),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|cert| RevokedCertParams {
                    serial_number: cert.serial.clone(),
                    revocation_time: date_time_ymd(2024, 6, 1),
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&self.ca.cert, &self.ca.key)
        .unwrap();
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, crl.pem().unwrap()).unwrap();
        std::fs::rename(&temporary, path).unwrap();
    }
}
