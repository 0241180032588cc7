//! Imported busy time (ICS files and polled URLs): the whole set of a counselor's occurrences
//! from one source replaces the previous set. New keys become blocks, moved ones move, missing
//! ones are tombstoned and free their time.
//!
//! Refusing mass deletion (docs/contract/adapters.md §7) is the caller's job one level up as well,
//! but the store enforces the last line: an empty set never wipes existing blocks unless explicitly
//! allowed.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::calendar_sync::Accepted;
use crate::domain::{CounselorId, Interval};
use crate::store::db::schema::calendar_events;
use crate::store::integrations::calendar_sync::{
    apply_one, booked, span, write_all, Existing, PushMode, Resolved, Writes,
};
use crate::store::reference::ensure_counselor;
use crate::store::{Error, Store};

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New blocks.
    pub created: usize,
    /// Blocks moved.
    pub updated: usize,
    /// Blocks already as imported.
    pub unchanged: usize,
    /// Blocks removed because their occurrence is gone.
    pub deleted: usize,
    /// Occurrences overlapping a booking (queued as conflicts).
    pub conflicts: usize,
}

impl Store {
    /// Live imported events of `source` for a counselor.
    pub fn imported_count(&self, counselor: &CounselorId, source: &str) -> Result<i64, Error> {
        let mut conn = self.conn()?;
        Ok(calendar_events::table
            .filter(calendar_events::source.eq(source))
            .filter(calendar_events::counselor_id.eq(counselor.as_str()))
            .filter(calendar_events::deleted.eq(false))
            .count()
            .get_result(&mut conn)?)
    }

    /// Replaces the counselor's events of `source` with `events` (key, time), keeping the
    /// stored ones whose key starts with one of `keep` (events the import could not read).
    /// With an empty `events` and live events stored, nothing changes unless `allow_empty`.
    pub fn replace_imported(
        &self,
        counselor: &CounselorId,
        source: &str,
        events: &[(String, Interval)],
        keep: &[String],
        allow_empty: bool,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, Error> {
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            let rows: Vec<(String, String, NaiveDateTime, NaiveDateTime, bool)> = calendar_events::table
                .filter(calendar_events::source.eq(source))
                .filter(calendar_events::counselor_id.eq(counselor.as_str()))
                .select((
                    calendar_events::id,
                    calendar_events::external_id,
                    calendar_events::start_at,
                    calendar_events::end_at,
                    calendar_events::deleted,
                ))
                .load(conn)?;
            let live = rows.iter().filter(|r| !r.4).count();
            let mut summary = ImportSummary::default();
            if events.is_empty() && live > 0 && !allow_empty {
                return Ok(summary);
            }
            let id = counselor.as_str().to_owned();
            let mut found = rows
                .into_iter()
                .map(|(eid, key, start, end, deleted)| {
                    ((id.clone(), key), Existing { id: eid, start, end, deleted })
                })
                .collect();
            let bookings = booked(conn, &[counselor.as_str()], span(events.iter().map(|e| e.1)))?;
            let mut writes = Writes::default();
            let mut wanted = std::collections::HashSet::new();
            for (key, interval) in events {
                if !wanted.insert(key.as_str()) {
                    continue;
                }
                let event = Resolved { counselor: counselor.as_str(), key, interval: *interval };
                match apply_one(&event, PushMode::Upsert, &mut found, &bookings, &mut writes) {
                    Ok((Accepted::Created, n)) => {
                        (summary.created, summary.conflicts) = (summary.created + 1, summary.conflicts + n)
                    }
                    Ok((Accepted::Updated, n)) => {
                        (summary.updated, summary.conflicts) = (summary.updated + 1, summary.conflicts + n)
                    }
                    Ok(_) => summary.unchanged += 1,
                    Err(_) => {}
                }
            }
            for ((_, key), old) in found {
                let kept = keep.iter().any(|prefix| key.starts_with(prefix.as_str()));
                if !old.deleted && !kept && !wanted.contains(key.as_str()) {
                    writes.tombstone(old.id);
                    summary.deleted += 1;
                }
            }
            write_all(conn, source, &writes, now)?;
            Ok(summary)
        })
    }
}
