//! What calendar connectors and feeds read: a counselor found by e-mail within the caller's
//! jobcenters, the counselor's bookings (with their version, which rises on every change) and
//! busy blocks over an interval, optionally only what changed since an instant.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::{BlockSource, BookingStatus, Counselor, CounselorId, Interval, JobCenterCode};
use crate::store::db::schema::{bookings, busy_blocks, calendar_events, counselors};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::reference::CounselorRow;
use crate::store::{Error, Store};

/// One of a counselor's bookings as a calendar shows it (no citizen data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounselorBooking {
    /// The booking id (a stable UID for calendars).
    pub id: String,
    /// When.
    pub interval: Interval,
    /// Booked, Cancelled, ...
    pub status: BookingStatus,
    /// Rises on every change (iCalendar SEQUENCE).
    pub version: i64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A busy block as a calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounselorBlock {
    /// The block's id (for synced events: the planner's event id, not the connector's).
    pub id: String,
    /// When (as last synced for a deleted event).
    pub interval: Interval,
    /// Manual, calendar sync, other.
    pub source: BlockSource,
    /// A synced event deleted since (only reported for change queries).
    pub deleted: bool,
    /// Last change (a manual block's creation: it is replaced, never edited).
    pub updated_at: DateTime<Utc>,
    /// For a synced event: who pushed or imported it (connector identity, or `ics`) and the
    /// event id it used there.
    pub origin: Option<(String, String)>,
    /// What a manual block is for, as entered.
    pub note: Option<String>,
}

/// A synced event's row: id, source, external id, start, end, deleted, updated.
type EventRow = (String, String, String, NaiveDateTime, NaiveDateTime, bool, NaiveDateTime);

fn event_block(row: EventRow) -> Result<CounselorBlock, Error> {
    let (id, source, external, start, end, deleted, updated) = row;
    Ok(CounselorBlock {
        id,
        interval: interval(start, end, "calendar event")?,
        source: BlockSource::CalendarSync,
        deleted,
        updated_at: from_db(updated),
        origin: Some((source, external)),
        note: None,
    })
}

/// A busy block's row: id, start, end, source, updated, note.
type BlockRow = (String, NaiveDateTime, NaiveDateTime, String, NaiveDateTime, Option<String>);

/// The columns of [`EventRow`].
macro_rules! event_columns {
    () => {
        (
            calendar_events::id,
            calendar_events::source,
            calendar_events::external_id,
            calendar_events::start_at,
            calendar_events::end_at,
            calendar_events::deleted,
            calendar_events::updated_at,
        )
    };
}

fn interval(start: NaiveDateTime, end: NaiveDateTime, what: &str) -> Result<Interval, Error> {
    Interval::new(from_db(start), from_db(end)).map_err(|_| corrupt(what))
}

impl Store {
    /// The counselor with this e-mail address (compared case-insensitively) among `jobcenters`.
    pub fn counselor_by_email(
        &self,
        email: &str,
        jobcenters: &[JobCenterCode],
    ) -> Result<Option<Counselor>, Error> {
        let mut conn = self.conn()?;
        let codes: Vec<&str> = jobcenters.iter().map(JobCenterCode::as_str).collect();
        let rows: Vec<CounselorRow> = counselors::table
            .filter(counselors::jobcenter_code.eq_any(&codes))
            .select(CounselorRow::as_select())
            .load(&mut conn)?;
        let email = email.to_lowercase();
        rows.into_iter().find(|r| r.email.to_lowercase() == email).map(Counselor::try_from).transpose()
    }

    /// A counselor's bookings of any status overlapping `within` (all of them when `None`),
    /// only those changed after `since` when given; by start.
    pub fn calendar_bookings(
        &self,
        counselor: &CounselorId,
        within: Option<Interval>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<CounselorBooking>, Error> {
        let mut conn = self.conn()?;
        let mut query = bookings::table.filter(bookings::counselor_id.eq(counselor.as_str())).into_boxed();
        if let Some(within) = within {
            query = query
                .filter(bookings::start_at.lt(to_db(within.end())))
                .filter(bookings::end_at.gt(to_db(within.start())));
        }
        if let Some(since) = since {
            query = query.filter(bookings::updated_at.gt(to_db(since)));
        }
        let rows: Vec<(String, NaiveDateTime, NaiveDateTime, String, i64, NaiveDateTime)> = query
            .order((bookings::start_at, bookings::id))
            .select((
                bookings::id,
                bookings::start_at,
                bookings::end_at,
                bookings::status,
                bookings::version,
                bookings::updated_at,
            ))
            .load(&mut conn)?;
        rows.into_iter()
            .map(|(id, start, end, status, version, updated)| {
                Ok(CounselorBooking {
                    id,
                    interval: interval(start, end, "booking")?,
                    status: BookingStatus::parse(&status).map_err(|_| corrupt("booking status"))?,
                    version,
                    updated_at: from_db(updated),
                })
            })
            .collect()
    }

    /// A counselor's busy blocks overlapping `within`, each with its last change and, for synced
    /// events, their origin; with `since`, instead the synced events changed after it (deleted
    /// ones included: only those leave a tombstone).
    pub fn counselor_blocks(
        &self,
        counselor: &CounselorId,
        within: Interval,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<CounselorBlock>, Error> {
        let mut conn = self.conn()?;
        let (from, until) = (to_db(within.start()), to_db(within.end()));
        if let Some(since) = since {
            let rows: Vec<EventRow> = calendar_events::table
                .filter(calendar_events::counselor_id.eq(counselor.as_str()))
                .filter(calendar_events::updated_at.gt(to_db(since)))
                .filter(calendar_events::start_at.lt(until))
                .filter(calendar_events::end_at.gt(from))
                .order((calendar_events::start_at, calendar_events::id))
                .select(event_columns!())
                .load(&mut conn)?;
            return rows.into_iter().map(event_block).collect();
        }
        let rows: Vec<BlockRow> = busy_blocks::table
            .filter(busy_blocks::counselor_id.eq(counselor.as_str()))
            .filter(busy_blocks::start_at.lt(until))
            .filter(busy_blocks::end_at.gt(from))
            .order((busy_blocks::start_at, busy_blocks::id))
            .select((
                busy_blocks::id,
                busy_blocks::start_at,
                busy_blocks::end_at,
                busy_blocks::source,
                busy_blocks::updated_at,
                busy_blocks::note,
            ))
            .load(&mut conn)?;
        // Synced events keep their origin and change time on their event row (same id).
        let synced = BlockSource::CalendarSync.as_str();
        let ids: Vec<&str> = rows.iter().filter(|r| r.3 == synced).map(|r| r.0.as_str()).collect();
        let mut events = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let found: Vec<EventRow> = calendar_events::table
                .filter(calendar_events::id.eq_any(chunk))
                .select(event_columns!())
                .load(&mut conn)?;
            events.extend(found.into_iter().map(|row| (row.0.clone(), row)));
        }
        rows.into_iter()
            .map(|(id, start, end, source, updated, note)| {
                let source = BlockSource::parse(&source).map_err(|_| corrupt("block source"))?;
                let event = events.remove(&id);
                Ok(CounselorBlock {
                    interval: interval(start, end, "busy block")?,
                    source,
                    deleted: false,
                    updated_at: from_db(event.as_ref().map_or(updated, |e| e.6.max(updated))),
                    origin: event.map(|e| (e.1, e.2)),
                    note,
                    id,
                })
            })
            .collect()
    }
}
