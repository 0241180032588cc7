//! `planner certs import-p12`: function certificates arrive as PKCS#12 files; the server and
//! the clients need PEM. Writes `<name>-key.pem` (mode 0600) and `<name>.pem` (the leaf first,
//! then the chain), where `<name>` is the file's stem.
//!
//! OCES files often use legacy PKCS#12 encryption (RC2, 3DES); when OpenSSL 3 refuses one, the
//! legacy provider is loaded and the file read again.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use openssl::pkcs12::Pkcs12;

use super::dev_pki::{write_private, write_public};
use super::identity::{ClientCertificate, IdentityAttribute};

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct ImportedP12 {
    /// The private key file (PEM, PKCS#8).
    pub key: PathBuf,
    /// The certificate chain file (PEM, leaf first).
    pub chain: PathBuf,
    /// The leaf's subject DN.
    pub subject: String,
    /// The leaf's subject serialNumber (the RID), when present.
    pub identity: Option<String>,
}

/// Reads `file` with `password` and writes key and chain into `out`.
pub fn import_p12(file: &Path, password: &str, out: &Path) -> anyhow::Result<ImportedP12> {
    let der = fs::read(file).with_context(|| format!("cannot read the PKCS#12 file '{}'", file.display()))?;
    let invalid = || format!("'{}' is not a PKCS#12 file", file.display());
    let parse =
        || Pkcs12::from_der(&der).with_context(invalid)?.parse2(password).map_err(anyhow::Error::from);
    let parsed = match parse() {
        Ok(parsed) => parsed,
        Err(first) => {
            // Keep the provider loaded for the rest of the process; dropping it would unload it.
            let legacy = openssl::provider::Provider::try_load(None, "legacy", true);
            let retried = legacy.is_ok().then(parse).and_then(Result::ok);
            std::mem::forget(legacy);
            retried.ok_or(first).with_context(|| {
                format!("cannot open the PKCS#12 file '{}'; check the password", file.display())
            })?
        }
    };
    let key = parsed.pkey.with_context(|| format!("no private key in '{}'", file.display()))?;
    let leaf = parsed.cert.with_context(|| format!("no certificate in '{}'", file.display()))?;
    let mut chain_pem = leaf.to_pem()?;
    for cert in parsed.ca.iter().flatten() {
        chain_pem.extend(cert.to_pem()?);
    }
    let stem = file.file_stem().and_then(|stem| stem.to_str()).unwrap_or("imported");
    fs::create_dir_all(out).with_context(|| format!("cannot create the directory '{}'", out.display()))?;
    let key_path = out.join(format!("{stem}-key.pem"));
    let chain_path = out.join(format!("{stem}.pem"));
    write_private(&key_path, &key.private_key_to_pem_pkcs8()?)?;
    write_public(&chain_path, &chain_pem)?;
    let info = ClientCertificate::from_x509(&leaf, IdentityAttribute::SerialNumber)?;
    Ok(ImportedP12 { key: key_path, chain: chain_path, subject: info.subject, identity: info.identity })
}
