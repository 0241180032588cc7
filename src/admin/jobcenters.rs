//! `/admin/v1/jobcenters`: the jobcenters the caller acts for, and creating or renaming one.
//!
//! An admin may only upsert a jobcenter it acts for; registering a caller for a new jobcenter
//! (the CLI's `planner callers add`) comes first.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use crate::domain::JobCenterCode;
use crate::edge::Problem;

/// A jobcenter on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct JobCenterResponse {
    /// Five-digit code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// Body of `PUT /jobcenters/{code}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpsertJobCenterRequest {
    /// Display name, 1-100 characters.
    pub name: String,
}

/// `GET /jobcenters`: the caller's jobcenters that exist.
pub async fn list(call: AdminCall) -> Result<HttpResponse, Problem> {
    let list = call
        .run("admin.jobcenters.list", |ctx| {
            let all = ctx.store.jobcenters()?;
            Ok(all
                .into_iter()
                .filter(|(code, _)| ctx.jobcenters().contains(code))
                .map(|(code, name)| JobCenterResponse { code: code.as_str().to_owned(), name })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `PUT /jobcenters/{code}`: creates or renames a jobcenter the caller acts for.
pub async fn upsert(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let code = path.into_inner();
    let answer = call
        .run("admin.jobcenters.upsert", move |ctx| {
            let code = JobCenterCode::parse(&code).map_err(|e| Problem::field("code", &e))?;
            ctx.jobcenter(&code)?;
            let request: UpsertJobCenterRequest = json(&body)?;
            let name = request.name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(Problem::invalid("name", "must be 1-100 characters"));
            }
            ctx.store.upsert_jobcenter(&code, name)?;
            Ok(JobCenterResponse { code: code.as_str().to_owned(), name: name.to_owned() })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
