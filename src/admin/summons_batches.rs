//! `/admin/v1/summons/batches`: run a bulk summons (masseindkaldelse) synchronously and read a
//! stored batch's report; thin wrappers over `Store::run_summons_batch` and
//! `Store::summons_report`. A stored batch belongs to its offer's jobcenter; citizens are named
//! by their index in the posted list, never by CPR.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use super::summons::{
    offer_id, pool_or_team, pool_problem, summoner, window, MAX_CITIZENS, MAX_HOURS, MAX_KEY,
};
use super::templates::{owned_template, template_window};
use crate::domain::summons::{self, Strategy};
use crate::domain::templates::SummonsTemplate;
use crate::domain::type_rules::ContactData;
use crate::domain::{Cpr, JobCenterCode, OfferId};
use crate::edge::Problem;
use crate::store::{self, BatchStatus, ItemStatus, SummonsBatch, SummonsCitizen, SummonsReport};

/// Body of `POST /summons/batches`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    /// The client's idempotency key: 1-128 of `A-Z a-z 0-9 - _ . :`.
    pub key: String,
    /// A summons template the batch starts from: it gives what the body leaves out.
    #[serde(default)]
    pub template: Option<String>,
    /// The offer (InterviewOptionIdentifier); from the template when left out.
    #[serde(default)]
    pub offer: Option<String>,
    /// Caseworker ids to fill, in order; empty means every counselor of the offer.
    #[serde(default)]
    pub pool: Vec<String>,
    /// A team instead of `pool`: its current members who serve the offer.
    #[serde(default)]
    pub team: Option<String>,
    /// Window start, RFC 3339 (with `to`; from the template when both are left out).
    #[serde(default)]
    pub from: Option<String>,
    /// Window end, RFC 3339.
    #[serde(default)]
    pub to: Option<String>,
    /// `earliest` (default) or `spread`.
    #[serde(default)]
    pub strategy: Option<String>,
    /// Answer the report without booking or storing anything.
    #[serde(default)]
    pub dry_run: bool,
    /// The citizens, at least one; reports name them by index.
    pub citizens: Vec<CitizenBody>,
    /// Citizens may rebook until this many hours before the meeting (absent: not at all).
    #[serde(default)]
    pub rebook_before_hours: Option<i64>,
    /// Citizens may cancel until this many hours before the meeting (absent: not at all).
    #[serde(default)]
    pub cancel_before_hours: Option<i64>,
    /// The person summoning, as in `POST /summons`; recorded with every booking placed.
    #[serde(default)]
    pub summoner: Option<String>,
}

/// One citizen of a batch. Contact data is checked but not stored by the planner.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitizenBody {
    /// CPR (10 digits, or with a dash after the date).
    pub cpr: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email; must contain `@`.
    #[serde(default)]
    pub email: Option<String>,
}

/// A batch's report on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BatchResponse {
    /// The batch key.
    pub key: String,
    /// The offer.
    pub offer_id: String,
    /// `planned`, `running` (interrupted: post the same key to resume) or `completed`.
    pub status: &'static str,
    /// True when nothing was written.
    pub dry_run: bool,
    /// Citizens placed.
    pub placed: usize,
    /// Citizens not placed.
    pub not_placed: usize,
    /// One entry per citizen, by index.
    pub items: Vec<ItemResponse>,
}

/// One citizen's outcome, named by its index in the posted list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ItemResponse {
    /// Index in the posted `citizens` (a CLI batch's line number in its file).
    pub index: u32,
    /// `placed`, `not_placed` or `pending`.
    pub status: &'static str,
    /// The booking (none in a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<String>,
    /// Start, RFC 3339 UTC, when placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The counselor's caseworker id, when placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counselor: Option<String>,
    /// Why not, when not placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

fn valid_key(key: &str) -> bool {
    (1..=MAX_KEY).contains(&key.len())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

fn hours(field: &str, value: Option<i64>) -> Result<Option<i64>, Problem> {
    match value {
        Some(h) if !(0..=MAX_HOURS).contains(&h) => {
            Err(Problem::invalid(field, format!("must be between 0 and {MAX_HOURS} hours")))
        }
        other => Ok(other),
    }
}

/// The citizens by index; every bad entry is a 422 naming `citizens[i].field`, never the value.
fn citizens(list: &[CitizenBody]) -> Result<Vec<SummonsCitizen>, Problem> {
    if list.is_empty() || list.len() > MAX_CITIZENS {
        return Err(Problem::invalid("citizens", format!("give 1-{MAX_CITIZENS} citizens")));
    }
    list.iter()
        .enumerate()
        .map(|(i, citizen)| {
            let cpr = Cpr::parse(&citizen.cpr.replace('-', ""))
                .map_err(|e| Problem::field(&format!("citizens[{i}].cpr"), &e))?;
            if citizen.email.as_deref().is_some_and(|e| !e.is_empty() && !e.contains('@')) {
                return Err(Problem::invalid(&format!("citizens[{i}].email"), "must contain '@'"));
            }
            let contact = ContactData { email: citizen.email.clone(), phone: citizen.phone.clone() };
            Ok(SummonsCitizen { line: u32::try_from(i).unwrap_or(u32::MAX), cpr, contact })
        })
        .collect()
}

/// Checks that the caller acts for the jobcenter of `offer`.
fn owned_offer(ctx: &mut Ctx<'_>, offer: &OfferId) -> Result<JobCenterCode, Problem> {
    ctx.note("offer.id", offer.as_str());
    let offer = ctx.store.offer(offer)?;
    ctx.jobcenter(&offer.jobcenter)?;
    Ok(offer.jobcenter)
}

/// `POST /summons/batches`: runs (or resumes, or repeats) the batch and answers its report.
pub async fn run_batch(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let report = call
        .run("admin.summons.batches.run", move |ctx| {
            let body: BatchBody = json(&body)?;
            if !valid_key(&body.key) {
                return Err(Problem::invalid("key", format!("must be 1-{MAX_KEY} of A-Z a-z 0-9 - _ . :")));
            }
            ctx.note("batch.key", &body.key);
            // A stored batch keeps its settings; it must belong to the caller as well.
            match ctx.store.summons_report(&body.key) {
                Ok(stored) => {
                    owned_offer(ctx, &stored.offer)?;
                }
                Err(store::Error::NotFound(store::Entity::SummonsBatch)) => {}
                Err(other) => return Err(other.into()),
            }
            let template = match &body.template {
                Some(id) => Some(owned_template(ctx, "template", id)?),
                None => None,
            };
            let offer = match (&body.offer, &template) {
                (Some(offer), _) => offer_id(offer)?,
                (None, Some(template)) => ctx.store.templates().offer_of(template)?,
                (None, None) => return Err(Problem::invalid("offer", "is required without a template")),
            };
            let jobcenter = owned_offer(ctx, &offer)?;
            let pool = match &template {
                Some(t) if body.pool.is_empty() && body.team.is_none() => match &t.team {
                    Some(team) => super::teams::team_pool(ctx, team.as_str(), Some(&offer))?,
                    None => t.pool.clone(),
                },
                _ => pool_or_team(ctx, &body.pool, body.team.as_deref(), Some(&offer))?,
            };
            let window = match (&body.from, &body.to, &template) {
                (Some(from), Some(to), _) => window(from, to)?,
                (None, None, Some(t)) => template_window(ctx, t)?,
                _ => return Err(Problem::invalid("from", "give 'from' and 'to', or a template")),
            };
            let strategy = match (&body.strategy, &template) {
                (None, Some(t)) => t.strategy,
                (strategy, _) => Strategy::parse(strategy.as_deref().unwrap_or("earliest"))
                    .map_err(|_| Problem::invalid("strategy", "must be 'earliest' or 'spread'"))?,
            };
            let from_template = |given: Option<i64>, pick: fn(&SummonsTemplate) -> Option<i64>| {
                given.or_else(|| template.as_ref().and_then(pick))
            };
            let batch = SummonsBatch {
                key: body.key,
                offer,
                pool,
                window,
                strategy,
                dry_run: body.dry_run,
                changes: summons::rules_from_hours(
                    hours(
                        "rebook_before_hours",
                        from_template(body.rebook_before_hours, |t| t.rebook_before_hours),
                    )?,
                    hours(
                        "cancel_before_hours",
                        from_template(body.cancel_before_hours, |t| t.cancel_before_hours),
                    )?,
                ),
                originator: summons::jobcenter_originator(&jobcenter),
                summoner: Some(summoner(ctx, body.summoner.as_deref())?),
            };
            let list = citizens(&body.citizens)?;
            let report =
                ctx.store.run_summons_batch(&batch, &list, ctx.now, |_, _| {}).map_err(pool_problem)?;
            Ok(batch_response(&report))
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// `GET /summons/batches/{key}`: the stored batch's status and report.
pub async fn get_batch(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let key = path.into_inner();
    let report = call
        .run("admin.summons.batches.get", move |ctx| {
            if !valid_key(&key) {
                return Err(Problem::not_found("summons batch"));
            }
            ctx.note("batch.key", &key);
            let report = ctx.store.summons_report(&key)?;
            owned_offer(ctx, &report.offer)?;
            Ok(batch_response(&report))
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The wire form of a report.
fn batch_response(report: &SummonsReport) -> BatchResponse {
    let count = |status| report.items.iter().filter(|i| i.status == status).count();
    BatchResponse {
        key: report.key.clone(),
        offer_id: report.offer.as_str().to_owned(),
        status: match report.status {
            BatchStatus::Planned => "planned",
            BatchStatus::Running => "running",
            BatchStatus::Completed => "completed",
        },
        dry_run: report.dry_run,
        placed: count(ItemStatus::Placed),
        not_placed: count(ItemStatus::NotPlaced),
        items: report
            .items
            .iter()
            .map(|item| ItemResponse {
                index: item.line,
                status: match item.status {
                    ItemStatus::Pending => "pending",
                    ItemStatus::Placed => "placed",
                    ItemStatus::NotPlaced => "not_placed",
                },
                booking_id: item.booking.as_ref().map(|b| b.as_str().to_owned()),
                start: item.start.map(|s| s.to_rfc3339()),
                counselor: item.caseworker.as_ref().map(|c| c.as_str().to_owned()),
                reason: item.reason.map(|r| r.as_str()),
            })
            .collect(),
    }
}
