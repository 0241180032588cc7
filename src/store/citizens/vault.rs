//! Protection of CPR numbers at rest (contract §5): a keyed hash (HMAC-SHA256) for lookups and
//! an AES-256-GCM ciphertext for the admin who must see the number. A database dump alone reveals
//! neither. Two sub-keys are derived from the one configured data key, so one secret is kept.

use std::fmt;

use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use openssl::symm::{decrypt_aead, encrypt_aead, Cipher};

use crate::domain::Cpr;
use crate::store::Error;

/// The 32-byte secret from `PLANNER_DATA_KEY` (64 hex digits). Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// Parses 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| Error::Config("data key must be 64 hexadecimal digits".into()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::Config("data key must be 64 hexadecimal digits (32 bytes)".into()))?;
        Ok(Self(key))
    }

    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Result<Self, Error> {
        let mut key = [0u8; 32];
        openssl::rand::rand_bytes(&mut key).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
        Ok(Self(key))
    }

    /// The key as 64 hex digits, for writing the development key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(**redacted**)")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let pkey = PKey::hmac(key)?;
    let mut signer = Signer::new(MessageDigest::sha256(), &pkey)?;
    signer.update(data)?;
    signer.sign_to_vec()
}

/// Hashes and encrypts CPR numbers with sub-keys of the data key.
#[derive(Clone)]
pub struct CprVault {
    hash_key: Vec<u8>,
    enc_key: Vec<u8>,
}

impl fmt::Debug for CprVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CprVault(**redacted**)")
    }
}

impl CprVault {
    /// Derives the hash and encryption sub-keys.
    pub fn new(key: &DataKey) -> Result<Self, Error> {
        let derive = |label: &[u8]| hmac(&key.0, label).map_err(|e| Error::Config(e.to_string()));
        Ok(Self { hash_key: derive(b"planner cpr hash v1")?, enc_key: derive(b"planner cpr encryption v1")? })
    }

    /// The lookup key of a CPR: hex HMAC-SHA256.
    pub fn hash(&self, cpr: &Cpr) -> String {
        // HMAC with a valid key and in-memory data cannot fail short of OpenSSL itself breaking.
        hmac(&self.hash_key, cpr.expose_for_storage().as_bytes()).map(hex::encode).unwrap_or_default()
    }

    /// Encrypts a CPR: hex of nonce (12) || ciphertext || tag (16), bound to its hash.
    pub fn encrypt(&self, cpr: &Cpr) -> Result<String, Error> {
        let mut nonce = [0u8; 12];
        openssl::rand::rand_bytes(&mut nonce).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut tag = [0u8; 16];
        let aad = self.hash(cpr);
        let ciphertext = encrypt_aead(
            Cipher::aes_256_gcm(),
            &self.enc_key,
            Some(&nonce),
            aad.as_bytes(),
            cpr.expose_for_storage().as_bytes(),
            &mut tag,
        )
        .map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(hex::encode([&nonce[..], &ciphertext, &tag].concat()))
    }

    /// The lookup key of another kind of person number (a BSN), hashed with the CPR key under
    /// its kind as a label, so it never collides with a CPR's hash.
    pub fn hash_labelled(&self, kind: &str, number: &str) -> String {
        let data = format!("{kind}:{number}");
        hmac(&self.hash_key, data.as_bytes()).map(hex::encode).unwrap_or_default()
    }

    /// Encrypts another kind of person number like [`CprVault::encrypt`], bound to its
    /// [`CprVault::hash_labelled`] key.
    pub fn encrypt_labelled(&self, kind: &str, number: &str) -> Result<String, Error> {
        let mut nonce = [0u8; 12];
        openssl::rand::rand_bytes(&mut nonce).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut tag = [0u8; 16];
        let aad = self.hash_labelled(kind, number);
        let ciphertext = encrypt_aead(
            Cipher::aes_256_gcm(),
            &self.enc_key,
            Some(&nonce),
            aad.as_bytes(),
            number.as_bytes(),
            &mut tag,
        )
        .map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(hex::encode([&nonce[..], &ciphertext, &tag].concat()))
    }

    /// Decrypts what [`CprVault::encrypt`] wrote; `hash` is the row's lookup key.
    pub fn decrypt(&self, stored: &str, hash: &str) -> Result<Cpr, Error> {
        let corrupt = || Error::Corrupt("CPR ciphertext cannot be decrypted with this data key".into());
        let bytes = hex::decode(stored).map_err(|_| corrupt())?;
        if bytes.len() < 12 + 16 {
            return Err(corrupt());
        }
        let (nonce, rest) = bytes.split_at(12);
        let (ciphertext, tag) = rest.split_at(rest.len() - 16);
        let plain =
            decrypt_aead(Cipher::aes_256_gcm(), &self.enc_key, Some(nonce), hash.as_bytes(), ciphertext, tag)
                .map_err(|_| corrupt())?;
        let text = String::from_utf8(plain).map_err(|_| corrupt())?;
        Cpr::parse(&text).map_err(|_| corrupt())
    }
}

impl CprVault {
    /// Encrypts a secret that is not a CPR (a webhook recipient's secret) under the same key,
    /// bound to `context` (its AES-GCM associated data): hex of nonce || ciphertext || tag.
    pub(crate) fn seal(&self, context: &str, plain: &str) -> Result<String, Error> {
        let mut nonce = [0u8; 12];
        openssl::rand::rand_bytes(&mut nonce).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut tag = [0u8; 16];
        let ciphertext = encrypt_aead(
            Cipher::aes_256_gcm(),
            &self.enc_key,
            Some(&nonce),
            context.as_bytes(),
            plain.as_bytes(),
            &mut tag,
        )
        .map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(hex::encode([&nonce[..], &ciphertext, &tag].concat()))
    }

    /// Decrypts what [`CprVault::seal`] wrote with the same `context`.
    pub(crate) fn unseal(&self, context: &str, stored: &str) -> Result<String, Error> {
        let corrupt =
            || Error::Corrupt(format!("secret of '{context}' cannot be decrypted with this data key"));
        let bytes = hex::decode(stored).map_err(|_| corrupt())?;
        if bytes.len() < 12 + 16 {
            return Err(corrupt());
        }
        let (nonce, rest) = bytes.split_at(12);
        let (ciphertext, tag) = rest.split_at(rest.len() - 16);
        let plain = decrypt_aead(
            Cipher::aes_256_gcm(),
            &self.enc_key,
            Some(nonce),
            context.as_bytes(),
            ciphertext,
            tag,
        )
        .map_err(|_| corrupt())?;
        String::from_utf8(plain).map_err(|_| corrupt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_keyed_and_ciphertext_round_trips() {
        let cpr = Cpr::parse("0101901234").unwrap();
        let a = CprVault::new(&DataKey::from_hex(&"11".repeat(32)).unwrap()).unwrap();
        let b = CprVault::new(&DataKey::from_hex(&"22".repeat(32)).unwrap()).unwrap();
        assert_eq!(a.hash(&cpr), a.hash(&cpr));
        assert_ne!(a.hash(&cpr), b.hash(&cpr));
        assert!(!a.hash(&cpr).contains("0101901234"));
        let stored = a.encrypt(&cpr).unwrap();
        assert!(!stored.contains("0101901234"));
        assert_ne!(stored, a.encrypt(&cpr).unwrap(), "fresh nonce each time");
        assert_eq!(a.decrypt(&stored, &a.hash(&cpr)).unwrap(), cpr);
        assert!(b.decrypt(&stored, &b.hash(&cpr)).is_err());
        assert!(DataKey::from_hex("abc").is_err());
        assert_eq!(format!("{:?}", DataKey::generate().unwrap()), "DataKey(**redacted**)");
    }

    #[test]
    fn sealed_secrets_round_trip_only_in_their_context() {
        let a = CprVault::new(&DataKey::from_hex(&"11".repeat(32)).unwrap()).unwrap();
        let sealed = a.seal("webhook:xs", "hook secret").unwrap();
        assert!(!sealed.contains("hook secret"));
        assert_eq!(a.unseal("webhook:xs", &sealed).unwrap(), "hook secret");
        assert!(a.unseal("webhook:other", &sealed).is_err());
    }
}
