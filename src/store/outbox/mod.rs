//! The outbox of events to deliver later, and its webhook deliveries (`webhooks`).
//!
//! Outbox rows are written inside the transaction of the change that causes them, so an event
//! exists exactly when its change was committed. Delivery comes with the adapters.

pub(crate) mod webhooks;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::Booking;
use crate::store::db::schema::outbox;
use crate::store::db::text_enum::text_enum;
use crate::store::db::{from_db, to_db};
use crate::store::{AnyConnection, Error, Store};

/// An event waiting in (or delivered from) the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    /// Position; delivery is in this order per aggregate.
    pub id: i64,
    /// BookingCreated, BookingRescheduled, ...
    pub topic: String,
    /// The booking (or batch) id.
    pub aggregate_id: String,
    /// JSON body without personal data.
    pub payload: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

text_enum! {
    /// Event topics, as stored in `outbox.topic` and sent to recipients.
    pub enum Topic ("event topic") {
        /// A booking was made.
        BookingCreated = "BookingCreated",
        /// A booking moved to another time.
        BookingRescheduled = "BookingRescheduled",
        /// A booking was cancelled.
        BookingCancelled = "BookingCancelled",
        /// A booking was marked held.
        BookingCompleted = "BookingCompleted",
        /// The citizen did not show up.
        BookingNoShow = "BookingNoShow",
        /// A no-show was corrected back to booked.
        BookingNoShowCorrected = "BookingNoShowCorrected",
        /// A booking was marked lapsed.
        BookingLapsed = "BookingLapsed",
        /// A bulk summons batch placed its last citizen (its bookings each have a BookingCreated).
        SummonsBatchCompleted = "SummonsBatchCompleted",
        /// A mail was queued (`store/mail`); handed straight to the `mail` recipient, never fanned out.
        MailQueued = "MailQueued",
    }
}

/// Writes a booking event in the caller's transaction. The payload has no CPR.
pub(crate) fn enqueue_booking_event(
    conn: &mut AnyConnection,
    topic: Topic,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    enqueue_booking_event_from(conn, topic, booking, None, now)
}

/// [`enqueue_booking_event`] with the outside system the change came from (`"origin"` in the
/// payload), so that system's own sender need not echo it back.
pub(crate) fn enqueue_booking_event_from(
    conn: &mut AnyConnection,
    topic: Topic,
    booking: &Booking,
    origin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    enqueue_event(conn, topic, booking.id.as_str(), &booking_payload(booking, origin), now)
}

/// The payload of a booking event: ids, status, channel and times, never personal data.
pub(crate) fn booking_payload(booking: &Booking, origin: Option<&str>) -> serde_json::Value {
    let mut payload = serde_json::json!({
        "booking_id": booking.id.as_str(),
        "status": booking.status.as_str(),
        "channel": booking.channel.as_str(),
        "jobcenter": booking.jobcenter.as_str(),
        "counselor_id": booking.counselor.as_str(),
        "offer_id": booking.offer.as_ref().map(|o| o.as_str()),
        "start": booking.interval.start().to_rfc3339(),
        "end": booking.interval.end().to_rfc3339(),
        "version": booking.version,
    });
    if let Some(origin) = origin {
        payload["origin"] = serde_json::json!(origin);
    }
    payload
}

/// Writes an event about `aggregate_id` in the caller's transaction. The payload must hold no
/// personal data.
pub(crate) fn enqueue_event(
    conn: &mut AnyConnection,
    topic: Topic,
    aggregate_id: &str,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::created_at.eq(to_db(now)),
            outbox::topic.eq(topic),
            outbox::aggregate_id.eq(aggregate_id),
            outbox::payload.eq(payload.to_string()),
            outbox::available_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

impl Store {
    /// Undelivered outbox events, oldest first.
    pub fn pending_events(&self, limit: i64) -> Result<Vec<OutboxEvent>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<(i64, String, String, String, chrono::NaiveDateTime)> = outbox::table
            .filter(outbox::delivered_at.is_null())
            .order(outbox::id)
            .limit(limit)
            .select((outbox::id, outbox::topic, outbox::aggregate_id, outbox::payload, outbox::created_at))
            .load(&mut conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, topic, aggregate_id, payload, created_at)| OutboxEvent {
                id,
                topic,
                aggregate_id,
                payload,
                created_at: from_db(created_at),
            })
            .collect())
    }
}
