//! Adapters to external systems, by direction. Inbound, `inbound/` holds every endpoint other
//! systems call (SIVI intake, the Xpert Suite webhook, the plan-link, the calendar feed).
//! Outbound, `outbox.rs` claims events written by requests and dispatches them through one sender
//! per recipient kind, pullers (`dfdg/queue.rs`, `calendar/import.rs`) run on
//! `background.rs` threads, and `http.rs` is the one outgoing HTTP(S) client. Each system's
//! folder (`webhooks/`, `xpert/`, `sivi/`, `dfdg/`, `calendar/`) holds its wire formats, its
//! senders or pullers and its settings.
//!
//! Architecture invariant: a request never calls an external system; only the outbox worker
//! (and tests driving it through `outbox::try_deliver_next`) does.

pub mod background;
pub mod calendar;
pub mod dfdg;
pub mod http;
pub mod inbound;
pub mod mail;
pub mod outbox;
pub mod planlink;
pub mod settings;
pub mod sivi;
pub mod webhooks;
pub mod xpert;

pub use inbound::routes;
