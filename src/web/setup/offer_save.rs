//! Writing an offer read from its form, as the admin API's `admin/offers/` does: the counselors
//! named by a team (its current members) or by competencies (the active holders of them all)
//! filled in, the team and rooms checked against the offer's jobcenter, then
//! `Store::create_offer` or `update_offer` (which check the counselors), the link to the team or
//! the competencies, and the room pool. A refusal a person can fix is a field error, in Danish
//! (this runs on the blocking pool; the form passes it through the translator when shown).

use super::offer_form::{Draft, Source};
use crate::store::{Entity, Error, Store};
use crate::web::lang::t;
use crate::web::page::FieldError;

/// Fills the draft's counselors from its team or competencies and checks its team and rooms
/// against `jobcenter`, as the admin API does; a field error otherwise.
fn resolve(store: &Store, draft: &mut Draft) -> Result<Result<(), FieldError>, Error> {
    let jobcenter = draft.offer.jobcenter.clone();
    match &draft.source {
        Source::List(_) => {}
        Source::Team(team) => {
            let stored = match store.teams().get(team) {
                Ok((stored, _)) => Some(stored),
                Err(Error::NotFound(_)) => None,
                Err(error) => return Err(error),
            };
            if stored.is_none_or(|t| t.jobcenter != jobcenter) {
                return Ok(Err(FieldError::new("team", t("Vælg et team fra listen."))));
            }
            draft.offer.counselors = store.teams().current_members(team)?.into_iter().map(|c| c.id).collect();
            if draft.offer.counselors.is_empty() {
                return Ok(Err(FieldError::new(
                    "team",
                    t("Teamet har ingen medlemmer. Vælg et andet team."),
                )));
            }
        }
        Source::Competencies(required) => {
            let mut holders = Vec::new();
            for counselor in store.counselors_of_jobcenter(&jobcenter)?.into_iter().filter(|c| c.active) {
                if required.is_subset(&store.attributes().of(&counselor.id)?.competencies) {
                    holders.push(counselor.id);
                }
            }
            if holders.is_empty() {
                let message = t("Ingen aktiv vejleder i jobcentret har alle kompetencerne.");
                return Ok(Err(FieldError::new("kompetencer", message)));
            }
            draft.offer.counselors = holders;
        }
    }
    for room in &draft.rooms {
        let found = uuid::Uuid::parse_str(room).ok().and_then(|_| store.rooms().get(room).ok());
        if found.is_none_or(|r| r.jobcenter != jobcenter) {
            return Ok(Err(FieldError::new("lokaler", t("Vælg lokalerne på listen."))));
        }
    }
    Ok(Ok(()))
}

/// Writes `draft` (a new offer when `create`), its links and rooms; a field error when the
/// store refuses a counselor.
pub fn save(
    store: &Store,
    mut draft: Draft,
    create: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<(), FieldError>, Error> {
    if let Err(field) = resolve(store, &mut draft)? {
        return Ok(Err(field));
    }
    let written =
        if create { store.create_offer(&draft.offer, now) } else { store.update_offer(&draft.offer) };
    match written {
        Ok(()) => {}
        Err(Error::NotFound(Entity::Counselor)) => {
            return Ok(Err(FieldError::new("vejledere", t("Vælg vejledere fra jobcentrets liste."))));
        }
        Err(error) => return Err(error),
    }
    let id = &draft.offer.id;
    match &draft.source {
        Source::List(_) => {
            store.attributes().require(id, &Default::default())?;
            store.teams().link_offer(id, None)?;
        }
        Source::Team(team) => store.teams().link_offer(id, Some(team))?,
        Source::Competencies(required) => store.attributes().require(id, required)?,
    }
    store.rooms().set_offer_rooms(id, &draft.rooms)?;
    Ok(Ok(()))
}
