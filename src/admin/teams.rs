//! `/admin/v1/teams`: a jobcenter's teams and their members over time, and the helpers by which
//! offers and summons name a team instead of listing counselors.
//!
//! Dates are local `YYYY-MM-DD`; a membership starts today (Copenhagen) unless `from` is given
//! and ends today unless `until` is given. Ended memberships stay in the team's history.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::domain::team::{Membership, Team};
use crate::domain::{CaseworkerId, CounselorId, JobCenterCode, OfferId, TeamId, ZONE};
use crate::edge::input::Query;
use crate::edge::Problem;

/// Body of `POST /teams`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    /// The jobcenter, 5 digits.
    pub jobcenter: String,
    /// The name, unique in the jobcenter (1-100 characters).
    pub name: String,
}

/// Body of `PUT /teams/{id}/members/{counselor}`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberFrom {
    /// The first day, `YYYY-MM-DD` (today when left out).
    pub from: Option<String>,
}

/// Body of `POST /teams/{id}/members/{counselor}/end`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberUntil {
    /// The last day, `YYYY-MM-DD` (today when left out).
    pub until: Option<String>,
}

/// Query of the list.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TeamsQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

/// One membership period on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MembershipResponse {
    /// The counselor's id.
    pub counselor_id: String,
    /// The first day.
    pub from: String,
    /// The last day, or null while a member.
    pub until: Option<String>,
}

/// A team on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TeamResponse {
    /// Its id.
    pub id: String,
    /// Its jobcenter.
    pub jobcenter: String,
    /// Its name.
    pub name: String,
    /// The current members' counselor ids.
    pub members: Vec<String>,
    /// Every membership, current and ended, by first day.
    pub memberships: Vec<MembershipResponse>,
}

fn team_response(team: &Team, memberships: &[Membership]) -> TeamResponse {
    TeamResponse {
        id: team.id.as_str().to_owned(),
        jobcenter: team.jobcenter.as_str().to_owned(),
        name: team.name.clone(),
        members: memberships
            .iter()
            .filter(|m| m.until.is_none())
            .map(|m| m.counselor.as_str().to_owned())
            .collect(),
        memberships: memberships
            .iter()
            .map(|m| MembershipResponse {
                counselor_id: m.counselor.as_str().to_owned(),
                from: m.from.to_string(),
                until: m.until.map(|d| d.to_string()),
            })
            .collect(),
    }
}

/// Parses a team id and loads the team, checking the caller acts for its jobcenter.
pub(super) fn owned_team(
    ctx: &mut Ctx<'_>,
    field: &str,
    id: &str,
) -> Result<(Team, Vec<Membership>), Problem> {
    let id = TeamId::parse(id).map_err(|_| Problem::invalid(field, "must be a team id (a GUID)"))?;
    ctx.note("team.id", id.as_str());
    let (team, memberships) = ctx.store.teams().get(&id)?;
    ctx.jobcenter(&team.jobcenter)?;
    Ok((team, memberships))
}

fn owned_path_team(ctx: &mut Ctx<'_>, id: &str) -> Result<Team, Problem> {
    let id = TeamId::parse(id).map_err(|_| Problem::not_found("team"))?;
    ctx.note("team.id", id.as_str());
    let (team, _) = ctx.store.teams().get(&id)?;
    ctx.jobcenter(&team.jobcenter)?;
    Ok(team)
}

fn date(field: &str, text: Option<&str>, ctx: &Ctx<'_>) -> Result<NaiveDate, Problem> {
    match text {
        None => Ok(ctx.now.with_timezone(&ZONE).date_naive()),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| Problem::invalid(field, "must be a date YYYY-MM-DD")),
    }
}

/// The caseworker ids of a team's current members who serve `offer` (all current members
/// without an offer): the pool a summons that names a team draws from. A team without such
/// members is a 422 naming `team`.
pub(super) fn team_pool(
    ctx: &mut Ctx<'_>,
    team: &str,
    offer: Option<&OfferId>,
) -> Result<Vec<CaseworkerId>, Problem> {
    let (team, _) = owned_team(ctx, "team", team)?;
    let members = ctx.store.teams().current_members(&team.id)?;
    let serving: Option<Vec<CounselorId>> = match offer {
        Some(offer) => Some(ctx.store.counselors_of_offer(offer)?.into_iter().map(|c| c.id).collect()),
        None => None,
    };
    let pool: Vec<CaseworkerId> = members
        .into_iter()
        .filter(|m| m.active && serving.as_ref().is_none_or(|s| s.contains(&m.id)))
        .map(|m| m.caseworker)
        .collect();
    if pool.is_empty() {
        return Err(Problem::invalid("team", "the team has no active member who serves the offer"));
    }
    Ok(pool)
}

/// `GET /teams?jobcenter=`.
pub async fn list(call: AdminCall, query: Query<TeamsQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.teams.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            let teams = ctx.store.teams().of_jobcenter(&code)?;
            Ok(teams.iter().map(|(t, m)| team_response(t, m)).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /teams`: 201 with the new team.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.teams.create", move |ctx| {
            let body: CreateTeam = json(&body)?;
            let jobcenter =
                JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&jobcenter)?;
            let team = Team {
                id: TeamId::from_generated(&uuid::Uuid::new_v4().to_string())?,
                jobcenter,
                name: body.name,
            };
            team.validate().map_err(|e| Problem::invalid("name", e.to_string()))?;
            ctx.store.teams().create(&team, ctx.now)?;
            ctx.note("team.id", team.id.as_str());
            let (team, memberships) = ctx.store.teams().get(&team.id)?;
            Ok(team_response(&team, &memberships))
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `GET /teams/{id}`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.teams.get", move |ctx| {
            let team = owned_path_team(ctx, &id)?;
            let (team, memberships) = ctx.store.teams().get(&team.id)?;
            Ok(team_response(&team, &memberships))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

fn member(ctx: &mut Ctx<'_>, team: &str, counselor: &str) -> Result<(Team, CounselorId), Problem> {
    let team = owned_path_team(ctx, team)?;
    let counselor = CounselorId::parse(counselor).map_err(|_| Problem::not_found("counselor"))?;
    ctx.note("counselor.id", counselor.as_str());
    Ok((team, counselor))
}

/// Runs a membership change of one counselor and answers the team as it is then.
async fn membership<B: serde::de::DeserializeOwned + Default + 'static>(
    call: AdminCall,
    operation: &'static str,
    path: (String, String),
    body: web::Bytes,
    day: fn(&B) -> Option<&str>,
    change: fn(&Ctx<'_>, &Team, &CounselorId, Option<&str>) -> Result<(), Problem>,
) -> Result<HttpResponse, Problem> {
    let (team, counselor) = path;
    let answer = call
        .run(operation, move |ctx| {
            let (team, counselor) = member(ctx, &team, &counselor)?;
            let read: B = if body.is_empty() { B::default() } else { json(&body)? };
            change(ctx, &team, &counselor, day(&read))?;
            let (team, memberships) = ctx.store.teams().get(&team.id)?;
            Ok(team_response(&team, &memberships))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `PUT /teams/{id}/members/{counselor}`: the counselor joins (from today or `from`).
pub async fn add_member(
    call: AdminCall,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let day: fn(&MemberFrom) -> Option<&str> = |b| b.from.as_deref();
    membership(call, "admin.teams.members.add", path.into_inner(), body, day, |ctx, team, counselor, from| {
        let from = date("from", from, ctx)?;
        Ok(ctx.store.teams().add_member(&team.id, counselor, from)?)
    })
    .await
}

/// `POST /teams/{id}/members/{counselor}/end`: the counselor leaves (today or on `until`).
pub async fn end_member(
    call: AdminCall,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let day: fn(&MemberUntil) -> Option<&str> = |b| b.until.as_deref();
    membership(
        call,
        "admin.teams.members.end",
        path.into_inner(),
        body,
        day,
        |ctx, team, counselor, until| {
            let until = date("until", until, ctx)?;
            Ok(ctx.store.teams().end_member(&team.id, counselor, until)?)
        },
    )
    .await
}
