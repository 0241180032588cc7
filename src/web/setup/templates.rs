//! The jobcenter's summons templates (indkaldelsesskabeloner): `GET /setup/{jobcenter}/templates`
//! lists them, `GET .../templates/new` and `POST .../templates` create one, `GET
//! .../templates/{id}` and `POST .../templates/{id}` edit one, saved with `templates().save` as
//! the admin API's `admin/templates.rs` does (the offer and team must be the jobcenter's, the
//! name new in it). A summons copies a template's values when it is made, so editing one changes
//! nothing already summoned.
//!
//! Administrators of the whole jobcenter change them; summoners read them, since they summon
//! with them (the rule of `Subject::Offers`). Audit rows `web.setup.template.{create, update}`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::Fields;
use super::offer_values::{interview_type_name, interview_type_names};
use super::offers::Choice;
use super::template_form::{read, TemplateValues};
use super::{not_found, Subject, Visit};
use crate::domain::codes::INTERVIEW_TYPES;
use crate::domain::summons::Strategy;
use crate::domain::templates::{SummonsTemplate, TemplateOffer};
use crate::domain::JobCenterCode;
use crate::store::{Entity, Error, Store};
use crate::web::calendar::full_name;
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};

/// A template in the list.
struct Line {
    id: String,
    name: String,
    offer: String,
    window: String,
}

/// `GET /setup/{jobcenter}/templates`.
#[derive(Template)]
#[template(path = "web/setup_templates.html")]
struct ListPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    templates: Vec<Line>,
}

/// The form, new or edited.
#[derive(Template)]
#[template(path = "web/setup_template.html")]
struct FormPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    id: Option<String>,
    change: bool,
    values: TemplateValues,
    errors: Vec<FieldError>,
    offers: Vec<Choice>,
    types: Vec<Choice>,
    teams: Vec<Choice>,
    pool: Vec<Choice>,
}

/// The query of the list.
#[derive(Debug, Deserialize)]
pub struct TemplatesQuery {
    /// What was just done (`created`, `updated`).
    pub done: Option<String>,
}

/// The offers, teams and counselors the form chooses from.
fn choices(store: &Store, jobcenter: &JobCenterCode) -> Result<[Vec<Choice>; 3], Error> {
    let offers = store
        .offers_of_jobcenter(jobcenter)?
        .into_iter()
        .filter(|offer| offer.active)
        .map(|offer| Choice::new(format!("offer:{}", offer.id.as_str()), offer.name))
        .collect();
    let teams = store
        .teams()
        .of_jobcenter(jobcenter)?
        .into_iter()
        .map(|(team, _)| Choice::new(team.id.as_str(), team.name))
        .collect();
    let pool = store
        .counselors_of_jobcenter(jobcenter)?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| Choice::new(c.caseworker.as_str(), full_name(&c)))
        .collect();
    Ok([offers, teams, pool])
}

fn ticked(choices: Vec<Choice>, chosen: &[String]) -> Vec<Choice> {
    choices.into_iter().map(|c| Choice { checked: chosen.contains(&c.value), ..c }).collect()
}

async fn form_page(
    visit: &Visit,
    status: StatusCode,
    id: Option<String>,
    values: TemplateValues,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let [offers, teams, pool] = visit.context.blocking(move |store| choices(store, &jobcenter)).await?;
    let types = INTERVIEW_TYPES
        .iter()
        .zip(interview_type_names())
        .map(|(code, name)| Choice::new(format!("type:{code}"), format!("{name} ({code})")))
        .collect();
    let one = std::slice::from_ref(&values.offer);
    let page = FormPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        id,
        change: visit.access.change,
        offers: ticked(offers, one),
        types: ticked(types, one),
        teams: ticked(teams, std::slice::from_ref(&values.team)),
        pool: ticked(pool, &values.pool),
        values,
        errors,
    };
    Ok(page::html(status, &page))
}

fn line(template: &SummonsTemplate, offers: &[crate::domain::Offer]) -> Line {
    let offer = match &template.offer {
        TemplateOffer::Offer(id) => offers
            .iter()
            .find(|o| &o.id == id)
            .map_or_else(|| t("Ukendt tilbud").to_owned(), |o| o.name.clone()),
        TemplateOffer::InterviewType(code) => interview_type_name(*code),
    };
    let strategy = match template.strategy {
        Strategy::EarliestFirst => t("tidligste tider først"),
        Strategy::SpreadEvenly => t("spredt jævnt"),
    };
    let days =
        [template.window_start_days.to_string(), template.window_days.to_string(), strategy.to_owned()];
    let window = fill(t("Fra {} dage efter, i {} dage; {}"), days);
    Line { id: template.id.clone(), name: template.name.clone(), offer, window }
}

/// `GET /setup/{jobcenter}/templates`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<TemplatesQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Offers).await?;
    let jobcenter = visit.jobcenter.clone();
    let (templates, offers) = visit
        .context
        .blocking(move |store| {
            Ok((store.templates().of_jobcenter(&jobcenter)?, store.offers_of_jobcenter(&jobcenter)?))
        })
        .await?;
    let notice = match query.done.as_deref() {
        Some("created") => Some(t("Skabelonen er oprettet.")),
        Some("updated") => Some(t("Skabelonen er gemt. Indkaldelser, der allerede er lavet, er uændrede.")),
        _ => None,
    };
    let page = ListPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        templates: templates.iter().map(|t| line(t, &offers)).collect(),
    };
    Ok(page::html(StatusCode::OK, &page))
}

/// `GET /setup/{jobcenter}/templates/new`.
pub async fn new(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Offers).await?;
    if !visit.access.change {
        return Err(page::stop(super::forbidden(visit.jobcenter.as_str())));
    }
    form_page(&visit, StatusCode::OK, None, TemplateValues::default(), Vec::new()).await
}

/// The template `id` of the visit's jobcenter, or the 404 page.
async fn owned(visit: &Visit, id: &str) -> actix_web::Result<SummonsTemplate> {
    let back = visit.path("/templates");
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(not_found(&back));
    }
    let wanted = id.to_owned();
    let found = visit
        .context
        .blocking(move |store| match store.templates().get(&wanted) {
            Ok(template) => Ok(Some(template)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    found.filter(|t| t.jobcenter == visit.jobcenter).ok_or_else(|| not_found(&back))
}

/// `GET /setup/{jobcenter}/templates/{id}`.
pub async fn edit(
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let visit = Visit::reading(&request, &jobcenter, Subject::Offers).await?;
    let template = owned(&visit, &id).await?;
    form_page(&visit, StatusCode::OK, Some(template.id.clone()), TemplateValues::of(&template), Vec::new())
        .await
}

/// Saves the posted template with `id` (new or stored), or shows the form with its errors.
async fn save(
    request: &HttpRequest,
    visit: &Visit,
    (operation, id, stored): (&str, String, bool),
    form: &Fields,
) -> actix_web::Result<HttpResponse> {
    let values = TemplateValues::posted(form);
    let detail = Some(format!("template.id={id}"));
    let shown = stored.then(|| id.clone());
    let template = match read(&values, id, visit.jobcenter.clone()) {
        Ok(template) => template,
        Err(errors) => {
            visit.audit(request, (operation, "invalid"), detail).await;
            return form_page(visit, StatusCode::UNPROCESSABLE_ENTITY, shown, values, errors).await;
        }
    };
    let now = visit.context.clock.now();
    let refused = visit
        .context
        .blocking(move |store| match store.templates().save(&template, now) {
            Ok(()) => Ok(None),
            Err(Error::NotFound(Entity::Offer)) => {
                Ok(Some(("tilbud", t("Vælg et af jobcentrets aktive tilbud."))))
            }
            Err(Error::NotFound(Entity::Team)) => Ok(Some(("team", t("Vælg et af jobcentrets teams.")))),
            Err(Error::Conflict(crate::domain::Error::NameTaken(_))) => {
                Ok(Some(("navn", t("Jobcentret har allerede en skabelon med det navn."))))
            }
            Err(error) => Err(error),
        })
        .await?;
    if let Some((field, text)) = refused {
        visit.audit(request, (operation, "invalid"), detail).await;
        let errors = vec![FieldError::new(field, text)];
        return form_page(visit, StatusCode::UNPROCESSABLE_ENTITY, shown, values, errors).await;
    }
    visit.audit(request, (operation, "ok"), detail).await;
    let done = if stored { "updated" } else { "created" };
    Ok(page::see_other(&visit.path(&format!("/templates?done={done}"))))
}

/// `POST /setup/{jobcenter}/templates`.
pub async fn create(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.template.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Offers, operation), form.csrf()).await?;
    save(&request, &visit, (operation, uuid::Uuid::new_v4().to_string(), false), &form).await
}

/// `POST /setup/{jobcenter}/templates/{id}`.
pub async fn update(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.template.update";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Offers, operation), form.csrf()).await?;
    let template = owned(&visit, &id).await?;
    if !visit.access.change {
        visit.refuse(&request, operation, Some(format!("template.id={}", template.id))).await?;
    }
    save(&request, &visit, (operation, template.id, true), &form).await
}
