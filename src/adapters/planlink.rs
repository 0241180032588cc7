//! The plan-link as the adapters configure it: the keys come from `[adapters.planlink]`
//! ([`PlanLinkSettings`]); signing and checking a link is the edge's (`edge::planlink`), which the
//! staff web app's landing shares. `GET /adapters/planlink` (`inbound/planlink.rs`) answers
//! JSON for existing clients.

use chrono::{DateTime, Utc};

use super::settings::PlanLinkSettings;
pub use crate::edge::planlink::{check_reference, Keys, PlanLink, Refusal};

/// The keys of `settings`; `None` when no token is configured (the plan-link is off).
pub fn keys(settings: &PlanLinkSettings) -> Option<Keys> {
    let token = settings.token.as_ref()?;
    Some(Keys::new(token.expose(), settings.extra_token.as_ref().map(|t| t.expose()), settings.ttl))
}

/// Makes a signed link's query string (without `?`) valid for the configured lifetime.
pub fn sign(
    settings: &PlanLinkSettings,
    person: &str,
    caseworker: &str,
    now: DateTime<Utc>,
) -> Result<String, Refusal> {
    crate::edge::planlink::sign(&keys(settings).ok_or(Refusal::NotConfigured)?, person, caseworker, now)
}

/// Checks a link's parameters (`lookup(name)` gives a query parameter): signature in constant
/// time, then expiry. The caller then spends the nonce ([`crate::store::Store::use_planlink_nonce`]).
pub fn verify(
    settings: &PlanLinkSettings,
    lookup: &dyn Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
) -> Result<PlanLink, Refusal> {
    crate::edge::planlink::verify(&keys(settings).ok_or(Refusal::NotConfigured)?, lookup, now)
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
