//! `/admin/v1/bookings`: search a jobcenter's bookings, read one (with the citizen's CPR, which
//! only admins see and only here), and the staff actions complete, no-show, its correction,
//! lapse (with a reason) and cancel. Each action goes through `Store::staff_action`, which
//! checks the status rules and writes the outbox event in the same transaction.
//!
//! The CPR never enters the audit row, the log or a URL: the audit detail names the booking id
//! only, and a search by CPR is a `POST /bookings/search` with the CPR in its JSON body (the
//! `GET` search refuses a `cpr` query parameter rather than carry it in a URL that proxies and
//! browsers keep).

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use super::hours::period;
use crate::domain::{Action, Booking, BookingId, BookingStatus, Channel, CounselorId, Cpr, JobCenterCode};
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::BookingFilter;

/// Most bookings one search returns.
const MAX_RESULTS: i64 = 5000;

/// A booking on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BookingResponse {
    /// BookingIdentifier.
    pub id: String,
    /// Jobcenter code.
    pub jobcenter: String,
    /// Counselor id.
    pub counselor_id: String,
    /// Offer id, if booked through one.
    pub offer_id: Option<String>,
    /// Start, RFC 3339 UTC.
    pub start: String,
    /// End, RFC 3339 UTC.
    pub end: String,
    /// `Booked`, `Cancelled`, `Completed`, `NoShow` or `Lapsed`.
    pub status: &'static str,
    /// `SelfBooking`, `CaseworkerSystem` or `Summons`.
    pub channel: &'static str,
    /// InterviewTypeIdentifier.
    pub interview_type: i32,
    /// InterviewContactTypeIdentifier.
    pub contact_type: i32,
    /// ReBookingPossible.
    pub rebook_possible: bool,
    /// CancellationPossible.
    pub cancel_possible: bool,
    /// CompulsoryAttendance.
    pub compulsory: bool,
    /// Why it lapsed.
    pub lapsed_reason: Option<String>,
    /// Reported for billing.
    pub billed: bool,
    /// Raised on every change.
    pub version: i64,
    /// The citizen's CPR: single-booking reads by admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpr: Option<String>,
}

pub(super) fn booking_response(booking: &Booking, cpr: Option<&Cpr>) -> BookingResponse {
    BookingResponse {
        id: booking.id.as_str().to_owned(),
        jobcenter: booking.jobcenter.as_str().to_owned(),
        counselor_id: booking.counselor.as_str().to_owned(),
        offer_id: booking.offer.as_ref().map(|o| o.as_str().to_owned()),
        start: booking.interval.start().to_rfc3339(),
        end: booking.interval.end().to_rfc3339(),
        status: booking.status.as_str(),
        channel: booking.channel.as_str(),
        interview_type: booking.interview_type,
        contact_type: booking.contact_type,
        rebook_possible: booking.changes.rebook_possible,
        cancel_possible: booking.changes.cancel_possible,
        compulsory: booking.compulsory,
        lapsed_reason: booking.lapsed_reason.clone(),
        billed: booking.billed,
        version: booking.version,
        cpr: cpr.map(|c| c.expose_for_admin().to_owned()),
    }
}

/// Query of `GET /bookings` and body of `POST /bookings/search` (the only one that may hold
/// `cpr`).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchQuery {
    /// Jobcenter code (required).
    pub jobcenter: Option<String>,
    /// Counselor id.
    pub counselor: Option<String>,
    /// Period start, RFC 3339 (with `to`).
    pub from: Option<String>,
    /// Period end, RFC 3339 (with `from`).
    pub to: Option<String>,
    /// Status name.
    pub status: Option<String>,
    /// Channel name.
    pub channel: Option<String>,
    /// The citizen's CPR (10 digits).
    pub cpr: Option<String>,
    /// At most this many (default and maximum 5000).
    pub limit: Option<i64>,
}

/// Body of `POST /bookings/{id}/lapse`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LapseRequest {
    /// Why the booking lapsed (required).
    pub reason: String,
}

fn filter(query: SearchQuery) -> Result<BookingFilter, Problem> {
    let jobcenter = query.jobcenter.ok_or_else(|| Problem::invalid("jobcenter", "is required"))?;
    Ok(BookingFilter {
        jobcenter: JobCenterCode::parse(&jobcenter).map_err(|e| Problem::field("jobcenter", &e))?,
        counselor: query
            .counselor
            .map(|c| CounselorId::parse(&c).map_err(|e| Problem::field("counselor", &e)))
            .transpose()?,
        within: period(query.from.as_deref(), query.to.as_deref())?,
        status: query
            .status
            .map(|s| BookingStatus::parse(&s).map_err(|e| Problem::field("status", &e)))
            .transpose()?,
        channel: query
            .channel
            .map(|c| Channel::parse(&c).map_err(|e| Problem::field("channel", &e)))
            .transpose()?,
        citizen: query.cpr.map(|c| Cpr::parse(&c).map_err(|e| Problem::field("cpr", &e))).transpose()?,
    })
}

/// Parses a booking id from the path and loads it, checking the caller acts for its jobcenter.
pub(super) fn owned_booking(ctx: &mut Ctx<'_>, id: &str) -> Result<Booking, Problem> {
    let id = BookingId::parse(id).map_err(|_| Problem::not_found("booking"))?;
    ctx.note("booking.id", id.as_str());
    let booking = ctx.store.booking(&id, None)?;
    ctx.jobcenter(&booking.jobcenter)?;
    Ok(booking)
}

/// `GET /bookings?jobcenter=&counselor=&from=&to=&status=&channel=&limit=`; a `cpr` is refused
/// (422 naming it): a CPR must not travel in a URL.
pub async fn search(call: AdminCall, query: Query<SearchQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let list = call
        .run("admin.bookings.search", move |ctx| {
            if query.cpr.is_some() {
                return Err(Problem::invalid(
                    "cpr",
                    "must not be in a URL; send the search with the CPR in the body of POST /admin/v1/bookings/search",
                ));
            }
            run_search(ctx, query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /bookings/search` with the search as a JSON body, the CPR among its fields.
pub async fn search_by_body(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let list = call.run("admin.bookings.search_by_body", move |ctx| run_search(ctx, json(&body)?)).await?;
    Ok(HttpResponse::Ok().json(list))
}

fn run_search(ctx: &mut Ctx<'_>, query: SearchQuery) -> Result<Vec<BookingResponse>, Problem> {
    let limit = crate::edge::input::row_limit(query.limit, MAX_RESULTS, MAX_RESULTS)?;
    let filter = filter(query)?;
    ctx.jobcenter(&filter.jobcenter)?;
    let found = ctx.store.search_bookings(&filter, limit)?;
    Ok(found.iter().map(|b| booking_response(b, None)).collect())
}

/// `GET /bookings/{id}`: the booking with the citizen's CPR.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let booking = call
        .run("admin.bookings.get", move |ctx| {
            let booking = owned_booking(ctx, &id)?;
            let cpr = ctx.store.booking_cpr_for_admin(&booking.id)?;
            Ok(booking_response(&booking, Some(&cpr)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(booking))
}

async fn act(
    call: AdminCall,
    operation: &'static str,
    id: String,
    action: Action,
    body: Option<web::Bytes>,
) -> Result<HttpResponse, Problem> {
    let booking = call
        .run(operation, move |ctx| {
            let booking = owned_booking(ctx, &id)?;
            let reason = match &body {
                Some(body) => Some(json::<LapseRequest>(body)?.reason),
                None => None,
            };
            let changed = ctx.store.staff_action(&booking.id, action, reason.as_deref(), ctx.now)?;
            Ok(booking_response(&changed, None))
        })
        .await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// `POST /bookings/{id}/complete`.
pub async fn complete(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    act(call, "admin.bookings.complete", path.into_inner(), Action::Complete, None).await
}

/// `POST /bookings/{id}/no-show`.
pub async fn no_show(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    act(call, "admin.bookings.no_show", path.into_inner(), Action::NoShow, None).await
}

/// `POST /bookings/{id}/no-show/correct`.
pub async fn correct_no_show(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    act(call, "admin.bookings.correct_no_show", path.into_inner(), Action::CorrectNoShow, None).await
}

/// `POST /bookings/{id}/lapse` with `{"reason": "..."}`.
pub async fn lapse(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    act(call, "admin.bookings.lapse", path.into_inner(), Action::MarkLapsed, Some(body)).await
}

/// `POST /bookings/{id}/cancel`: staff cancellation (no citizen deadline applies).
pub async fn cancel(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    act(call, "admin.bookings.cancel", path.into_inner(), Action::Cancel, None).await
}
