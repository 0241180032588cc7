//! The Xpert Suite (XS) appointment sync: the planner's side of the XS ↔ Planningsagenda
//! integration (docs/contract/adapters.md §3-§4).
//!
//! Outbound, bookings are sent as XS appointments by the outbox worker (`sync.rs`, a recipient
//! of kind `xpert`); the login is OAuth2 client credentials plus a TOTP code (`totp.rs`), its
//! token cached until expiry (`client.rs`). Inbound, XS posts status changes made in XS to
//! `POST /adapters/xpert/webhook` (`inbound/xpert.rs`), applied through the same store rules as the
//! admin staff actions, so contract §4 holds in both directions.
//! The real XS paths and bodies are not public: every path is configurable and the bodies are
//! documented in `sync.rs`.

pub mod client;
mod error;
pub mod sync;
pub mod totp;

pub use error::XpertError;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::adapters::outbox::Dispatcher;
use crate::adapters::settings::XpertSettings;
use crate::store::{self, NewRecipient, Store};

/// The name of the outbox recipient that feeds the sync.
pub const RECIPIENT: &str = "xpert-suite";

/// The booking topics the sync receives.
pub const TOPICS: [&str; 7] = [
    "BookingCreated",
    "BookingRescheduled",
    "BookingCancelled",
    "BookingCompleted",
    "BookingNoShow",
    "BookingNoShowCorrected",
    "BookingLapsed",
];

/// Makes sure the outbox has the recipient [`RECIPIENT`] of kind `xpert` (its retries, order per
/// booking and delivery log are the webhooks'); returns whether it was added now. The account's
/// secrets stay in the configuration, not in the recipient row.
pub fn ensure_recipient(
    store: &Store,
    settings: &XpertSettings,
    now: DateTime<Utc>,
) -> Result<bool, store::Error> {
    if store.list_webhook_recipients()?.iter().any(|recipient| recipient.name == RECIPIENT) {
        return Ok(false);
    }
    let topics: Vec<String> = TOPICS.iter().map(|topic| (*topic).to_owned()).collect();
    let recipient = NewRecipient {
        name: RECIPIENT,
        url: &settings.base_url,
        topics: &topics,
        secret: "",
        kind: sync::KIND,
        settings: "{}",
    };
    store.add_recipient(&recipient, now)?;
    Ok(true)
}

/// Adds the Xpert Suite sender to `dispatcher` when XS is configured (and its recipient).
pub fn configure(
    store: &Store,
    settings: Option<&XpertSettings>,
    dispatcher: Dispatcher,
    now: DateTime<Utc>,
) -> Result<Dispatcher, store::Error> {
    let Some(settings) = settings else { return Ok(dispatcher) };
    ensure_recipient(store, settings, now)?;
    let sender = sync::XpertSender { client: client::XsClient::with_defaults(settings.clone()) };
    Ok(dispatcher.with_sender(sync::KIND, Arc::new(sender)))
}
