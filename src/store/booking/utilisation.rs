//! Utilisation: booked against offered time, per team and week (the staff web app's report).
//!
//! Offered time is what the team's counselors work on the days they are in the team: the
//! working periods of each local date (the dated exception, or the weekly template), less the
//! jobcenter's public holidays and closing days. Booked time is the part of it that bookings
//! (cancelled ones left out) occupy, each counselor's bookings merged first, so a group session
//! counts once however many citizens hold its seats, and a booking outside the working time
//! counts nothing. Read in one transaction with a fixed number of queries, then computed here
//! date by date, in Copenhagen time (a daylight-saving day has its 23 or 25 hours).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use diesel::prelude::*;

use crate::domain::availability::local::{Edge, LocalDay};
use crate::domain::calendar::working_periods;
use crate::domain::closing::ClosingCalendar;
use crate::domain::team::Team;
use crate::domain::{BookingStatus, DayException, JobCenterCode, LocalPeriod, TeamId, WeeklyHours};
use crate::store::calendar::{time_of, weekday_of, ExceptionRow, EXCEPTION_COLUMNS};
use crate::store::db::schema::{bookings, team_members, teams, working_hour_exceptions, working_hours};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{AnyConnection, Error, Store};

/// One team's week: offered and booked minutes within the asked dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamWeekUse {
    /// The team.
    pub team: Team,
    /// The Monday of the week.
    pub week: NaiveDate,
    /// Working time of the team's counselors that week (within the asked dates), in minutes.
    pub offered_minutes: i64,
    /// The part of it bookings occupy, in minutes.
    pub booked_minutes: i64,
}

/// A span of instants, `[start, end)`.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// A membership row: team, counselor, first and last day.
type MemberRow = (String, String, NaiveDate, Option<NaiveDate>);

impl Store {
    /// The utilisation of the jobcenter's teams (or of `team` only) for the local dates `first`
    /// to `last` (both included), by team name and week; `NotFound` for a team not in the
    /// jobcenter.
    pub fn utilisation(
        &self,
        jobcenter: &JobCenterCode,
        team: Option<&TeamId>,
        (first, last): (NaiveDate, NaiveDate),
    ) -> Result<Vec<TeamWeekUse>, Error> {
        let mut conn = self.conn()?;
        conn.transaction(|conn| utilisation_in(conn, jobcenter, team, (first, last)))
    }
}

fn utilisation_in(
    conn: &mut AnyConnection,
    jobcenter: &JobCenterCode,
    only: Option<&TeamId>,
    (first, last): (NaiveDate, NaiveDate),
) -> Result<Vec<TeamWeekUse>, Error> {
    let mut query =
        teams::table.filter(teams::jobcenter_code.eq(jobcenter.as_str())).select(teams::id).into_boxed();
    if let Some(team) = only {
        query = query.filter(teams::id.eq(team.as_str().to_owned()));
    }
    let ids: Vec<String> = query.load(conn)?;
    if only.is_some() && ids.is_empty() {
        return Err(Error::NotFound(crate::store::Entity::Team));
    }
    let mut found: Vec<Team> = Vec::with_capacity(ids.len());
    for id in &ids {
        found
            .push(crate::store::teams::load_team(conn, &TeamId::parse(id).map_err(|_| corrupt("team id"))?)?);
    }
    found.sort_by(|a, b| (&a.name, a.id.as_str()).cmp(&(&b.name, b.id.as_str())));
    let members: Vec<MemberRow> = team_members::table
        .filter(team_members::team_id.eq_any(&ids))
        .filter(team_members::from_date.le(last))
        .filter(team_members::until_date.is_null().or(team_members::until_date.ge(first)))
        .select((
            team_members::team_id,
            team_members::counselor_id,
            team_members::from_date,
            team_members::until_date,
        ))
        .load(conn)?;
    let mut counselors: Vec<String> = members.iter().map(|row| row.1.clone()).collect();
    counselors.sort();
    counselors.dedup();
    let hours = hours_of(conn, &counselors, (first, last))?;
    let calendar = crate::store::closing::load(conn, jobcenter)?;
    let booked = booked_of(conn, &counselors, (first, last))?;
    let mut weeks: BTreeMap<(String, NaiveDate), (i64, i64)> = BTreeMap::new();
    for team in &found {
        let mut monday = monday_of(first);
        while monday <= last {
            weeks.insert((team.id.as_str().to_owned(), monday), (0, 0));
            monday += Duration::days(7);
        }
    }
    let mut day = first;
    while day <= last {
        let closed = closed_on(&calendar, day)?;
        for counselor in &counselors {
            let in_teams: Vec<&String> = members
                .iter()
                .filter(|(_, member, from, until)| {
                    member == counselor && *from <= day && until.is_none_or(|until| day <= until)
                })
                .map(|(team, ..)| team)
                .collect();
            if in_teams.is_empty() {
                continue;
            }
            let Some((weekly, exceptions)) = hours.get(counselor) else { continue };
            let offered = without(&instants(working_periods(weekly, exceptions, day), day), &closed);
            let offered_minutes: i64 = offered.iter().map(|(start, end)| (*end - *start).num_minutes()).sum();
            let booked_minutes = overlap_minutes(&offered, booked.get(counselor).map_or(&[], Vec::as_slice));
            for team in in_teams {
                if let Some(week) = weeks.get_mut(&(team.clone(), monday_of(day))) {
                    week.0 += offered_minutes;
                    week.1 += booked_minutes;
                }
            }
        }
        day = day.succ_opt().ok_or_else(|| corrupt("a date at the end of time"))?;
    }
    let mut lines = Vec::with_capacity(weeks.len());
    for team in found {
        for ((id, week), (offered_minutes, booked_minutes)) in &weeks {
            if id == team.id.as_str() {
                lines.push(TeamWeekUse {
                    team: team.clone(),
                    week: *week,
                    offered_minutes: *offered_minutes,
                    booked_minutes: *booked_minutes,
                });
            }
        }
    }
    Ok(lines)
}

/// The Monday of the week of `day`.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Each counselor's weekly template and exceptions within the dates, by counselor id.
fn hours_of(
    conn: &mut AnyConnection,
    counselors: &[String],
    (first, last): (NaiveDate, NaiveDate),
) -> Result<HashMap<String, (WeeklyHours, Vec<DayException>)>, Error> {
    let weekly: Vec<(String, i32, i32, i32)> = working_hours::table
        .filter(working_hours::counselor_id.eq_any(counselors))
        .select((
            working_hours::counselor_id,
            working_hours::weekday,
            working_hours::start_minute,
            working_hours::end_minute,
        ))
        .load(conn)?;
    let exceptions: Vec<ExceptionRow> = working_hour_exceptions::table
        .filter(working_hour_exceptions::counselor_id.eq_any(counselors))
        .filter(working_hour_exceptions::day.between(first, last))
        .select(EXCEPTION_COLUMNS)
        .load(conn)?;
    let mut found = HashMap::new();
    for id in counselors {
        let mut template = Vec::new();
        for (_, day, start, end) in weekly.iter().filter(|row| &row.0 == id) {
            template.push((weekday_of(*day)?, LocalPeriod::new(time_of(*start)?, time_of(*end)?)?));
        }
        let mut days: BTreeMap<NaiveDate, Vec<LocalPeriod>> = BTreeMap::new();
        for (_, day, start, end) in exceptions.iter().filter(|row| &row.0 == id) {
            let periods = days.entry(*day).or_default();
            if let (Some(start), Some(end)) = (start, end) {
                periods.push(LocalPeriod::new(time_of(*start)?, time_of(*end)?)?);
            }
        }
        let exceptions = days
            .into_iter()
            .map(|(day, periods)| DayException::new(day, periods))
            .collect::<Result<_, _>>()?;
        found.insert(id.clone(), (WeeklyHours::new(template)?, exceptions));
    }
    Ok(found)
}

/// Each counselor's bookings (cancelled ones left out) touching the dates, merged, by start.
fn booked_of(
    conn: &mut AnyConnection,
    counselors: &[String],
    (first, last): (NaiveDate, NaiveDate),
) -> Result<HashMap<String, Vec<Span>>, Error> {
    let day_after = last.succ_opt().ok_or_else(|| corrupt("a date at the end of time"))?;
    let (start, end) = (midnight(first)?, midnight(day_after)?);
    let rows: Vec<(String, NaiveDateTime, NaiveDateTime)> = bookings::table
        .filter(bookings::counselor_id.eq_any(counselors))
        .filter(bookings::start_at.lt(to_db(end)))
        .filter(bookings::end_at.gt(to_db(start)))
        .filter(bookings::status.ne(BookingStatus::Cancelled.as_str()))
        .order(bookings::start_at)
        .select((bookings::counselor_id, bookings::start_at, bookings::end_at))
        .load(conn)?;
    let mut found: HashMap<String, Vec<Span>> = HashMap::new();
    for (counselor, start, end) in rows {
        let spans = found.entry(counselor).or_default();
        let (start, end) = (from_db(start), from_db(end));
        match spans.last_mut() {
            Some(previous) if start <= previous.1 => previous.1 = previous.1.max(end),
            _ => spans.push((start, end)),
        }
    }
    Ok(found)
}

/// The instant local midnight begins `day`.
fn midnight(day: NaiveDate) -> Result<DateTime<Utc>, Error> {
    LocalDay::new(day)
        .instant(NaiveTime::MIN, Edge::Start)
        .ok_or_else(|| corrupt("a date outside the calendar"))
}

/// The instants the jobcenter is closed on `day`.
fn closed_on(calendar: &ClosingCalendar, day: NaiveDate) -> Result<Vec<Span>, Error> {
    let next = day.succ_opt().ok_or_else(|| corrupt("a date at the end of time"))?;
    let span = crate::domain::Interval::new(midnight(day)?, midnight(next)?)?;
    Ok(calendar.closed(span).iter().map(|closed| (closed.start(), closed.end())).collect())
}

/// The instants of local working periods on `day`.
fn instants(periods: &[LocalPeriod], day: NaiveDate) -> Vec<Span> {
    let local = LocalDay::new(day);
    periods
        .iter()
        .filter_map(|period| {
            let start = local.instant(period.start(), Edge::Start)?;
            let end = local.instant(period.end(), Edge::End)?;
            (start < end).then_some((start, end))
        })
        .collect()
}

/// `spans` less every part of `removed`.
fn without(spans: &[Span], removed: &[Span]) -> Vec<Span> {
    let mut left = spans.to_vec();
    for (cut_start, cut_end) in removed {
        left = left
            .into_iter()
            .flat_map(|(start, end)| {
                let before = (start, end.min(*cut_start));
                let after = (start.max(*cut_end), end);
                [before, after].into_iter().filter(|(s, e)| s < e).collect::<Vec<_>>()
            })
            .collect();
    }
    left
}

/// The minutes of `spans` that the merged `booked` spans cover.
fn overlap_minutes(spans: &[Span], booked: &[Span]) -> i64 {
    let mut minutes = 0;
    for (start, end) in spans {
        for (booked_start, booked_end) in booked {
            let (from, until) = ((*start).max(*booked_start), (*end).min(*booked_end));
            if from < until {
                minutes += (until - from).num_minutes();
            }
        }
    }
    minutes
}
