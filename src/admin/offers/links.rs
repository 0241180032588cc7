//! What an offer links to besides its own row: the team or competencies that name its
//! counselors, and its room pool.

use super::wire::{offer_response, OfferBody, OfferResponse};
use crate::admin::call::Ctx;
use crate::domain::{JobCenterCode, Offer, OfferId};
use crate::edge::Problem;
use crate::store;

/// The wire form of a stored offer, with the team it names.
pub(super) fn stored_response(ctx: &Ctx<'_>, offer: &Offer) -> Result<OfferResponse, Problem> {
    let mut answer = offer_response(offer);
    answer.body.team = ctx.store.teams().team_of_offer(&offer.id)?.map(|t| t.as_str().to_owned());
    answer.body.competencies = ctx.store.attributes().required_by(&offer.id)?.into_iter().collect();
    answer.body.rooms = ctx.store.rooms().of_offer(&offer.id)?.into_iter().map(|r| r.id).collect();
    Ok(answer)
}

/// What names an offer's counselors besides the list itself.
pub(super) enum Source {
    /// The counselors listed.
    List,
    /// A team's current members.
    Team(crate::domain::TeamId),
    /// The holders of these competencies.
    Competencies(std::collections::BTreeSet<String>),
}

/// A body that requires competencies gets the active counselors of its jobcenter holding them
/// all as its counselors; otherwise as [`with_team`].
pub(super) fn with_source(ctx: &mut Ctx<'_>, mut body: OfferBody) -> Result<(OfferBody, Source), Problem> {
    if body.competencies.is_empty() {
        let (body, team) = with_team(ctx, body)?;
        return Ok((body, team.map_or(Source::List, Source::Team)));
    }
    if !body.counselors.is_empty() || body.team.is_some() {
        return Err(Problem::invalid("competencies", "give one of 'counselors', 'team' and 'competencies'"));
    }
    let required: std::collections::BTreeSet<String> =
        body.competencies.iter().map(|c| c.trim().to_owned()).collect();
    crate::store::attributes_check(&required)
        .map_err(|_| Problem::invalid("competencies", "each must be 1-50 characters, at most 50"))?;
    let jobcenter = JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
    ctx.jobcenter(&jobcenter)?;
    let mut holders = Vec::new();
    for counselor in ctx.store.counselors_of_jobcenter(&jobcenter)?.into_iter().filter(|c| c.active) {
        if required.is_subset(&ctx.store.attributes().of(&counselor.id)?.competencies) {
            holders.push(counselor.id.as_str().to_owned());
        }
    }
    if holders.is_empty() {
        return Err(Problem::invalid("competencies", "no active counselor of the jobcenter holds them all"));
    }
    body.counselors = holders;
    Ok((body, Source::Competencies(required)))
}

/// Checks, before anything is written, that every room exists in `jobcenter` (422 `rooms`).
pub(super) fn check_rooms(ctx: &Ctx<'_>, jobcenter: &JobCenterCode, rooms: &[String]) -> Result<(), Problem> {
    for room in rooms {
        let found = uuid::Uuid::parse_str(room).ok().and_then(|_| ctx.store.rooms().get(room).ok());
        if found.is_none_or(|r| &r.jobcenter != jobcenter) {
            return Err(Problem::invalid(
                "rooms",
                "every room must exist and belong to the offer's jobcenter",
            ));
        }
    }
    Ok(())
}

/// Sets the offer's room pool; an unknown or foreign room is a 422 naming `rooms`.
pub(super) fn set_rooms(ctx: &Ctx<'_>, offer: &OfferId, rooms: &[String]) -> Result<(), Problem> {
    ctx.store.rooms().set_offer_rooms(offer, rooms).map_err(|e| match e {
        store::Error::NotFound(store::Entity::Room) => {
            Problem::invalid("rooms", "every room must exist and belong to the offer's jobcenter")
        }
        other => Problem::from(other),
    })
}

/// Links the stored offer to what names its counselors.
pub(super) fn link(ctx: &Ctx<'_>, offer: &OfferId, source: &Source) -> Result<(), Problem> {
    match source {
        Source::List => {
            ctx.store.attributes().require(offer, &Default::default())?;
            ctx.store.teams().link_offer(offer, None)?;
        }
        Source::Team(team) => ctx.store.teams().link_offer(offer, Some(team))?,
        Source::Competencies(required) => ctx.store.attributes().require(offer, required)?,
    }
    Ok(())
}

/// A body that names a team gets the team's current members as its counselors; the team is
/// answered for linking. Naming both is a 422 naming `team`.
pub(super) fn with_team(
    ctx: &mut Ctx<'_>,
    mut body: OfferBody,
) -> Result<(OfferBody, Option<crate::domain::TeamId>), Problem> {
    let Some(team) = body.team.clone() else { return Ok((body, None)) };
    if !body.counselors.is_empty() {
        return Err(Problem::invalid("team", "give either 'counselors' or 'team', not both"));
    }
    let (team, _) = crate::admin::teams::owned_team(ctx, "team", &team)?;
    if team.jobcenter.as_str() != body.jobcenter {
        return Err(Problem::invalid("team", "must be a team of the offer's jobcenter"));
    }
    body.counselors =
        ctx.store.teams().current_members(&team.id)?.iter().map(|c| c.id.as_str().to_owned()).collect();
    if body.counselors.is_empty() {
        return Err(Problem::invalid("team", "the team has no members"));
    }
    Ok((body, Some(team.id)))
}

/// Unknown or foreign counselors in a written offer are a 422 naming `counselors`.
pub(super) fn counselors_problem(error: store::Error) -> Problem {
    match error {
        store::Error::NotFound(store::Entity::Counselor) => {
            Problem::invalid("counselors", "every counselor must exist and belong to the offer's jobcenter")
        }
        other => Problem::from(other),
    }
}
