//! The Xpert Suite API client (docs/contract/adapters.md §3): logs in with OAuth2 client
//! credentials plus a TOTP code (RFC 6238), caches the token until shortly before it expires, and
//! calls the API at the base URL the login answered.
//!
//! Login request (our reading; the real paths are not public, so the path is configurable):
//! `POST {base_url}{token_path}`, `application/x-www-form-urlencoded`:
//! `grant_type=client_credentials&client_id=..&client_secret=..&totp=NNNNNN`. Answer:
//! `{"access_token": "...", "expires_in": 3600, "base_url": "https://..."}` (`base_url` optional;
//! the configured one is used when it is absent). A 401 from a later call drops the token, so the
//! next attempt logs in again. Secrets and tokens are never logged.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{totp, XpertError};
use crate::adapters::http::{HttpClient, HttpResponse};
use crate::adapters::settings::XpertSettings;

/// Tokens are renewed this long before they expire.
const EXPIRY_MARGIN_SECONDS: i64 = 30;

#[derive(Clone)]
struct Token {
    bearer: String,
    base_url: String,
    expires_at: DateTime<Utc>,
}

/// A logged-in (or about to log in) XS API client.
pub struct XsClient {
    settings: XpertSettings,
    http: HttpClient,
    token: Mutex<Option<Token>>,
}

impl std::fmt::Debug for XsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XsClient").field("base_url", &self.settings.base_url).finish_non_exhaustive()
    }
}

impl XsClient {
    /// A client for the configured account.
    pub fn new(settings: XpertSettings, http: HttpClient) -> Self {
        Self { settings, http, token: Mutex::new(None) }
    }

    /// With a 30-second timeout and the system's trust anchors.
    pub fn with_defaults(settings: XpertSettings) -> Self {
        Self::new(settings, HttpClient::with_system_roots(Duration::from_secs(30)))
    }

    /// The account's settings.
    pub fn settings(&self) -> &XpertSettings {
        &self.settings
    }

    /// Sends one API call with the cached (or a fresh) token; `path` is appended to the base URL
    /// the login answered. `body` is JSON (empty for none).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<HttpResponse, XpertError> {
        let token = self.token(now)?;
        let authorization = format!("Bearer {}", token.bearer);
        let mut headers = vec![("Authorization", authorization.as_str()), ("Accept", "application/json")];
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        let url = format!("{}{path}", token.base_url);
        let started = std::time::Instant::now();
        let response = self.http.request(method, &url, &headers, body);
        // XS keeps no log of API calls (docs/contract/adapters.md §3), so we log each one
        // ourselves: method, path, status and duration; never a body, a token or a secret.
        let status = response.as_ref().map(|r| r.status.to_string()).unwrap_or_else(|e| e.to_string());
        log::info!(
            target: "planner::xpert",
            "xs call method={method} path={path} status={status} duration_ms={}",
            started.elapsed().as_millis()
        );
        let response = response?;
        if response.status == 401 {
            // The token was revoked or expired early: log in again on the next attempt.
            *self.lock() = None;
        }
        Ok(response)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Token>> {
        self.token.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn token(&self, now: DateTime<Utc>) -> Result<Token, XpertError> {
        let mut cached = self.lock();
        if let Some(token) = cached.as_ref().filter(|t| t.expires_at > now) {
            return Ok(token.clone());
        }
        let token = self.login(now)?;
        *cached = Some(token.clone());
        Ok(token)
    }

    fn login(&self, now: DateTime<Utc>) -> Result<Token, XpertError> {
        let secret = totp::decode_base32(self.settings.totp_secret.expose()).map_err(XpertError::Config)?;
        let code = totp::code_at(&secret, now.timestamp(), 6).map_err(XpertError::Config)?;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.settings.client_id.as_str()),
            ("client_secret", self.settings.client_secret.expose()),
            ("totp", code.as_str()),
        ]
        .iter()
        .map(|(key, value)| format!("{key}={}", form_encode(value)))
        .collect::<Vec<_>>()
        .join("&");
        let url = format!("{}{}", self.settings.base_url, self.settings.token_path);
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")];
        let response = self.http.request("POST", &url, &headers, form.as_bytes())?;
        if !response.is_success() {
            return Err(XpertError::Login { status: response.status });
        }
        let answer: serde_json::Value =
            serde_json::from_slice(&response.body).map_err(|_| XpertError::LoginAnswer("is not JSON"))?;
        let bearer =
            answer["access_token"].as_str().ok_or(XpertError::LoginAnswer("has no access_token"))?.to_owned();
        let expires_in = answer["expires_in"].as_i64().unwrap_or(300);
        let base_url = answer["base_url"]
            .as_str()
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| self.settings.base_url.clone());
        let expires_at = now + chrono::Duration::seconds((expires_in - EXPIRY_MARGIN_SECONDS).max(0));
        Ok(Token { bearer, base_url, expires_at })
    }
}

/// `application/x-www-form-urlencoded` escaping of one value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn form_encoding() {
        assert_eq!(super::form_encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
