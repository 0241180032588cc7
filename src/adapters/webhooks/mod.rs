//! WebSub-signed webhooks: the `X-Hub-Signature` HMAC, the sender and its settings.
//!
//! The sender posts through the shared blocking client in `adapters/http.rs` (ureq; `http://` and
//! `https://`). The secret never reaches a log or an error.

mod http;
pub mod oauth2;
pub mod recipient;
pub mod settings;
mod signature;

pub use http::WebhookClient;
pub use settings::WebhookSettings;
pub use signature::{sign, SIGNATURE_HEADER};

use std::sync::Arc;

use crate::adapters::http::{HttpClient, TlsOptions};
use crate::adapters::outbox::Dispatcher;

/// The dispatcher `planner serve` runs: WebSub and OAuth2 senders over one HTTP(S) client
/// (system roots, or the configured CA file), with the configured retry table and lease.
pub fn dispatcher(settings: &WebhookSettings) -> Result<Dispatcher, String> {
    let http = match &settings.ca_file {
        Some(ca_file) => {
            let tls = TlsOptions { roots_pem: Some(ca_file.clone()), ..TlsOptions::default() };
            HttpClient::new(settings.timeout, tls)?
        }
        None => HttpClient::with_system_roots(settings.timeout),
    };
    let websub = WebhookClient::from_http(http.clone());
    let dispatcher = Dispatcher::new(websub, settings.retry_schedule.clone(), settings.lease)
        .with_sender(recipient::OAUTH2, Arc::new(oauth2::OAuth2Sender::new(http)));
    Ok(Dispatcher { retry_from: settings.retry_from, batch: settings.batch, ..dispatcher })
}
