//! Bookings to Xpert Suite appointments: the sender of outbox recipients of kind `xpert`.
//!
//! Each delivery names a booking (`aggregate_id`) and a topic; the sender loads the booking from
//! the store (never a CPR: XS gets the employer and employee ids the absence intake knows) and
//! makes one call. Default paths (configurable, the real ones are not public):
//!
//! | topic | call |
//! |---|---|
//! | BookingCreated | `POST {appointments}` with the appointment; answer `{"id": "..."}` |
//! | BookingRescheduled | `PUT {appointments}/{id}` with the appointment and `previousStart`/`previousEnd` |
//! | BookingCancelled | `DELETE {appointments}/{id}` |
//! | BookingCompleted | `POST {appointments}/{id}/complete` with `taskCodes` (the task signal) |
//! | BookingLapsed | `POST {appointments}/{id}/lapse` with `reason` |
//! | BookingNoShow / BookingNoShowCorrected | `POST {appointments}/{id}/noshow` / `.../noshow-correction` |
//!
//! The appointment body: `externalId` (booking id), `consultationType` (Spreekuursoort),
//! `provider`, `trajectoryType` (Trajectsoort), `status` (XS name: Ingepland, Voltooid,
//! Vervallen, No-show, Verwijderd), `start`/`end` (Europe/Copenhagen offsets), `durationHours`
//! (`0.75`), `employee` (`employerId`, `employeeId`, when known) and `fields` keyed with the
//! field prefix (`PAVeld_BookingId`, `PAVeld_Jobcenter`, `PAVeld_Channel`, `PAVeld_Counselor`).
//! A booking XS does not know yet (created before the sync was configured) is created first.
//! An event whose data says `"origin": "xpert"` (a move made in XS and accepted by the planner)
//! is not sent back: XS already holds that time, and the store recorded it as what XS holds.
//! Any 2xx is success; anything else is retried by the outbox schedule.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::client::XsClient;
use super::XpertError;
use crate::adapters::outbox::{http_outcome, Sender};
use crate::domain::{Booking, BookingId, BookingStatus, ZONE};
use crate::store::{AttemptOutcome, ClaimedDelivery, SentAppointment, Store};

/// The recipient kind of the Xpert Suite sync.
pub const KIND: &str = "xpert";

/// Sends deliveries of kind [`KIND`] with one XS client (one cached token).
#[derive(Debug)]
pub struct XpertSender {
    /// The XS client.
    pub client: XsClient,
}

impl Sender for XpertSender {
    fn send(&self, store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome {
        if from_xpert(delivery) {
            // XS made this change itself: echoing it back would only repeat it (module docs).
            return AttemptOutcome::Success { http_status: 204 };
        }
        sync_delivery(store, &self.client, &delivery.topic, &delivery.aggregate_id, Utc::now())
    }
}

/// Did the event come from the Xpert Suite itself (`"origin": "xpert"` in its data)?
fn from_xpert(delivery: &ClaimedDelivery) -> bool {
    serde_json::from_str::<Value>(&delivery.body)
        .is_ok_and(|body| body["data"]["origin"].as_str() == Some(crate::store::XPERT_ORIGIN))
}

/// A failed attempt; the outbox schedule retries it whatever the error, but one that needs a
/// person first (a bad TOTP secret, an unsendable event) is logged as an error.
fn failure(error: XpertError) -> AttemptOutcome {
    if !error.retriable() {
        log::error!(target: "planner::xpert", "xs sync cannot succeed until this is fixed: {error}");
    }
    AttemptOutcome::Failure { http_status: None, error: error.to_string() }
}

/// XS's name of a status.
pub fn xs_status(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => "Ingepland",
        BookingStatus::Completed => "Voltooid",
        BookingStatus::Lapsed => "Vervallen",
        BookingStatus::NoShow => "No-show",
        BookingStatus::Cancelled => "Verwijderd",
    }
}

/// Sends one event about `booking_id` to XS and records what XS now holds.
pub fn sync_delivery(
    store: &Store,
    client: &XsClient,
    topic: &str,
    booking_id: &str,
    now: DateTime<Utc>,
) -> AttemptOutcome {
    if topic == "SummonsBatchCompleted" {
        return AttemptOutcome::Success { http_status: 204 };
    }
    let booking =
        match BookingId::parse(booking_id).map_err(|e| XpertError::Unsendable(e.to_string())).and_then(|id| {
            store
                .booking(&id, None)
                .map_err(|e| XpertError::Store(format!("cannot load booking {booking_id}: {e}")))
        }) {
            Ok(booking) => booking,
            Err(error) => return failure(error),
        };
    match send(store, client, topic, &booking, now) {
        Ok(outcome) => outcome,
        Err(error) => failure(error),
    }
}

fn send(
    store: &Store,
    client: &XsClient,
    topic: &str,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<AttemptOutcome, XpertError> {
    let id = booking.id.as_str();
    let known = store.xpert_appointment(id)?;
    let base = client.settings().appointments_path.clone();
    let Some(sent) = known else {
        if topic == "BookingCancelled" {
            // XS never had it: nothing to delete.
            return Ok(AttemptOutcome::Success { http_status: 204 });
        }
        let created = create(store, client, booking, now)?;
        if !matches!(created, AttemptOutcome::Success { .. })
            || matches!(topic, "BookingCreated" | "BookingRescheduled")
        {
            return Ok(created);
        }
        return send(store, client, topic, booking, now);
    };
    let xs_id = sent.appointment_id.clone().unwrap_or_else(|| id.to_owned());
    let (method, path, body) = match topic {
        "BookingCreated" => return Ok(AttemptOutcome::Success { http_status: 200 }),
        "BookingRescheduled" => {
            let mut body = appointment(store, client, booking)?;
            body["previousStart"] = json!(local(sent.interval.start()));
            body["previousEnd"] = json!(local(sent.interval.end()));
            ("PUT", format!("{base}/{xs_id}"), body)
        }
        "BookingCancelled" => ("DELETE", format!("{base}/{xs_id}"), Value::Null),
        "BookingCompleted" => (
            "POST",
            format!("{base}/{xs_id}/complete"),
            json!({
                "externalId": id,
                "status": xs_status(booking.status),
                "trajectoryType": client.settings().trajectory_type,
                "taskCodes": client.settings().task_codes,
            }),
        ),
        "BookingLapsed" => (
            "POST",
            format!("{base}/{xs_id}/lapse"),
            json!({ "externalId": id, "status": xs_status(booking.status), "reason": booking.lapsed_reason }),
        ),
        "BookingNoShow" => {
            ("POST", format!("{base}/{xs_id}/noshow"), json!({ "externalId": id, "status": "No-show" }))
        }
        "BookingNoShowCorrected" => (
            "POST",
            format!("{base}/{xs_id}/noshow-correction"),
            json!({ "externalId": id, "status": xs_status(booking.status) }),
        ),
        other => {
            return Err(XpertError::Unsendable(format!("topic '{other}' is not sent to the Xpert Suite")))
        }
    };
    let bytes = if body.is_null() { Vec::new() } else { body.to_string().into_bytes() };
    let response = client.call(method, &path, &bytes, now)?;
    let outcome = http_outcome(response.status);
    if matches!(outcome, AttemptOutcome::Success { .. }) && topic == "BookingRescheduled" {
        let record = SentAppointment { appointment_id: sent.appointment_id, interval: booking.interval };
        store.record_xpert_appointment(id, &record, now)?;
    }
    Ok(outcome)
}

fn create(
    store: &Store,
    client: &XsClient,
    booking: &Booking,
    now: DateTime<Utc>,
) -> Result<AttemptOutcome, XpertError> {
    let body = appointment(store, client, booking)?;
    let path = client.settings().appointments_path.clone();
    let response = client.call("POST", &path, body.to_string().as_bytes(), now)?;
    let outcome = http_outcome(response.status);
    if matches!(outcome, AttemptOutcome::Success { .. }) {
        let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        let appointment_id = answer["id"].as_str().map(str::to_owned);
        let record = SentAppointment { appointment_id, interval: booking.interval };
        store.record_xpert_appointment(booking.id.as_str(), &record, now)?;
    }
    Ok(outcome)
}

fn local(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&ZONE).to_rfc3339()
}

/// The appointment body (see the module documentation).
fn appointment(store: &Store, client: &XsClient, booking: &Booking) -> Result<Value, XpertError> {
    let settings = client.settings();
    let minutes = (booking.interval.end() - booking.interval.start()).num_minutes();
    let prefix = &settings.field_prefix;
    let employee = store
        .xpert_employee_of(booking.id.as_str())?
        .map(|(employer, employee)| json!({ "employerId": employer, "employeeId": employee }));
    Ok(json!({
        "externalId": booking.id.as_str(),
        "consultationType": settings.consultation_type,
        "provider": settings.provider,
        "trajectoryType": settings.trajectory_type,
        "status": xs_status(booking.status),
        "start": local(booking.interval.start()),
        "end": local(booking.interval.end()),
        "durationHours": format!("{}.{:02}", minutes / 60, (minutes % 60) * 100 / 60),
        "employee": employee,
        "fields": {
            format!("{prefix}BookingId"): booking.id.as_str(),
            format!("{prefix}Jobcenter"): booking.jobcenter.as_str(),
            format!("{prefix}Channel"): booking.channel.as_str(),
            format!("{prefix}Counselor"): booking.counselor.as_str(),
        },
    }))
}
