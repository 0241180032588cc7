//! `/admin/v1/counselors`: create, list by jobcenter, get and deactivate counselors.
//! Working hours, exceptions and busy blocks are in `hours.rs`.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::domain::{CaseworkerId, Counselor, CounselorId, JobCenterCode};
use crate::edge::input::Query;
use crate::edge::Problem;

/// A counselor on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CounselorResponse {
    /// Internal id (UUID).
    pub id: String,
    /// CaseWorkerIdentifier (RID).
    pub caseworker_id: String,
    /// Given name.
    pub given_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Surname.
    pub surname: String,
    /// E-mail (the calendar resource).
    pub email: String,
    /// Jobcenter code.
    pub jobcenter: String,
    /// False once deactivated.
    pub active: bool,
}

impl From<&Counselor> for CounselorResponse {
    fn from(c: &Counselor) -> Self {
        Self {
            id: c.id.as_str().to_owned(),
            caseworker_id: c.caseworker.as_str().to_owned(),
            given_name: c.given_name.clone(),
            middle_name: c.middle_name.clone(),
            surname: c.surname.clone(),
            email: c.email.clone(),
            jobcenter: c.jobcenter.as_str().to_owned(),
            active: c.active,
        }
    }
}

/// Body of `POST /counselors`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCounselorRequest {
    /// CaseWorkerIdentifier (RID), unique.
    pub caseworker_id: String,
    /// Given name, 1-50.
    pub given_name: String,
    /// Middle name, 1-40.
    #[serde(default)]
    pub middle_name: Option<String>,
    /// Surname, 1-40.
    pub surname: String,
    /// E-mail, unique.
    pub email: String,
    /// Jobcenter code; the caller must act for it.
    pub jobcenter: String,
}

impl TryFrom<CreateCounselorRequest> for Counselor {
    type Error = Problem;

    fn try_from(request: CreateCounselorRequest) -> Result<Self, Problem> {
        let counselor = Counselor {
            id: CounselorId::from_generated(&uuid::Uuid::new_v4().to_string())?,
            caseworker: CaseworkerId::parse(&request.caseworker_id)
                .map_err(|e| Problem::field("caseworker_id", &e))?,
            given_name: request.given_name,
            middle_name: request.middle_name,
            surname: request.surname,
            email: request.email,
            jobcenter: JobCenterCode::parse(&request.jobcenter)
                .map_err(|e| Problem::field("jobcenter", &e))?,
            active: true,
        };
        counselor.validate()?;
        Ok(counselor)
    }
}

/// The `jobcenter` query parameter of list endpoints.
#[derive(Debug, Deserialize)]
pub struct JobCenterQuery {
    /// Only this jobcenter (else all of the caller's).
    pub jobcenter: Option<String>,
}

/// The jobcenters a list covers: the one asked for (if the caller acts for it) or all of the caller's.
pub fn listed_jobcenters(ctx: &mut Ctx<'_>, asked: Option<&str>) -> Result<Vec<JobCenterCode>, Problem> {
    match asked {
        Some(code) => {
            let code = JobCenterCode::parse(code).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&code)?;
            Ok(vec![code])
        }
        None => Ok(ctx.jobcenters().to_vec()),
    }
}

/// Parses a counselor id from the path and loads it, checking the caller acts for its jobcenter.
pub fn owned_counselor(ctx: &mut Ctx<'_>, id: &str) -> Result<Counselor, Problem> {
    let id = CounselorId::parse(id).map_err(|_| Problem::not_found("counselor"))?;
    ctx.note("counselor.id", id.as_str());
    let counselor = ctx.store.counselor(&id)?;
    ctx.jobcenter(&counselor.jobcenter)?;
    Ok(counselor)
}

/// `GET /counselors?jobcenter=`.
pub async fn list(call: AdminCall, query: Query<JobCenterQuery>) -> Result<HttpResponse, Problem> {
    let asked = query.into_inner().jobcenter;
    let list = call
        .run("admin.counselors.list", move |ctx| {
            let mut out = Vec::new();
            for code in listed_jobcenters(ctx, asked.as_deref())? {
                out.extend(ctx.store.counselors_of_jobcenter(&code)?.iter().map(CounselorResponse::from));
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /counselors`: 201 with the new counselor.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let created = call
        .run("admin.counselors.create", move |ctx| {
            let counselor = Counselor::try_from(json::<CreateCounselorRequest>(&body)?)?;
            ctx.jobcenter(&counselor.jobcenter)?;
            ctx.note("counselor.id", counselor.id.as_str());
            ctx.store.create_counselor(&counselor).map_err(|error| match error {
                crate::store::Error::Conflict(crate::domain::Error::SlotTaken) => {
                    Problem::conflict("a counselor with this caseworker_id or email exists")
                }
                other => Problem::from(other),
            })?;
            Ok(CounselorResponse::from(&counselor))
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /counselors/{id}`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let counselor = call
        .run("admin.counselors.get", move |ctx| Ok(CounselorResponse::from(&owned_counselor(ctx, &id)?)))
        .await?;
    Ok(HttpResponse::Ok().json(counselor))
}

/// `POST /counselors/{id}/deactivate`.
pub async fn deactivate(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let counselor = call
        .run("admin.counselors.deactivate", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            Ok(CounselorResponse::from(&ctx.store.deactivate_counselor(&counselor.id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(counselor))
}
