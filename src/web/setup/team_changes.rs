//! The changes of the teams page, through `store.teams()` as the admin API's `admin/teams.rs`
//! makes them:
//!
//! - `POST /setup/{jobcenter}/teams`: a team created (a name new in the jobcenter);
//!   `web.setup.team.create`;
//! - `POST .../teams/{team}/members`: a counselor of the jobcenter joins from a date (today when
//!   left empty); `web.setup.team.member.add`;
//! - `POST .../teams/{team}/members/end`: a current member's last day (today when left empty);
//!   `web.setup.team.member.end`.
//!
//! The membership forms' fields are named with the team's id (`medlem-{team}`,
//! `medlem-fra-{team}`, `afslut-{team}`, `afslut-til-{team}`), so that an error is named at the
//! team it belongs to.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::closing::date;
use super::fields::Fields;
use super::teams::{render, TeamValues};
use super::{not_found, Subject, Visit};
use crate::domain::team::Team;
use crate::domain::{CounselorId, TeamId, ZONE};
use crate::store::Error;
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// `POST /setup/{jobcenter}/teams`.
pub async fn create(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.team.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Settings, operation), form.csrf()).await?;
    let values = TeamValues { name: form.one("team-navn").to_owned(), ..TeamValues::default() };
    let id = TeamId::parse(&uuid::Uuid::new_v4().to_string()).map_err(|_| not_found("/setup"))?;
    let team = Team { id, jobcenter: visit.jobcenter.clone(), name: values.name.trim().to_owned() };
    let mut errors = Vec::new();
    if team.validate().is_err() {
        errors.push(FieldError::new("team-navn", t("Giv teamet et navn på 1-100 tegn.")));
    } else {
        let (now, made) = (visit.context.clock.now(), team.clone());
        let created = visit
            .context
            .blocking(move |store| match store.teams().create(&made, now) {
                Ok(()) => Ok(true),
                Err(Error::Conflict(crate::domain::Error::NameTaken(_))) => Ok(false),
                Err(error) => Err(error),
            })
            .await?;
        if created {
            visit.audit(&request, (operation, "ok"), Some(format!("team.id={}", team.id.as_str()))).await;
            return Ok(page::see_other(&visit.path("/teams?done=created")));
        }
        errors.push(FieldError::new("team-navn", t("Jobcentret har allerede et team med det navn.")));
    }
    visit.audit(&request, (operation, "invalid"), None).await;
    render(&visit, (StatusCode::UNPROCESSABLE_ENTITY, None), values, errors).await
}

/// The team of the path, of the visit's jobcenter, or the 404 page.
async fn owned_team(visit: &Visit, id: &str) -> actix_web::Result<TeamId> {
    let back = visit.path("/teams");
    let id = TeamId::parse(id).map_err(|_| not_found(&back))?;
    let wanted = id.clone();
    let found = visit
        .context
        .blocking(move |store| match store.teams().get(&wanted) {
            Ok((team, _)) => Ok(Some(team)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    found.filter(|team| team.jobcenter == visit.jobcenter).map(|_| id).ok_or_else(|| not_found(&back))
}

/// Whether a membership form adds or ends.
#[derive(Clone, Copy)]
enum Change {
    Add,
    End,
}

/// A membership change of the team in `path`.
async fn membership(
    request: HttpRequest,
    path: (String, String),
    form: &Fields,
    change: Change,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path;
    let (operation, prefix, date_prefix) = match change {
        Change::Add => ("web.setup.team.member.add", "medlem", "medlem-fra"),
        Change::End => ("web.setup.team.member.end", "afslut", "afslut-til"),
    };
    let visit = Visit::posting(&request, &jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let team = owned_team(&visit, &id).await?;
    let mut detail = format!("team.id={}", team.as_str());
    if !visit.access.change {
        visit.refuse(&request, operation, Some(detail.clone())).await?;
    }
    let (choice_field, date_field) =
        (format!("{prefix}-{}", team.as_str()), format!("{date_prefix}-{}", team.as_str()));
    let values = TeamValues {
        team: team.as_str().to_owned(),
        counselor: form.one(&choice_field).to_owned(),
        date: form.one(&date_field).to_owned(),
        ending: matches!(change, Change::End),
        ..TeamValues::default()
    };
    let mut errors = Vec::new();
    let counselor = CounselorId::parse(values.counselor.trim()).ok();
    if counselor.is_none() {
        errors.push(FieldError::of(choice_field.clone(), t("Vælg en vejleder.")));
    }
    let today = visit.context.clock.now().with_timezone(&ZONE).date_naive();
    let day = if values.date.trim().is_empty() { Some(today) } else { date(&values.date) };
    if day.is_none() {
        errors.push(FieldError::of(
            date_field,
            t("Angiv datoen som åååå-mm-dd, eller lad feltet stå tomt for i dag."),
        ));
    }
    if let (Some(counselor), Some(day), true) = (counselor, day, errors.is_empty()) {
        detail.push_str(&format!(" counselor.id={}", counselor.as_str()));
        let (team_id, who) = (team.clone(), counselor.clone());
        let done = visit
            .context
            .blocking(move |store| {
                let result = match change {
                    Change::Add => store.teams().add_member(&team_id, &who, day),
                    Change::End => store.teams().end_member(&team_id, &who, day),
                };
                match result {
                    Ok(()) => Ok(true),
                    Err(Error::NotFound(_)) => Ok(false),
                    Err(error) => Err(error),
                }
            })
            .await?;
        if done {
            visit.audit(&request, (operation, "ok"), Some(detail)).await;
            let done = match change {
                Change::Add => "added",
                Change::End => "ended",
            };
            return Ok(page::see_other(&visit.path(&format!("/teams?done={done}"))));
        }
        let text = match change {
            Change::Add => t("Vælg en af jobcentrets vejledere."),
            Change::End => t("Vælg en vejleder, der er med i teamet nu."),
        };
        errors.push(FieldError::of(choice_field, text));
    }
    visit.audit(&request, (operation, "invalid"), Some(detail)).await;
    render(&visit, (StatusCode::UNPROCESSABLE_ENTITY, None), values, errors).await
}

/// `POST /setup/{jobcenter}/teams/{team}/members`.
pub async fn add_member(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    membership(request, path.into_inner(), &form, Change::Add).await
}

/// `POST /setup/{jobcenter}/teams/{team}/members/end`.
pub async fn end_member(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    membership(request, path.into_inner(), &form, Change::End).await
}
