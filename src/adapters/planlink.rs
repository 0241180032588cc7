//! The plan-link (docs/contract/adapters.md §6): a short-lived URL, signed with the shared
//! Token, that opens the planner for one person and one caseworker, as the Xpert Suite's link
//! opens Planningsagenda for the selected employee.
//!
//! Layout (our design; the vendor's is not public):
//! `{public_url}/adapters/planlink?person=P&caseworker=C&expires=UNIX&nonce=HEX&sig=HEX`, where
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

use super::settings::PlanLinkSettings;

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

/// Makes a signed link's query string (without `?`) valid for the configured lifetime.
pub fn sign(
    settings: &PlanLinkSettings,
    person: &str,
    caseworker: &str,
    now: DateTime<Utc>,
) -> Result<String, Refusal> {
    let token = settings.token.as_ref().ok_or(Refusal::NotConfigured)?;
    check_reference("person", person)?;
    check_reference("caseworker", caseworker)?;
    let mut nonce = [0u8; 16];
    openssl::rand::rand_bytes(&mut nonce).map_err(|_| Refusal::NotConfigured)?;
    let link = PlanLink {
        person: person.to_owned(),
        caseworker: caseworker.to_owned(),
        expires: now + settings.ttl,
        nonce: hex::encode(nonce),
    };
    let sig = hex::encode(mac(token.expose().as_bytes(), &link)?);
    Ok(format!(
        "person={}&caseworker={}&expires={}&nonce={}&sig={sig}",
        link.person,
        link.caseworker,
        link.expires.timestamp(),
        link.nonce
    ))
}

/// Checks a link's parameters (`lookup(name)` gives a query parameter): signature in constant
/// time, then expiry. The caller then spends the nonce ([`crate::store::Store::use_planlink_nonce`]).
pub fn verify(
    settings: &PlanLinkSettings,
    lookup: &dyn Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
) -> Result<PlanLink, Refusal> {
    let token = settings.token.as_ref().ok_or(Refusal::NotConfigured)?;
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
    let keys = std::iter::once(token).chain(settings.extra_token.as_ref());
    let mut matched = false;
    for key in keys {
        let expected = mac(key.expose().as_bytes(), &link)?;
        // Constant time: the comparison does not reveal how many leading bytes matched.
        matched |= expected.len() == sig.len() && openssl::memcmp::eq(&expected, &sig);
    }
    if !matched {
        return Err(Refusal::BadSignature);
    }
    if now >= link.expires || link.expires - now > settings.ttl {
        return Err(Refusal::Expired);
    }
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::settings::Secret;

    fn settings() -> PlanLinkSettings {
        PlanLinkSettings {
            token: Some(Secret::new("0123456789abcdef-token")),
            extra_token: None,
            ttl: chrono::Duration::minutes(5),
        }
    }

    fn params(query: &str) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| {
            query
                .split('&')
                .find_map(|pair| pair.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v.to_owned()))
        }
    }

    #[test]
    fn signed_links_verify_until_they_expire_and_not_when_changed() {
        let now = Utc::now();
        let query = sign(&settings(), "person-1", "CVR:1-FID:2", now).unwrap();
        assert_eq!(verify(&settings(), &params(&query), now).unwrap().person, "person-1");
        let later = now + chrono::Duration::minutes(5);
        assert_eq!(verify(&settings(), &params(&query), later), Err(Refusal::Expired));
        let tampered = query.replace("person-1", "person-2");
        assert_eq!(verify(&settings(), &params(&tampered), now), Err(Refusal::BadSignature));
        let mut rotated = settings();
        rotated.extra_token = rotated.token.take();
        rotated.token = Some(Secret::new("another-token-0123456789"));
        assert!(verify(&rotated, &params(&query), now).is_ok(), "the extra token is accepted");
        assert_eq!(sign(&settings(), "0101901234", "C", now), Err(Refusal::Malformed("person")));
        assert_eq!(sign(&settings(), "a b", "C", now), Err(Refusal::Malformed("person")));
    }
}
