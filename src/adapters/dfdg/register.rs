//! Registration of summons in DFDG (docs/contract/adapters.md §8): every Summons booking, its
//! reschedule and its cancellation become CreateIndkaldelse, UpdateIndkaldelse and
//! DeleteIndkaldelse, sent from the outbox as a recipient of kind `dfdg`.
//!
//! The sender works from the booking's current state, not from the event: it loads the booking
//! (and the citizen's CPR through the vault) by the delivery's aggregate id and compares the
//! booking's version with the version DFDG acknowledged. So a redelivered or retried event sends
//! nothing twice once DFDG has acknowledged, and an event whose booking moved on sends the newest
//! state. Calls are repeatable under the planner's own IndkaldelseId (the booking id), so a lost
//! answer only costs a repeat. Bookings of other channels are not the planner's to register
//! (KSS bookings came from DFDG; self-bookings DFDG recorded itself): they succeed at once.

use chrono::{DateTime, Utc};

use super::client::DfdgClient;
use super::wire::{self, IndkaldelseCall, SummonerMetadata};
use crate::adapters::outbox::Sender;
use crate::domain::{Booking, BookingId, BookingStatus, Channel};
use crate::store::{AttemptOutcome, ClaimedDelivery, DfdgRegistration, NewRecipient, Store, Summoner, Topic};
use crate::xml::format_datetime;

/// The outbox recipient kind of DFDG registration.
pub const KIND: &str = "dfdg";

/// The recipient's settings: only Summons bookings are registered (migration 000013 sets the
/// same on recipients added before).
const SETTINGS: &str = r#"{"channels":["Summons"]}"#;

/// What one registration step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// Not a Summons booking (or not a booking): nothing to register.
    NotSummons,
    /// CreateIndkaldelse acknowledged with this DFDG id.
    Created(String),
    /// UpdateIndkaldelse acknowledged.
    Updated(String),
    /// DeleteIndkaldelse acknowledged.
    Deleted(String),
    /// DFDG already has this version (a redelivery).
    UpToDate,
}

/// RequestUserTypeIdentifier 2: Sagsbehandler (a caseworker summoning).
const USER_TYPE_CASEWORKER: i32 = 2;
/// RequestUserTypeIdentifier 3: System.
const USER_TYPE_SYSTEM: i32 = 3;

/// RequestUserMetadata of the summoner recorded with the booking, for the summoning authority
/// (the booking's originator) as the active and requesting organisation:
/// - a person was named (the admin API's `summoner`, the CLI's `--summoner` or OS user): that
///   user id, as a caseworker (type 2);
/// - only the calling system is known (an admin caller without a person): its certificate
///   identity (the RID), as a system (type 3);
/// - nothing was recorded (summons from before the summoner was stored, or the absence
///   intake's rule): the planner's own configured identity `fallback`, as a system (type 3).
///
/// SelfBooked is false for summons, so the citizen rule of §8 never applies.
fn metadata(
    booking: &Booking,
    summoner: Option<&Summoner>,
    fallback: &str,
    now: DateTime<Utc>,
) -> SummonerMetadata {
    let (user_identifier, user_type) = match summoner {
        Some(s) => match s.user() {
            Some(user) => (user, USER_TYPE_CASEWORKER),
            None => (s.identity(), USER_TYPE_SYSTEM),
        },
        None => (fallback, USER_TYPE_SYSTEM),
    };
    SummonerMetadata {
        organisation_code: booking.originator.code,
        organisation_type: booking.originator.type_id,
        user_identifier: user_identifier.to_owned(),
        // The planner keeps no names; the identifier is what it knows of the person.
        user_name: if summoner.is_some() { user_identifier.to_owned() } else { "Planner".into() },
        user_type,
        registered_at: format_datetime(now),
    }
}

/// Brings DFDG up to date with one booking. The core of [`DfdgSender`].
pub fn register(
    store: &Store,
    client: &DfdgClient,
    booking_id: &BookingId,
    user_identifier: &str,
    now: DateTime<Utc>,
) -> Result<Registered, String> {
    let booking = store.booking(booking_id, None).map_err(|e| format!("cannot load the booking: {e}"))?;
    if booking.channel != Channel::Summons {
        return Ok(Registered::NotSummons);
    }
    let known = store.dfdg_registration(booking_id).map_err(|e| e.to_string())?;
    let summoner = store.booking_summoner(booking_id).map_err(|e| e.to_string())?;
    let metadata = metadata(&booking, summoner.as_ref(), user_identifier, now);
    let record = |dfdg_id: &str, deleted: bool| {
        let registration = DfdgRegistration {
            dfdg_id: dfdg_id.to_owned(),
            source: "registration".into(),
            version: booking.version,
            deleted,
        };
        store.record_dfdg_registration(booking_id, &registration, now).map_err(|e| e.to_string())
    };
    let cancelled = booking.status == BookingStatus::Cancelled;
    match known {
        Some(known) if known.deleted || known.version >= booking.version => Ok(Registered::UpToDate),
        // Never registered and already cancelled: DFDG never had it, and needs nothing.
        None if cancelled => Ok(Registered::UpToDate),
        Some(known) if cancelled => {
            let cpr = store.booking_cpr_for_admin(booking_id).map_err(|e| e.to_string())?;
            client.call(&wire::delete_request(&known.dfdg_id, &cpr, &metadata))?;
            record(&known.dfdg_id, true)?;
            Ok(Registered::Deleted(known.dfdg_id))
        }
        Some(known) => {
            let cpr = store.booking_cpr_for_admin(booking_id).map_err(|e| e.to_string())?;
            let body =
                client.call(&wire::upsert_request(IndkaldelseCall::Update, &booking, &cpr, &metadata))?;
            wire::indkaldelse_response(IndkaldelseCall::Update, &body)?;
            record(&known.dfdg_id, false)?;
            Ok(Registered::Updated(known.dfdg_id))
        }
        None => {
            let cpr = store.booking_cpr_for_admin(booking_id).map_err(|e| e.to_string())?;
            let body =
                client.call(&wire::upsert_request(IndkaldelseCall::Create, &booking, &cpr, &metadata))?;
            let dfdg_id = wire::indkaldelse_response(IndkaldelseCall::Create, &body)?
                .unwrap_or_else(|| booking.id.as_str().to_owned());
            record(&dfdg_id, false)?;
            Ok(Registered::Created(dfdg_id))
        }
    }
}

/// Adds the outbox recipient of kind `dfdg` (named `dfdg`, for booking creations, reschedules
/// and cancellations of Summons bookings: its settings name the channel, so other bookings get
/// no delivery row) unless a recipient of that name exists. Returns whether it was added.
pub fn ensure_recipient(
    store: &Store,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<bool, crate::store::Error> {
    if store.list_webhook_recipients()?.iter().any(|r| r.name == KIND) {
        return Ok(false);
    }
    let topics: Vec<String> = [Topic::BookingCreated, Topic::BookingRescheduled, Topic::BookingCancelled]
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    let recipient = NewRecipient {
        name: KIND,
        url: base_url,
        topics: &topics,
        secret: "",
        kind: KIND,
        settings: SETTINGS,
    };
    store.add_recipient(&recipient, now)?;
    Ok(true)
}

/// The outbox sender of recipients of kind `dfdg`.
#[derive(Debug, Clone)]
pub struct DfdgSender {
    /// The DFDG client.
    pub client: DfdgClient,
    /// UserIdentifier sent in RequestUserMetadata (the planner's function certificate RID) for
    /// bookings without a recorded summoner.
    pub user_identifier: String,
}

impl Sender for DfdgSender {
    fn send(&self, store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome {
        // Events about something other than a booking (a summons batch) concern DFDG not at all.
        let Ok(booking_id) = BookingId::parse(&delivery.aggregate_id) else {
            return AttemptOutcome::Success { http_status: 200 };
        };
        match register(store, &self.client, &booking_id, &self.user_identifier, Utc::now()) {
            Ok(_) => AttemptOutcome::Success { http_status: 200 },
            Err(error) => AttemptOutcome::Failure { http_status: None, error },
        }
    }
}
