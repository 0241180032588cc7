//! The plan-link (docs/contract/adapters.md §6): a short-lived URL, signed with the shared
//! Token, that opens the planner for one person and one caseworker, as the Xpert Suite's link
//! opens Planningsagenda for the selected employee. It lives in the edge because two
//! transports accept it: the staff web app (`GET /planlink` on the people listener, where the
//! caseworker's browser lands) and the adapters' JSON endpoint (`GET /adapters/planlink` on the
//! mutual-TLS listener, kept for existing clients); `planner planlink` makes links.
//!
//! Layout (our design; the vendor's is not public):
//! `{web_url}/planlink?person=P&caseworker=C&expires=UNIX&nonce=HEX&sig=HEX`, where
//! `sig` is hex HMAC-SHA256 with the Token over `planlink.v1\nP\nC\nUNIX\nNONCE`. Accepting a
//! link checks the signature in constant time (against the Token and, during rotation, the
//! Extra-Token), the expiry (and that it lies no further ahead than the configured lifetime),
//! and the nonce: it is remembered in the store until the link expires, so a link opens once.
//! The person is an opaque reference (the absence intake's person id), never a CPR or BSN,
//! because URLs end up in browser histories and proxy logs.

use chrono::{DateTime, TimeZone, Utc};
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;

/// The keys links are signed with and how long a link lives; `Debug` prints no key.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    token: String,
    extra: Option<String>,
    ttl: chrono::Duration,
}

impl Keys {
    /// The signing `token`, an `extra` token also accepted (rotation), and the links' lifetime.
    pub fn new(token: &str, extra: Option<&str>, ttl: chrono::Duration) -> Self {
        Self { token: token.to_owned(), extra: extra.map(str::to_owned), ttl }
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

/// A link's content once accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLink {
    /// The person reference.
    pub person: String,
    /// The caseworker's identifier.
    pub caseworker: String,
    /// When the link stops being valid.
    pub expires: DateTime<Utc>,
    /// The one-time nonce.
    pub nonce: String,
}

/// Why a link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Occurs when no Token is configured.
    #[error("the plan-link is not configured; set PLANNER_PLANLINK_TOKEN")]
    NotConfigured,
    /// Occurs when a parameter is missing or malformed.
    #[error("'{0}' is missing or malformed")]
    Malformed(&'static str),
    /// Occurs when the signature does not match (a changed or forged link).
    #[error("the link's signature does not match")]
    BadSignature,
    /// Occurs when the link has expired (or claims a lifetime longer than configured).
    #[error("the link has expired")]
    Expired,
    /// Occurs when the link was opened before.
    #[error("the link was used before")]
    Replayed,
}

fn mac(key: &[u8], link: &PlanLink) -> Result<Vec<u8>, Refusal> {
    let text = format!(
        "planlink.v1\n{}\n{}\n{}\n{}",
        link.person,
        link.caseworker,
        link.expires.timestamp(),
        link.nonce
    );
    let key = PKey::hmac(key).map_err(|_| Refusal::NotConfigured)?;
    let mut signer = Signer::new(MessageDigest::sha256(), &key).map_err(|_| Refusal::NotConfigured)?;
    signer.update(text.as_bytes()).map_err(|_| Refusal::NotConfigured)?;
    signer.sign_to_vec().map_err(|_| Refusal::NotConfigured)
}

/// Checks a person reference or caseworker id: 1-120 URL-safe characters; a person must not be
/// a bare 9- or 10-digit number (a BSN or CPR).
pub fn check_reference(field: &'static str, text: &str) -> Result<(), Refusal> {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if text.is_empty() || text.len() > 120 || !text.chars().all(safe) {
        return Err(Refusal::Malformed(field));
    }
    if field == "person" && matches!(text.len(), 9 | 10) && text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Malformed(field));
    }
    Ok(())
}

/// Makes a signed link's query string (without `?`) valid for the keys' lifetime.
pub fn sign(keys: &Keys, person: &str, caseworker: &str, now: DateTime<Utc>) -> Result<String, Refusal> {
    check_reference("person", person)?;
    check_reference("caseworker", caseworker)?;
    let mut nonce = [0u8; 16];
    openssl::rand::rand_bytes(&mut nonce).map_err(|_| Refusal::NotConfigured)?;
    let link = PlanLink {
        person: person.to_owned(),
        caseworker: caseworker.to_owned(),
        expires: now + keys.ttl,
        nonce: hex::encode(nonce),
    };
    let sig = hex::encode(mac(keys.token.as_bytes(), &link)?);
    Ok(format!(
        "person={}&caseworker={}&expires={}&nonce={}&sig={sig}",
        link.person,
        link.caseworker,
        link.expires.timestamp(),
        link.nonce
    ))
}

/// Checks a link's parameters (`lookup(name)` gives a query parameter): signature in constant
/// time, then expiry. The caller then spends the nonce (`Store::use_planlink_nonce`).
pub fn verify(
    keys: &Keys,
    lookup: &dyn Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
) -> Result<PlanLink, Refusal> {
    let get = |name: &'static str| lookup(name).ok_or(Refusal::Malformed(name));
    let person = get("person")?;
    let caseworker = get("caseworker")?;
    check_reference("person", &person)?;
    check_reference("caseworker", &caseworker)?;
    let expires = get("expires")?
        .parse::<i64>()
        .ok()
        .and_then(|unix| Utc.timestamp_opt(unix, 0).single())
        .ok_or(Refusal::Malformed("expires"))?;
    let nonce = get("nonce")?;
    if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Refusal::Malformed("nonce"));
    }
    let sig = hex::decode(get("sig")?).map_err(|_| Refusal::Malformed("sig"))?;
    let link = PlanLink { person, caseworker, expires, nonce };
    let mut matched = false;
    for key in std::iter::once(&keys.token).chain(keys.extra.as_ref()) {
        let expected = mac(key.as_bytes(), &link)?;
        // Constant time: the comparison does not reveal how many leading bytes matched.
        matched |= expected.len() == sig.len() && openssl::memcmp::eq(&expected, &sig);
    }
    if !matched {
        return Err(Refusal::BadSignature);
    }
    if now >= link.expires || link.expires - now > keys.ttl {
        return Err(Refusal::Expired);
    }
    Ok(link)
}
