//! The WebSub sender: one signed POST per delivery over the shared [`HttpClient`]
//! (`http://` or `https://`); a 2xx acknowledges receipt and the body is ignored.

use std::time::Duration;

use super::signature::{sign, SIGNATURE_HEADER};
use crate::adapters::http::{HttpClient, TlsOptions};

/// Sends signed webhook POSTs, each within one overall timeout.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: HttpClient,
}

impl Default for WebhookClient {
    fn default() -> Self {
        Self::new(Duration::from_secs(10))
    }
}

impl WebhookClient {
    /// A client trusting the system's certificate authorities, whose every POST (connect,
    /// TLS, send and answer) must be done within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self { http: HttpClient::with_system_roots(timeout) }
    }

    /// A client with its own TLS settings (a private CA for `https://` recipients).
    pub fn with_tls(timeout: Duration, tls: TlsOptions) -> Result<Self, String> {
        Ok(Self { http: HttpClient::new(timeout, tls)? })
    }

    /// A client over an existing HTTP(S) client.
    pub fn from_http(http: HttpClient) -> Self {
        Self { http }
    }

    /// POSTs `body` to `url` signed with `secret`; returns the HTTP status code, or a message
    /// without the secret when no status came back.
    pub fn post(&self, url: &str, secret: &str, body: &str) -> Result<u16, String> {
        let signature = sign(secret.as_bytes(), body.as_bytes());
        let headers = [("Content-Type", "application/json"), (SIGNATURE_HEADER, signature.as_str())];
        Ok(self.http.request("POST", url, &headers, body.as_bytes())?.status)
    }
}
