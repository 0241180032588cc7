//! The jobcenter's counselors: `GET /setup/{jobcenter}/counselors` lists them with their teams
//! of today and their attributes (self-booking times, whether they may be summoned into
//! meetings, competencies); `GET .../counselors/{counselor}` shows one counselor's attributes in
//! a form, `POST` the same address saves them with `store.attributes().set` as the admin API's
//! `admin/attributes.rs` does (offers that require competencies follow at once).
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused (`Subject::Settings`). Audit row `web.setup.counselor.attributes`.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::{words, Fields};
use super::hours::{counselor_change, counselor_visit};
use super::{Subject, Visit};
use crate::domain::{Counselor, ZONE};
use crate::store::{CounselorAttributes, Store};
use crate::web::calendar::full_name;
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// A counselor in the list.
struct Line {
    id: String,
    name: String,
    active: bool,
    teams: String,
    self_booking: bool,
    summons: bool,
    competencies: String,
}

/// `GET /setup/{jobcenter}/counselors`.
#[derive(Template)]
#[template(path = "web/setup_counselors.html")]
struct ListPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    counselors: Vec<Line>,
}

/// What the attributes form holds.
#[derive(Debug, Clone)]
pub struct AttributeValues {
    self_booking: bool,
    summons: bool,
    competencies: String,
}

/// `GET /setup/{jobcenter}/counselors/{counselor}`.
#[derive(Template)]
#[template(path = "web/setup_counselor.html")]
struct CounselorPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    id: &'a str,
    name: String,
    values: AttributeValues,
    errors: Vec<FieldError>,
}

/// The query of the counselor's page.
#[derive(Debug, Deserialize)]
pub struct CounselorQuery {
    /// What was just done (`saved`).
    pub done: Option<String>,
}

fn values_of(attributes: &CounselorAttributes) -> AttributeValues {
    AttributeValues {
        self_booking: attributes.self_booking,
        summons: attributes.summons,
        competencies: attributes.competencies.iter().cloned().collect::<Vec<_>>().join(", "),
    }
}

fn lines(
    store: &Store,
    visit_jobcenter: &crate::domain::JobCenterCode,
    today: chrono::NaiveDate,
) -> Result<Vec<Line>, crate::store::Error> {
    let teams = store.teams().of_jobcenter(visit_jobcenter)?;
    let mut found = Vec::new();
    for counselor in store.counselors_of_jobcenter(visit_jobcenter)? {
        let attributes = store.attributes().of(&counselor.id)?;
        let of_today: Vec<&str> = teams
            .iter()
            .filter(|(_, members)| members.iter().any(|m| m.counselor == counselor.id && m.covers(today)))
            .map(|(team, _)| team.name.as_str())
            .collect();
        let values = values_of(&attributes);
        found.push(Line {
            id: counselor.id.as_str().to_owned(),
            name: full_name(&counselor),
            active: counselor.active,
            teams: of_today.join(", "),
            self_booking: values.self_booking,
            summons: values.summons,
            competencies: values.competencies,
        });
    }
    Ok(found)
}

/// `GET /setup/{jobcenter}/counselors`.
pub async fn list(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let (jobcenter, today) =
        (visit.jobcenter.clone(), visit.context.clock.now().with_timezone(&ZONE).date_naive());
    let counselors = visit.context.blocking(move |store| lines(store, &jobcenter, today)).await?;
    let page = ListPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        counselors,
    };
    Ok(page::html(StatusCode::OK, &page))
}

async fn render(
    visit: &Visit,
    (status, notice): (StatusCode, Option<&'static str>),
    counselor: &Counselor,
    values: Option<AttributeValues>,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let values = match values {
        Some(values) => values,
        None => {
            let id = counselor.id.clone();
            values_of(&visit.context.blocking(move |store| store.attributes().of(&id)).await?)
        }
    };
    let page = CounselorPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        id: counselor.id.as_str(),
        name: full_name(counselor),
        values,
        errors,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/counselors/{counselor}`.
pub async fn page(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<CounselorQuery>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let (visit, counselor) = counselor_visit(&request, (&jobcenter, &id), "/counselors").await?;
    let notice = (query.done.as_deref() == Some("saved")).then(|| t("Vejlederens egenskaber er gemt."));
    render(&visit, (StatusCode::OK, notice), &counselor, None, Vec::new()).await
}

/// `POST /setup/{jobcenter}/counselors/{counselor}`.
pub async fn save(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.counselor.attributes";
    let (visit, counselor, detail) =
        counselor_change(&request, (&jobcenter, &id), (operation, &form), "/counselors").await?;
    let values = AttributeValues {
        self_booking: form.ticked("selvbooking"),
        summons: form.ticked("indkaldelser"),
        competencies: form.one("kompetencer").to_owned(),
    };
    let competencies: BTreeSet<String> = words(&values.competencies).into_iter().collect();
    if crate::store::attributes_check(&competencies).is_err() {
        visit.audit(&request, (operation, "invalid"), detail).await;
        let errors = vec![FieldError::new(
            "kompetencer",
            t("Skriv kompetencerne adskilt af komma, hver på højst 50 tegn, højst 50 i alt."),
        )];
        return render(&visit, (StatusCode::UNPROCESSABLE_ENTITY, None), &counselor, Some(values), errors)
            .await;
    }
    let attributes =
        CounselorAttributes { self_booking: values.self_booking, summons: values.summons, competencies };
    let counselor_id = counselor.id.clone();
    visit.context.blocking(move |store| store.attributes().set(&counselor_id, &attributes)).await?;
    Ok(visit
        .done(&request, operation, detail, &format!("/counselors/{}?done=saved", counselor.id.as_str()))
        .await)
}
