//! Booking questions operators ask: a filtered search, and counts per day, offer, counselor or
//! channel over a period (the report behind `GET /admin/v1/reports/bookings` and
//! `planner report bookings`).
//!
//! Counting happens here in Rust over the matching rows' few columns rather than in SQL, so the
//! day (a Copenhagen date) is computed the same way on both backends.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::domain::{Booking, BookingStatus, Channel, CounselorId, Cpr, Interval, JobCenterCode, ZONE};
use crate::store::booking::BookingRow;
use crate::store::db::schema::bookings;
use crate::store::db::{from_db, to_db};
use crate::store::{Error, Store};

/// What a booking search asks for; everything but the jobcenter is optional.
#[derive(Debug, Clone)]
pub struct BookingFilter {
    /// The jobcenter (required: searches never cross jobcenters).
    pub jobcenter: JobCenterCode,
    /// Only this counselor's bookings.
    pub counselor: Option<CounselorId>,
    /// Only bookings overlapping this period.
    pub within: Option<Interval>,
    /// Only bookings with this status.
    pub status: Option<BookingStatus>,
    /// Only bookings made through this channel.
    pub channel: Option<Channel>,
    /// Only this citizen's bookings (looked up by keyed hash).
    pub citizen: Option<Cpr>,
}

/// How a report groups bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportGroup {
    /// By local (Copenhagen) start date, `YYYY-MM-DD`.
    Day,
    /// By offer id (`-` for bookings without an offer).
    Offer,
    /// By counselor id.
    Counselor,
    /// By channel name.
    Channel,
}

impl ReportGroup {
    /// Parses `day`, `offer`, `counselor` or `channel`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" => Some(ReportGroup::Day),
            "offer" => Some(ReportGroup::Offer),
            "counselor" => Some(ReportGroup::Counselor),
            "channel" => Some(ReportGroup::Channel),
            _ => None,
        }
    }
}

/// One line of a booking report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportLine {
    /// The group's key (date, offer id, counselor id or channel).
    pub key: String,
    /// All bookings in the group.
    pub total: i64,
    /// Of which still booked.
    pub booked: i64,
    /// Of which completed.
    pub completed: i64,
    /// Of which no-show.
    pub no_show: i64,
    /// Of which cancelled.
    pub cancelled: i64,
    /// Of which lapsed.
    pub lapsed: i64,
}

impl Store {
    /// Bookings matching `filter`, by start, at most `limit`.
    pub fn search_bookings(&self, filter: &BookingFilter, limit: i64) -> Result<Vec<Booking>, Error> {
        let mut conn = self.conn()?;
        let mut query =
            bookings::table.filter(bookings::jobcenter_code.eq(filter.jobcenter.as_str())).into_boxed();
        if let Some(counselor) = &filter.counselor {
            query = query.filter(bookings::counselor_id.eq(counselor.as_str().to_owned()));
        }
        if let Some(within) = filter.within {
            query = query
                .filter(bookings::start_at.lt(to_db(within.end())))
                .filter(bookings::end_at.gt(to_db(within.start())));
        }
        if let Some(status) = filter.status {
            query = query.filter(bookings::status.eq(status.as_str()));
        }
        if let Some(channel) = filter.channel {
            query = query.filter(bookings::channel.eq(channel.as_str()));
        }
        if let Some(cpr) = &filter.citizen {
            query = query.filter(bookings::citizen_hash.eq(self.vault.hash(cpr)));
        }
        let rows: Vec<BookingRow> = query
            .order((bookings::start_at, bookings::id))
            .limit(limit)
            .select(BookingRow::as_select())
            .load(&mut conn)?;
        rows.iter().map(Booking::try_from).collect()
    }

    /// Counts of a jobcenter's bookings starting within `period`, grouped, by key.
    pub fn booking_report(
        &self,
        jobcenter: &JobCenterCode,
        period: Interval,
        group: ReportGroup,
    ) -> Result<Vec<ReportLine>, Error> {
        let mut conn = self.conn()?;
        type Row = (chrono::NaiveDateTime, Option<String>, String, String, String);
        let rows: Vec<Row> = bookings::table
            .filter(bookings::jobcenter_code.eq(jobcenter.as_str()))
            .filter(bookings::start_at.ge(to_db(period.start())))
            .filter(bookings::start_at.lt(to_db(period.end())))
            .select((
                bookings::start_at,
                bookings::offer_id,
                bookings::counselor_id,
                bookings::channel,
                bookings::status,
            ))
            .load(&mut conn)?;
        let mut lines: BTreeMap<String, ReportLine> = BTreeMap::new();
        for (start, offer, counselor, channel, status) in rows {
            let key = match group {
                ReportGroup::Day => from_db(start).with_timezone(&ZONE).date_naive().to_string(),
                ReportGroup::Offer => offer.unwrap_or_else(|| "-".to_owned()),
                ReportGroup::Counselor => counselor,
                ReportGroup::Channel => channel,
            };
            let line =
                lines.entry(key.clone()).or_insert_with(|| ReportLine { key, ..ReportLine::default() });
            line.total += 1;
            match BookingStatus::parse(&status).map_err(|_| crate::store::db::corrupt("booking status"))? {
                BookingStatus::Booked => line.booked += 1,
                BookingStatus::Completed => line.completed += 1,
                BookingStatus::NoShow => line.no_show += 1,
                BookingStatus::Cancelled => line.cancelled += 1,
                BookingStatus::Lapsed => line.lapsed += 1,
            }
        }
        Ok(lines.into_values().collect())
    }
}

/// The period from local (Copenhagen) midnight of `first` to the midnight after `last`, both
/// days included; fails with `EndBeforeStart` when `last` is before `first`.
pub fn days_period(
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> Result<Interval, crate::domain::Error> {
    use chrono::TimeZone;
    let midnight = |day: chrono::NaiveDate| {
        let local = day.and_time(chrono::NaiveTime::MIN);
        // A midnight that a DST change skips does not exist in Copenhagen; take the next instant.
        ZONE.from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| ZONE.from_utc_datetime(&local))
            .with_timezone(&chrono::Utc)
    };
    Interval::new(midnight(first), midnight(last + chrono::Duration::days(1)))
}

/// A report as CSV (written by the `csv` crate): a header line
/// `<group>,total,booked,completed,no_show,cancelled,lapsed` and one line per group.
pub fn report_csv(group: ReportGroup, lines: &[ReportLine]) -> String {
    let name = match group {
        ReportGroup::Day => "day",
        ReportGroup::Offer => "offer",
        ReportGroup::Counselor => "counselor",
        ReportGroup::Channel => "channel",
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut written =
        writer.write_record([name, "total", "booked", "completed", "no_show", "cancelled", "lapsed"]);
    for l in lines {
        let counts =
            [l.total, l.booked, l.completed, l.no_show, l.cancelled, l.lapsed].map(|n| n.to_string());
        written = written.and_then(|()| {
            writer.write_record(std::iter::once(l.key.as_str()).chain(counts.iter().map(String::as_str)))
        });
    }
    // Writing into memory cannot fail; the text is ASCII and UTF-8 keys.
    written
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
