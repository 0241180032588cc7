//! DFDG's error reports (CreateFejlmelding): storing each report, and for operators the stored
//! reports, newest first, limited to the caller's jobcenters (`GET /admin/v1/dfdg/fejlmeldinger`, `planner dfdg
//! fejlmeldinger`).
//!
//! Jobcenter scoping, as for the WSRM log: a report belongs to the jobcenter of the booking it
//! names, or else of the offer it names (CreateFejlmelding only stores a report whose booking and
//! offer belong to the reporting caller's jobcenters). A report naming neither cannot be placed
//! in a jobcenter; it is listed only when the query asks for such rows (`include_unbound`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{BookingId, JobCenterCode, OfferId};
use crate::store::db::schema::{bookings, error_reports, offers};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{Error, Store};

/// An error report DFDG sent about an offer or a booking (CreateFejlmelding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    /// The offer concerned (MoedetilbudId), if any.
    pub offer: Option<OfferId>,
    /// The booking concerned (IndkaldelseId), if any.
    pub booking: Option<BookingId>,
    /// Fejlkode.
    pub code: i32,
    /// Fejltekst, at most 500 characters.
    pub text: Option<String>,
    /// FejlOphav: 30 DFDG or 32 Jobnet.
    pub origin: i32,
    /// FejlTidspunkt.
    pub reported_at: DateTime<Utc>,
}

/// Which error reports to list.
#[derive(Debug, Clone)]
pub struct ErrorReportQuery {
    /// At most this many reports.
    pub limit: i64,
    /// Reports whose booking (or, without one, offer) belongs to one of these jobcenters.
    pub jobcenters: Vec<JobCenterCode>,
    /// Also reports naming neither a booking nor an offer.
    pub include_unbound: bool,
}

/// A stored error report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReportRecord {
    /// The report's id (given when it was stored).
    pub id: String,
    /// When the planner received it.
    pub received_at: DateTime<Utc>,
    /// The certificate identity that sent it.
    pub caller: String,
    /// The jobcenter of its booking or offer, if it names one.
    pub jobcenter: Option<String>,
    /// What DFDG reported.
    pub report: ErrorReport,
}

/// A stored report with the jobcenters of what it names, in the order of the select below.
#[derive(Queryable)]
struct Row {
    id: String,
    received_at: chrono::NaiveDateTime,
    caller: String,
    offer_id: Option<String>,
    booking_id: Option<String>,
    error_code: i32,
    error_text: Option<String>,
    origin: i32,
    reported_at: chrono::NaiveDateTime,
    booking_jobcenter: Option<String>,
    offer_jobcenter: Option<String>,
}

fn to_record(row: Row) -> Result<ErrorReportRecord, Error> {
    Ok(ErrorReportRecord {
        id: row.id,
        received_at: from_db(row.received_at),
        caller: row.caller,
        jobcenter: row.booking_jobcenter.or(row.offer_jobcenter),
        report: ErrorReport {
            offer: row
                .offer_id
                .map(|o| OfferId::parse(&o).map_err(|_| corrupt("error report offer")))
                .transpose()?,
            booking: row
                .booking_id
                .map(|b| BookingId::parse(&b).map_err(|_| corrupt("error report booking")))
                .transpose()?,
            code: row.error_code,
            text: row.error_text,
            origin: row.origin,
            reported_at: from_db(row.reported_at),
        },
    })
}

impl Store {
    /// The error reports `query` selects, newest first.
    pub fn error_reports(&self, query: &ErrorReportQuery) -> Result<Vec<ErrorReportRecord>, Error> {
        let mut conn = self.conn()?;
        let codes: Vec<&str> = query.jobcenters.iter().map(JobCenterCode::as_str).collect();
        let by_booking = bookings::jobcenter_code.eq_any(codes.clone());
        let by_offer = error_reports::booking_id.is_null().and(offers::jobcenter_code.eq_any(codes));
        let unbound = error_reports::booking_id.is_null().and(error_reports::offer_id.is_null());
        let mut select = error_reports::table
            .left_join(bookings::table.on(error_reports::booking_id.eq(bookings::id.nullable())))
            .left_join(offers::table.on(error_reports::offer_id.eq(offers::id.nullable())))
            .into_boxed();
        select = if query.include_unbound {
            select.filter(by_booking.or(by_offer).or(unbound.nullable()))
        } else {
            select.filter(by_booking.or(by_offer))
        };
        let rows: Vec<Row> = select
            .order((error_reports::received_at.desc(), error_reports::id.desc()))
            .limit(query.limit)
            .select((
                error_reports::id,
                error_reports::received_at,
                error_reports::caller,
                error_reports::offer_id,
                error_reports::booking_id,
                error_reports::error_code,
                error_reports::error_text,
                error_reports::origin,
                error_reports::reported_at,
                bookings::jobcenter_code.nullable(),
                offers::jobcenter_code.nullable(),
            ))
            .load(&mut conn)?;
        rows.into_iter().map(to_record).collect()
    }
}

impl Store {
    /// Stores an error report from DFDG; returns its id (a time-ordered UUID v7, so reports
    /// received within one second still list newest first).
    pub fn record_error_report(
        &self,
        caller: &str,
        report: &ErrorReport,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut conn = self.conn()?;
        diesel::insert_into(error_reports::table)
            .values((
                error_reports::id.eq(&id),
                error_reports::received_at.eq(to_db(now)),
                error_reports::caller.eq(caller),
                error_reports::offer_id.eq(report.offer.as_ref().map(OfferId::as_str)),
                error_reports::booking_id.eq(report.booking.as_ref().map(BookingId::as_str)),
                error_reports::error_code.eq(report.code),
                error_reports::error_text.eq(&report.text),
                error_reports::origin.eq(report.origin),
                error_reports::reported_at.eq(to_db(report.reported_at)),
            ))
            .execute(&mut conn)?;
        Ok(id)
    }

    /// How many error reports are stored (for operators and tests).
    pub fn error_report_count(&self) -> Result<i64, Error> {
        let mut conn = self.conn()?;
        Ok(error_reports::table.count().get_result(&mut conn)?)
    }
}
