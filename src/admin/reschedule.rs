//! `POST /admin/v1/bookings/{id}/reschedule` with `{"start": "<RFC 3339>", "caseworker_id"?:
//! "..."}`: staff move a planned, unbilled booking to a new start (and optionally to another
//! counselor of its jobcenter and offer) through `Store::reschedule_by_staff`. The minimum
//! notice does not bind staff, but the start must not be in the past, the meeting must lie inside
//! the counselor's working hours and the time must be free (409 otherwise: completed, billed,
//! taken, outside working hours). The meeting keeps its length; the outbox gets
//! `BookingRescheduled` in the same transaction, so webhook recipients and the Xpert Suite hear
//! of it once.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Deserialize;

use super::bookings::{booking_response, owned_booking};
use super::call::{json, AdminCall};
use crate::domain::CaseworkerId;
use crate::edge::Problem;
use crate::store::{Entity, Error, StaffMove};

/// Body of `POST /bookings/{id}/reschedule`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    /// The new start, RFC 3339 with an offset.
    pub start: String,
    /// Another counselor (by caseworker identifier); the booking's own when left out.
    #[serde(default)]
    pub caseworker_id: Option<String>,
}

const NOT_A_COUNSELOR: &str = "is not a counselor of the booking's jobcenter and offer";

/// `POST /bookings/{id}/reschedule`.
pub async fn reschedule(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let booking = call
        .run("admin.bookings.reschedule", move |ctx| {
            let booking = owned_booking(ctx, &id)?;
            let request: RescheduleRequest = json(&body)?;
            let start = DateTime::parse_from_rfc3339(&request.start)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| Problem::invalid("start", "must be an RFC 3339 date-time with an offset"))?;
            let counselor = match request.caseworker_id.as_deref() {
                Some(text) => {
                    let caseworker =
                        CaseworkerId::parse(text).map_err(|e| Problem::field("caseworker_id", &e))?;
                    match ctx.store.counselor_by_caseworker(&caseworker) {
                        Ok(counselor) => Some(counselor.id),
                        Err(Error::NotFound(_)) => {
                            return Err(Problem::invalid("caseworker_id", NOT_A_COUNSELOR))
                        }
                        Err(other) => return Err(other.into()),
                    }
                }
                None => None,
            };
            let to = StaffMove { start, counselor };
            let moved = match ctx.store.reschedule_by_staff(&booking.id, &to, ctx.now) {
                Err(Error::NotFound(Entity::Counselor)) => {
                    return Err(Problem::invalid("caseworker_id", NOT_A_COUNSELOR))
                }
                other => other?,
            };
            Ok(booking_response(&moved, None))
        })
        .await?;
    Ok(HttpResponse::Ok().json(booking))
}
