//! One team's day as staff plan it (the web app's team day view): the counselors in the team
//! on that local date, each with their working periods (the dated exception or the weekly
//! template), busy blocks (manual with their note, or synced), and meetings (individual
//! bookings with status and channel, group sessions with their seats), each with the room it
//! holds; and the jobcenter's closures of the date. Read in one transaction with a fixed number
//! of queries, whatever the size of the team.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use super::view::CounselorBlock;
use super::{time_of, weekday_of};
use crate::domain::availability::local::{Edge, LocalDay};
use crate::domain::calendar::working_periods;
use crate::domain::closing::Closure;
use crate::domain::team::Team;
use crate::domain::{
    BlockSource, Booking, BookingStatus, Counselor, DayException, Interval, LocalPeriod, TeamId, WeeklyHours,
};
use crate::store::booking::occupancy::OccupancyKind;
use crate::store::booking::BookingRow;
use crate::store::db::schema::{
    bookings, busy_blocks, counselors, occupancy, offers, rooms, team_members, working_hour_exceptions,
    working_hours,
};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::reference::CounselorRow;
use crate::store::{AnyConnection, Error, Store};

/// One team's day (see the module documentation).
#[derive(Debug, Clone)]
pub struct TeamDay {
    /// The team.
    pub team: Team,
    /// The local date.
    pub date: NaiveDate,
    /// The instants the local date spans (23 or 25 hours on a daylight-saving change).
    pub span: Interval,
    /// The jobcenter's public holidays and closing days on the date.
    pub closures: Vec<Closure>,
    /// The instants they close, within the day.
    pub closed: Vec<Interval>,
    /// The counselors in the team that day, by name.
    pub counselors: Vec<CounselorDay>,
}

/// One counselor's part of a [`TeamDay`].
#[derive(Debug, Clone)]
pub struct CounselorDay {
    /// The counselor.
    pub counselor: Counselor,
    /// The working periods of the date (none: a day off).
    pub hours: Vec<LocalPeriod>,
    /// Busy blocks touching the date, by start.
    pub blocks: Vec<CounselorBlock>,
    /// Meetings touching the date (cancelled bookings left out), by start.
    pub meetings: Vec<Meeting>,
}

/// A meeting in a counselor's day.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// When.
    pub interval: Interval,
    /// The offer's name, when booked through one.
    pub offer: Option<String>,
    /// The name of the room the meeting holds, if any.
    pub room: Option<String>,
    /// One citizen, or a group session.
    pub kind: MeetingKind,
}

/// What kind of meeting.
#[derive(Debug, Clone)]
pub enum MeetingKind {
    /// An individual booking.
    Single(Box<Booking>),
    /// A group session and the bookings that hold its seats.
    Group {
        /// The session's seats, when it has a number of them (an offer's group; a registered
        /// group meeting only counts who attend).
        seats: Option<u32>,
        /// The seats taken.
        taken: u32,
        /// Its bookings.
        bookings: Vec<Booking>,
    },
}

/// A group session's row: id, seats, seats taken.
type SessionRow = (String, i32, i32);

impl Store {
    /// The day `date` (local Copenhagen date) of team `team`; `NotFound` for an unknown team.
    pub fn team_day(&self, team: &TeamId, date: NaiveDate) -> Result<TeamDay, Error> {
        let mut conn = self.conn()?;
        conn.transaction(|conn| team_day_in(conn, team, date))
    }
}

/// The instants of local `date`: from its midnight to the next.
fn span_of(date: NaiveDate) -> Result<Interval, Error> {
    let midnight = |day: NaiveDate| LocalDay::new(day).instant(NaiveTime::MIN, Edge::Start);
    let next = date.succ_opt().ok_or_else(|| corrupt("a date at the end of time"))?;
    match (midnight(date), midnight(next)) {
        (Some(start), Some(end)) => Ok(Interval::new(start, end)?),
        _ => Err(corrupt("a date outside the calendar")),
    }
}

fn team_day_in(conn: &mut AnyConnection, team_id: &TeamId, date: NaiveDate) -> Result<TeamDay, Error> {
    let team = crate::store::teams::load_team(conn, team_id)?;
    let span = span_of(date)?;
    let calendar = crate::store::closing::load(conn, &team.jobcenter)?;
    let (closures, closed) = (calendar.closures(date, date), calendar.closed(span));
    let members: Vec<String> = team_members::table
        .filter(team_members::team_id.eq(team_id.as_str()))
        .filter(team_members::from_date.le(date))
        .filter(team_members::until_date.is_null().or(team_members::until_date.ge(date)))
        .select(team_members::counselor_id)
        .load(conn)?;
    let mut people: Vec<Counselor> = counselors::table
        .filter(counselors::id.eq_any(&members))
        .select(CounselorRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Counselor::try_from)
        .collect::<Result<_, _>>()?;
    people.sort_by(|a, b| {
        (&a.given_name, &a.surname, a.id.as_str()).cmp(&(&b.given_name, &b.surname, b.id.as_str()))
    });
    let mut hours = hours_of(conn, &members, date)?;
    let mut blocks = blocks_of(conn, &members, span)?;
    let mut meetings = meetings_of(conn, &members, span)?;
    let counselors = people
        .into_iter()
        .map(|counselor| {
            let id = counselor.id.as_str();
            CounselorDay {
                hours: hours.remove(id).unwrap_or_default(),
                blocks: blocks.remove(id).unwrap_or_default(),
                meetings: meetings.remove(id).unwrap_or_default(),
                counselor,
            }
        })
        .collect();
    Ok(TeamDay { team, date, span, closures, closed, counselors })
}

/// The working periods of `date` of each of `members`, by counselor id.
fn hours_of(
    conn: &mut AnyConnection,
    members: &[String],
    date: NaiveDate,
) -> Result<HashMap<String, Vec<LocalPeriod>>, Error> {
    let weekday = chrono::Datelike::weekday(&date).number_from_monday() as i32;
    let weekly: Vec<(String, i32, i32, i32)> = working_hours::table
        .filter(working_hours::counselor_id.eq_any(members))
        .filter(working_hours::weekday.eq(weekday))
        .select((
            working_hours::counselor_id,
            working_hours::weekday,
            working_hours::start_minute,
            working_hours::end_minute,
        ))
        .load(conn)?;
    let exceptions: Vec<(String, Option<i32>, Option<i32>)> = working_hour_exceptions::table
        .filter(working_hour_exceptions::counselor_id.eq_any(members))
        .filter(working_hour_exceptions::day.eq(date))
        .select((
            working_hour_exceptions::counselor_id,
            working_hour_exceptions::start_minute,
            working_hour_exceptions::end_minute,
        ))
        .load(conn)?;
    let mut found = HashMap::new();
    for id in members {
        let mut template = Vec::new();
        for (_, day, start, end) in weekly.iter().filter(|row| &row.0 == id) {
            template.push((weekday_of(*day)?, LocalPeriod::new(time_of(*start)?, time_of(*end)?)?));
        }
        let weekly = WeeklyHours::new(template)?;
        let mut exception = None;
        for (_, start, end) in exceptions.iter().filter(|row| &row.0 == id) {
            let periods: &mut Vec<LocalPeriod> = exception.get_or_insert_with(Vec::new);
            if let (Some(start), Some(end)) = (start, end) {
                periods.push(LocalPeriod::new(time_of(*start)?, time_of(*end)?)?);
            }
        }
        let exceptions = match exception {
            Some(periods) => vec![DayException::new(date, periods)?],
            None => Vec::new(),
        };
        found.insert(id.clone(), working_periods(&weekly, &exceptions, date).to_vec());
    }
    Ok(found)
}

/// The busy blocks of `members` touching `span`, by counselor id and start.
fn blocks_of(
    conn: &mut AnyConnection,
    members: &[String],
    span: Interval,
) -> Result<HashMap<String, Vec<CounselorBlock>>, Error> {
    type Row = (String, String, NaiveDateTime, NaiveDateTime, String, NaiveDateTime, Option<String>);
    let rows: Vec<Row> = busy_blocks::table
        .filter(busy_blocks::counselor_id.eq_any(members))
        .filter(busy_blocks::start_at.lt(to_db(span.end())))
        .filter(busy_blocks::end_at.gt(to_db(span.start())))
        .order((busy_blocks::start_at, busy_blocks::id))
        .select((
            busy_blocks::counselor_id,
            busy_blocks::id,
            busy_blocks::start_at,
            busy_blocks::end_at,
            busy_blocks::source,
            busy_blocks::updated_at,
            busy_blocks::note,
        ))
        .load(conn)?;
    let mut found: HashMap<String, Vec<CounselorBlock>> = HashMap::new();
    for (counselor, id, start, end, source, updated, note) in rows {
        let block = CounselorBlock {
            id,
            interval: Interval::new(from_db(start), from_db(end)).map_err(|_| corrupt("busy block"))?,
            source: BlockSource::parse(&source).map_err(|_| corrupt("block source"))?,
            deleted: false,
            updated_at: from_db(updated),
            origin: None,
            note,
        };
        found.entry(counselor).or_default().push(block);
    }
    Ok(found)
}

/// The meetings of `members` touching `span` (cancelled bookings left out), by counselor id
/// and start: individual bookings one by one, the bookings of a group session together.
fn meetings_of(
    conn: &mut AnyConnection,
    members: &[String],
    span: Interval,
) -> Result<HashMap<String, Vec<Meeting>>, Error> {
    let rows: Vec<BookingRow> = bookings::table
        .filter(bookings::counselor_id.eq_any(members))
        .filter(bookings::start_at.lt(to_db(span.end())))
        .filter(bookings::end_at.gt(to_db(span.start())))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .order((bookings::start_at, bookings::id))
        .select(BookingRow::as_select())
        .load(conn)?;
    let held: Vec<&str> = rows.iter().filter_map(|row| row.occupancy_id.as_deref()).collect();
    let sessions: Vec<SessionRow> = occupancy::table
        .filter(occupancy::id.eq_any(&held))
        .filter(occupancy::kind.eq(OccupancyKind::Group))
        .select((occupancy::id, occupancy::seats, occupancy::seats_taken))
        .load(conn)?;
    let rooms: HashMap<String, String> = occupancy::table
        .inner_join(rooms::table)
        .filter(occupancy::id.eq_any(&held))
        .select((occupancy::id, rooms::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let offer_ids: Vec<&str> = rows.iter().filter_map(|row| row.offer_id.as_deref()).collect();
    let offers: HashMap<String, (String, Option<i32>)> = offers::table
        .filter(offers::id.eq_any(&offer_ids))
        .select((offers::id, offers::name, offers::seats))
        .load::<(String, String, Option<i32>)>(conn)?
        .into_iter()
        .map(|(id, name, seats)| (id, (name, seats)))
        .collect();
    let sessions: HashMap<String, (i32, i32)> =
        sessions.into_iter().map(|(id, seats, taken)| (id, (seats, taken))).collect();
    let mut found: HashMap<String, Vec<Meeting>> = HashMap::new();
    // The index of each group session's meeting in its counselor's list.
    let mut placed: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let booking = Booking::try_from(row)?;
        let list = found.entry(row.counselor_id.clone()).or_default();
        let offer = row.offer_id.as_ref().and_then(|id| offers.get(id));
        let room = row.occupancy_id.as_ref().and_then(|id| rooms.get(id)).cloned();
        let session = row.occupancy_id.as_ref().and_then(|id| Some((id, sessions.get(id)?)));
        let Some((session, (seats, taken))) = session else {
            let name = offer.map(|(name, _)| name.clone());
            list.push(Meeting {
                interval: booking.interval,
                offer: name,
                room,
                kind: MeetingKind::Single(Box::new(booking)),
            });
            continue;
        };
        if let Some(index) = placed.get(session) {
            if let MeetingKind::Group { bookings, .. } = &mut list[*index].kind {
                bookings.push(booking);
            }
            continue;
        }
        // An offer's group has its number of seats; a registered group meeting counts only.
        let seats =
            offer.and_then(|(_, offered)| *offered).map(|_| *seats).and_then(|n| u32::try_from(n).ok());
        let kind = MeetingKind::Group {
            seats,
            taken: u32::try_from(*taken).map_err(|_| corrupt("seats taken"))?,
            bookings: vec![booking.clone()],
        };
        placed.insert(session.clone(), list.len());
        list.push(Meeting {
            interval: booking.interval,
            offer: offer.map(|(name, _)| name.clone()),
            room,
            kind,
        });
    }
    Ok(found)
}
