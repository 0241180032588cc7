//! Calendars: what the availability engine needs for a set of counselors over a window (loaded
//! here with a few queries per call, never one per counselor or per day), and what calendar
//! connectors and feeds read (`view`).

mod rows;
pub(crate) mod team_day;
pub(crate) mod view;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveTime, Utc, Weekday};
use diesel::prelude::*;

use crate::domain::availability::{CounselorCalendar, GroupSeats, Occupied};
use crate::domain::closing::ClosingCalendar;
use crate::domain::{Counselor, DayException, Interval, JobCenterCode, LocalPeriod, OfferId, WeeklyHours};
use crate::store::booking::occupancy::{OccupancyKind, OccupancyRow};
use crate::store::db::schema::{offer_counselors, working_hours};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{AnyConnection, Error};
pub(crate) use rows::{ExceptionRow, TimeRows, EXCEPTION_COLUMNS};

pub(crate) fn time_of(minute: i32) -> Result<NaiveTime, Error> {
    let minute = u32::try_from(minute).map_err(|_| corrupt("working hours"))?;
    NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).ok_or_else(|| corrupt("working hours"))
}

pub(crate) fn weekday_of(number: i32) -> Result<Weekday, Error> {
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    usize::try_from(number - 1).ok().and_then(|i| days.get(i).copied()).ok_or_else(|| corrupt("weekday"))
}

/// What counselors' calendars keep between administrators' changes: each counselor's weekly
/// hours and each jobcenter's closing calendar. The read model (`store::read_model`) holds them
/// per offer; [`load`] reads them afresh.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statics {
    weekly: HashMap<String, WeeklyHours>,
    closing: HashMap<JobCenterCode, ClosingCalendar>,
}

/// The weekly hours of `counselors` (who serve `offer`) and the closing calendars of their
/// jobcenters (one query for the hours, two per jobcenter for its closing days).
pub(crate) fn load_statics(
    conn: &mut AnyConnection,
    offer: &OfferId,
    counselors: &[Counselor],
) -> Result<Statics, Error> {
    // The offer's counselors by subquery, not by a list of ids: the statement's text never
    // changes, so it is prepared once; rows of counselors not asked for are dropped below.
    let ids = offer_counselors::table
        .filter(offer_counselors::offer_id.eq(offer.as_str()))
        .select(offer_counselors::counselor_id);
    let hours: Vec<(String, i32, i32, i32)> = working_hours::table
        .filter(working_hours::counselor_id.eq_any(ids))
        .select((
            working_hours::counselor_id,
            working_hours::weekday,
            working_hours::start_minute,
            working_hours::end_minute,
        ))
        .load(conn)?;
    let mut statics = Statics::default();
    for counselor in counselors {
        let id = counselor.id.as_str();
        let mut template = Vec::new();
        for (_, day, start, end) in hours.iter().filter(|h| h.0 == id) {
            template.push((weekday_of(*day)?, LocalPeriod::new(time_of(*start)?, time_of(*end)?)?));
        }
        statics.weekly.insert(id.to_owned(), WeeklyHours::new(template)?);
        if !statics.closing.contains_key(&counselor.jobcenter) {
            let calendar = crate::store::closing::load(conn, &counselor.jobcenter)?;
            statics.closing.insert(counselor.jobcenter.clone(), calendar);
        }
    }
    Ok(statics)
}

/// Calendars of `counselors` (who serve `offer`) covering `window` as of `now`, read afresh.
pub(crate) fn load(
    conn: &mut AnyConnection,
    offer: &OfferId,
    counselors: &[Counselor],
    window: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<CounselorCalendar>, Error> {
    let statics = load_statics(conn, offer, counselors)?;
    load_with(conn, offer, counselors, window, now, &statics)
}

/// Calendars of `counselors` (who serve `offer`) covering `window` as of `now`, with their
/// weekly hours and closing calendars from `statics`: the time they hold (occupied time, busy
/// blocks, days off) is read here ([`TimeRows::load`]) and assembled by [`assemble`].
pub(crate) fn load_with(
    conn: &mut AnyConnection,
    offer: &OfferId,
    counselors: &[Counselor],
    window: Interval,
    now: DateTime<Utc>,
    statics: &Statics,
) -> Result<Vec<CounselorCalendar>, Error> {
    let rows = TimeRows::load(conn, offer, TimeRows::span_for(window)?)?;
    assemble(&rows, counselors, window, now, statics)
}

/// Calendars of `counselors` covering `window` as of `now` from `rows` (read over a span that
/// covers `window`, see [`TimeRows::covers`]) and `statics`. Expired reservations do not count
/// as occupied, and expired seat reservations are not counted as taken seats. The jobcenter's
/// closed time (public holidays, closing days) is busy time of every counselor, so nothing
/// that reads these calendars offers it.
pub(crate) fn assemble(
    rows: &TimeRows,
    counselors: &[Counselor],
    window: Interval,
    now: DateTime<Utc>,
    statics: &Statics,
) -> Result<Vec<CounselorCalendar>, Error> {
    let now_db = to_db(now);
    let TimeRows { exceptions, blocks, occupied, seat_holds, .. } = rows;
    let mut expired_per_session: HashMap<&str, i32> = HashMap::new();
    for (session, expires_at) in seat_holds {
        if *expires_at <= now_db {
            *expired_per_session.entry(session.as_str()).or_default() += 1;
        }
    }

    // Rows grouped by counselor once: filtering the whole list per counselor would cost
    // counselors x rows, which a bulk summons re-reading a filling calendar would feel.
    let mut occupied_of: HashMap<&str, Vec<&OccupancyRow>> = HashMap::new();
    for row in occupied {
        occupied_of.entry(row.counselor_id.as_str()).or_default().push(row);
    }
    let padded = Interval::new(window.start() - Duration::days(1), window.end() + Duration::days(1))?;
    let closed: HashMap<&JobCenterCode, Vec<Interval>> =
        statics.closing.iter().map(|(jobcenter, calendar)| (jobcenter, calendar.closed(padded))).collect();
    let mut calendars = Vec::with_capacity(counselors.len());
    for counselor in counselors {
        let id = counselor.id.as_str();
        let mut per_day: HashMap<chrono::NaiveDate, Vec<LocalPeriod>> = HashMap::new();
        for (_, day, start, end) in exceptions.iter().filter(|e| e.0 == id) {
            let periods = per_day.entry(*day).or_default();
            if let (Some(start), Some(end)) = (start, end) {
                periods.push(LocalPeriod::new(time_of(*start)?, time_of(*end)?)?);
            }
        }
        let exceptions = per_day
            .into_iter()
            .map(|(day, periods)| DayException::new(day, periods))
            .collect::<Result<Vec<_>, _>>()?;
        let mut blocks = blocks
            .iter()
            .filter(|b| b.0 == id)
            .map(|b| Interval::new(from_db(b.1), from_db(b.2)).map_err(|_| corrupt("busy block")))
            .collect::<Result<Vec<_>, _>>()?;
        blocks.extend(closed.get(&counselor.jobcenter).into_iter().flatten().copied());
        let mut taken = Vec::new();
        for row in occupied_of.get(id).into_iter().flatten() {
            if row.kind == OccupancyKind::Reservation && row.expires_at.is_some_and(|e| e <= now_db) {
                continue;
            }
            let interval = Interval::new(from_db(row.start_at), from_db(row.end_at))
                .map_err(|_| corrupt("occupancy"))?;
            let live_seats = row.seats_taken - expired_per_session.get(row.id.as_str()).copied().unwrap_or(0);
            if row.kind == OccupancyKind::Group && live_seats <= 0 {
                // Contract §4: only unexpired reservations occupy time; a session whose every
                // seat expired holds nothing.
                continue;
            }
            let group = match (row.kind, &row.offer_id) {
                (OccupancyKind::Group, Some(offer)) => Some(GroupSeats {
                    offer: OfferId::parse(offer).map_err(|_| corrupt("occupancy offer"))?,
                    seats: u32::try_from(row.seats).unwrap_or(0),
                    taken: u32::try_from(live_seats).unwrap_or(0),
                }),
                _ => None,
            };
            taken.push(Occupied { interval, group });
        }
        calendars.push(CounselorCalendar {
            counselor: counselor.id.clone(),
            weekly: statics.weekly.get(id).cloned().unwrap_or_default(),
            exceptions,
            blocks,
            occupied: taken,
        });
    }
    Ok(calendars)
}
