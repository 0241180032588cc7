//! `store.teams()`: a jobcenter's teams, their members over time, and the offers that name a
//! team instead of listing counselors.
//!
//! An offer that names a team has the team's current members (open memberships) as its
//! counselors: adding or ending a membership rewrites `offer_counselors` of those offers in the
//! same transaction, so the calendar loader and every reader keep reading one table.
//! Memberships are kept: ending one sets its last day, it is never deleted. An end is effective
//! at once for the team's offers (a membership ending in the future is not scheduled).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::domain::team::{Membership, Team};
use crate::domain::{self, Counselor, CounselorId, JobCenterCode, OfferId, TeamId};
use crate::store::db::schema::{counselors, offer_counselors, offers, team_members as members, teams};
use crate::store::db::{corrupt, to_db};
use crate::store::reference::CounselorRow;
use crate::store::{AnyConnection, Entity, Error, Store};

/// The team operations of a [`Store`]; see [`Store::teams`].
#[derive(Debug, Clone, Copy)]
pub struct Teams<'a> {
    store: &'a Store,
}

impl Store {
    /// The team operations: `store.teams().create(..)`.
    pub fn teams(&self) -> Teams<'_> {
        Teams { store: self }
    }
}

pub(crate) fn load_team(conn: &mut AnyConnection, id: &TeamId) -> Result<Team, Error> {
    let (jobcenter, name): (String, String) = teams::table
        .find(id.as_str())
        .select((teams::jobcenter_code, teams::name))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Team))?;
    Ok(Team {
        id: id.clone(),
        jobcenter: JobCenterCode::parse(&jobcenter).map_err(|_| corrupt("team"))?,
        name,
    })
}

fn memberships(conn: &mut AnyConnection, id: &TeamId) -> Result<Vec<Membership>, Error> {
    let rows: Vec<(String, NaiveDate, Option<NaiveDate>)> = members::table
        .filter(members::team_id.eq(id.as_str()))
        .order((members::from_date, members::counselor_id))
        .select((members::counselor_id, members::from_date, members::until_date))
        .load(conn)?;
    rows.into_iter()
        .map(|(counselor, from, until)| {
            Ok(Membership {
                counselor: CounselorId::parse(&counselor).map_err(|_| corrupt("team member"))?,
                from,
                until,
            })
        })
        .collect()
}

/// The team's current members (open memberships), active or not, by caseworker id.
pub(crate) fn current_members(conn: &mut AnyConnection, id: &TeamId) -> Result<Vec<Counselor>, Error> {
    let rows: Vec<CounselorRow> = members::table
        .inner_join(counselors::table)
        .filter(members::team_id.eq(id.as_str()))
        .filter(members::until_date.is_null())
        .order(counselors::caseworker_id)
        .select(CounselorRow::as_select())
        .load(conn)?;
    rows.into_iter().map(Counselor::try_from).collect()
}

/// Rewrites the counselors of every offer that names `team` to its current members.
fn sync_offers(conn: &mut AnyConnection, team: &TeamId) -> Result<(), Error> {
    let linked: Vec<String> =
        offers::table.filter(offers::team_id.eq(team.as_str())).select(offers::id).load(conn)?;
    if linked.is_empty() {
        return Ok(());
    }
    let current = current_members(conn, team)?;
    diesel::delete(offer_counselors::table.filter(offer_counselors::offer_id.eq_any(&linked)))
        .execute(conn)?;
    for offer in &linked {
        for counselor in &current {
            diesel::insert_into(offer_counselors::table)
                .values((
                    offer_counselors::offer_id.eq(offer),
                    offer_counselors::counselor_id.eq(counselor.id.as_str()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

impl Teams<'_> {
    /// Creates a team; its name must be new in the jobcenter.
    pub fn create(&self, team: &Team, now: DateTime<Utc>) -> Result<(), Error> {
        team.validate()?;
        self.store.write(|conn| {
            crate::store::reference::require_jobcenter(conn, &team.jobcenter)?;
            let taken: i64 = teams::table
                .filter(teams::jobcenter_code.eq(team.jobcenter.as_str()))
                .filter(teams::name.eq(team.name.trim()))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Err(domain::Error::NameTaken("team").into());
            }
            diesel::insert_into(teams::table)
                .values((
                    teams::id.eq(team.id.as_str()),
                    teams::jobcenter_code.eq(team.jobcenter.as_str()),
                    teams::name.eq(team.name.trim()),
                    teams::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// One team with every membership, current and past.
    pub fn get(&self, id: &TeamId) -> Result<(Team, Vec<Membership>), Error> {
        let mut conn = self.store.conn()?;
        Ok((load_team(&mut conn, id)?, memberships(&mut conn, id)?))
    }

    /// The jobcenter's teams by name, each with every membership.
    pub fn of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<(Team, Vec<Membership>)>, Error> {
        let mut conn = self.store.conn()?;
        let ids: Vec<String> = teams::table
            .filter(teams::jobcenter_code.eq(jobcenter.as_str()))
            .order((teams::name, teams::id))
            .select(teams::id)
            .load(&mut conn)?;
        ids.iter()
            .map(|id| {
                let id = TeamId::parse(id).map_err(|_| corrupt("team id"))?;
                Ok((load_team(&mut conn, &id)?, memberships(&mut conn, &id)?))
            })
            .collect()
    }

    /// The teams `counselor` is a member of on `date` (what a person's team-bound role covers).
    pub fn of_counselor(&self, counselor: &CounselorId, date: NaiveDate) -> Result<Vec<TeamId>, Error> {
        let mut conn = self.store.conn()?;
        let ids: Vec<String> = members::table
            .filter(members::counselor_id.eq(counselor.as_str()))
            .filter(members::from_date.le(date))
            .filter(members::until_date.is_null().or(members::until_date.ge(date)))
            .select(members::team_id)
            .load(&mut conn)?;
        ids.iter().map(|id| TeamId::parse(id).map_err(|_| corrupt("team id"))).collect()
    }

    /// The team's current members.
    pub fn current_members(&self, id: &TeamId) -> Result<Vec<Counselor>, Error> {
        let mut conn = self.store.conn()?;
        load_team(&mut conn, id)?;
        current_members(&mut conn, id)
    }

    /// Makes `counselor` (of the team's jobcenter) a member from `from` (or from the day after
    /// their last membership ended, if later); a current member stays as they are. The team's
    /// offers get the counselor.
    pub fn add_member(&self, id: &TeamId, counselor: &CounselorId, from: NaiveDate) -> Result<(), Error> {
        self.store.write(|conn| {
            let team = load_team(conn, id)?;
            let of_jobcenter: i64 = counselors::table
                .filter(counselors::id.eq(counselor.as_str()))
                .filter(counselors::jobcenter_code.eq(team.jobcenter.as_str()))
                .count()
                .get_result(conn)?;
            if of_jobcenter == 0 {
                return Err(Error::NotFound(Entity::Counselor));
            }
            let open: i64 = members::table
                .filter(members::team_id.eq(id.as_str()))
                .filter(members::counselor_id.eq(counselor.as_str()))
                .filter(members::until_date.is_null())
                .count()
                .get_result(conn)?;
            if open > 0 {
                return Ok(());
            }
            // Memberships of one counselor in one team never overlap: a new one starts after
            // the last one ended at the earliest.
            let last_end: Option<NaiveDate> = members::table
                .filter(members::team_id.eq(id.as_str()))
                .filter(members::counselor_id.eq(counselor.as_str()))
                .select(diesel::dsl::max(members::until_date))
                .first(conn)?;
            let from = match last_end.and_then(|end| end.succ_opt()) {
                Some(next) if next > from => next,
                _ => from,
            };
            diesel::insert_into(members::table)
                .values((
                    members::team_id.eq(id.as_str()),
                    members::counselor_id.eq(counselor.as_str()),
                    members::from_date.eq(from),
                ))
                .execute(conn)?;
            sync_offers(conn, id)
        })
    }

    /// Ends the counselor's current membership on `until` (its last day, not before its first);
    /// the team's offers lose the counselor at once. `NotFound` when the counselor is no member.
    pub fn end_member(&self, id: &TeamId, counselor: &CounselorId, until: NaiveDate) -> Result<(), Error> {
        self.store.write(|conn| {
            load_team(conn, id)?;
            let open = members::table
                .filter(members::team_id.eq(id.as_str()))
                .filter(members::counselor_id.eq(counselor.as_str()))
                .filter(members::until_date.is_null());
            let from: NaiveDate = open
                .select(members::from_date)
                .first(conn)
                .optional()?
                .ok_or(Error::NotFound(Entity::Counselor))?;
            let until = until.max(from);
            diesel::update(open).set(members::until_date.eq(Some(until))).execute(conn)?;
            sync_offers(conn, id)
        })
    }

    /// Makes `offer` name `team` (its counselors become the team's current members) or, with
    /// `None`, list its counselors itself again (they stay as they are now).
    pub fn link_offer(&self, offer: &OfferId, team: Option<&TeamId>) -> Result<(), Error> {
        self.store.write(|conn| {
            let jobcenter: String = offers::table
                .find(offer.as_str())
                .select(offers::jobcenter_code)
                .first(conn)
                .optional()?
                .ok_or(Error::NotFound(Entity::Offer))?;
            if let Some(team) = team {
                if load_team(conn, team)?.jobcenter.as_str() != jobcenter {
                    return Err(Error::NotFound(Entity::Team));
                }
            }
            diesel::update(offers::table.find(offer.as_str()))
                .set(offers::team_id.eq(team.map(TeamId::as_str)))
                .execute(conn)?;
            if team.is_some() {
                // A team replaces a competency requirement.
                diesel::delete(
                    crate::store::db::schema::offer_competencies::table
                        .filter(crate::store::db::schema::offer_competencies::offer_id.eq(offer.as_str())),
                )
                .execute(conn)?;
            }
            match team {
                Some(team) => sync_offers(conn, team),
                None => Ok(()),
            }
        })
    }

    /// The team `offer` names, if any.
    pub fn team_of_offer(&self, offer: &OfferId) -> Result<Option<TeamId>, Error> {
        let mut conn = self.store.conn()?;
        let team: Option<Option<String>> =
            offers::table.find(offer.as_str()).select(offers::team_id).first(&mut conn).optional()?;
        team.flatten().map(|t| TeamId::parse(&t).map_err(|_| corrupt("team id"))).transpose()
    }
}
