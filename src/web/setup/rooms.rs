//! The jobcenter's meeting rooms: `GET /setup/{jobcenter}/rooms` lists them with the form for a
//! new one (`POST .../rooms`: name, address, capacity) and the form that closes a room for a
//! period (`POST .../rooms/{room}/closures`: from, to, a note), as the admin API's
//! `admin/rooms.rs` does with `rooms().create` (`Room::validate`, a name new in the jobcenter)
//! and `rooms().close`. Offers draw on the rooms in their own form.
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused. Audit rows `web.setup.room.create` and `web.setup.room.close`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::{local_instant, Fields};
use super::{not_found, Subject, Visit};
use crate::domain::room::Room;
use crate::domain::Interval;
use crate::store::Error;
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// What the two forms hold.
#[derive(Debug, Clone, Default)]
pub struct RoomValues {
    name: String,
    address: String,
    capacity: String,
    room: String,
    from: String,
    to: String,
    note: String,
}

/// `GET /setup/{jobcenter}/rooms`.
#[derive(Template)]
#[template(path = "web/setup_rooms.html")]
struct RoomsPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    rooms: Vec<Room>,
    values: RoomValues,
    errors: Vec<FieldError>,
}

/// The query of the page.
#[derive(Debug, Deserialize)]
pub struct RoomsQuery {
    /// What was just done (`created`, `closed`).
    pub done: Option<String>,
}

async fn render(
    visit: &Visit,
    status: StatusCode,
    notice: Option<&'static str>,
    values: RoomValues,
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let rooms = visit.context.blocking(move |store| store.rooms().of_jobcenter(&jobcenter)).await?;
    let page = RoomsPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        rooms,
        values,
        errors,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/rooms`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<RoomsQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let notice = match query.done.as_deref() {
        Some("created") => Some(t("Mødelokalet er oprettet.")),
        Some("closed") => {
            Some(t("Mødelokalet er lukket i perioden. Allerede bookede møder beholder lokalet."))
        }
        _ => None,
    };
    render(&visit, StatusCode::OK, notice, RoomValues::default(), Vec::new()).await
}

/// `POST /setup/{jobcenter}/rooms`.
pub async fn create(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.room.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Settings, operation), form.csrf()).await?;
    let values = RoomValues {
        name: form.one("navn").to_owned(),
        address: form.one("adresse").to_owned(),
        capacity: form.one("pladser").to_owned(),
        ..RoomValues::default()
    };
    let capacity = values.capacity.trim().parse::<u32>().ok();
    let room = Room {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: visit.jobcenter.clone(),
        name: values.name.trim().to_owned(),
        address: values.address.trim().to_owned(),
        capacity: capacity.unwrap_or(0),
        active: true,
    };
    // Room::validate's rules, field by field (it names only the first).
    let text_ok = |text: &str, max: usize| {
        let n = text.trim().chars().count();
        n > 0 && n <= max && !text.chars().any(char::is_control)
    };
    let mut errors = Vec::new();
    if !text_ok(&room.name, 100) {
        errors.push(FieldError::new("navn", t("Giv lokalet et navn på 1-100 tegn.")));
    }
    if !text_ok(&room.address, 200) {
        errors.push(FieldError::new("adresse", t("Angiv lokalets adresse, højst 200 tegn.")));
    }
    if !capacity.is_some_and(|c| (1..=10_000).contains(&c)) {
        errors.push(FieldError::new("pladser", t("Angiv, hvor mange der kan være i lokalet: 1-10000.")));
    }
    if errors.is_empty() && room.validate().is_ok() {
        let (now, made) = (visit.context.clock.now(), room.clone());
        let created = visit
            .context
            .blocking(move |store| match store.rooms().create(&made, now) {
                Ok(()) => Ok(true),
                Err(Error::Conflict(crate::domain::Error::NameTaken(_))) => Ok(false),
                Err(error) => Err(error),
            })
            .await?;
        if created {
            visit.audit(&request, (operation, "ok"), Some(format!("room.id={}", room.id))).await;
            return Ok(page::see_other(&visit.path("/rooms?done=created")));
        }
        errors.push(FieldError::new("navn", t("Jobcentret har allerede et lokale med det navn.")));
    }
    visit.audit(&request, (operation, "invalid"), None).await;
    render(&visit, StatusCode::UNPROCESSABLE_ENTITY, None, values, errors).await
}

/// `POST /setup/{jobcenter}/rooms/{room}/closures`.
pub async fn close(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.room.close";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let back = visit.path("/rooms");
    let wanted = id.clone();
    let found = visit
        .context
        .blocking(move |store| match store.rooms().get(&wanted) {
            Ok(room) => Ok(Some(room)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    let valid = uuid::Uuid::parse_str(&id).is_ok();
    let room =
        found.filter(|room| valid && room.jobcenter == visit.jobcenter).ok_or_else(|| not_found(&back))?;
    let detail = Some(format!("room.id={}", room.id));
    visit.changing_with(&request, operation, &detail).await?;
    let values = RoomValues {
        room: room.id.clone(),
        from: form.one("luk-fra").to_owned(),
        to: form.one("luk-til").to_owned(),
        note: form.one("luk-note").to_owned(),
        ..RoomValues::default()
    };
    let mut errors = Vec::new();
    let (from, to) = (local_instant(&values.from), local_instant(&values.to));
    let when = t("Angiv dato og klokkeslæt som åååå-mm-dd tt:mm, fx 2027-03-10 09:00.");
    if from.is_none() {
        errors.push(FieldError::new("luk-fra", when));
    }
    if to.is_none() {
        errors.push(FieldError::new("luk-til", when));
    }
    let period = from.zip(to).and_then(|(from, to)| Interval::new(from, to).ok());
    if from.is_some() && to.is_some() && period.is_none() {
        errors.push(FieldError::new("luk-til", t("Slutningen skal ligge efter begyndelsen.")));
    }
    let note = values.note.trim().to_owned();
    if note.chars().count() > 200 || note.chars().any(char::is_control) {
        errors.push(FieldError::new("luk-note", t("Skriv højst 200 tegn i noten, uden linjeskift.")));
    }
    let Some(period) = period.filter(|_| errors.is_empty()) else {
        visit.audit(&request, (operation, "invalid"), detail).await;
        return render(&visit, StatusCode::UNPROCESSABLE_ENTITY, None, values, errors).await;
    };
    let note = Some(note).filter(|n| !n.is_empty());
    visit.context.blocking(move |store| store.rooms().close(&id, period, note.as_deref())).await?;
    visit.audit(&request, (operation, "ok"), detail).await;
    Ok(page::see_other(&format!("{back}?done=closed")))
}
