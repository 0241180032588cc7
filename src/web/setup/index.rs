//! `GET /setup`: the jobcenters whose set-up the person may open (by their roles), and
//! `GET /setup/{jobcenter}`: the subjects of one jobcenter the person may open.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::{access, not_found, setup_jobcenters, Subject};
use crate::domain::JobCenterCode;
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, Context};

/// A jobcenter in the list.
struct Jobcenter {
    code: String,
    name: String,
}

/// `GET /setup`.
#[derive(Template)]
#[template(path = "web/setup_index.html")]
struct IndexPage<'a> {
    csrf: &'a str,
    jobcenters: Vec<Jobcenter>,
}

/// A subject the person may open.
struct SubjectLink {
    path: &'static str,
    name: &'static str,
    about: &'static str,
}

/// `GET /setup/{jobcenter}`.
#[derive(Template)]
#[template(path = "web/setup_subjects.html")]
struct SubjectsPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    subjects: Vec<SubjectLink>,
}

/// The subjects, with the part of the path after the jobcenter and who may open them, named
/// in the request's language.
fn all_subjects() -> [(Subject, &'static str, &'static str, &'static str); 10] {
    [
        (
            Subject::Offers,
            "offers",
            t("Tilbud"),
            t("de mødetilbud, borgere kan booke, og deres ledige tider"),
        ),
        (
            Subject::Offers,
            "templates",
            t("Skabeloner til indkaldelser"),
            t("tilbud, tidsrum og fordeling, indkaldelser starter fra"),
        ),
        (
            Subject::People,
            "people",
            t("Personer og invitationer"),
            t("konti, roller og invitationer af kolleger"),
        ),
        (Subject::Settings, "rooms", t("Mødelokaler"), t("lokaler, tilbud kan trække på")),
        (
            Subject::Settings,
            "counselors",
            t("Vejledere"),
            t("teams, selvbooking, indkaldelser og kompetencer"),
        ),
        (Subject::Settings, "teams", t("Teams"), t("teams og deres medlemmer over tid")),
        (Subject::Settings, "hours", t("Arbejdstider"), t("vejledernes uge, pauser og undtagelser")),
        (
            Subject::Settings,
            "calendars",
            t("Kalenderfeeds og import"),
            t("vejledernes kalenderfeeds og import af optaget tid"),
        ),
        (Subject::Settings, "webhooks", t("Webhook-modtagere"), t("systemer, der får jobcentrets hændelser")),
        (
            Subject::Settings,
            "closing-days",
            t("Lukkedage"),
            t("helligdage, sædvanlige lukkedage og jobcentrets egne"),
        ),
    ]
}

/// True when the person may open some subject in a jobcenter (the start page's link).
pub fn any_setup(account: &crate::domain::people::Account) -> bool {
    !setup_jobcenters(account).is_empty()
}

/// `GET /setup`.
pub async fn jobcenters(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let codes = setup_jobcenters(&person.account);
    let names = context.blocking(|store| store.jobcenters()).await?;
    let jobcenters = codes
        .iter()
        .map(|code| Jobcenter {
            code: code.as_str().to_owned(),
            name: names
                .iter()
                .find(|(known, _)| known == code)
                .map_or_else(|| fill(t("Jobcenter {}"), [code.as_str()]), |(_, name)| name.clone()),
        })
        .collect();
    Ok(page::html(StatusCode::OK, &IndexPage { csrf: &person.csrf, jobcenters }))
}

/// `GET /setup/{jobcenter}`: the subjects the person may open (403 when none).
pub async fn subjects(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let code = JobCenterCode::parse(&path).map_err(|_| not_found("/setup"))?;
    let subjects: Vec<SubjectLink> = all_subjects()
        .into_iter()
        .filter(|(subject, ..)| access(&person.account, *subject, &code).read)
        .map(|(_, path, name, about)| SubjectLink { path, name, about })
        .collect();
    if subjects.is_empty() {
        return Ok(super::forbidden(code.as_str()));
    }
    Ok(page::html(StatusCode::OK, &SubjectsPage { csrf: &person.csrf, jobcenter: code.as_str(), subjects }))
}
