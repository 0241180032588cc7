//! DFDG, the other way round: the planner pulls the bookings caseworker systems registered in
//! DFDG from its WSRM queue (`queue.rs`), and registers the bookings its summoners make through
//! IndkaldelseService (`register.rs`). `client.rs` speaks SOAP over mutual TLS with the planner's
//! own function certificate, with timeouts and retries; `wire.rs` holds every wire shape;
//! `settings.rs` what an operator configures.
//!
//! Architecture invariant: no element name outside `wire`; no CPR in a log line or a URL (the
//! CPR travels in a SOAP header of IndkaldelseService only).

pub mod client;
mod error;
pub mod queue;
pub mod register;
pub mod settings;
pub mod wire;

pub use client::DfdgClient;
pub use error::DfdgError;
pub use settings::DfdgSettings;
