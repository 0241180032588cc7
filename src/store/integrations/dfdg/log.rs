//! The WSRM log for the admin API: the applied and rejected DFDG queue messages, newest first,
//! filtered by outcome and limited to the caller's jobcenters.
//!
//! Jobcenter scoping: a message that touched a booking belongs to that booking's jobcenter. A
//! message without a booking (rejected: unreadable, or refused before a booking existed) cannot
//! be placed in a jobcenter, as the planner pulls one queue for all its jobcenters; such rows are
//! shown only when the caller asks for them (`include_unbound`), which the admin API does for
//! callers acting for every jobcenter of the planner (the installation's operators).

use diesel::prelude::*;

use crate::domain::JobCenterCode;
use crate::store::db::schema::{bookings, dfdg_messages};
use crate::store::integrations::dfdg::LogRow;
use crate::store::{DfdgMessageRecord, Error, Store};

/// Which WSRM log rows to list.
#[derive(Debug, Clone)]
pub struct DfdgLogQuery {
    /// At most this many rows.
    pub limit: i64,
    /// Only `applied` or only `rejected` rows.
    pub outcome: Option<String>,
    /// Rows whose booking belongs to one of these jobcenters.
    pub jobcenters: Vec<JobCenterCode>,
    /// Also rows without a booking.
    pub include_unbound: bool,
}

impl Store {
    /// The WSRM log rows `query` selects, newest first.
    pub fn dfdg_message_log(&self, query: &DfdgLogQuery) -> Result<Vec<DfdgMessageRecord>, Error> {
        let mut conn = self.conn()?;
        let codes: Vec<&str> = query.jobcenters.iter().map(JobCenterCode::as_str).collect();
        let mut select = dfdg_messages::table
            .left_join(bookings::table.on(dfdg_messages::booking_id.eq(bookings::id.nullable())))
            .into_boxed();
        select = if query.include_unbound {
            select.filter(bookings::jobcenter_code.eq_any(codes).or(dfdg_messages::booking_id.is_null()))
        } else {
            select.filter(bookings::jobcenter_code.eq_any(codes))
        };
        if let Some(outcome) = &query.outcome {
            select = select.filter(dfdg_messages::outcome.eq(outcome));
        }
        let rows: Vec<LogRow> = select
            .order((dfdg_messages::received_at.desc(), dfdg_messages::message_id))
            .limit(query.limit)
            .select(LogRow::as_select())
            .load(&mut conn)?;
        Ok(rows.into_iter().map(DfdgMessageRecord::from).collect())
    }
}
