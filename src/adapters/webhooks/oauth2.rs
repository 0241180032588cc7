//! The OAuth2 webhook sender (recipient kind `oauth2`): instead of signing, it sends
//! `Authorization: Bearer <token>` with a client-credentials token (RFC 6749 §4.4) from the
//! recipient's token URL.
//!
//! The client authenticates at the token endpoint with HTTP Basic (`client_secret_basic`, which
//! RFC 6749 §2.3.1 requires every server to support). A token is cached per recipient and
//! credentials until `expires_in` minus [`EXPIRY_MARGIN`] (5 minutes when the server names no
//! lifetime), shared by every worker thread of the process; a 401 from the recipient drops it
//! and the delivery is sent once more with a fresh token. Tokens and the client secret never
//! reach a log line or an error message.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::recipient::OAuth2Settings;
use crate::adapters::http::HttpClient;
use crate::adapters::outbox::{http_outcome, Sender};
use crate::store::{AttemptOutcome, ClaimedDelivery, Store};

/// A cached token is used until this long before the server says it expires.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// The lifetime assumed when the token endpoint names none.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// Cache key: recipient name, token URL, client id, scope.
type Key = (String, String, String, Option<String>);

struct Cached {
    token: String,
    until: Instant,
}

/// Sends deliveries with a cached client-credentials Bearer token.
pub struct OAuth2Sender {
    http: HttpClient,
    cache: Mutex<HashMap<Key, Cached>>,
}

impl std::fmt::Debug for OAuth2Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth2Sender").field("http", &self.http).finish_non_exhaustive()
    }
}

/// How long a token with `expires_in` seconds is used: its lifetime minus the margin, or half
/// its lifetime when that is shorter than twice the margin.
pub fn usable_for(expires_in: Option<u64>) -> Duration {
    let lifetime = expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
    if lifetime >= EXPIRY_MARGIN * 2 {
        lifetime - EXPIRY_MARGIN
    } else {
        lifetime / 2
    }
}

/// `application/x-www-form-urlencoded` encoding of one value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl OAuth2Sender {
    /// A sender using `http` for both the token endpoint and the recipients.
    pub fn new(http: HttpClient) -> Self {
        Self { http, cache: Mutex::new(HashMap::new()) }
    }

    fn cached(&self, key: &Key) -> Option<String> {
        let cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.get(key).filter(|cached| cached.until > Instant::now()).map(|cached| cached.token.clone())
    }

    fn forget(&self, key: &Key) {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }

    /// Fetches a token and caches it.
    fn fetch(&self, key: &Key, settings: &OAuth2Settings, secret: &str) -> Result<String, String> {
        let credentials = format!("{}:{}", form_encode(&settings.client_id), form_encode(secret));
        let basic = format!("Basic {}", openssl::base64::encode_block(credentials.as_bytes()));
        let mut form = "grant_type=client_credentials".to_owned();
        if let Some(scope) = &settings.scope {
            form.push_str(&format!("&scope={}", form_encode(scope)));
        }
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
            ("Authorization", basic.as_str()),
        ];
        let answer = self
            .http
            .request("POST", &settings.token_url, &headers, form.as_bytes())
            .map_err(|e| format!("token endpoint: {e}"))?;
        if !answer.is_success() {
            return Err(format!("token endpoint answered {}", answer.status));
        }
        let json: serde_json::Value = serde_json::from_slice(&answer.body)
            .map_err(|_| "token endpoint answered something other than JSON".to_owned())?;
        let token = json
            .get("access_token")
            .and_then(serde_json::Value::as_str)
            .filter(|token| !token.is_empty() && !token.contains(['\r', '\n']))
            .ok_or("token endpoint answered without a usable access_token")?
            .to_owned();
        let kind = json.get("token_type").and_then(serde_json::Value::as_str).unwrap_or("Bearer");
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(format!("token endpoint issued a '{kind}' token; only Bearer is supported"));
        }
        let expires_in = json.get("expires_in").and_then(serde_json::Value::as_u64);
        let until = Instant::now() + usable_for(expires_in);
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.insert(key.clone(), Cached { token: token.clone(), until });
        Ok(token)
    }

    fn post(&self, delivery: &ClaimedDelivery, token: &str) -> Result<u16, String> {
        let bearer = format!("Bearer {token}");
        let headers = [("Content-Type", "application/json"), ("Authorization", bearer.as_str())];
        Ok(self.http.request("POST", &delivery.url, &headers, delivery.body.as_bytes())?.status)
    }

    fn attempt(&self, delivery: &ClaimedDelivery) -> Result<u16, String> {
        let settings = OAuth2Settings::from_json(&delivery.settings)?;
        let key = (
            delivery.recipient.clone(),
            settings.token_url.clone(),
            settings.client_id.clone(),
            settings.scope.clone(),
        );
        let (token, fresh) = match self.cached(&key) {
            Some(token) => (token, false),
            None => (self.fetch(&key, &settings, &delivery.secret)?, true),
        };
        let status = self.post(delivery, &token)?;
        if status != 401 {
            return Ok(status);
        }
        self.forget(&key);
        if fresh {
            return Ok(status);
        }
        // A cached token the recipient no longer accepts (revoked, rotated keys): once more
        // with a new one.
        let token = self.fetch(&key, &settings, &delivery.secret)?;
        self.post(delivery, &token)
    }
}

impl Sender for OAuth2Sender {
    fn send(&self, _store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome {
        match self.attempt(delivery) {
            Ok(status) => http_outcome(status),
            Err(error) => AttemptOutcome::Failure { http_status: None, error },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_and_form_encoding() {
        assert_eq!(usable_for(Some(3600)), Duration::from_secs(3570));
        assert_eq!(usable_for(None), Duration::from_secs(270));
        assert_eq!(usable_for(Some(40)), Duration::from_secs(20));
        assert_eq!(usable_for(Some(0)), Duration::ZERO);
        assert_eq!(form_encode("a b:c/d~é"), "a+b%3Ac%2Fd%7E%C3%A9");
    }
}
