//! `/admin/v1/summons`: summon one citizen (indkaldelse), a thin wrapper over
//! `Store::summon_one`; bulk summons are in `summons_batches.rs`, which shares the readers here.
//!
//! Every call is limited to the jobcenter of the offer (for an interview type, the jobcenter
//! named with it); a stored batch belongs to its offer's jobcenter. A CPR is parsed here and
//! never answered, logged or audited: a bad one is a 422 naming the field (`cpr`,
//! `citizens[3].cpr`), never the value, and batch reports name citizens by their index.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use super::hours::instant;
use crate::domain::summons;
use crate::domain::type_rules::ContactData;
use crate::domain::{Booking, CaseworkerId, ChangeFlags, Cpr, Interval, JobCenterCode, OfferId};
use crate::edge::Problem;
use crate::store::{self, OfferChoice, SummonRequest, Summoner};

/// Most citizens one synchronous batch request may carry (the body limit is 1 MiB; longer
/// lists go through `planner summons batch`).
pub(super) const MAX_CITIZENS: usize = 10_000;
/// Longest batch key.
pub(super) const MAX_KEY: usize = 128;
/// Longest "hours before" a deadline may lie (one year).
pub(super) const MAX_HOURS: i64 = 8_760;

/// Body of `POST /summons`: one citizen.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummonBody {
    /// The citizen's CPR (10 digits); never answered.
    pub cpr: String,
    /// A summons template: it gives the offer, team or pool and window the body leaves out.
    #[serde(default)]
    pub template: Option<String>,
    /// The offer (InterviewOptionIdentifier); or give `interview_type` and `jobcenter`.
    #[serde(default)]
    pub offer: Option<String>,
    /// InterviewTypeIdentifier: the jobcenter's active offer of this type.
    #[serde(default)]
    pub interview_type: Option<i32>,
    /// Jobcenter code, with `interview_type`.
    #[serde(default)]
    pub jobcenter: Option<String>,
    /// Caseworker ids to choose from; empty means every counselor of the offer.
    #[serde(default)]
    pub pool: Vec<String>,
    /// A team instead of `pool`: its current members who serve the offer.
    #[serde(default)]
    pub team: Option<String>,
    /// The citizen's e-mail address, when the interview type requires contact data (not stored).
    #[serde(default)]
    pub email: Option<String>,
    /// The citizen's mobile number, when the interview type requires contact data (not stored).
    #[serde(default)]
    pub phone: Option<String>,
    /// Window start, RFC 3339 (with `to`; from the template when both are left out).
    #[serde(default)]
    pub from: Option<String>,
    /// Window end, RFC 3339.
    #[serde(default)]
    pub to: Option<String>,
    /// An exact start, RFC 3339; otherwise the earliest fitting free time.
    #[serde(default)]
    pub start: Option<String>,
    /// ReBookingPossible.
    #[serde(default)]
    pub rebook_possible: bool,
    /// ReBookingDeadline, RFC 3339 (required when rebookable).
    #[serde(default)]
    pub rebook_deadline: Option<String>,
    /// CancellationPossible.
    #[serde(default)]
    pub cancel_possible: bool,
    /// CancellationDeadline, RFC 3339.
    #[serde(default)]
    pub cancel_deadline: Option<String>,
    /// The person summoning (a caseworker's user id or RID, never a CPR), recorded with the
    /// booking and sent to DFDG; absent: the caller's certificate identity (a system) acts.
    #[serde(default)]
    pub summoner: Option<String>,
}

/// The booking a summons made; no CPR.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SummonedResponse {
    /// BookingIdentifier.
    pub id: String,
    /// The offer.
    pub offer_id: Option<String>,
    /// Jobcenter code.
    pub jobcenter: String,
    /// Start, RFC 3339 UTC.
    pub start: String,
    /// End, RFC 3339 UTC.
    pub end: String,
    /// The counselor's caseworker id.
    pub counselor: String,
    /// Always `Summons`.
    pub channel: &'static str,
    /// ReBookingPossible.
    pub rebook_possible: bool,
    /// CancellationPossible.
    pub cancel_possible: bool,
}

pub(super) fn window(from: &str, to: &str) -> Result<Interval, Problem> {
    Interval::new(instant("from", from)?, instant("to", to)?)
        .map_err(|_| Problem::invalid("to", "must be after 'from'"))
}

pub(super) fn pool(ids: &[String]) -> Result<Vec<CaseworkerId>, Problem> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| CaseworkerId::parse(id).map_err(|e| Problem::field(&format!("pool[{i}]"), &e)))
        .collect()
}

pub(super) fn offer_id(text: &str) -> Result<OfferId, Problem> {
    OfferId::parse(text).map_err(|e| Problem::field("offer", &e))
}

/// Who summons: the caller's certificate identity and the person named in the body, also noted
/// as the audit row's request user. A bad `summoner` is a 422 naming it.
pub(super) fn summoner(ctx: &mut Ctx<'_>, user: Option<&str>) -> Result<Summoner, Problem> {
    let summoner =
        Summoner::new(&ctx.caller.identity, user).map_err(|message| Problem::invalid("summoner", message))?;
    if let Some(user) = summoner.user() {
        ctx.request_user(user);
    }
    Ok(summoner)
}

/// The pool of a summons: the caseworkers listed, or the current members of the team named
/// (who serve `offer`). Naming both is a 422 naming `team`.
pub(super) fn pool_or_team(
    ctx: &mut Ctx<'_>,
    ids: &[String],
    team: Option<&str>,
    offer: Option<&crate::domain::OfferId>,
) -> Result<Vec<CaseworkerId>, Problem> {
    match team {
        None => pool(ids),
        Some(_) if !ids.is_empty() => Err(Problem::invalid("team", "give either 'pool' or 'team', not both")),
        Some(team) => super::teams::team_pool(ctx, team, offer),
    }
}

fn offer_of(choice: &OfferChoice) -> Option<&crate::domain::OfferId> {
    match choice {
        OfferChoice::Offer(id) => Some(id),
        _ => None,
    }
}

/// A pool member who does not serve the offer is a 422 naming `pool`.
pub(super) fn pool_problem(error: store::Error) -> Problem {
    match error {
        store::Error::NotFound(store::Entity::Counselor) => {
            Problem::invalid("pool", "every caseworker must be an active counselor of the offer")
        }
        other => Problem::from(other),
    }
}

/// Which offer, checking the caller acts for its jobcenter; answers the jobcenter too.
fn choice(ctx: &mut Ctx<'_>, body: &SummonBody) -> Result<(OfferChoice, JobCenterCode), Problem> {
    match (&body.offer, body.interview_type, &body.jobcenter) {
        (Some(offer), None, None) => {
            let offer = ctx.store.offer(&offer_id(offer)?)?;
            ctx.note("offer.id", offer.id.as_str());
            ctx.jobcenter(&offer.jobcenter)?;
            Ok((OfferChoice::Offer(offer.id), offer.jobcenter))
        }
        (None, Some(interview_type), Some(jobcenter)) => {
            let jobcenter = JobCenterCode::parse(jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&jobcenter)?;
            Ok((OfferChoice::InterviewType { jobcenter: jobcenter.clone(), interview_type }, jobcenter))
        }
        _ => Err(Problem::invalid("offer", "give either 'offer', or 'interview_type' with 'jobcenter'")),
    }
}

fn summoned_response(ctx: &Ctx<'_>, booking: &Booking) -> Result<SummonedResponse, Problem> {
    let counselor = ctx.store.counselor(&booking.counselor)?;
    Ok(SummonedResponse {
        id: booking.id.as_str().to_owned(),
        offer_id: booking.offer.as_ref().map(|o| o.as_str().to_owned()),
        jobcenter: booking.jobcenter.as_str().to_owned(),
        start: booking.interval.start().to_rfc3339(),
        end: booking.interval.end().to_rfc3339(),
        counselor: counselor.caseworker.as_str().to_owned(),
        channel: booking.channel.as_str(),
        rebook_possible: booking.changes.rebook_possible,
        cancel_possible: booking.changes.cancel_possible,
    })
}

/// `POST /summons`: 201 with the booking.
pub async fn summon(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let booked = call
        .run("admin.summons.create", move |ctx| {
            let body: SummonBody = json(&body)?;
            if body.email.as_deref().is_some_and(|e| !e.trim().is_empty() && !e.contains('@')) {
                return Err(Problem::invalid("email", "must contain '@'"));
            }
            let cpr = Cpr::parse(&body.cpr).map_err(|e| Problem::field("cpr", &e))?;
            let template = match &body.template {
                Some(id) => Some(super::templates::owned_template(ctx, "template", id)?),
                None => None,
            };
            let (offer, jobcenter) = match &template {
                Some(t) if body.offer.is_none() && body.interview_type.is_none() => {
                    let offer = ctx.store.templates().offer_of(t)?;
                    ctx.note("offer.id", offer.as_str());
                    (OfferChoice::Offer(offer), t.jobcenter.clone())
                }
                _ => choice(ctx, &body)?,
            };
            let pool = match &template {
                Some(t) if body.pool.is_empty() && body.team.is_none() => match &t.team {
                    Some(team) => super::teams::team_pool(ctx, team.as_str(), offer_of(&offer))?,
                    None => t.pool.clone(),
                },
                _ => pool_or_team(ctx, &body.pool, body.team.as_deref(), offer_of(&offer))?,
            };
            let window = match (&body.from, &body.to, &template) {
                (Some(from), Some(to), _) => window(from, to)?,
                (None, None, Some(t)) => super::templates::template_window(ctx, t)?,
                _ => return Err(Problem::invalid("from", "give 'from' and 'to', or a template")),
            };
            let optional =
                |field, text: &Option<String>| text.as_deref().map(|t| instant(field, t)).transpose();
            let request = SummonRequest {
                cpr,
                offer,
                pool,
                window,
                start: optional("start", &body.start)?,
                changes: ChangeFlags {
                    rebook_possible: body.rebook_possible,
                    rebook_deadline: optional("rebook_deadline", &body.rebook_deadline)?,
                    cancel_possible: body.cancel_possible,
                    cancel_deadline: optional("cancel_deadline", &body.cancel_deadline)?,
                },
                originator: summons::jobcenter_originator(&jobcenter),
                summoner: Some(summoner(ctx, body.summoner.as_deref())?),
                contact: ContactData { email: body.email.clone(), phone: body.phone.clone() },
            };
            let booking = ctx.store.summon_one(&request, ctx.now).map_err(pool_problem)?;
            ctx.note("booking.id", booking.id.as_str());
            summoned_response(ctx, &booking)
        })
        .await?;
    Ok(HttpResponse::Created().json(booked))
}
