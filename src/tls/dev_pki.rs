//! `planner certs dev`: a development PKI, so that the service runs with real mutual TLS on a
//! developer's machine. A CA (with its key, so operators can sign more test clients), a server
//! certificate for `localhost` and `127.0.0.1`, and three client certificates shaped like OCES3
//! function certificates (subject serialNumber `CVR:<cvr>-UUID:<uuid>`, organizationIdentifier
//! `NTRDK-<cvr>`, O, CN, C=DK; EKU clientAuth; key usage digitalSignature).
//!
//! Existing files are kept unless `force` is set, so the command is idempotent; a new CA makes
//! every certificate new, since old ones would no longer chain. Keys are EC P-256 and written
//! with mode 0600. Registering the callers is the CLI's job; this module only writes files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509Builder, X509Name, X509NameBuilder, X509};

use super::identity::{ClientCertificate, IdentityAttribute};
use crate::domain::Role;

/// One client of the development PKI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevCaller {
    /// The file stem (`dfdg`, `caseworker`, `admin`).
    pub name: &'static str,
    /// The certificate identity (subject serialNumber).
    pub identity: String,
    /// The role it is registered with.
    pub role: Role,
}

/// What `planner certs dev` produced.
#[derive(Debug, Clone)]
pub struct DevPki {
    /// The directory holding the files.
    pub dir: PathBuf,
    /// Files written by this run.
    pub created: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
    /// The three clients.
    pub callers: Vec<DevCaller>,
}

struct Client {
    name: &'static str,
    cvr: &'static str,
    organisation: &'static str,
    common_name: &'static str,
    role: Role,
}

const CLIENTS: [Client; 3] = [
    Client {
        name: "dfdg",
        cvr: "55568510",
        organisation: "Styrelsen for Arbejdsmarked og Rekruttering",
        common_name: "DFDG selvbooking (development)",
        role: Role::Dfdg,
    },
    Client {
        name: "caseworker",
        cvr: "64942212",
        organisation: "Demo Kommune",
        common_name: "Sagsbehandlingssystem (development)",
        role: Role::CaseworkerSystem,
    },
    Client {
        name: "admin",
        cvr: "64942212",
        organisation: "Demo Kommune",
        common_name: "Planner administration (development)",
        role: Role::Admin,
    },
];

/// Creates (or completes) the development PKI in `dir`.
pub fn create_dev_pki(dir: &Path, force: bool) -> anyhow::Result<DevPki> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create the directory '{}'", dir.display()))?;
    let mut pki =
        DevPki { dir: dir.to_path_buf(), created: Vec::new(), kept: Vec::new(), callers: Vec::new() };
    let (ca_cert_path, ca_key_path) = (dir.join("ca.pem"), dir.join("ca-key.pem"));
    let keep_ca = !force && ca_cert_path.is_file() && ca_key_path.is_file();
    let (ca_cert, ca_key) = if keep_ca {
        pki.kept.extend([ca_cert_path.clone(), ca_key_path.clone()]);
        (read_cert(&ca_cert_path)?, read_key(&ca_key_path)?)
    } else {
        let key = new_key()?;
        let cert = ca_certificate(&key)?;
        write_pair(&mut pki, &ca_cert_path, &cert, &ca_key_path, &key)?;
        (cert, key)
    };
    // Leaves are kept only beside a kept CA: new CA, new leaves.
    let keep = |cert: &Path, key: &Path| keep_ca && cert.is_file() && key.is_file();
    let (server_path, server_key_path) = (dir.join("server.pem"), dir.join("server-key.pem"));
    if keep(&server_path, &server_key_path) {
        pki.kept.extend([server_path, server_key_path]);
    } else {
        let key = new_key()?;
        let name = name(&[("C", "DK"), ("O", "Planner development"), ("CN", "localhost")])?;
        let cert = leaf_certificate(&name, &key, &ca_cert, &ca_key, Usage::Server)?;
        write_pair(&mut pki, &server_path, &cert, &server_key_path, &key)?;
    }
    for client in &CLIENTS {
        let cert_path = dir.join(format!("{}.pem", client.name));
        let key_path = dir.join(format!("{}-key.pem", client.name));
        let cert = if keep(&cert_path, &key_path) {
            pki.kept.extend([cert_path.clone(), key_path]);
            read_cert(&cert_path)?
        } else {
            let key = new_key()?;
            let rid = format!("CVR:{}-UUID:{}", client.cvr, uuid::Uuid::new_v4());
            let name = name(&[
                ("C", "DK"),
                ("organizationIdentifier", &format!("NTRDK-{}", client.cvr)),
                ("O", &format!("{} // CVR:{}", client.organisation, client.cvr)),
                ("CN", client.common_name),
                ("serialNumber", &rid),
            ])?;
            let cert = leaf_certificate(&name, &key, &ca_cert, &ca_key, Usage::Client)?;
            write_pair(&mut pki, &cert_path, &cert, &key_path, &key)?;
            cert
        };
        let identity =
            ClientCertificate::from_x509(&cert, IdentityAttribute::SerialNumber)?.identity.with_context(
                || format!("'{}' has no subject serialNumber; rerun with --force", cert_path.display()),
            )?;
        pki.callers.push(DevCaller { name: client.name, identity, role: client.role });
    }
    Ok(pki)
}

enum Usage {
    Server,
    Client,
}

fn new_key() -> anyhow::Result<PKey<Private>> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
}

fn name(entries: &[(&str, &str)]) -> anyhow::Result<X509Name> {
    let mut builder = X509NameBuilder::new()?;
    for (key, value) in entries {
        builder.append_entry_by_text(key, value).with_context(|| format!("cannot set the subject {key}"))?;
    }
    Ok(builder.build())
}

fn serial() -> anyhow::Result<Asn1Integer> {
    let mut number = BigNum::new()?;
    number.rand(127, MsbOption::MAYBE_ZERO, false)?;
    Ok(number.to_asn1_integer()?)
}

/// A builder with serial, subject, key and validity from an hour ago (clock skew) for `days`.
fn builder(subject: &X509Name, key: &PKey<Private>, days: u32) -> anyhow::Result<X509Builder> {
    let mut builder = X509Builder::new()?;
    builder.set_version(2)?;
    let serial = serial()?;
    builder.set_serial_number(&serial)?;
    builder.set_subject_name(subject)?;
    builder.set_pubkey(key)?;
    let now = chrono::Utc::now().timestamp();
    let (not_before, not_after) = (Asn1Time::from_unix(now - 3600)?, Asn1Time::days_from_now(days)?);
    builder.set_not_before(&not_before)?;
    builder.set_not_after(&not_after)?;
    Ok(builder)
}

fn ca_certificate(key: &PKey<Private>) -> anyhow::Result<X509> {
    let subject = name(&[("C", "DK"), ("O", "Planner development"), ("CN", "Planner development CA")])?;
    let mut builder = builder(&subject, key, 3650)?;
    builder.set_issuer_name(&subject)?;
    builder.append_extension(BasicConstraints::new().critical().ca().build()?)?;
    builder.append_extension(KeyUsage::new().critical().key_cert_sign().crl_sign().build()?)?;
    let identifier = SubjectKeyIdentifier::new().build(&builder.x509v3_context(None, None))?;
    builder.append_extension(identifier)?;
    builder.sign(key, MessageDigest::sha256())?;
    Ok(builder.build())
}

/// A new development CA certificate (DER), for unit tests that need trust anchors.
#[cfg(test)]
pub(crate) fn test_ca() -> rustls::pki_types::CertificateDer<'static> {
    let cert = new_key().and_then(|key| ca_certificate(&key)).and_then(|cert| Ok(cert.to_der()?));
    rustls::pki_types::CertificateDer::from(cert.expect("a development CA"))
}

fn leaf_certificate(
    subject: &X509Name,
    key: &PKey<Private>,
    ca_cert: &X509,
    ca_key: &PKey<Private>,
    usage: Usage,
) -> anyhow::Result<X509> {
    let mut builder = builder(subject, key, 730)?;
    builder.set_issuer_name(ca_cert.subject_name())?;
    builder.append_extension(BasicConstraints::new().build()?)?;
    builder.append_extension(KeyUsage::new().critical().digital_signature().build()?)?;
    match usage {
        Usage::Server => {
            builder.append_extension(ExtendedKeyUsage::new().server_auth().build()?)?;
            let names = SubjectAlternativeName::new()
                .dns("localhost")
                .ip("127.0.0.1")
                .build(&builder.x509v3_context(Some(ca_cert), None))?;
            builder.append_extension(names)?;
        }
        Usage::Client => builder.append_extension(ExtendedKeyUsage::new().client_auth().build()?)?,
    }
    let subject_id = SubjectKeyIdentifier::new().build(&builder.x509v3_context(Some(ca_cert), None))?;
    builder.append_extension(subject_id)?;
    let authority_id =
        AuthorityKeyIdentifier::new().keyid(false).build(&builder.x509v3_context(Some(ca_cert), None))?;
    builder.append_extension(authority_id)?;
    builder.sign(ca_key, MessageDigest::sha256())?;
    Ok(builder.build())
}

fn read_cert(path: &Path) -> anyhow::Result<X509> {
    let pem = fs::read(path).with_context(|| format!("cannot read '{}'", path.display()))?;
    X509::from_pem(&pem)
        .with_context(|| format!("no certificate in '{}'; rerun with --force", path.display()))
}

fn read_key(path: &Path) -> anyhow::Result<PKey<Private>> {
    let pem = fs::read(path).with_context(|| format!("cannot read '{}'", path.display()))?;
    PKey::private_key_from_pem(&pem)
        .with_context(|| format!("no private key in '{}'; rerun with --force", path.display()))
}

fn write_pair(
    pki: &mut DevPki,
    cert_path: &Path,
    cert: &X509,
    key_path: &Path,
    key: &PKey<Private>,
) -> anyhow::Result<()> {
    write_private(key_path, &key.private_key_to_pem_pkcs8()?)?;
    write_public(cert_path, &cert.to_pem()?)?;
    pki.created.extend([cert_path.to_path_buf(), key_path.to_path_buf()]);
    Ok(())
}

/// Writes a certificate (world-readable is fine).
pub(super) fn write_public(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    fs::write(path, bytes).with_context(|| format!("cannot write '{}'", path.display()))
}

/// Writes a private key with mode 0600, replacing any file there.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let context = || format!("cannot write the private key '{}'", path.display());
    // Removing first means an existing file's wider mode is never reused.
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).with_context(context),
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(context)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).with_context(context)
}
