//! Adapters to external systems. `outbox.rs` claims events written by requests and dispatches
//! them; each folder speaks to one system (`webhooks/` for now).
//!
//! Architecture invariant: a request never calls an external system; only the outbox worker
//! (and tests driving it through `outbox::try_deliver_next`) does.

pub mod dfdg;
pub mod outbox;
pub mod webhooks;
