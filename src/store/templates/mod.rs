//! `store.templates()`: a jobcenter's summons templates. A summons copies what it takes from a
//! template when it is made; nothing here reaches back into summons already made.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::summons::Strategy;
use crate::domain::templates::{SummonsTemplate, TemplateOffer};
use crate::domain::{self, CaseworkerId, JobCenterCode, OfferId, TeamId};
use crate::store::db::schema::{offers, summons_templates as templates, teams};
use crate::store::db::{corrupt, to_db};
use crate::store::{AnyConnection, Entity, Error, Store};

/// The template operations of a [`Store`]; see [`Store::templates`].
#[derive(Debug, Clone, Copy)]
pub struct Templates<'a> {
    store: &'a Store,
}

impl Store {
    /// The summons templates: `store.templates().create(..)`.
    pub fn templates(&self) -> Templates<'_> {
        Templates { store: self }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = templates)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct TemplateRow {
    id: String,
    jobcenter_code: String,
    name: String,
    offer_id: Option<String>,
    interview_type: Option<i32>,
    team_id: Option<String>,
    pool: String,
    window_start_days: i32,
    window_days: i32,
    strategy: String,
    rebook_before_hours: Option<i32>,
    cancel_before_hours: Option<i32>,
}

impl TemplateRow {
    fn to_domain(&self) -> Result<SummonsTemplate, Error> {
        let bad = || corrupt("summons template");
        let offer = match (&self.offer_id, self.interview_type) {
            (Some(offer), None) => TemplateOffer::Offer(OfferId::parse(offer).map_err(|_| bad())?),
            (None, Some(interview_type)) => TemplateOffer::InterviewType(interview_type),
            _ => return Err(bad()),
        };
        Ok(SummonsTemplate {
            id: self.id.clone(),
            jobcenter: JobCenterCode::parse(&self.jobcenter_code).map_err(|_| bad())?,
            name: self.name.clone(),
            offer,
            team: self.team_id.as_deref().map(TeamId::parse).transpose().map_err(|_| bad())?,
            pool: self
                .pool
                .split_whitespace()
                .map(CaseworkerId::parse)
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?,
            window_start_days: u32::try_from(self.window_start_days).map_err(|_| bad())?,
            window_days: u32::try_from(self.window_days).map_err(|_| bad())?,
            strategy: Strategy::parse(&self.strategy).map_err(|_| bad())?,
            rebook_before_hours: self.rebook_before_hours.map(i64::from),
            cancel_before_hours: self.cancel_before_hours.map(i64::from),
        })
    }
}

fn hours(value: Option<i64>) -> Option<i32> {
    value.and_then(|h| i32::try_from(h).ok())
}

/// Refuses a template whose offer or team is not of its jobcenter, or whose name is taken.
fn check_refs(conn: &mut AnyConnection, template: &SummonsTemplate) -> Result<(), Error> {
    let jc = template.jobcenter.as_str();
    crate::store::reference::require_jobcenter(conn, &template.jobcenter)?;
    if let TemplateOffer::Offer(offer) = &template.offer {
        let found: i64 = offers::table
            .filter(offers::id.eq(offer.as_str()))
            .filter(offers::jobcenter_code.eq(jc))
            .count()
            .get_result(conn)?;
        if found == 0 {
            return Err(Error::NotFound(Entity::Offer));
        }
    }
    if let Some(team) = &template.team {
        let found: i64 = teams::table
            .filter(teams::id.eq(team.as_str()))
            .filter(teams::jobcenter_code.eq(jc))
            .count()
            .get_result(conn)?;
        if found == 0 {
            return Err(Error::NotFound(Entity::Team));
        }
    }
    let taken: i64 = templates::table
        .filter(templates::jobcenter_code.eq(jc))
        .filter(templates::name.eq(template.name.trim()))
        .filter(templates::id.ne(&template.id))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(domain::Error::NameTaken("summons template").into());
    }
    Ok(())
}

impl Templates<'_> {
    /// Stores a new template or replaces the one with its id (in its jobcenter).
    pub fn save(&self, template: &SummonsTemplate, now: DateTime<Utc>) -> Result<(), Error> {
        template.validate()?;
        self.store.write(|conn| {
            check_refs(conn, template)?;
            let existing: Option<String> = templates::table
                .find(&template.id)
                .select(templates::jobcenter_code)
                .first(conn)
                .optional()?;
            if existing.as_deref().is_some_and(|jc| jc != template.jobcenter.as_str()) {
                return Err(Error::NotFound(Entity::SummonsTemplate));
            }
            diesel::delete(templates::table.find(&template.id)).execute(conn)?;
            let (offer_id, interview_type) = match &template.offer {
                TemplateOffer::Offer(offer) => (Some(offer.as_str()), None),
                TemplateOffer::InterviewType(t) => (None, Some(*t)),
            };
            let pool: Vec<&str> = template.pool.iter().map(CaseworkerId::as_str).collect();
            diesel::insert_into(templates::table)
                .values((
                    templates::id.eq(&template.id),
                    templates::jobcenter_code.eq(template.jobcenter.as_str()),
                    templates::name.eq(template.name.trim()),
                    templates::offer_id.eq(offer_id),
                    templates::interview_type.eq(interview_type),
                    templates::team_id.eq(template.team.as_ref().map(TeamId::as_str)),
                    templates::pool.eq(pool.join(" ")),
                    templates::window_start_days
                        .eq(i32::try_from(template.window_start_days).unwrap_or(i32::MAX)),
                    templates::window_days.eq(i32::try_from(template.window_days).unwrap_or(i32::MAX)),
                    templates::strategy.eq(template.strategy.as_str()),
                    templates::rebook_before_hours.eq(hours(template.rebook_before_hours)),
                    templates::cancel_before_hours.eq(hours(template.cancel_before_hours)),
                    templates::updated_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// One template.
    pub fn get(&self, id: &str) -> Result<SummonsTemplate, Error> {
        let mut conn = self.store.conn()?;
        let row: TemplateRow = templates::table
            .find(id)
            .select(TemplateRow::as_select())
            .first(&mut conn)
            .optional()?
            .ok_or(Error::NotFound(Entity::SummonsTemplate))?;
        row.to_domain()
    }

    /// The jobcenter's templates by name.
    pub fn of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<SummonsTemplate>, Error> {
        let mut conn = self.store.conn()?;
        let rows: Vec<TemplateRow> = templates::table
            .filter(templates::jobcenter_code.eq(jobcenter.as_str()))
            .order((templates::name, templates::id))
            .select(TemplateRow::as_select())
            .load(&mut conn)?;
        rows.iter().map(TemplateRow::to_domain).collect()
    }

    /// Deletes a template of `jobcenter` (summons made from it stay as they are).
    pub fn delete(&self, jobcenter: &JobCenterCode, id: &str) -> Result<(), Error> {
        self.store.write(|conn| {
            let n = diesel::delete(
                templates::table
                    .filter(templates::id.eq(id))
                    .filter(templates::jobcenter_code.eq(jobcenter.as_str())),
            )
            .execute(conn)?;
            if n == 0 {
                return Err(Error::NotFound(Entity::SummonsTemplate));
            }
            Ok(())
        })
    }

    /// The offer a template summons into now: its offer, or the jobcenter's active offer of its
    /// interview type (`NotFound(Offer)` when there is none).
    pub fn offer_of(&self, template: &SummonsTemplate) -> Result<OfferId, Error> {
        match &template.offer {
            TemplateOffer::Offer(offer) => Ok(offer.clone()),
            TemplateOffer::InterviewType(interview_type) => {
                let mut conn = self.store.conn()?;
                let id: String = offers::table
                    .filter(offers::jobcenter_code.eq(template.jobcenter.as_str()))
                    .filter(offers::interview_type.eq(*interview_type))
                    .filter(offers::active.eq(true))
                    .order(offers::created_at)
                    .select(offers::id)
                    .first(&mut conn)
                    .optional()?
                    .ok_or(Error::NotFound(Entity::Offer))?;
                OfferId::parse(&id).map_err(|_| corrupt("offer id"))
            }
        }
    }
}
