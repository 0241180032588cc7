//! The jobcenter's offers (mødetilbud): `GET /setup/{jobcenter}/offers` lists them,
//! `GET .../offers/new` and `POST .../offers` create one, `GET .../offers/{offer}` and
//! `POST .../offers/{offer}` edit one (its bookings stay as they were made), and
//! `POST .../offers/{offer}/deactivate` takes one out of self-booking for good.
//!
//! Administrators of the whole jobcenter change offers; summoners read them (the list, the form
//! without a button, the free times). The changes are the admin API's: `Store::create_offer`
//! and `update_offer` (which check that the counselors are the jobcenter's), the team or
//! competencies that name the counselors (`teams().link_offer`, `attributes().require`) and the
//! room pool (`rooms().set_offer_rooms`); `deactivate_offer`. Audit rows
//! `web.setup.offer.{create, update, deactivate}`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::Fields;
use super::offer_form::{contact_types, interview_type_name, interview_type_names, read, OfferValues};
use super::offer_save::save;
use super::{not_found, Subject, Visit};
use crate::domain::codes::INTERVIEW_TYPES;
use crate::domain::{JobCenterCode, Offer, OfferId};
use crate::store::{Error, Store};
use crate::web::calendar::full_name;
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};

/// A choice in a list of options (a counselor, a team, a room, a code).
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// Ticked or selected.
    pub checked: bool,
}

impl Choice {
    /// A choice not ticked.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self { value: value.into(), label: label.into(), checked: false }
    }
}

/// `choices` with those whose value is among `chosen` ticked.
fn ticked(mut choices: Vec<Choice>, chosen: &[String]) -> Vec<Choice> {
    for choice in &mut choices {
        choice.checked = chosen.contains(&choice.value);
    }
    choices
}

/// One offer in the list.
struct Line {
    id: String,
    name: String,
    kind: String,
    form: String,
    minutes: i64,
    active: bool,
}

/// `GET /setup/{jobcenter}/offers`.
#[derive(Template)]
#[template(path = "web/setup_offers.html")]
struct ListPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    offers: Vec<Line>,
    change: bool,
    notice: Option<&'static str>,
}

/// The offer form, new or edited.
#[derive(Template)]
#[template(path = "web/setup_offer.html")]
struct FormPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    /// The edited offer's id; `None` for a new one.
    id: Option<String>,
    active: bool,
    change: bool,
    values: OfferValues,
    errors: Vec<FieldError>,
    types: Vec<Choice>,
    contact_types: Vec<Choice>,
    counselors: Vec<Choice>,
    teams: Vec<Choice>,
    rooms: Vec<Choice>,
}

/// The query of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// What was just done (`created`, `updated`, `deactivated`).
    pub done: Option<String>,
}

/// What the form chooses from in `jobcenter` (the rooms as id, name and seats, named in the
/// request's language once back from the blocking pool).
struct Choices {
    counselors: Vec<Choice>,
    teams: Vec<Choice>,
    rooms: Vec<(String, String, u32)>,
}

fn choices(store: &Store, jobcenter: &JobCenterCode) -> Result<Choices, Error> {
    let counselors = store
        .counselors_of_jobcenter(jobcenter)?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| Choice::new(c.id.as_str(), full_name(&c)))
        .collect();
    let teams = store
        .teams()
        .of_jobcenter(jobcenter)?
        .into_iter()
        .map(|(team, _)| Choice::new(team.id.as_str(), team.name))
        .collect();
    let rooms = store
        .rooms()
        .of_jobcenter(jobcenter)?
        .into_iter()
        .filter(|room| room.active)
        .map(|room| (room.id, room.name, room.capacity))
        .collect();
    Ok(Choices { counselors, teams, rooms })
}

/// Renders the form with `status`.
async fn form_page(
    visit: &Visit,
    status: StatusCode,
    (id, active): (Option<String>, bool),
    values: OfferValues,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let found = visit.context.blocking(move |store| choices(store, &jobcenter)).await?;
    let mut types: Vec<Choice> = INTERVIEW_TYPES
        .iter()
        .zip(interview_type_names())
        .map(|(code, name)| Choice::new(code.to_string(), format!("{name} ({code})")))
        .collect();
    if !types.iter().any(|t| t.value == values.interview_type) && !values.interview_type.is_empty() {
        let label = interview_type_name(values.interview_type.parse().unwrap_or_default());
        types.push(Choice::new(values.interview_type.clone(), label));
    }
    let mut contact_types: Vec<Choice> =
        contact_types().iter().map(|(code, name)| Choice::new(code.to_string(), *name)).collect();
    for code in &values.contact_types {
        if !contact_types.iter().any(|c| &c.value == code) && code.parse::<i32>().is_ok() {
            contact_types.push(Choice::new(code.clone(), fill(t("Kontaktform {}"), [code])));
        }
    }
    let types = ticked(types, std::slice::from_ref(&values.interview_type));
    let contact_types = ticked(contact_types, &values.contact_types);
    let counselors = ticked(found.counselors, &values.counselors);
    let teams = ticked(found.teams, std::slice::from_ref(&values.team));
    let rooms = found
        .rooms
        .into_iter()
        .map(|(id, name, seats)| Choice::new(id, fill(t("{} ({} pladser)"), [name, seats.to_string()])))
        .collect();
    let rooms = ticked(rooms, &values.rooms);
    let page = FormPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        id,
        active,
        change: visit.access.change,
        values,
        errors,
        types,
        contact_types,
        counselors,
        teams,
        rooms,
    };
    Ok(page::html(status, &page))
}

/// The offer `id` of the visit's jobcenter, or the 404 page.
async fn owned(visit: &Visit, id: &str) -> actix_web::Result<Offer> {
    let back = visit.path("/offers");
    let id = OfferId::parse(id).map_err(|_| not_found(&back))?;
    let found = visit
        .context
        .blocking(move |store| match store.offer(&id) {
            Ok(offer) => Ok(Some(offer)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    found.filter(|offer| offer.jobcenter == visit.jobcenter).ok_or_else(|| not_found(&back))
}

/// `GET /setup/{jobcenter}/offers`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Offers).await?;
    let jobcenter = visit.jobcenter.clone();
    let offers = visit.context.blocking(move |store| store.offers_of_jobcenter(&jobcenter)).await?;
    let offers = offers
        .iter()
        .map(|offer| Line {
            id: offer.id.as_str().to_owned(),
            name: offer.name.clone(),
            kind: interview_type_name(offer.interview_type),
            form: match offer.form.seats() {
                None => t("Individuel").to_owned(),
                Some(seats) => fill(t("Gruppe, {} pladser"), [seats.to_string()]),
            },
            minutes: offer.slots.duration.num_minutes(),
            active: offer.active,
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("created") => Some(t("Tilbuddet er oprettet.")),
        Some("updated") => Some(t("Tilbuddet er gemt.")),
        Some("deactivated") => Some(t("Tilbuddet er deaktiveret. Borgere kan ikke længere booke det.")),
        _ => None,
    };
    let page = ListPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        offers,
        change: visit.access.change,
        notice,
    };
    Ok(page::html(StatusCode::OK, &page))
}

/// `GET /setup/{jobcenter}/offers/new`: administrators only.
pub async fn new(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Offers).await?;
    if !visit.access.change {
        return Ok(super::forbidden(visit.jobcenter.as_str()));
    }
    form_page(&visit, StatusCode::OK, (None, true), OfferValues::fresh(), Vec::new()).await
}

/// `GET /setup/{jobcenter}/offers/{offer}`: the form (read-only for summoners).
pub async fn edit(
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let visit = Visit::reading(&request, &jobcenter, Subject::Offers).await?;
    let offer = owned(&visit, &id).await?;
    let linked = offer.id.clone();
    let (team, competencies, rooms) = visit
        .context
        .blocking(move |store| {
            let team = store.teams().team_of_offer(&linked)?;
            let competencies = store.attributes().required_by(&linked)?;
            let rooms = store.rooms().of_offer(&linked)?.into_iter().map(|r| r.id).collect();
            Ok((team, competencies, rooms))
        })
        .await?;
    let values = OfferValues::of(&offer, team.as_ref(), &competencies, rooms);
    form_page(&visit, StatusCode::OK, (Some(id), offer.active), values, Vec::new()).await
}

/// Reads the form, saves it or shows it again with its errors (422).
async fn submit(
    request: &HttpRequest,
    visit: &Visit,
    fields: &Fields,
    stored: Option<&Offer>,
    operation: &str,
) -> actix_web::Result<HttpResponse> {
    let values = OfferValues::posted(fields);
    let id = match stored {
        Some(offer) => offer.id.clone(),
        None => OfferId::from_generated(&uuid::Uuid::new_v4().to_string())
            .map_err(|_| crate::web::page::stop(page::unavailable()))?,
    };
    let detail = Some(format!("offer.id={}", id.as_str()));
    let edited = stored.map(|offer| (offer.active, Some(offer.interview_type))).unwrap_or((true, None));
    let shown = (stored.map(|offer| offer.id.as_str().to_owned()), edited.0);
    let draft = match read(&values, id, visit.jobcenter.clone(), edited) {
        Ok(draft) => draft,
        Err(errors) => {
            visit.audit(request, (operation, "invalid"), detail).await;
            return form_page(visit, StatusCode::UNPROCESSABLE_ENTITY, shown, values, errors).await;
        }
    };
    let (now, create) = (visit.context.clock.now(), stored.is_none());
    let saved = visit.context.blocking(move |store| save(store, draft, create, now)).await?;
    if let Err(error) = saved {
        visit.audit(request, (operation, "invalid"), detail).await;
        return form_page(visit, StatusCode::UNPROCESSABLE_ENTITY, shown, values, vec![error]).await;
    }
    visit.audit(request, (operation, "ok"), detail).await;
    let done = if create { "created" } else { "updated" };
    Ok(page::see_other(&visit.path(&format!("/offers?done={done}"))))
}

/// `POST /setup/{jobcenter}/offers`.
pub async fn create(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.offer.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Offers, operation), form.csrf()).await?;
    submit(&request, &visit, &form, None, "web.setup.offer.create").await
}

/// `POST /setup/{jobcenter}/offers/{offer}`.
pub async fn update(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.offer.update";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Offers, operation), form.csrf()).await?;
    let offer = owned(&visit, &id).await?;
    visit.changing(&request, operation).await?;
    submit(&request, &visit, &form, Some(&offer), "web.setup.offer.update").await
}

/// `POST /setup/{jobcenter}/offers/{offer}/deactivate`.
pub async fn deactivate(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.offer.deactivate";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Offers, operation), form.csrf()).await?;
    let offer = owned(&visit, &id).await?;
    let detail = Some(format!("offer.id={}", offer.id.as_str()));
    visit.changing_with(&request, operation, &detail).await?;
    let wanted = offer.id.clone();
    visit.context.blocking(move |store| store.deactivate_offer(&wanted)).await?;
    Ok(visit.done(&request, operation, detail, "/offers?done=deactivated").await)
}
