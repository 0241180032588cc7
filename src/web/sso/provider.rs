//! The identity provider as the planner uses it: its discovery document
//! (`{issuer}/.well-known/openid-configuration`, whose `issuer` must be the configured one), its
//! signing keys (the JWKS, cached; fetched again when a token names a key id the cache does not
//! hold, at most once a minute), and the exchange of an authorization code for tokens
//! (`client_secret_basic`, with the PKCE verifier).
//!
//! The calls go through an [`IdpTransport`], which the server assembles from the product's HTTP
//! client with the configured trust anchor; they are blocking and run on the blocking pool.
//! Errors name what failed, never a token, code, secret or body.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::DecodingKey;
use serde::Deserialize;

use super::settings::SsoSettings;
use super::token::KeyFamily;

/// How the planner reaches the identity provider (HTTPS GET and form POST).
pub trait IdpTransport: Send + Sync {
    /// GETs `url` with `Accept: application/json`; answers the status and body.
    fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String>;
    /// POSTs the form `body` to `url` with `Authorization: {authorization}`; answers the status
    /// and body.
    fn post_form(&self, url: &str, authorization: &str, body: &str) -> Result<(u16, Vec<u8>), String>;
}

/// What the discovery document says.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    /// The issuer (must equal the configured one).
    pub issuer: String,
    /// Where the browser is sent to sign in.
    pub authorization_endpoint: String,
    /// Where codes are exchanged.
    pub token_endpoint: String,
    /// The provider's signing keys.
    pub jwks_uri: String,
}

/// Why talking to the provider failed (logged; the person sees a general page).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached or answered something unusable.
    #[error("the identity provider failed: {0}")]
    Unavailable(String),
    /// The provider refused the code (used, expired, another client's, wrong verifier).
    #[error("the identity provider refused the code ({0})")]
    CodeRefused(String),
}

/// The keys as last fetched.
struct Keys {
    set: JwkSet,
    fetched: Instant,
}

/// The identity provider, its discovery and keys cached.
pub struct Provider {
    settings: SsoSettings,
    transport: Arc<dyn IdpTransport>,
    discovery: Mutex<Option<Discovery>>,
    keys: Mutex<Option<Keys>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("settings", &self.settings).finish_non_exhaustive()
    }
}

/// How soon the keys may be fetched again for an unknown key id.
const REFETCH_AFTER: Duration = Duration::from_secs(60);

fn unavailable(what: impl Into<String>) -> ProviderError {
    ProviderError::Unavailable(what.into())
}

/// The token endpoint's answer (only what is used).
#[derive(Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
}

/// The token endpoint's error answer.
#[derive(Deserialize)]
struct TokenError {
    error: String,
}

impl Provider {
    /// The provider of `settings`, reached through `transport`; nothing is fetched yet.
    pub fn new(settings: SsoSettings, transport: Arc<dyn IdpTransport>) -> Self {
        Self { settings, transport, discovery: Mutex::new(None), keys: Mutex::new(None) }
    }

    /// The settings.
    pub fn settings(&self) -> &SsoSettings {
        &self.settings
    }

    fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str, what: &str) -> Result<T, ProviderError> {
        if !self.settings.url_allowed(url) {
            return Err(unavailable(format!("the {what} URL is not https")));
        }
        let (status, body) = self.transport.get(url).map_err(unavailable)?;
        if !(200..300).contains(&status) {
            return Err(unavailable(format!("the {what} answered {status}")));
        }
        serde_json::from_slice(&body).map_err(|_| unavailable(format!("the {what} is not the expected JSON")))
    }

    /// The discovery document, fetched once and kept.
    pub fn discovery(&self) -> Result<Discovery, ProviderError> {
        if let Some(found) = self.discovery.lock().map_err(|_| unavailable("poisoned"))?.clone() {
            return Ok(found);
        }
        let issuer = self.settings.issuer.trim_end_matches('/');
        let url = format!("{issuer}/.well-known/openid-configuration");
        let found: Discovery = self.get_json(&url, "discovery document")?;
        if found.issuer != self.settings.issuer {
            return Err(unavailable("the discovery document names another issuer"));
        }
        for endpoint in [&found.authorization_endpoint, &found.token_endpoint, &found.jwks_uri] {
            if !self.settings.url_allowed(endpoint) {
                return Err(unavailable("the discovery document names an endpoint that is not https"));
            }
        }
        *self.discovery.lock().map_err(|_| unavailable("poisoned"))? = Some(found.clone());
        Ok(found)
    }

    /// The key that `kid` names (the only key of its kind when the token names none), fetching
    /// the keys when none are cached or the key is unknown and they were not fetched just now.
    pub fn key(&self, kid: Option<&str>, family: KeyFamily) -> Result<Option<DecodingKey>, ProviderError> {
        let pick = |set: &JwkSet| -> Option<DecodingKey> {
            let usable = |jwk: &&Jwk| {
                let family_of = match &jwk.algorithm {
                    AlgorithmParameters::RSA(_) => Some(KeyFamily::Rsa),
                    AlgorithmParameters::EllipticCurve(_) => Some(KeyFamily::Ec),
                    _ => None,
                };
                let signing = !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption));
                family_of == Some(family) && signing
            };
            let candidates: Vec<&Jwk> = set.keys.iter().filter(usable).collect();
            let chosen = match kid {
                Some(kid) => candidates.into_iter().find(|jwk| jwk.common.key_id.as_deref() == Some(kid)),
                None if candidates.len() == 1 => candidates.into_iter().next(),
                None => None,
            };
            chosen.and_then(|jwk| DecodingKey::from_jwk(jwk).ok())
        };
        let fresh_enough = {
            let cached = self.keys.lock().map_err(|_| unavailable("poisoned"))?;
            if let Some(keys) = cached.as_ref() {
                if let Some(key) = pick(&keys.set) {
                    return Ok(Some(key));
                }
                keys.fetched.elapsed() < REFETCH_AFTER
            } else {
                false
            }
        };
        if fresh_enough {
            return Ok(None);
        }
        let discovery = self.discovery()?;
        let set: JwkSet = self.get_json(&discovery.jwks_uri, "key set")?;
        let key = pick(&set);
        *self.keys.lock().map_err(|_| unavailable("poisoned"))? = Some(Keys { set, fetched: Instant::now() });
        Ok(key)
    }

    /// Exchanges `code` with the PKCE `verifier` for the ID token.
    pub fn exchange(&self, code: &str, verifier: &str) -> Result<String, ProviderError> {
        let discovery = self.discovery()?;
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("redirect_uri", &self.settings.redirect_uri)
            .append_pair("code_verifier", verifier)
            .finish();
        let authorization = basic(&self.settings.client_id, &self.settings.client_secret);
        let (status, answer) = self
            .transport
            .post_form(&discovery.token_endpoint, &authorization, &body)
            .map_err(unavailable)?;
        if (400..500).contains(&status) {
            let error = serde_json::from_slice::<TokenError>(&answer).map(|e| e.error).unwrap_or_default();
            let error: String =
                error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
            return Err(ProviderError::CodeRefused(error));
        }
        if !(200..300).contains(&status) {
            return Err(unavailable(format!("the token endpoint answered {status}")));
        }
        let answer: TokenAnswer =
            serde_json::from_slice(&answer).map_err(|_| unavailable("the token answer is not JSON"))?;
        answer.id_token.ok_or_else(|| unavailable("the token answer has no ID token"))
    }
}

/// `Basic` authorization of `client_secret_basic` (RFC 6749 §2.3.1: both parts form-encoded).
fn basic(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(id), encode(secret));
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::web::sso::SubjectClaim;

    /// A provider answering from fixed documents, counting key fetches.
    struct Fake {
        discovery: serde_json::Value,
        keys: Mutex<serde_json::Value>,
        key_fetches: AtomicUsize,
    }

    impl IdpTransport for Fake {
        fn get(&self, url: &str) -> Result<(u16, Vec<u8>), String> {
            let body = if url.ends_with("/.well-known/openid-configuration") {
                self.discovery.clone()
            } else if url == "https://idp.kommune.dk/keys" {
                self.key_fetches.fetch_add(1, Ordering::SeqCst);
                self.keys.lock().unwrap().clone()
            } else {
                return Ok((404, Vec::new()));
            };
            Ok((200, serde_json::to_vec(&body).unwrap()))
        }

        fn post_form(&self, _: &str, _: &str, _: &str) -> Result<(u16, Vec<u8>), String> {
            Ok((400, br#"{"error":"invalid_grant","error_description":"a@b.dk"}"#.to_vec()))
        }
    }

    fn settings() -> SsoSettings {
        SsoSettings {
            issuer: "https://idp.kommune.dk".into(),
            client_id: "planner".into(),
            client_secret: "secret".into(),
            claim: SubjectClaim::Subject,
            button: "Log ind".into(),
            redirect_uri: "https://planner.kommune.dk/login/sso/callback".into(),
        }
    }

    fn discovery(issuer: &str, token_endpoint: &str) -> serde_json::Value {
        serde_json::json!({
            "issuer": issuer,
            "authorization_endpoint": "https://idp.kommune.dk/auth",
            "token_endpoint": token_endpoint,
            "jwks_uri": "https://idp.kommune.dk/keys",
        })
    }

    fn jwk(kid: &str) -> serde_json::Value {
        // Any well-formed modulus builds a key; nothing is verified here.
        serde_json::json!({"kty": "RSA", "kid": kid, "use": "sig", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw", "e": "AQAB"})
    }

    fn provider(fake: Arc<Fake>) -> Provider {
        Provider::new(settings(), fake)
    }

    fn fake(discovery: serde_json::Value) -> Arc<Fake> {
        let keys = Mutex::new(serde_json::json!({"keys": [jwk("k1")]}));
        Arc::new(Fake { discovery, keys, key_fetches: AtomicUsize::new(0) })
    }

    #[test]
    fn discovery_must_name_the_configured_issuer_and_https_endpoints() {
        let other = provider(fake(discovery("https://evil.example", "https://idp.kommune.dk/token")));
        assert!(other.discovery().is_err());
        let plain = provider(fake(discovery("https://idp.kommune.dk", "http://idp.kommune.dk/token")));
        assert!(plain.discovery().is_err());
        let fine = provider(fake(discovery("https://idp.kommune.dk", "https://idp.kommune.dk/token")));
        assert_eq!(fine.discovery().unwrap().token_endpoint, "https://idp.kommune.dk/token");
    }

    #[test]
    fn keys_are_cached_and_fetched_again_once_for_an_unknown_key_id() {
        let fake = fake(discovery("https://idp.kommune.dk", "https://idp.kommune.dk/token"));
        let provider = provider(fake.clone());
        assert!(provider.key(Some("k1"), KeyFamily::Rsa).unwrap().is_some());
        assert!(provider.key(Some("k1"), KeyFamily::Rsa).unwrap().is_some());
        assert_eq!(fake.key_fetches.load(Ordering::SeqCst), 1, "cached");
        assert!(provider.key(Some("k1"), KeyFamily::Ec).unwrap().is_none(), "another family");
        // An unknown key just after a fetch: not fetched again (no fetch storm by forged ids).
        assert!(provider.key(Some("k2"), KeyFamily::Rsa).unwrap().is_none());
        assert_eq!(fake.key_fetches.load(Ordering::SeqCst), 1);
        // After the minute, the rotated key is fetched.
        *fake.keys.lock().unwrap() = serde_json::json!({"keys": [jwk("k1"), jwk("k2")]});
        let mut cached = provider.keys.lock().unwrap();
        let fetched = &mut cached.as_mut().unwrap().fetched;
        *fetched = fetched.checked_sub(REFETCH_AFTER).expect("a monotonic clock past its first minute");
        drop(cached);
        assert!(provider.key(Some("k2"), KeyFamily::Rsa).unwrap().is_some());
        assert_eq!(fake.key_fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_refused_code_names_only_the_error_code() {
        let provider = provider(fake(discovery("https://idp.kommune.dk", "https://idp.kommune.dk/token")));
        let error = provider.exchange("code", "verifier").unwrap_err();
        assert_eq!(error, ProviderError::CodeRefused("invalid_grant".into()));
        assert!(!error.to_string().contains("a@b.dk"));
    }

    #[test]
    fn basic_authorization_encodes_both_parts() {
        // "a b:c:d" form-encoded is "a+b:c%3Ad".
        assert_eq!(super::basic("a b", "c:d"), "Basic YStiOmMlM0Fk");
    }
}
