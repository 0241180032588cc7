//! Calendar events pushed by connectors (ExternalCalendarService) or imported from iCalendar:
//! each live event owns one `busy_blocks` row (source `calendar_sync`, id = the event's id), so
//! availability honours it like any other block. Keyed by (source, counselor, external id):
//! the same id with the same times changes nothing, new times move the block, a delete removes
//! the block and leaves a tombstone.
//!
//! Ownership (docs/contract/adapters.md §7): an event overlapping a booking is accepted as busy and
//! recorded in
//! `calendar_conflicts`; the booking is never moved or cancelled here.
//!
//! A batch runs in one transaction with a few reads for the whole batch (counselors, existing
//! events, bookings in the span) and then its writes.
//!
//! The batch writes are in `writes`, ICS import in `import`, feed tokens and import URLs in
//! `feeds`, the conflict queue in `conflicts`.

pub(crate) mod conflicts;
pub(crate) mod feeds;
pub(crate) mod import;
pub(crate) mod writes;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::calendar_sync::{Accepted, EventRef, ExternalEvent, Receipt, Rejection};
use crate::domain::{BlockSource, Interval, JobCenterCode};
use crate::store::db::schema::{bookings, busy_blocks, calendar_conflicts, calendar_events, counselors};
use crate::store::db::to_db;
use crate::store::{AnyConnection, Error, Store};

/// Ids per `IN (...)` list (well under SQLite's bound-parameter limit).
const CHUNK: usize = 400;

/// A stored event as the batch logic sees it.
#[derive(Debug, Clone)]
pub(crate) struct Existing {
    pub(crate) id: String,
    pub(crate) start: NaiveDateTime,
    pub(crate) end: NaiveDateTime,
    pub(crate) deleted: bool,
}

/// Booked bookings per counselor: (booking id, start, end).
pub(crate) type BookedOf = HashMap<String, Vec<(String, NaiveDateTime, NaiveDateTime)>>;

/// Whether a batch creates or updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushMode {
    /// CreateEvents (an id already live with other times is a duplicate).
    Create,
    /// UpdateEvents (the id must exist and be live).
    Update,
    /// Import: create or update, whatever exists.
    Upsert,
}

/// Everything one batch writes, collected first and then written in chunks.
#[derive(Default)]
pub(crate) struct Writes {
    new_events: Vec<crate::store::integrations::calendar_sync::writes::NewEvent>,
    revived: Vec<(String, NaiveDateTime, NaiveDateTime)>,
    moved: Vec<(String, NaiveDateTime, NaiveDateTime)>,
    deleted: Vec<String>,
    conflicts: Vec<(String, String, String)>,
}

impl Writes {
    /// Queues removing an event's block, keeping the event as a tombstone.
    pub(crate) fn tombstone(&mut self, id: String) {
        self.deleted.push(id);
    }
}

/// Counselors the caller may sync, by lower-cased e-mail: (id, e-mail).
pub(crate) fn resources(
    conn: &mut AnyConnection,
    jobcenters: &[JobCenterCode],
) -> Result<HashMap<String, String>, Error> {
    let codes: Vec<&str> = jobcenters.iter().map(JobCenterCode::as_str).collect();
    let rows: Vec<(String, String)> = counselors::table
        .filter(counselors::jobcenter_code.eq_any(&codes))
        .select((counselors::email, counselors::id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(email, id)| (email.to_lowercase(), id)).collect())
}

/// The ids of the counselors a batch names (usually one): only these are looked up, since a
/// PostgreSQL index scan over `IN (counselors) AND IN (keys)` probes every pair.
pub(crate) fn batch_counselors<'a>(
    resources: &'a HashMap<String, String>,
    emails: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut ids: Vec<&str> = emails.filter_map(|e| resources.get(e)).map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Stored events of `source` for these (counselor, key) pairs, by (counselor, key).
pub(crate) fn existing(
    conn: &mut AnyConnection,
    source: &str,
    counselor_ids: &[&str],
    keys: &[&str],
) -> Result<HashMap<(String, String), Existing>, Error> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let rows: Vec<(String, String, String, NaiveDateTime, NaiveDateTime, bool)> = calendar_events::table
            .filter(calendar_events::source.eq(source))
            .filter(calendar_events::counselor_id.eq_any(counselor_ids))
            .filter(calendar_events::external_id.eq_any(chunk))
            .select((
                calendar_events::id,
                calendar_events::counselor_id,
                calendar_events::external_id,
                calendar_events::start_at,
                calendar_events::end_at,
                calendar_events::deleted,
            ))
            .load(conn)?;
        for (id, counselor, key, start, end, deleted) in rows {
            found.insert((counselor, key), Existing { id, start, end, deleted });
        }
    }
    Ok(found)
}

/// Booked bookings of these counselors overlapping `span`, by counselor: (id, start, end).
pub(crate) fn booked(
    conn: &mut AnyConnection,
    counselor_ids: &[&str],
    span: Option<(NaiveDateTime, NaiveDateTime)>,
) -> Result<BookedOf, Error> {
    let Some((from, until)) = span else { return Ok(HashMap::new()) };
    let rows: Vec<(String, String, NaiveDateTime, NaiveDateTime)> = bookings::table
        .filter(bookings::counselor_id.eq_any(counselor_ids))
        .filter(bookings::status.eq(crate::domain::BookingStatus::Booked.as_str()))
        .filter(bookings::start_at.lt(until))
        .filter(bookings::end_at.gt(from))
        .select((bookings::counselor_id, bookings::id, bookings::start_at, bookings::end_at))
        .load(conn)?;
    let mut of: HashMap<String, Vec<_>> = HashMap::new();
    for (counselor, id, start, end) in rows {
        of.entry(counselor).or_default().push((id, start, end));
    }
    Ok(of)
}

/// One event of a batch, resolved to its counselor.
pub(crate) struct Resolved<'a> {
    pub(crate) counselor: &'a str,
    pub(crate) key: &'a str,
    pub(crate) interval: Interval,
}

/// Decides one create/update against what exists and queues its writes.
pub(crate) fn apply_one(
    event: &Resolved,
    mode: PushMode,
    found: &mut HashMap<(String, String), Existing>,
    bookings: &BookedOf,
    writes: &mut Writes,
) -> Result<(Accepted, usize), Rejection> {
    let (start, end) = (to_db(event.interval.start()), to_db(event.interval.end()));
    let slot = (event.counselor.to_owned(), event.key.to_owned());
    let (id, accepted) = match (found.get_mut(&slot), mode) {
        (None, PushMode::Update) => return Err(Rejection::UnknownEvent),
        (None, _) => {
            let id = uuid::Uuid::now_v7().to_string();
            writes.new_events.push((
                id.clone(),
                event.counselor.to_owned(),
                event.key.to_owned(),
                start,
                end,
            ));
            found.insert(slot, Existing { id: id.clone(), start, end, deleted: false });
            (id, Accepted::Created)
        }
        (Some(old), PushMode::Update) if old.deleted => return Err(Rejection::UnknownEvent),
        (Some(old), _) if old.deleted => {
            writes.revived.push((old.id.clone(), start, end));
            (old.start, old.end, old.deleted) = (start, end, false);
            (old.id.clone(), Accepted::Created)
        }
        (Some(old), _) if old.start == start && old.end == end => return Ok((Accepted::Unchanged, 0)),
        (Some(_), PushMode::Create) => return Err(Rejection::DuplicateEventId),
        (Some(old), _) => {
            writes.moved.push((old.id.clone(), start, end));
            (old.start, old.end) = (start, end);
            (old.id.clone(), Accepted::Updated)
        }
    };
    let mut overlaps = 0;
    for (booking, b_start, b_end) in bookings.get(event.counselor).into_iter().flatten() {
        if *b_start < end && start < *b_end {
            overlaps += 1;
            writes.conflicts.push((id.clone(), booking.clone(), event.counselor.to_owned()));
        }
    }
    Ok((accepted, overlaps))
}

/// Writes a batch's queued changes.
pub(crate) fn write_all(
    conn: &mut AnyConnection,
    source: &str,
    writes: &Writes,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let now = to_db(now);
    let sync = BlockSource::CalendarSync.as_str();
    crate::store::integrations::calendar_sync::writes::insert_new(
        conn,
        source,
        sync,
        &writes.new_events,
        now,
    )?;
    for (id, start, end) in &writes.revived {
        crate::store::integrations::calendar_sync::writes::set_event(conn, id, *start, *end, now)?;
        let counselor: String =
            calendar_events::table.find(id).select(calendar_events::counselor_id).first(conn)?;
        insert_blocks(conn, std::iter::once((id, counselor.as_str(), *start, *end)), sync, now)?;
    }
    crate::store::integrations::calendar_sync::writes::move_events(conn, &writes.moved, now)?;
    for chunk in writes.deleted.chunks(CHUNK) {
        diesel::update(calendar_events::table.filter(calendar_events::id.eq_any(chunk)))
            .set((calendar_events::deleted.eq(true), calendar_events::updated_at.eq(now)))
            .execute(conn)?;
        diesel::delete(busy_blocks::table.filter(busy_blocks::id.eq_any(chunk))).execute(conn)?;
    }
    for (event, booking, counselor) in &writes.conflicts {
        let open: i64 = calendar_conflicts::table
            .filter(calendar_conflicts::event_id.eq(event))
            .filter(calendar_conflicts::booking_id.eq(booking))
            .filter(calendar_conflicts::resolved_at.is_null())
            .count()
            .get_result(conn)?;
        if open == 0 {
            diesel::insert_into(calendar_conflicts::table)
                .values((
                    calendar_conflicts::id.eq(uuid::Uuid::now_v7().to_string()),
                    calendar_conflicts::event_id.eq(event),
                    calendar_conflicts::booking_id.eq(booking),
                    calendar_conflicts::counselor_id.eq(counselor),
                    calendar_conflicts::detected_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn insert_blocks<'a>(
    conn: &mut AnyConnection,
    blocks: impl Iterator<Item = (&'a String, &'a str, NaiveDateTime, NaiveDateTime)>,
    source: &str,
    now: NaiveDateTime,
) -> Result<(), Error> {
    for (id, counselor, start, end) in blocks {
        diesel::insert_into(busy_blocks::table)
            .values((
                busy_blocks::id.eq(id),
                busy_blocks::counselor_id.eq(counselor),
                busy_blocks::start_at.eq(start),
                busy_blocks::end_at.eq(end),
                busy_blocks::source.eq(source),
                busy_blocks::external_id.eq(Some(id)),
                busy_blocks::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

impl Store {
    /// CreateEvents / UpdateEvents: applies each event of the batch for the connector `source`,
    /// limited to counselors of `jobcenters`; one receipt per event, in order. One event's
    /// rejection does not stop the others.
    pub fn push_events(
        &self,
        source: &str,
        jobcenters: &[JobCenterCode],
        mode: PushMode,
        events: &[ExternalEvent],
        now: DateTime<Utc>,
    ) -> Result<Vec<Receipt>, Error> {
        self.write(|conn| {
            let resources = resources(conn, jobcenters)?;
            let ids = batch_counselors(&resources, events.iter().map(|e| e.resource.as_str()));
            let keys: Vec<&str> = events.iter().map(|e| e.key.as_str()).collect();
            let mut found = existing(conn, source, &ids, &keys)?;
            let bookings = booked(conn, &ids, span(events.iter().map(|e| e.interval)))?;
            let mut seen = HashSet::new();
            let mut writes = Writes::default();
            let receipts = events
                .iter()
                .map(|event| {
                    let result = match resources.get(&event.resource) {
                        None => Err(Rejection::UnknownResource),
                        Some(counselor) if !seen.insert((counselor.as_str(), event.key.as_str())) => {
                            Err(Rejection::DuplicateEventId)
                        }
                        Some(counselor) => {
                            let resolved =
                                Resolved { counselor, key: event.key.as_str(), interval: event.interval };
                            apply_one(&resolved, mode, &mut found, &bookings, &mut writes)
                        }
                    };
                    Receipt { event: event.key.as_str().to_owned(), result }
                })
                .collect();
            write_all(conn, source, &writes, now)?;
            Ok(receipts)
        })
    }

    /// DeleteEvents: removes each event's block and keeps a tombstone; deleting an already
    /// deleted event is accepted again (a retried call).
    pub fn delete_events(
        &self,
        source: &str,
        jobcenters: &[JobCenterCode],
        events: &[EventRef],
        now: DateTime<Utc>,
    ) -> Result<Vec<Receipt>, Error> {
        self.write(|conn| {
            let resources = resources(conn, jobcenters)?;
            let ids = batch_counselors(&resources, events.iter().map(|e| e.resource.as_str()));
            let keys: Vec<&str> = events.iter().map(|e| e.key.as_str()).collect();
            let mut found = existing(conn, source, &ids, &keys)?;
            let mut writes = Writes::default();
            let receipts = events
                .iter()
                .map(|event| {
                    let result = match resources.get(&event.resource) {
                        None => Err(Rejection::UnknownResource),
                        Some(counselor) => {
                            match found.get_mut(&(counselor.clone(), event.key.as_str().into())) {
                                None => Err(Rejection::UnknownEvent),
                                Some(old) if old.deleted => Ok((Accepted::Deleted, 0)),
                                Some(old) => {
                                    old.deleted = true;
                                    writes.deleted.push(old.id.clone());
                                    Ok((Accepted::Deleted, 0))
                                }
                            }
                        }
                    };
                    Receipt { event: event.key.as_str().to_owned(), result }
                })
                .collect();
            write_all(conn, source, &writes, now)?;
            Ok(receipts)
        })
    }
}

/// The smallest span holding every interval, `None` when there are none.
pub(crate) fn span(intervals: impl Iterator<Item = Interval>) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let mut bounds: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    for i in intervals {
        bounds = Some(match bounds {
            None => (i.start(), i.end()),
            Some((s, e)) => (s.min(i.start()), e.max(i.end())),
        });
    }
    bounds.map(|(s, e)| (to_db(s), to_db(e)))
}
