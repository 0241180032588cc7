//! The counselor and offer rows and their conversions to and from the domain's `Counselor` and
//! `Offer` (code lists stored joined by commas).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::{
    CaseworkerId, ChangeRules, Counselor, CounselorId, Eligibility, InterviewForm, JobCenterCode, Location,
    Offer, OfferId, SlotRules,
};
use crate::store::db::schema::{counselors, offers};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::Error;

fn join_ints(values: &[i32]) -> String {
    values.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

fn split_ints(text: &str) -> Result<Vec<i32>, Error> {
    text.split(',')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().map_err(|_| corrupt("code list")))
        .collect()
}

fn split_texts(text: &str) -> Vec<String> {
    text.split(',').filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = counselors)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct CounselorRow {
    pub id: String,
    pub caseworker_id: String,
    pub given_name: String,
    pub middle_name: Option<String>,
    pub surname: String,
    pub email: String,
    pub jobcenter_code: String,
    pub active: bool,
}

impl From<&Counselor> for CounselorRow {
    fn from(c: &Counselor) -> Self {
        Self {
            id: c.id.as_str().to_owned(),
            caseworker_id: c.caseworker.as_str().to_owned(),
            given_name: c.given_name.clone(),
            middle_name: c.middle_name.clone(),
            surname: c.surname.clone(),
            email: c.email.clone(),
            jobcenter_code: c.jobcenter.as_str().to_owned(),
            active: c.active,
        }
    }
}

impl TryFrom<CounselorRow> for Counselor {
    type Error = Error;
    fn try_from(row: CounselorRow) -> Result<Self, Error> {
        Ok(Counselor {
            id: CounselorId::parse(&row.id).map_err(|_| corrupt("counselor id"))?,
            caseworker: CaseworkerId::parse(&row.caseworker_id).map_err(|_| corrupt("caseworker id"))?,
            given_name: row.given_name,
            middle_name: row.middle_name,
            surname: row.surname,
            email: row.email,
            jobcenter: JobCenterCode::parse(&row.jobcenter_code).map_err(|_| corrupt("jobcenter"))?,
            active: row.active,
        })
    }
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = offers)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_null = true)]
pub(crate) struct OfferRow {
    pub id: String,
    pub jobcenter_code: String,
    pub name: String,
    pub interview_type: i32,
    pub form: String,
    pub seats: Option<i32>,
    pub contact_types: String,
    pub location_description: Option<String>,
    pub street_name: Option<String>,
    pub building: Option<String>,
    pub floor: Option<String>,
    pub suite: Option<String>,
    pub post_code: Option<String>,
    pub district: Option<String>,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
    pub min_notice_minutes: i32,
    pub horizon_days: i32,
    pub first_timeslot: Option<NaiveDateTime>,
    pub last_timeslot: Option<NaiveDateTime>,
    pub contact_groups: String,
    pub categories: String,
    pub person_groups: String,
    pub rebook_possible: bool,
    pub rebook_deadline_minutes: Option<i32>,
    pub cancel_possible: bool,
    pub cancel_deadline_minutes: Option<i32>,
    pub compulsory: bool,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

fn minutes_i32(d: Duration, field: &'static str) -> Result<i32, Error> {
    i32::try_from(d.num_minutes()).map_err(|_| Error::Conflict(crate::domain::Error::NotPositive(field)))
}

impl OfferRow {
    pub(crate) fn from_offer(offer: &Offer, now: DateTime<Utc>) -> Result<Self, Error> {
        let loc = offer.location.as_ref();
        let (form, seats) = match offer.form {
            InterviewForm::Individual => ("individual", None),
            InterviewForm::Group { seats } => ("group", Some(i32::try_from(seats).unwrap_or(i32::MAX))),
        };
        let slots = &offer.slots;
        Ok(Self {
            id: offer.id.as_str().to_owned(),
            jobcenter_code: offer.jobcenter.as_str().to_owned(),
            name: offer.name.clone(),
            interview_type: offer.interview_type,
            form: form.to_owned(),
            seats,
            contact_types: join_ints(&offer.contact_types),
            location_description: loc.and_then(|l| l.description.clone()),
            street_name: loc.map(|l| l.street_name.clone()),
            building: loc.map(|l| l.building.clone()),
            floor: loc.and_then(|l| l.floor.clone()),
            suite: loc.and_then(|l| l.suite.clone()),
            post_code: loc.map(|l| l.post_code.clone()),
            district: loc.map(|l| l.district.clone()),
            duration_minutes: minutes_i32(slots.duration, "duration")?,
            buffer_minutes: minutes_i32(slots.buffer, "buffer")?,
            min_notice_minutes: minutes_i32(slots.min_notice, "min_notice")?,
            horizon_days: i32::try_from(slots.horizon.num_days())
                .map_err(|_| Error::Conflict(crate::domain::Error::NotPositive("horizon")))?,
            first_timeslot: slots.first.map(to_db),
            last_timeslot: slots.last.map(to_db),
            contact_groups: join_ints(&offer.eligibility.contact_groups),
            categories: join_ints(&offer.eligibility.categories),
            person_groups: offer.eligibility.person_groups.join(","),
            rebook_possible: offer.changes.rebook_possible,
            rebook_deadline_minutes: offer
                .changes
                .rebook_deadline_before
                .map(|d| minutes_i32(d, "rebook_deadline"))
                .transpose()?,
            cancel_possible: offer.changes.cancel_possible,
            cancel_deadline_minutes: offer
                .changes
                .cancel_deadline_before
                .map(|d| minutes_i32(d, "cancel_deadline"))
                .transpose()?,
            compulsory: offer.compulsory,
            active: offer.active,
            created_at: to_db(now),
        })
    }

    pub(crate) fn into_offer(self, counselor_ids: Vec<CounselorId>) -> Result<Offer, Error> {
        let form = match (self.form.as_str(), self.seats) {
            ("individual", _) => InterviewForm::Individual,
            ("group", Some(seats)) if seats > 0 => InterviewForm::Group { seats: seats as u32 },
            _ => return Err(corrupt("offer form")),
        };
        let location = match (self.street_name, self.building, self.post_code, self.district) {
            (Some(street_name), Some(building), Some(post_code), Some(district)) => Some(Location {
                description: self.location_description,
                street_name,
                building,
                floor: self.floor,
                suite: self.suite,
                post_code,
                district,
            }),
            _ => None,
        };
        let minutes = |m: i32| Duration::minutes(i64::from(m));
        let slots = SlotRules::new(
            minutes(self.duration_minutes),
            minutes(self.buffer_minutes),
            minutes(self.min_notice_minutes),
            Duration::days(i64::from(self.horizon_days)),
            self.first_timeslot.map(from_db),
            self.last_timeslot.map(from_db),
        )
        .map_err(|_| corrupt("offer slot rules"))?;
        Ok(Offer {
            id: OfferId::parse(&self.id).map_err(|_| corrupt("offer id"))?,
            jobcenter: JobCenterCode::parse(&self.jobcenter_code).map_err(|_| corrupt("jobcenter"))?,
            name: self.name,
            interview_type: self.interview_type,
            form,
            contact_types: split_ints(&self.contact_types)?,
            location,
            slots,
            changes: ChangeRules {
                rebook_possible: self.rebook_possible,
                rebook_deadline_before: self.rebook_deadline_minutes.map(minutes),
                cancel_possible: self.cancel_possible,
                cancel_deadline_before: self.cancel_deadline_minutes.map(minutes),
            },
            eligibility: Eligibility {
                contact_groups: split_ints(&self.contact_groups)?,
                categories: split_ints(&self.categories)?,
                person_groups: split_texts(&self.person_groups),
            },
            compulsory: self.compulsory,
            active: self.active,
            counselors: counselor_ids,
        })
    }
}
