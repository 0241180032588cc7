//! Adapters to external systems. `outbox.rs` claims events written by requests and dispatches
//! them through one sender per recipient kind; `http.rs` is the one outgoing HTTP(S) client; each
//! folder speaks to one system (`webhooks/`, `xpert/`, `sivi/`, `dfdg/`).
//!
//! Architecture invariant: a request never calls an external system; only the outbox worker
//! (and tests driving it through `outbox::try_deliver_next`) does.

pub mod background;
pub mod calendar;
pub mod call;
pub mod dfdg;
pub mod http;
pub mod outbox;
pub mod planlink;
mod planlink_http;
pub mod settings;
pub mod sivi;
pub mod webhooks;
pub mod xpert;

/// The adapters' HTTP routes (`/adapters/...`).
pub fn routes(config: &mut actix_web::web::ServiceConfig) {
    sivi::http::routes(config);
    planlink_http::routes(config);
    xpert::inbound::routes(config);
}
