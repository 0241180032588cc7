//! WebSub-signed webhooks: the `X-Hub-Signature` HMAC and a small HTTP/1.1 sender.
//!
//! The sender posts through the shared blocking client in `adapters/http.rs` (`http://` and
//! `https://`). The secret never reaches a log or an error.

mod http;
mod signature;

pub use http::WebhookClient;
pub use signature::{sign, SIGNATURE_HEADER};
