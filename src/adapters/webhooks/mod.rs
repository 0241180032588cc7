//! WebSub-signed webhooks: the `X-Hub-Signature` HMAC and a small HTTP/1.1 sender.
//!
//! The sender is a blocking client over `std::net::TcpStream` for `http://` URLs only, chosen
//! over a new dependency because one POST with a status line to read is all it needs;
//! `https://` recipients come with the next slice. The secret never reaches a log or an error.

mod http;
mod signature;

pub use http::{HttpTarget, WebhookClient};
pub use signature::{sign, SIGNATURE_HEADER};
