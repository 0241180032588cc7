//! `/admin/v1/callers`: the caller registry (certificate identity, role, jobcenters).
//!
//! An admin sees callers sharing a jobcenter with it, and may register or disable a caller only
//! when every jobcenter of that caller is one the admin acts for (so nobody can grant access to
//! a jobcenter they do not hold). Its own registration is not the admin's to change here.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::domain::{Caller, JobCenterCode, Role};
use crate::edge::Problem;

/// A caller on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallerResponse {
    /// Certificate identity.
    pub identity: String,
    /// `dfdg`, `caseworker-system`, `admin` or `calendar-connector`.
    pub role: &'static str,
    /// Jobcenter codes.
    pub jobcenters: Vec<String>,
    /// False once disabled.
    pub enabled: bool,
}

/// Body of `POST /callers`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddCallerRequest {
    /// Certificate identity, 1-255 characters.
    pub identity: String,
    /// `dfdg`, `caseworker-system`, `admin` or `calendar-connector`.
    pub role: String,
    /// Jobcenter codes, at least one.
    pub jobcenters: Vec<String>,
}

fn caller_response(caller: &Caller) -> CallerResponse {
    CallerResponse {
        identity: caller.identity.clone(),
        role: caller.role.as_str(),
        jobcenters: caller.jobcenters.iter().map(|j| j.as_str().to_owned()).collect(),
        enabled: caller.enabled,
    }
}

/// An admin never changes or disables its own registration over the API (it would lock itself
/// out mid-session): a 409; `planner callers` does that.
fn not_self(ctx: &Ctx<'_>, identity: &str) -> Result<(), Problem> {
    if identity == ctx.caller.identity {
        return Err(Problem::conflict(
            "an admin cannot change or disable its own registration here; use 'planner callers'",
        ));
    }
    Ok(())
}

fn check_all(ctx: &mut Ctx<'_>, jobcenters: &[JobCenterCode]) -> Result<(), Problem> {
    jobcenters.iter().try_for_each(|code| ctx.jobcenter(code))
}

/// `GET /callers`.
pub async fn list(call: AdminCall) -> Result<HttpResponse, Problem> {
    let list = call
        .run("admin.callers.list", |ctx| {
            let all = ctx.store.callers()?;
            Ok(all
                .iter()
                .filter(|c| c.jobcenters.iter().any(|j| ctx.jobcenters().contains(j)))
                .map(caller_response)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /callers`: registers a caller or replaces its role and jobcenters (and enables it).
pub async fn add(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let added = call
        .run("admin.callers.add", move |ctx| {
            let request: AddCallerRequest = json(&body)?;
            let identity = request.identity.trim().to_owned();
            if identity.is_empty() || identity.chars().count() > 255 {
                return Err(Problem::invalid("identity", "must be 1-255 characters"));
            }
            not_self(ctx, &identity)?;
            let role = Role::parse(&request.role).map_err(|_| {
                Problem::invalid(
                    "role",
                    "must be dfdg, caseworker-system, admin, case-system or calendar-connector",
                )
            })?;
            if request.jobcenters.is_empty() {
                return Err(Problem::invalid("jobcenters", "at least one jobcenter is needed"));
            }
            let jobcenters = request
                .jobcenters
                .iter()
                .enumerate()
                .map(|(i, j)| {
                    JobCenterCode::parse(j).map_err(|e| Problem::field(&format!("jobcenters[{i}]"), &e))
                })
                .collect::<Result<Vec<_>, _>>()?;
            check_all(ctx, &jobcenters)?;
            if let Some(existing) = ctx.store.caller(&identity)? {
                check_all(ctx, &existing.jobcenters)?;
            }
            ctx.note("caller", &identity);
            let caller = Caller { identity, role, jobcenters, enabled: true };
            ctx.store.upsert_caller(&caller, ctx.now)?;
            Ok(caller_response(&caller))
        })
        .await?;
    Ok(HttpResponse::Ok().json(added))
}

/// `POST /callers/{identity}/disable`.
pub async fn disable(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let identity = path.into_inner();
    let disabled = call
        .run("admin.callers.disable", move |ctx| {
            ctx.note("caller", &identity);
            not_self(ctx, &identity)?;
            let mut caller = ctx.store.caller(&identity)?.ok_or_else(|| Problem::not_found("caller"))?;
            check_all(ctx, &caller.jobcenters)?;
            caller.enabled = false;
            ctx.store.upsert_caller(&caller, ctx.now)?;
            Ok(caller_response(&caller))
        })
        .await?;
    Ok(HttpResponse::Ok().json(disabled))
}
