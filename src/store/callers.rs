//! The caller registry (certificate identity -> role and jobcenters) and DFDG's error reports.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::rows::{corrupt, to_db};
use super::schema::{callers, error_reports};
use super::{Error, Store};
use crate::domain::{BookingId, Caller, JobCenterCode, OfferId, Role};

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

type CallerRow = (String, String, String, bool);

fn to_caller((identity, role, jobcenters, enabled): CallerRow) -> Result<Caller, Error> {
    Ok(Caller {
        identity,
        role: Role::parse(&role).map_err(|_| corrupt("caller role"))?,
        jobcenters: jobcenters
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| JobCenterCode::parse(code).map_err(|_| corrupt("caller jobcenter")))
            .collect::<Result<_, _>>()?,
        enabled,
    })
}

impl Store {
    /// Registers a caller, or replaces its role, jobcenters and enabled flag.
    pub fn upsert_caller(&self, caller: &Caller, now: DateTime<Utc>) -> Result<(), Error> {
        let jobcenters = caller.jobcenters.iter().map(JobCenterCode::as_str).collect::<Vec<_>>().join(",");
        self.write(|conn| {
            diesel::delete(callers::table.find(&caller.identity)).execute(conn)?;
            diesel::insert_into(callers::table)
                .values((
                    callers::identity.eq(&caller.identity),
                    callers::role.eq(caller.role.as_str()),
                    callers::jobcenters.eq(&jobcenters),
                    callers::enabled.eq(caller.enabled),
                    callers::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// The registered caller with this identity, if any.
    pub fn caller(&self, identity: &str) -> Result<Option<Caller>, Error> {
        let mut conn = self.conn()?;
        let row: Option<CallerRow> = callers::table
            .find(identity)
            .select((callers::identity, callers::role, callers::jobcenters, callers::enabled))
            .first(&mut conn)
            .optional()?;
        row.map(to_caller).transpose()
    }

    /// Every registered caller, by identity.
    pub fn callers(&self) -> Result<Vec<Caller>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<CallerRow> = callers::table
            .order(callers::identity)
            .select((callers::identity, callers::role, callers::jobcenters, callers::enabled))
            .load(&mut conn)?;
        rows.into_iter().map(to_caller).collect()
    }

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
