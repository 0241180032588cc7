//! A move made in the Xpert Suite (`Verplaatst` with the new start), applied once per delivery
//! id through the staff reschedule (`staff_move::move_in`): accepted only while the booking is
//! planned and unbilled and the new time is free inside the counselor's hours, otherwise
//! refused (409, the rule's reason) with nothing changed but the remembered answer.
//!
//! No echo: XS already holds the new time, so the `BookingRescheduled` event carries
//! `"origin": "xpert"` (the XS sender skips it) and the time XS holds is recorded at once, so
//! the next planner move sends the right `previousStart`/`previousEnd`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::BookingId;
use crate::store::booking::staff_move::{move_in, StaffMove};
use crate::store::db::schema::xpert_appointments;
use crate::store::db::to_db;
use crate::store::integrations::xpert::{claim_delivery, record_answer};
use crate::store::{Error, InboundAnswer, Store};

/// The `origin` written into events of changes that came from the Xpert Suite.
pub const XPERT_ORIGIN: &str = "xpert";

impl Store {
    /// Applies an XS move of booking `id` to `start` once per `delivery_id`, in one transaction
    /// (see the module documentation). A redelivery gets the first answer and changes nothing.
    pub fn apply_xpert_move(
        &self,
        delivery_id: &str,
        id: &BookingId,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<InboundAnswer, Error> {
        self.write(|conn| {
            if let Some(answer) = claim_delivery(conn, delivery_id, now)? {
                return Ok(answer);
            }
            let to = StaffMove { start, counselor: None };
            // A savepoint: a refused move (even one the occupancy constraint refuses, which
            // aborts the statement on PostgreSQL) leaves the claim to be answered.
            let moved = conn.transaction(|conn| move_in(conn, id, &to, Some(XPERT_ORIGIN), now));
            let answer = match moved {
                Ok(booking) => {
                    diesel::update(xpert_appointments::table.find(booking.id.as_str()))
                        .set((
                            xpert_appointments::start_at.eq(to_db(booking.interval.start())),
                            xpert_appointments::end_at.eq(to_db(booking.interval.end())),
                            xpert_appointments::updated_at.eq(to_db(now)),
                        ))
                        .execute(conn)?;
                    InboundAnswer {
                        status: 200,
                        body: serde_json::json!({
                            "booking_id": booking.id.as_str(),
                            "status": booking.status.as_str(),
                            "start": booking.interval.start().to_rfc3339(),
                            "end": booking.interval.end().to_rfc3339(),
                        })
                        .to_string(),
                    }
                }
                Err(Error::Conflict(rule)) => InboundAnswer { status: 409, body: rule.to_string() },
                Err(other) => return Err(other),
            };
            record_answer(conn, delivery_id, &answer)?;
            Ok(answer)
        })
    }
}
