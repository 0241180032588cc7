//! The Xpert Suite (XS) appointment sync: the planner's side of the XS ↔ Planningsagenda
//! integration (spec `xpert-suite-adapters.md` §2-§4).
//!
//! Outbound, bookings are sent as XS appointments by the outbox worker (`sync.rs`, a recipient
//! of kind `xpert`); the login is OAuth2 client credentials plus a TOTP code (`totp.rs`), its
//! token cached until expiry (`client.rs`). Inbound, XS posts status changes made in XS to
//! `POST /adapters/xpert/webhook` (`inbound.rs`), applied through the same store rules as the
//! admin staff actions, so contract §4 holds in both directions.
//! The real XS paths and bodies are not public: every path is configurable and the bodies are
//! documented in `sync.rs`.

pub mod client;
pub mod inbound;
pub mod sync;
pub mod totp;
