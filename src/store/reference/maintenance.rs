//! Maintenance of reference data for operators (admin API and CLI): listing jobcenters and
//! counselors, deactivating, reading working hours, manual busy blocks, replacing and
//! deactivating offers.
//!
//! Deactivation never deletes: bookings keep pointing at their counselor and offer.
//! Replacing an offer keeps its bookings; they keep the times and rules they were made with.

use diesel::prelude::*;

use crate::domain::{
    BlockSource, BusyBlock, Counselor, CounselorId, DayException, Interval, JobCenterCode, LocalPeriod,
    Offer, OfferId, WeeklyHours,
};
use crate::store::calendar::{time_of, weekday_of};
use crate::store::db::schema::{
    busy_blocks, counselors, jobcenters, offer_counselors, offers, working_hour_exceptions as exceptions,
    working_hours,
};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::reference::{check_offer_counselors, ensure_counselor, link_offer_counselors, load_offer};
use crate::store::reference::{CounselorRow, OfferRow};
use crate::store::{Entity, Error, Store};

/// A stored busy block with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlock {
    /// The block's id.
    pub id: String,
    /// When and where from.
    pub block: BusyBlock,
}

impl Store {
    /// Every jobcenter (code and name), by code.
    pub fn jobcenters(&self) -> Result<Vec<(JobCenterCode, String)>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<(String, String)> = jobcenters::table
            .order(jobcenters::code)
            .select((jobcenters::code, jobcenters::name))
            .load(&mut conn)?;
        rows.into_iter()
            .map(|(code, name)| {
                Ok((JobCenterCode::parse(&code).map_err(|_| corrupt("jobcenter code"))?, name))
            })
            .collect()
    }

    /// The counselors of a jobcenter (active or not), by surname and given name.
    pub fn counselors_of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<Counselor>, Error> {
        let mut conn = self.conn()?;
        let rows: Vec<CounselorRow> = counselors::table
            .filter(counselors::jobcenter_code.eq(jobcenter.as_str()))
            .order((counselors::surname, counselors::given_name, counselors::id))
            .select(CounselorRow::as_select())
            .load(&mut conn)?;
        rows.into_iter().map(Counselor::try_from).collect()
    }

    /// Marks a counselor inactive (no new bookings); returns the counselor as stored.
    pub fn deactivate_counselor(&self, id: &CounselorId) -> Result<Counselor, Error> {
        self.write(|conn| {
            let n = diesel::update(counselors::table.find(id.as_str()))
                .set(counselors::active.eq(false))
                .execute(conn)?;
            if n == 0 {
                return Err(Error::NotFound(Entity::Counselor));
            }
            Ok(())
        })?;
        self.counselor(id)
    }

    /// A counselor's weekly working hours.
    pub fn working_hours(&self, id: &CounselorId) -> Result<WeeklyHours, Error> {
        let mut conn = self.conn()?;
        ensure_counselor(&mut conn, id)?;
        let rows: Vec<(i32, i32, i32)> = working_hours::table
            .filter(working_hours::counselor_id.eq(id.as_str()))
            .select((working_hours::weekday, working_hours::start_minute, working_hours::end_minute))
            .load(&mut conn)?;
        let entries = rows
            .into_iter()
            .map(|(day, start, end)| {
                let period =
                    LocalPeriod::new(time_of(start)?, time_of(end)?).map_err(|_| corrupt("working hours"))?;
                Ok((weekday_of(day)?, period))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        WeeklyHours::new(entries).map_err(|_| corrupt("working hours"))
    }

    /// A counselor's dated exceptions from local date `first` on, by date (the set-up pages
    /// list what `set_exception` stored).
    pub fn exceptions_from(
        &self,
        id: &CounselorId,
        first: chrono::NaiveDate,
    ) -> Result<Vec<DayException>, Error> {
        let mut conn = self.conn()?;
        ensure_counselor(&mut conn, id)?;
        let rows: Vec<(chrono::NaiveDate, Option<i32>, Option<i32>)> = exceptions::table
            .filter(exceptions::counselor_id.eq(id.as_str()))
            .filter(exceptions::day.ge(first))
            .order((exceptions::day, exceptions::start_minute))
            .select((exceptions::day, exceptions::start_minute, exceptions::end_minute))
            .load(&mut conn)?;
        let mut found: Vec<(chrono::NaiveDate, Vec<LocalPeriod>)> = Vec::new();
        for (day, start, end) in rows {
            if found.last().is_none_or(|(last, _)| *last != day) {
                found.push((day, Vec::new()));
            }
            if let (Some(start), Some(end), Some((_, periods))) = (start, end, found.last_mut()) {
                periods.push(
                    LocalPeriod::new(time_of(start)?, time_of(end)?).map_err(|_| corrupt("exception"))?,
                );
            }
        }
        found
            .into_iter()
            .map(|(day, periods)| DayException::new(day, periods).map_err(|_| corrupt("exception")))
            .collect()
    }

    /// A counselor's busy blocks of one source, optionally only those overlapping `within`.
    pub fn blocks_of(
        &self,
        id: &CounselorId,
        source: BlockSource,
        within: Option<Interval>,
    ) -> Result<Vec<StoredBlock>, Error> {
        let mut conn = self.conn()?;
        ensure_counselor(&mut conn, id)?;
        let mut query = busy_blocks::table
            .filter(busy_blocks::counselor_id.eq(id.as_str()))
            .filter(busy_blocks::source.eq(source.as_str()))
            .into_boxed();
        if let Some(within) = within {
            query = query
                .filter(busy_blocks::start_at.lt(to_db(within.end())))
                .filter(busy_blocks::end_at.gt(to_db(within.start())));
        }
        let rows: Vec<(String, chrono::NaiveDateTime, chrono::NaiveDateTime)> = query
            .order((busy_blocks::start_at, busy_blocks::id))
            .select((busy_blocks::id, busy_blocks::start_at, busy_blocks::end_at))
            .load(&mut conn)?;
        rows.into_iter()
            .map(|(id, start, end)| {
                let interval =
                    Interval::new(from_db(start), from_db(end)).map_err(|_| corrupt("busy block"))?;
                Ok(StoredBlock { id, block: BusyBlock { interval, source } })
            })
            .collect()
    }

    /// Deletes one of a counselor's busy blocks; `false` when the counselor has no such block.
    pub fn delete_block(&self, counselor: &CounselorId, block_id: &str) -> Result<bool, Error> {
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            let n = diesel::delete(
                busy_blocks::table
                    .filter(busy_blocks::id.eq(block_id))
                    .filter(busy_blocks::counselor_id.eq(counselor.as_str())),
            )
            .execute(conn)?;
            Ok(n > 0)
        })
    }

    /// Replaces an offer's row and its counselors (who must belong to its jobcenter); the
    /// jobcenter and creation time stay. Existing bookings are kept as they are.
    pub fn update_offer(&self, offer: &Offer) -> Result<(), Error> {
        offer.validate()?;
        if offer.counselors.is_empty() {
            return Err(Error::NotFound(Entity::Counselor));
        }
        self.write(|conn| {
            let stored = load_offer(conn, &offer.id)?;
            if stored.jobcenter != offer.jobcenter {
                return Err(Error::NotFound(Entity::Offer));
            }
            let created_at: chrono::NaiveDateTime =
                offers::table.find(offer.id.as_str()).select(offers::created_at).first(conn)?;
            check_offer_counselors(conn, offer)?;
            let row = OfferRow::from_offer(offer, from_db(created_at))?;
            diesel::update(offers::table.find(offer.id.as_str())).set(&row).execute(conn)?;
            diesel::delete(offer_counselors::table.filter(offer_counselors::offer_id.eq(offer.id.as_str())))
                .execute(conn)?;
            link_offer_counselors(conn, offer)
        })
    }

    /// Marks an offer inactive (never shown or bookable again); returns it as stored.
    pub fn deactivate_offer(&self, id: &OfferId) -> Result<Offer, Error> {
        self.write(|conn| {
            let n = diesel::update(offers::table.find(id.as_str()))
                .set(offers::active.eq(false))
                .execute(conn)?;
            if n == 0 {
                return Err(Error::NotFound(Entity::Offer));
            }
            load_offer(conn, id)
        })
    }
}
