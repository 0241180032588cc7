//! `/admin/v1/summons-templates`: a jobcenter's summons templates (indkaldelsesskabeloner), and
//! how a bulk summons starts from one: what the batch body leaves out, the template gives (the
//! offer or interview type, team or pool, the window counted from today, strategy, deadlines).
//! A summons copies those values when it is made; changing the template later changes nothing
//! already summoned.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::domain::summons::Strategy;
use crate::domain::templates::{SummonsTemplate, TemplateOffer};
use crate::domain::{CaseworkerId, Interval, JobCenterCode, OfferId, TeamId, ZONE};
use crate::edge::input::Query;
use crate::edge::Problem;

/// A template as written (create and replace) and, with its id, as answered.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// The jobcenter, 5 digits; cannot change on replace.
    pub jobcenter: String,
    /// The name, unique in the jobcenter (1-100 characters).
    pub name: String,
    /// The offer (exactly one of `offer` and `interview_type`).
    #[serde(default)]
    pub offer: Option<String>,
    /// The interview type: the jobcenter's active offer of it when summoning.
    #[serde(default)]
    pub interview_type: Option<i32>,
    /// A team of the jobcenter (instead of `pool`).
    #[serde(default)]
    pub team: Option<String>,
    /// Caseworker ids (instead of `team`); empty: every counselor of the offer.
    #[serde(default)]
    pub pool: Vec<String>,
    /// The window starts this many days after the summons day (0-365).
    pub window_start_days: u32,
    /// The window lasts this many days (1-92).
    pub window_days: u32,
    /// `earliest` (default) or `spread`.
    #[serde(default)]
    pub strategy: Option<String>,
    /// Citizens may rebook until this many hours before (absent: not at all).
    #[serde(default)]
    pub rebook_before_hours: Option<i64>,
    /// Citizens may cancel until this many hours before (absent: not at all).
    #[serde(default)]
    pub cancel_before_hours: Option<i64>,
}

/// A template as answered.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TemplateResponse {
    /// Its id.
    pub id: String,
    /// The rest.
    #[serde(flatten)]
    pub body: TemplateBody,
}

/// Query naming the jobcenter.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TemplatesQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

fn to_template(id: String, body: TemplateBody) -> Result<SummonsTemplate, Problem> {
    let jobcenter = JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
    let offer = match (&body.offer, body.interview_type) {
        (Some(offer), None) => TemplateOffer::Offer(
            OfferId::parse(offer).map_err(|_| Problem::invalid("offer", "must be an offer id (a GUID)"))?,
        ),
        (None, Some(t)) if t > 0 => TemplateOffer::InterviewType(t),
        _ => {
            return Err(Problem::invalid(
                "offer",
                "give exactly one of 'offer' and 'interview_type' (positive)",
            ))
        }
    };
    let team = body
        .team
        .as_deref()
        .map(|t| TeamId::parse(t).map_err(|_| Problem::invalid("team", "must be a team id (a GUID)")))
        .transpose()?;
    let pool = body
        .pool
        .iter()
        .enumerate()
        .map(|(i, c)| CaseworkerId::parse(c).map_err(|e| Problem::field(&format!("pool[{i}]"), &e)))
        .collect::<Result<Vec<_>, _>>()?;
    let strategy = Strategy::parse(body.strategy.as_deref().unwrap_or("earliest"))
        .map_err(|_| Problem::invalid("strategy", "must be 'earliest' or 'spread'"))?;
    let template = SummonsTemplate {
        id,
        jobcenter,
        name: body.name,
        offer,
        team,
        pool,
        window_start_days: body.window_start_days,
        window_days: body.window_days,
        strategy,
        rebook_before_hours: body.rebook_before_hours,
        cancel_before_hours: body.cancel_before_hours,
    };
    template.validate().map_err(|e| match e {
        crate::domain::Error::InvalidText { field: "team", .. } => {
            Problem::invalid("team", "give either 'team' or 'pool', not both")
        }
        crate::domain::Error::InvalidText { field, .. } | crate::domain::Error::NotPositive(field) => {
            Problem::invalid(field, e.to_string())
        }
        other => Problem::from(other),
    })?;
    Ok(template)
}

fn response(template: &SummonsTemplate) -> TemplateResponse {
    let (offer, interview_type) = match &template.offer {
        TemplateOffer::Offer(offer) => (Some(offer.as_str().to_owned()), None),
        TemplateOffer::InterviewType(t) => (None, Some(*t)),
    };
    TemplateResponse {
        id: template.id.clone(),
        body: TemplateBody {
            jobcenter: template.jobcenter.as_str().to_owned(),
            name: template.name.clone(),
            offer,
            interview_type,
            team: template.team.as_ref().map(|t| t.as_str().to_owned()),
            pool: template.pool.iter().map(|c| c.as_str().to_owned()).collect(),
            window_start_days: template.window_start_days,
            window_days: template.window_days,
            strategy: Some(template.strategy.as_str().to_owned()),
            rebook_before_hours: template.rebook_before_hours,
            cancel_before_hours: template.cancel_before_hours,
        },
    }
}

/// Loads a template of the caller's jobcenters (`field` names it in a 422 when the id is bad).
pub(super) fn owned_template(ctx: &mut Ctx<'_>, field: &str, id: &str) -> Result<SummonsTemplate, Problem> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(Problem::invalid(field, "must be a summons template id (a GUID)"));
    }
    ctx.note("template.id", id);
    let template = ctx.store.templates().get(id)?;
    ctx.jobcenter(&template.jobcenter)?;
    Ok(template)
}

/// The window a template gives a summons made now.
pub(super) fn template_window(ctx: &Ctx<'_>, template: &SummonsTemplate) -> Result<Interval, Problem> {
    let today = ctx.now.with_timezone(&ZONE).date_naive();
    template.window(today).ok_or_else(|| Problem::invalid("template", "its window is out of range"))
}

/// The template a path names: 404 for an id that is no GUID, 403 for another jobcenter's.
fn path_template(ctx: &mut Ctx<'_>, id: &str) -> Result<SummonsTemplate, Problem> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(Problem::not_found("summons template"));
    }
    owned_template(ctx, "id", id)
}

fn save(ctx: &mut Ctx<'_>, id: String, body: TemplateBody) -> Result<TemplateResponse, Problem> {
    let template = to_template(id, body)?;
    ctx.jobcenter(&template.jobcenter)?;
    ctx.note("template.id", &template.id);
    ctx.store.templates().save(&template, ctx.now)?;
    Ok(response(&ctx.store.templates().get(&template.id)?))
}

/// `GET /summons-templates?jobcenter=`.
pub async fn list(call: AdminCall, query: Query<TemplatesQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.templates.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            Ok(ctx.store.templates().of_jobcenter(&code)?.iter().map(response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /summons-templates`: 201 with the new template.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.templates.create", move |ctx| save(ctx, uuid::Uuid::new_v4().to_string(), json(&body)?))
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `GET /summons-templates/{id}`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.templates.get", move |ctx| {
            let template = path_template(ctx, &id)?;
            Ok(response(&template))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `PUT /summons-templates/{id}`: replaces the template (summons made from it stay).
pub async fn update(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.templates.update", move |ctx| {
            let stored = path_template(ctx, &id)?;
            let body: TemplateBody = json(&body)?;
            if body.jobcenter != stored.jobcenter.as_str() {
                return Err(Problem::invalid("jobcenter", "a template cannot move to another jobcenter"));
            }
            save(ctx, stored.id, body)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `DELETE /summons-templates/{id}`.
pub async fn delete(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    call.run("admin.templates.delete", move |ctx| {
        let stored = path_template(ctx, &id)?;
        Ok(ctx.store.templates().delete(&stored.jobcenter, &stored.id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
