//! The conflict queue of calendar sync: external events that overlap a booking. The event was
//! accepted as busy and the booking left as it was; an operator decides (moves or cancels the
//! booking through the usual operations, or asks the counselor to move the private event) and
//! marks the conflict resolved with a note.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::JobCenterCode;
use crate::store::db::schema::{calendar_conflicts, calendar_events, counselors};
use crate::store::db::{from_db, to_db};
use crate::store::{Error, Store};

/// One conflict between an external event and a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarConflict {
    /// The conflict's id.
    pub id: String,
    /// The counselor.
    pub counselor: String,
    /// The booking overlapped.
    pub booking: String,
    /// Who pushed the event (caller identity, or `ics` for imports).
    pub source: String,
    /// The connector's event id.
    pub event: String,
    /// The event's time as last synced.
    pub event_start: DateTime<Utc>,
    /// Its end.
    pub event_end: DateTime<Utc>,
    /// Whether the event has since been deleted.
    pub event_deleted: bool,
    /// When the overlap was found.
    pub detected_at: DateTime<Utc>,
    /// When an operator resolved it.
    pub resolved_at: Option<DateTime<Utc>>,
    /// The operator's note.
    pub resolution: Option<String>,
}

/// A conflict with its event, in the order of the select below.
#[derive(Queryable)]
struct Row {
    id: String,
    counselor_id: String,
    booking_id: String,
    detected_at: NaiveDateTime,
    resolved_at: Option<NaiveDateTime>,
    resolution: Option<String>,
    source: String,
    external_id: String,
    start_at: NaiveDateTime,
    end_at: NaiveDateTime,
    deleted: bool,
}

impl From<Row> for CalendarConflict {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            counselor: r.counselor_id,
            booking: r.booking_id,
            detected_at: from_db(r.detected_at),
            resolved_at: r.resolved_at.map(from_db),
            resolution: r.resolution,
            source: r.source,
            event: r.external_id,
            event_start: from_db(r.start_at),
            event_end: from_db(r.end_at),
            event_deleted: r.deleted,
        }
    }
}

impl Store {
    /// Conflicts of counselors of `jobcenters`, newest first; only open ones unless `all`; at
    /// most `limit`.
    pub fn calendar_conflicts(
        &self,
        jobcenters: &[JobCenterCode],
        all: bool,
        limit: i64,
    ) -> Result<Vec<CalendarConflict>, Error> {
        let mut conn = self.conn()?;
        let codes: Vec<&str> = jobcenters.iter().map(JobCenterCode::as_str).collect();
        let mut query = calendar_conflicts::table
            .inner_join(calendar_events::table.on(calendar_events::id.eq(calendar_conflicts::event_id)))
            .inner_join(counselors::table.on(counselors::id.eq(calendar_conflicts::counselor_id)))
            .filter(counselors::jobcenter_code.eq_any(codes))
            .into_boxed();
        if !all {
            query = query.filter(calendar_conflicts::resolved_at.is_null());
        }
        let rows: Vec<Row> = query
            .order((calendar_conflicts::detected_at.desc(), calendar_conflicts::id.desc()))
            .limit(limit)
            .select((
                calendar_conflicts::id,
                calendar_conflicts::counselor_id,
                calendar_conflicts::booking_id,
                calendar_conflicts::detected_at,
                calendar_conflicts::resolved_at,
                calendar_conflicts::resolution,
                calendar_events::source,
                calendar_events::external_id,
                calendar_events::start_at,
                calendar_events::end_at,
                calendar_events::deleted,
            ))
            .load(&mut conn)?;
        Ok(rows.into_iter().map(CalendarConflict::from).collect())
    }

    /// Marks an open conflict of a counselor of `jobcenters` resolved with `note`; `false` when
    /// there is no such open conflict (unknown, another jobcenter's, or already resolved).
    pub fn resolve_calendar_conflict(
        &self,
        jobcenters: &[JobCenterCode],
        id: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, Error> {
        let codes: Vec<&str> = jobcenters.iter().map(JobCenterCode::as_str).collect();
        self.write(|conn| {
            let mine =
                counselors::table.filter(counselors::jobcenter_code.eq_any(&codes)).select(counselors::id);
            let n = diesel::update(
                calendar_conflicts::table
                    .filter(calendar_conflicts::id.eq(id))
                    .filter(calendar_conflicts::counselor_id.eq_any(mine))
                    .filter(calendar_conflicts::resolved_at.is_null()),
            )
            .set((calendar_conflicts::resolved_at.eq(to_db(now)), calendar_conflicts::resolution.eq(note)))
            .execute(conn)?;
            Ok(n > 0)
        })
    }
}
