//! Bulk summons (masseindkaldelse): place a list of citizens into a pool's free times,
//! idempotent by the client's batch key, crash-safe and resumable.
//!
//! Crash safety comes from the order of the writes. The batch row and every item (Pending) are
//! written in one transaction first. Then citizens are placed in chunks of [`CHUNK`]; one write
//! transaction per chunk writes the bookings, their occupancy, their outbox events AND flips the
//! items to Placed/NotPlaced. A kill -9 therefore leaves either no batch or a consistent prefix,
//! and running the same key again resumes at the first Pending item.
//! Each chunk re-reads the calendars, so times taken meanwhile (self-bookings) are respected.
//! A dry run plans on one read snapshot and persists nothing, not even the batch: its report
//! is only an answer, and a later real run with the same key is not blocked by it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use item_writes::{complete, not_placed, placed_per_counselor};

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::summons::{NotPlacedReason, Planner, Strategy};
use crate::domain::type_rules::ContactData;
use crate::domain::{
    availability, BookingId, CaseworkerId, ChangeFlags, ChangeRules, CounselorId, Cpr, Interval, Offer,
    OfferId, Originator,
};
use crate::store::db::schema::{summons_batches as batches, summons_items as items};
use crate::store::db::to_db;
use crate::store::rooms::RoomBook;
use crate::store::summons::{place_with, resolve_offer, resolve_pool, OfferChoice, Placement, SummonedBy};
use crate::store::{booking, calendar, citizens, reference, AnyConnection, Error, Store, Summoner};

mod bulk;
mod dry_run;
mod item_writes;
mod list;
mod report;

pub use list::BatchSummary;
pub use report::{BatchStatus, ItemStatus, SummonsItem, SummonsReport};

/// Citizens placed per write transaction: small enough that self-bookings wait at most a few
/// hundred milliseconds for the SQLite write turn, large enough to amortise the calendar read.
pub const CHUNK: usize = 200;

/// A bulk summons as the summoner asked for it, already parsed by the edge.
#[derive(Debug, Clone)]
pub struct SummonsBatch {
    /// The client's idempotency key.
    pub key: String,
    /// The offer.
    pub offer: OfferId,
    /// The counselors to fill, in order; empty means every active counselor of the offer.
    pub pool: Vec<CaseworkerId>,
    /// Where the meetings must lie.
    pub window: Interval,
    /// How to spread the citizens.
    pub strategy: Strategy,
    /// Compute the report without writing anything.
    pub dry_run: bool,
    /// Rebook/cancel rules for the bookings; deadlines count back from each meeting's start.
    pub changes: ChangeRules,
    /// Who summons.
    pub originator: Originator,
    /// The caller and person running the batch, recorded with each booking it places (a
    /// resumed batch records whoever resumed it).
    pub summoner: Option<Summoner>,
}

/// One line of the summoner's list.
#[derive(Debug, Clone)]
pub struct SummonsCitizen {
    /// The line number in the summoner's file (the report names lines, never CPRs).
    pub line: u32,
    /// The citizen.
    pub cpr: Cpr,
    /// The contact data of the line, checked against the interview type's rule (not stored).
    pub contact: ContactData,
}

fn minutes(duration: Option<chrono::Duration>) -> Option<i64> {
    duration.map(|d| d.num_minutes())
}

impl Store {
    /// Runs (or resumes, or repeats) a bulk summons; calls `progress(done, total)` after each
    /// chunk. The same key again returns the stored report (a finished batch) or completes an
    /// interrupted one without placing anybody twice; the stored batch's settings win over
    /// the ones given again.
    pub fn run_summons_batch(
        &self,
        batch: &SummonsBatch,
        citizens: &[SummonsCitizen],
        now: DateTime<Utc>,
        progress: impl FnMut(usize, usize),
    ) -> Result<SummonsReport, Error> {
        crate::domain::booking::check_horizon("to", batch.window.end(), now)?;
        if batch.dry_run {
            return self.dry_run(batch, citizens, now);
        }
        self.create_batch(batch, citizens, now)?;
        self.resume_summons_batch(&batch.key, batch.summoner.as_ref(), now, progress)
    }

    /// Writes a (real) batch and its citizens, all Pending, unless the key is known already,
    /// without placing anybody: [`Store::resume_summons_batch`] places them (the staff web app
    /// writes the batch in the request and places it in the background).
    pub fn create_summons_batch(
        &self,
        batch: &SummonsBatch,
        citizens: &[SummonsCitizen],
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        crate::domain::booking::check_horizon("to", batch.window.end(), now)?;
        self.create_batch(batch, citizens, now)
    }

    /// Places the Pending citizens of the stored batch `key` with its stored settings (a batch
    /// a restart interrupted), calling `progress(done, total)` after each chunk; a completed
    /// batch answers its report at once. `NotFound` when no batch has this key.
    pub fn resume_summons_batch(
        &self,
        key: &str,
        summoner: Option<&Summoner>,
        now: DateTime<Utc>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<SummonsReport, Error> {
        let mut state = RunState::default();
        loop {
            let step = self.write(|conn| self.place_chunk(conn, key, &mut state, summoner, now))?;
            progress(step.done, step.total);
            if step.finished {
                break;
            }
        }
        let mut conn = self.conn()?;
        report::load(&mut conn, key)
    }

    /// The stored report of batch `key` as it stands (for a status endpoint); `NotFound` when
    /// no batch has this key (dry runs are never stored).
    pub fn summons_report(&self, key: &str) -> Result<SummonsReport, Error> {
        let mut conn = self.conn()?;
        report::load(&mut conn, key)
    }

    /// Writes the batch row, the citizens and every item (Pending) in one transaction, unless
    /// the key is known already.
    fn create_batch(
        &self,
        batch: &SummonsBatch,
        list: &[SummonsCitizen],
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.write(|conn| {
            let known: i64 = batches::table.find(&batch.key).count().get_result(conn)?;
            if known > 0 {
                return Ok(());
            }
            let offer = resolve_offer(conn, &OfferChoice::Offer(batch.offer.clone()))?;
            let rule = crate::store::type_rules::rule_of(conn, &offer.jobcenter, offer.interview_type)?;
            rule.check_offered()?;
            let pool = resolve_pool(conn, &offer, &batch.pool)?;
            let pool_ids: Vec<&str> = pool.iter().map(|c| c.id.as_str()).collect();
            diesel::insert_into(batches::table)
                .values((
                    batches::batch_key.eq(&batch.key),
                    batches::offer_id.eq(offer.id.as_str()),
                    batches::pool.eq(pool_ids.join(" ")),
                    batches::window_start.eq(to_db(batch.window.start())),
                    batches::window_end.eq(to_db(batch.window.end())),
                    batches::strategy.eq(batch.strategy.as_str()),
                    batches::dry_run.eq(false),
                    batches::rebook_possible.eq(batch.changes.rebook_possible),
                    batches::rebook_before_minutes.eq(minutes(batch.changes.rebook_deadline_before)),
                    batches::cancel_possible.eq(batch.changes.cancel_possible),
                    batches::cancel_before_minutes.eq(minutes(batch.changes.cancel_deadline_before)),
                    batches::originator_code.eq(batch.originator.code),
                    batches::originator_type.eq(batch.originator.type_id),
                    batches::status.eq(BatchStatus::Planned),
                    batches::total.eq(i32::try_from(list.len()).unwrap_or(i32::MAX)),
                    batches::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            for citizen in list {
                let hash = citizens::ensure(conn, &self.vault, &citizen.cpr, now)?;
                diesel::insert_into(items::table)
                    .values((
                        items::batch_key.eq(&batch.key),
                        items::line_number.eq(i32::try_from(citizen.line).unwrap_or(i32::MAX)),
                        items::citizen_hash.eq(hash),
                        items::status.eq(ItemStatus::Pending),
                    ))
                    .execute(conn)?;
                if rule.check_contact(&citizen.contact).is_err() {
                    let line = i32::try_from(citizen.line).unwrap_or(i32::MAX);
                    not_placed(conn, &batch.key, line, NotPlacedReason::ContactMissing)?;
                }
            }
            Ok(())
        })
    }

    /// Places the next chunk of Pending items, or completes the batch when none is left.
    fn place_chunk(
        &self,
        conn: &mut AnyConnection,
        key: &str,
        state: &mut RunState,
        summoner: Option<&Summoner>,
        now: DateTime<Utc>,
    ) -> Result<ChunkStep, Error> {
        let stored = report::load_batch(conn, key)?;
        let total = usize::try_from(stored.total).unwrap_or(0);
        if stored.status == BatchStatus::Completed {
            return Ok(ChunkStep { done: total, total, finished: true });
        }
        let pending: Vec<(i32, String)> = items::table
            .filter(items::batch_key.eq(key))
            .filter(items::status.eq(ItemStatus::Pending))
            .order(items::line_number)
            .limit(CHUNK as i64)
            .select((items::line_number, items::citizen_hash))
            .load(conn)?;
        if pending.is_empty() {
            complete(conn, key, now)?;
            return Ok(ChunkStep { done: total, total, finished: true });
        }
        let offer = reference::load_offer(conn, &stored.offer()?)?;
        if !offer.active {
            // Deactivated mid-batch: the rest cannot be placed; say so per citizen and finish.
            for (line, _) in &pending {
                not_placed(conn, key, *line, NotPlacedReason::OfferInactive)?;
            }
            let left: i64 = items::table
                .filter(items::batch_key.eq(key))
                .filter(items::status.eq(ItemStatus::Pending))
                .count()
                .get_result(conn)?;
            state.left = Some(usize::try_from(left).unwrap_or(0));
            return Ok(ChunkStep {
                done: total.saturating_sub(state.left.unwrap_or(0)),
                total,
                finished: false,
            });
        }
        let pool = stored.pool(conn, &offer)?;
        let window = stored.window()?;
        let ids: Vec<CounselorId> = pool.iter().map(|c| c.id.clone()).collect();
        let counts = match &mut state.prior {
            Some(counts) => counts,
            None => state.prior.insert(placed_per_counselor(conn, key)?),
        };
        let prior_counts: Vec<usize> =
            ids.iter().map(|id| counts.get(id.as_str()).copied().unwrap_or(0)).collect();
        // Times before the frontier were all taken when the previous chunk ended; reading
        // from there keeps each chunk's read small instead of growing with the batch.
        let times =
            match Interval::new(window.start().max(state.frontier.unwrap_or(window.start())), window.end()) {
                Ok(window) => {
                    let calendars = calendar::load(conn, &offer.id, &pool, window, now)?;
                    let times = availability::free_times(&offer, &calendars, window, now);
                    // The rooms' holds are read once per run and kept up to date by its own
                    // holds; their closures are read for every chunk.
                    let padded = Interval::new(window.start(), window.end() + offer.slots.buffer)?;
                    match &mut state.rooms {
                        None => state.rooms = Some(RoomBook::load(conn, &offer, padded)?.map(RefCell::new)),
                        Some(Some(book)) => book.get_mut().reread_closures(conn, padded)?,
                        Some(None) => {}
                    }
                    match state.rooms.as_ref().and_then(Option::as_ref) {
                        Some(book) => book.borrow().keep_free(&offer, times),
                        None => times,
                    }
                }
                Err(_) => Vec::new(),
            };
        let book = state.rooms.as_ref().and_then(Option::as_ref);
        let strategy = stored.strategy()?;
        let step = offer.slots.duration + offer.slots.buffer;
        let mut planner = Planner::new(strategy, &ids, times, step, &prior_counts);
        let rules = stored.change_rules();
        let originator = Originator { code: stored.originator_code, type_id: stored.originator_type };
        let chunk = Chunk {
            key,
            offer: &offer,
            rules: &rules,
            by: SummonedBy { originator, summoner },
            now,
            rooms: book,
        };
        // One statement each for the whole chunk: the citizens' locks (PostgreSQL) and who holds
        // a future booking of the offer already (contract §4); a repeated CPR joins the set once
        // it is placed.
        let hashes: Vec<String> = pending.iter().map(|(_, hash)| hash.clone()).collect();
        citizens::lock_many(conn, &hashes)?;
        // Then the pool's counselors, all at once and in the order every writer takes them
        // (citizens first, counselors second): see `booking::occupancy`.
        booking::occupancy::lock_counselors(conn, &ids)?;
        let mut booked = booking::future_bookers(conn, &hashes, &offer.id, now)?;
        // Offers with rooms are placed one by one: each booking takes its room as it is written.
        let with_rooms = book.is_some();
        let at_once = match conn {
            AnyConnection::Postgresql(pg) if !with_rooms => {
                bulk::place_at_once(pg, &chunk, &pending, &mut planner, &mut booked)?
            }
            _ => false,
        };
        if !at_once {
            place_one_by_one(conn, &chunk, &pending, &mut planner, &mut booked)?;
        }
        for (id, placed) in ids.iter().zip(planner.placed()) {
            counts.insert(id.as_str().to_owned(), placed);
        }
        state.frontier = Some(planner.earliest_left().unwrap_or(window.end()));
        if stored.status == BatchStatus::Planned {
            diesel::update(batches::table.find(key))
                .set(batches::status.eq(BatchStatus::Running))
                .execute(conn)?;
        }
        // Counted once per run, then kept: counting the Pending items after every chunk would
        // cost the whole batch per chunk.
        let left = match state.left {
            Some(left) => left,
            None => {
                let counted: i64 = items::table
                    .filter(items::batch_key.eq(key))
                    .filter(items::status.eq(ItemStatus::Pending))
                    .count()
                    .get_result(conn)?;
                usize::try_from(counted).unwrap_or(0) + pending.len()
            }
        };
        let left = left.saturating_sub(pending.len());
        state.left = Some(left);
        let done = total.saturating_sub(left);
        Ok(ChunkStep { done, total, finished: false })
    }
}

/// What one run carries from chunk to chunk.
#[derive(Default)]
struct RunState {
    /// Placements per counselor id (read from the items on the first chunk of a run).
    prior: Option<HashMap<String, usize>>,
    /// The earliest free time the previous chunk left unused. Times freed before it meanwhile
    /// (a cancellation) are not used by this run; the next batch will see them.
    frontier: Option<DateTime<Utc>>,
    /// Items still Pending after the last chunk of this run.
    left: Option<usize>,
    /// The offer's rooms for the whole run (`Some(None)`: it needs none; `None`: not read yet).
    rooms: Option<Option<RefCell<RoomBook>>>,
}

/// What every placement of a chunk shares.
#[derive(Clone, Copy)]
struct Chunk<'a> {
    /// The batch key.
    key: &'a str,
    offer: &'a Offer,
    /// The summoner's relative rebook/cancel rules.
    rules: &'a ChangeRules,
    by: SummonedBy<'a>,
    now: DateTime<Utc>,
    /// The offer's rooms, read once for the chunk.
    rooms: Option<&'a RefCell<RoomBook>>,
}

/// Where a chunk left the batch.
struct ChunkStep {
    done: usize,
    total: usize,
    finished: bool,
}

/// Places `pending` one citizen at a time, each in a savepoint of its own (SQLite, where a
/// statement costs no round trip, and PostgreSQL when [`bulk::place_at_once`] was refused).
fn place_one_by_one(
    conn: &mut AnyConnection,
    chunk: &Chunk<'_>,
    pending: &[(i32, String)],
    planner: &mut Planner,
    booked: &mut HashSet<String>,
) -> Result<(), Error> {
    let Chunk { key, offer, rules, by, now, rooms } = *chunk;
    for (line, citizen) in pending {
        let item = items::table.find((key, line));
        if booked.contains(citizen) {
            not_placed(conn, key, *line, NotPlacedReason::AlreadyBooked)?;
            continue;
        }
        let placement = Placement { offer, citizen, by, now, rooms };
        match placed_booking(conn, planner, &placement, rules)? {
            Some((booking_id, counselor, start)) => {
                booked.insert(citizen.clone());
                diesel::update(item)
                    .set((
                        items::status.eq(ItemStatus::Placed),
                        items::booking_id.eq(Some(booking_id.as_str())),
                        items::counselor_id.eq(Some(counselor.as_str())),
                        items::start_at.eq(Some(to_db(start))),
                    ))
                    .execute(conn)?;
            }
            None => not_placed(conn, key, *line, NotPlacedReason::NoFreeTime)?,
        }
    }
    Ok(())
}

fn placed_booking(
    conn: &mut AnyConnection,
    planner: &mut Planner,
    placement: &Placement<'_>,
    rules: &ChangeRules,
) -> Result<Option<(BookingId, CounselorId, DateTime<Utc>)>, Error> {
    // The summoner gave relative rules; the deadlines count back from each placed start.
    let changes = |start| ChangeFlags::from_offer(rules, start);
    let booked = place_with(conn, planner, placement, &changes)?;
    Ok(booked.map(|b| (b.id, b.counselor, b.interval.start())))
}
