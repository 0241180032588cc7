//! Reference data: jobcenters, counselors, working hours, exceptions, busy blocks and offers.
//! What summoners and operators maintain; the booking paths only read it.
//!
//! The operators' maintenance of it (lists, deactivation, replacing offers) is in `maintenance`,
//! the caller registry in `callers`, the counselor and offer rows in `rows`.

pub(crate) mod callers;
pub(crate) mod maintenance;
pub(crate) mod rows;

pub(crate) use rows::{CounselorRow, OfferRow};

use chrono::{DateTime, NaiveTime, Timelike, Utc, Weekday};
use diesel::prelude::*;

use crate::domain::{
    self, BusyBlock, Counselor, CounselorId, DayException, JobCenterCode, Offer, OfferId, WeeklyHours,
};
use crate::store::db::schema::{
    busy_blocks, counselors, jobcenters, offer_counselors, offers, working_hour_exceptions, working_hours,
};
use crate::store::db::to_db;
use crate::store::{Entity, Error, Store};

pub(crate) fn minute_of(time: NaiveTime) -> i32 {
    (time.hour() * 60 + time.minute()) as i32
}

impl Store {
    /// Creates the jobcenter or renames it.
    pub fn upsert_jobcenter(&self, code: &JobCenterCode, name: &str) -> Result<(), Error> {
        self.write(|conn| {
            let exists = jobcenters::table.find(code.as_str()).count().get_result::<i64>(conn)? > 0;
            if exists {
                diesel::update(jobcenters::table.find(code.as_str()))
                    .set(jobcenters::name.eq(name))
                    .execute(conn)?;
            } else {
                diesel::insert_into(jobcenters::table)
                    .values((jobcenters::code.eq(code.as_str()), jobcenters::name.eq(name)))
                    .execute(conn)?;
            }
            Ok(())
        })
    }

    /// Stores a new counselor; the jobcenter must exist and caseworker id and e-mail be unused.
    pub fn create_counselor(&self, counselor: &Counselor) -> Result<(), Error> {
        counselor.validate()?;
        self.write(|conn| {
            let known =
                jobcenters::table.find(counselor.jobcenter.as_str()).count().get_result::<i64>(conn)?;
            if known == 0 {
                return Err(Error::NotFound(Entity::JobCenter));
            }
            diesel::insert_into(counselors::table).values(CounselorRow::from(counselor)).execute(conn)?;
            Ok(())
        })
    }

    /// The counselor with this caseworker identifier.
    pub fn counselor_by_caseworker(&self, caseworker: &domain::CaseworkerId) -> Result<Counselor, Error> {
        let mut conn = self.conn()?;
        let row = counselors::table
            .filter(counselors::caseworker_id.eq(caseworker.as_str()))
            .select(CounselorRow::as_select())
            .first(&mut conn)
            .optional()?
            .ok_or(Error::NotFound(Entity::Counselor))?;
        row.try_into()
    }

    /// A counselor by internal id.
    pub fn counselor(&self, id: &CounselorId) -> Result<Counselor, Error> {
        let mut conn = self.conn()?;
        let row = counselors::table
            .find(id.as_str())
            .select(CounselorRow::as_select())
            .first(&mut conn)
            .optional()?
            .ok_or(Error::NotFound(Entity::Counselor))?;
        row.try_into()
    }

    /// Replaces a counselor's weekly working hours.
    pub fn set_working_hours(&self, counselor: &CounselorId, week: &WeeklyHours) -> Result<(), Error> {
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            diesel::delete(working_hours::table.filter(working_hours::counselor_id.eq(counselor.as_str())))
                .execute(conn)?;
            let days = [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ];
            let rows: Vec<_> = days
                .iter()
                .flat_map(|day| week.periods(*day).iter().map(move |p| (day, p)))
                .map(|(day, period)| {
                    (
                        working_hours::counselor_id.eq(counselor.as_str()),
                        working_hours::weekday.eq(day.number_from_monday() as i32),
                        working_hours::start_minute.eq(minute_of(period.start())),
                        working_hours::end_minute.eq(minute_of(period.end())),
                    )
                })
                .collect();
            for row in rows {
                diesel::insert_into(working_hours::table).values(row).execute(conn)?;
            }
            Ok(())
        })
    }

    /// Sets the hours of one local date, replacing the weekly template (no periods = day off).
    pub fn set_exception(&self, counselor: &CounselorId, exception: &DayException) -> Result<(), Error> {
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            diesel::delete(
                working_hour_exceptions::table
                    .filter(working_hour_exceptions::counselor_id.eq(counselor.as_str()))
                    .filter(working_hour_exceptions::day.eq(exception.date())),
            )
            .execute(conn)?;
            let base = (
                working_hour_exceptions::counselor_id.eq(counselor.as_str()),
                working_hour_exceptions::day.eq(exception.date()),
            );
            if exception.periods().is_empty() {
                diesel::insert_into(working_hour_exceptions::table).values(base).execute(conn)?;
            }
            for period in exception.periods() {
                diesel::insert_into(working_hour_exceptions::table)
                    .values((
                        base,
                        working_hour_exceptions::start_minute.eq(Some(minute_of(period.start()))),
                        working_hour_exceptions::end_minute.eq(Some(minute_of(period.end()))),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
    }

    /// Adds a busy block at `now`; with an `external_id` the block is upserted by (counselor,
    /// source, id).
    pub fn add_block(
        &self,
        counselor: &CounselorId,
        block: &BusyBlock,
        external_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        self.add_block_noted(counselor, block, external_id, None, now)
    }

    /// [`Store::add_block`] with a note (checked by `domain::calendar::block_note`) that
    /// calendars show with the block.
    pub fn add_block_noted(
        &self,
        counselor: &CounselorId,
        block: &BusyBlock,
        external_id: Option<&str>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        let note = note.map(domain::calendar::block_note).transpose()?.flatten();
        self.write(|conn| {
            ensure_counselor(conn, counselor)?;
            if let Some(external) = external_id {
                diesel::delete(
                    busy_blocks::table
                        .filter(busy_blocks::counselor_id.eq(counselor.as_str()))
                        .filter(busy_blocks::source.eq(block.source.as_str()))
                        .filter(busy_blocks::external_id.eq(external)),
                )
                .execute(conn)?;
            }
            let id = uuid::Uuid::new_v4().to_string();
            diesel::insert_into(busy_blocks::table)
                .values((
                    busy_blocks::id.eq(&id),
                    busy_blocks::counselor_id.eq(counselor.as_str()),
                    busy_blocks::start_at.eq(to_db(block.interval.start())),
                    busy_blocks::end_at.eq(to_db(block.interval.end())),
                    busy_blocks::source.eq(block.source.as_str()),
                    busy_blocks::external_id.eq(external_id),
                    busy_blocks::note.eq(note.as_deref()),
                    busy_blocks::updated_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(id)
        })
    }

    /// Stores a new offer with its counselors, who must belong to the offer's jobcenter.
    pub fn create_offer(&self, offer: &Offer, now: DateTime<Utc>) -> Result<(), Error> {
        offer.validate()?;
        if offer.counselors.is_empty() {
            return Err(Error::NotFound(Entity::Counselor));
        }
        let row = OfferRow::from_offer(offer, now)?;
        self.write(|conn| {
            check_offer_counselors(conn, offer)?;
            diesel::insert_into(offers::table).values(&row).execute(conn)?;
            link_offer_counselors(conn, offer)
        })
    }

    /// One offer with its counselors.
    pub fn offer(&self, id: &OfferId) -> Result<Offer, Error> {
        let mut conn = self.conn()?;
        load_offer(&mut conn, id)
    }

    /// All offers of a jobcenter (active or not), ordered by name.
    pub fn offers_of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<Offer>, Error> {
        let mut conn = self.conn()?;
        let ids: Vec<String> = offers::table
            .filter(offers::jobcenter_code.eq(jobcenter.as_str()))
            .order((offers::name, offers::id))
            .select(offers::id)
            .load(&mut conn)?;
        ids.iter()
            .map(|id| {
                load_offer(&mut conn, &OfferId::parse(id).map_err(|_| crate::store::db::corrupt("offer id"))?)
            })
            .collect()
    }

    /// The active counselors who serve an offer, in caseworker-id order.
    pub fn counselors_of_offer(&self, offer: &OfferId) -> Result<Vec<Counselor>, Error> {
        let mut conn = self.conn()?;
        counselors_of_offer(&mut conn, offer)
    }
}

pub(crate) fn counselors_of_offer(
    conn: &mut crate::store::AnyConnection,
    offer: &OfferId,
) -> Result<Vec<Counselor>, Error> {
    let rows: Vec<CounselorRow> = offer_counselors::table
        .inner_join(counselors::table)
        .filter(offer_counselors::offer_id.eq(offer.as_str()))
        .filter(counselors::active.eq(true))
        .order(counselors::caseworker_id)
        .select(CounselorRow::as_select())
        .load(conn)?;
    rows.into_iter().map(Counselor::try_from).collect()
}

/// Refuses an offer whose counselors are not all counselors of its jobcenter.
pub(crate) fn check_offer_counselors(
    conn: &mut crate::store::AnyConnection,
    offer: &Offer,
) -> Result<(), Error> {
    let ids: Vec<&str> = offer.counselors.iter().map(CounselorId::as_str).collect();
    let found: i64 = counselors::table
        .filter(counselors::id.eq_any(&ids))
        .filter(counselors::jobcenter_code.eq(offer.jobcenter.as_str()))
        .count()
        .get_result(conn)?;
    if found != ids.len() as i64 {
        return Err(Error::NotFound(Entity::Counselor));
    }
    Ok(())
}

/// Writes the offer's counselor links (the caller removed any old ones).
pub(crate) fn link_offer_counselors(
    conn: &mut crate::store::AnyConnection,
    offer: &Offer,
) -> Result<(), Error> {
    for id in &offer.counselors {
        diesel::insert_into(offer_counselors::table)
            .values((
                offer_counselors::offer_id.eq(offer.id.as_str()),
                offer_counselors::counselor_id.eq(id.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Refuses a jobcenter that is not known (`NotFound(JobCenter)`): the first check of every
/// administration change that names one.
pub(crate) fn require_jobcenter(
    conn: &mut crate::store::AnyConnection,
    jobcenter: &JobCenterCode,
) -> Result<(), Error> {
    let known: i64 = jobcenters::table.find(jobcenter.as_str()).count().get_result(conn)?;
    if known == 0 {
        return Err(Error::NotFound(Entity::JobCenter));
    }
    Ok(())
}

pub(crate) fn ensure_counselor(
    conn: &mut crate::store::AnyConnection,
    id: &CounselorId,
) -> Result<(), Error> {
    let n: i64 = counselors::table.find(id.as_str()).count().get_result(conn)?;
    if n == 0 {
        return Err(Error::NotFound(Entity::Counselor));
    }
    Ok(())
}

pub(crate) fn load_offer(conn: &mut crate::store::AnyConnection, id: &OfferId) -> Result<Offer, Error> {
    let row: OfferRow = offers::table
        .find(id.as_str())
        .select(OfferRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Offer))?;
    let counselor_ids: Vec<String> = offer_counselors::table
        .filter(offer_counselors::offer_id.eq(id.as_str()))
        .order(offer_counselors::counselor_id)
        .select(offer_counselors::counselor_id)
        .load(conn)?;
    let ids = counselor_ids
        .iter()
        .map(|c| CounselorId::parse(c).map_err(|_| crate::store::db::corrupt("counselor id")))
        .collect::<Result<Vec<_>, _>>()?;
    row.into_offer(ids)
}
