//! What the Xpert Suite adapter remembers: the appointment id and last time sent per booking
//! (so a reschedule can carry the old time and an update or delete the XS id), and the answer
//! given to each inbound status change by delivery id (so a redelivery gets the same answer and
//! changes nothing).
//!
//! Moves made in the Xpert Suite are applied in `moves`.

pub(crate) mod moves;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::Interval;
use crate::store::db::conn::on_backend;
use crate::store::db::schema::{xpert_appointments, xpert_inbound};
use crate::store::db::{from_db, to_db};
use crate::store::{Error, Store};

/// A booking as last sent to the Xpert Suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentAppointment {
    /// The XS appointment id, when XS answered one.
    pub appointment_id: Option<String>,
    /// The time last sent.
    pub interval: Interval,
}

/// The answer given to an inbound delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundAnswer {
    /// HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

impl Store {
    /// The booking as last sent to XS, if it was.
    pub fn xpert_appointment(&self, booking_id: &str) -> Result<Option<SentAppointment>, Error> {
        let mut conn = self.conn()?;
        let row: Option<(Option<String>, chrono::NaiveDateTime, chrono::NaiveDateTime)> =
            xpert_appointments::table
                .find(booking_id)
                .select((
                    xpert_appointments::appointment_id,
                    xpert_appointments::start_at,
                    xpert_appointments::end_at,
                ))
                .first(&mut conn)
                .optional()?;
        row.map(|(appointment_id, start, end)| {
            Ok(SentAppointment { appointment_id, interval: Interval::new(from_db(start), from_db(end))? })
        })
        .transpose()
    }

    /// Remembers what was sent for a booking (replacing the previous record).
    pub fn record_xpert_appointment(
        &self,
        booking_id: &str,
        sent: &SentAppointment,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.write(|conn| {
            diesel::delete(xpert_appointments::table.find(booking_id)).execute(conn)?;
            diesel::insert_into(xpert_appointments::table)
                .values((
                    xpert_appointments::booking_id.eq(booking_id),
                    xpert_appointments::appointment_id.eq(&sent.appointment_id),
                    xpert_appointments::start_at.eq(to_db(sent.interval.start())),
                    xpert_appointments::end_at.eq(to_db(sent.interval.end())),
                    xpert_appointments::updated_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// The answer given to an inbound delivery before, if any.
    pub fn xpert_inbound_answer(&self, delivery_id: &str) -> Result<Option<InboundAnswer>, Error> {
        let mut conn = self.conn()?;
        let row: Option<(i32, String)> = xpert_inbound::table
            .find(delivery_id)
            .select((xpert_inbound::status, xpert_inbound::answer))
            .first(&mut conn)
            .optional()?;
        Ok(row.map(|(status, body)| InboundAnswer { status: u16::try_from(status).unwrap_or(500), body }))
    }
}

impl Store {
    /// The employer and employee (as the absence system names them) of a booking's citizen, when
    /// the absence intake knows the citizen; never the CPR.
    pub fn xpert_employee_of(&self, booking_id: &str) -> Result<Option<(String, String)>, Error> {
        use crate::store::db::schema::{absence_persons, bookings};
        let mut conn = self.conn()?;
        let citizen: Option<String> =
            bookings::table.find(booking_id).select(bookings::citizen_hash).first(&mut conn).optional()?;
        let Some(citizen) = citizen else { return Ok(None) };
        Ok(absence_persons::table
            .filter(absence_persons::citizen_hash.eq(&citizen))
            .order(absence_persons::updated_at.desc())
            .select((absence_persons::employer_id, absence_persons::employee_id))
            .first(&mut conn)
            .optional()?)
    }
}

impl Store {
    /// Applies a status change the Xpert Suite made, once per delivery id, in one transaction:
    /// the answer given before when the delivery was seen, else the staff action's rules
    /// (`changes::apply`) and the answer recorded with it. A refused change (409, the rule's
    /// reason) writes nothing but that answer. A move (`Action::Reschedule`) needs the new time and
    /// goes through [`Store::apply_xpert_move`]; here it is refused (409).
    pub fn apply_xpert_change(
        &self,
        delivery_id: &str,
        id: &crate::domain::BookingId,
        action: crate::domain::Action,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<InboundAnswer, Error> {
        use crate::domain::{self, Action, Booking};
        if action == Action::MarkLapsed {
            domain::booking::check_lapse_reason(reason.unwrap_or(""))?;
        }
        self.write(|conn| {
            if let Some(answer) = claim_delivery(conn, delivery_id, now)? {
                return Ok(answer);
            }
            let mut row = crate::store::booking::load_booking_row(conn, id)?;
            let booking = Booking::try_from(&row)?;
            let applied = if action == Action::Reschedule {
                booking.transition(Action::Reschedule).map_err(Error::from).and_then(|_| {
                    Err(Error::Conflict(domain::Error::InvalidTransition {
                        from: booking.status.as_str(),
                        action: "moved without a new start",
                    }))
                })
            } else {
                conn.transaction(|conn| crate::store::booking::changes::apply(conn, &mut row, booking, action, reason, now))
            };
            let answer = match applied {
                Ok(booking) => InboundAnswer {
                    status: 200,
                    body: serde_json::json!({ "booking_id": booking.id.as_str(), "status": booking.status.as_str() })
                        .to_string(),
                },
                Err(Error::Conflict(rule)) => InboundAnswer { status: 409, body: rule.to_string() },
                Err(other) => return Err(other),
            };
            record_answer(conn, delivery_id, &answer)?;
            Ok(answer)
        })
    }
}

/// Claims an inbound delivery id in the caller's transaction, or returns the answer recorded
/// for it before. A concurrent copy waits on the claim (PostgreSQL) until the first commits.
pub(crate) fn claim_delivery(
    conn: &mut crate::store::AnyConnection,
    delivery_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<InboundAnswer>, Error> {
    let claim = diesel::insert_into(xpert_inbound::table)
        .values((
            xpert_inbound::delivery_id.eq(delivery_id),
            xpert_inbound::status.eq(0),
            xpert_inbound::answer.eq(""),
            xpert_inbound::received_at.eq(to_db(now)),
        ))
        .on_conflict_do_nothing();
    let claimed = on_backend!(conn, conn => claim.execute(conn)?);
    if claimed > 0 {
        return Ok(None);
    }
    let (status, body): (i32, String) = xpert_inbound::table
        .find(delivery_id)
        .select((xpert_inbound::status, xpert_inbound::answer))
        .first(conn)?;
    Ok(Some(InboundAnswer { status: u16::try_from(status).unwrap_or(500), body }))
}

/// Records the answer given to a claimed delivery.
pub(crate) fn record_answer(
    conn: &mut crate::store::AnyConnection,
    delivery_id: &str,
    answer: &InboundAnswer,
) -> Result<(), Error> {
    diesel::update(xpert_inbound::table.find(delivery_id))
        .set((xpert_inbound::status.eq(i32::from(answer.status)), xpert_inbound::answer.eq(&answer.body)))
        .execute(conn)?;
    Ok(())
}
