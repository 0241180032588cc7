//! Adapters to external systems. `outbox.rs` claims events written by requests and dispatches
//! them through one sender per recipient kind; `http.rs` is the one outgoing HTTP(S) client; each
//! folder speaks to one system (`webhooks/` for now).
//!
//! Architecture invariant: a request never calls an external system; only the outbox worker
//! (and tests driving it through `outbox::try_deliver_next`) does.

pub mod calendar;
pub mod http;
pub mod outbox;
pub mod webhooks;
