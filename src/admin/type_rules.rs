//! `/admin/v1/interview-types`: the rules a jobcenter sets per interview type: no-show
//! follow-up (not offered for new summons or self-booking) and the contact data a summons must
//! carry (`none`, `email`, `phone`, `email_or_phone`).

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use crate::domain::type_rules::{ContactRequirement, TypeRule};
use crate::domain::JobCenterCode;
use crate::edge::input::Query;
use crate::edge::Problem;

/// Query naming the jobcenter.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RulesQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

/// Body of `PUT /interview-types/{type}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleBody {
    /// The jobcenter, 5 digits.
    pub jobcenter: String,
    /// Not offered for new summons or self-booking.
    #[serde(default)]
    pub no_show_follow_up: bool,
    /// `none` (default), `email`, `phone` or `email_or_phone`.
    #[serde(default)]
    pub requires_contact: Option<String>,
}

/// A rule on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleResponse {
    /// The InterviewTypeIdentifier.
    pub interview_type: i32,
    /// Not offered for new summons or self-booking.
    pub no_show_follow_up: bool,
    /// The contact data a summons must carry.
    pub requires_contact: &'static str,
}

fn response(rule: &TypeRule) -> RuleResponse {
    RuleResponse {
        interview_type: rule.interview_type,
        no_show_follow_up: rule.no_show_follow_up,
        requires_contact: rule.requires_contact.as_str(),
    }
}

/// `GET /interview-types?jobcenter=`: the types with a rule.
pub async fn list(call: AdminCall, query: Query<RulesQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.interview_types.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            Ok(ctx.store.type_rules().of_jobcenter(&code)?.iter().map(response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `PUT /interview-types/{type}`: sets the type's rule.
pub async fn set(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let interview_type = path.into_inner();
    let answer = call
        .run("admin.interview_types.set", move |ctx| {
            let interview_type: i32 = interview_type
                .parse()
                .ok()
                .filter(|t| *t > 0)
                .ok_or_else(|| Problem::not_found("interview type"))?;
            let body: RuleBody = json(&body)?;
            let code = JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&code)?;
            let requires_contact =
                ContactRequirement::parse(body.requires_contact.as_deref().unwrap_or("none")).map_err(
                    |_| Problem::invalid("requires_contact", "must be none, email, phone or email_or_phone"),
                )?;
            let rule =
                TypeRule { interview_type, no_show_follow_up: body.no_show_follow_up, requires_contact };
            ctx.note("interview_type", &interview_type.to_string());
            ctx.store.type_rules().set(&code, &rule)?;
            Ok(response(&rule))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
