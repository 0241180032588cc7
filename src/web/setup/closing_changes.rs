//! The changes of the closing-days page, through `store.closing()` as the admin API's
//! `admin/closing_days.rs` makes them:
//!
//! - `POST /setup/{jobcenter}/closing-days`: a closing day added (name, date, once or every year,
//!   optionally from and until a time of day); `web.setup.closing_day.create`;
//! - `POST .../closing-days/{id}/delete`: one removed; `web.setup.closing_day.delete`;
//! - `POST .../closing-days/customary/{key}`: a customary day kept closed (`lukket=ja`) or
//!   opened (`lukket=nej`); `web.setup.closing_day.customary`.
//!
//! Closing a day never cancels a booking: when the store reports bookings on the closed time,
//! the page lists them (with a link to each) for staff to move; otherwise the browser is sent
//! back to the page.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::closing::{date, on_closed, optional_time, render, this_year, ClosingValues};
use super::fields::Fields;
use super::{not_found, Subject, Visit};
use crate::domain::closing::{ClosedPart, ClosingDay, Recurrence, CUSTOMARY};
use crate::domain::Booking;
use crate::store::Error;
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// The form's fields as a closing day, or the errors naming each bad field.
fn read(values: &ClosingValues) -> Result<ClosingDay, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = values.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(FieldError::new("navn", t("Giv lukkedagen et navn på 1-100 tegn.")));
    }
    let day = date(&values.date);
    if day.is_none() {
        errors.push(FieldError::new("dato", t("Angiv datoen som åååå-mm-dd, fx 2027-05-07.")));
    }
    let time = t("Angiv klokkeslættet som tt:mm, fx 12:00, eller lad feltet stå tomt.");
    let (from, until) = (optional_time(&values.from), optional_time(&values.until));
    if from.is_none() {
        errors.push(FieldError::new("fra", time));
    }
    if until.is_none() {
        errors.push(FieldError::new("til", time));
    }
    let part = match (from, until) {
        (Some(from), Some(until)) => ClosedPart::new(from, until)
            .map_err(|_| errors.push(FieldError::new("til", t("Slutningen skal ligge efter begyndelsen."))))
            .ok(),
        _ => None,
    };
    let recurrence = day.map(|day| {
        if values.yearly {
            use chrono::Datelike;
            Recurrence::Yearly { month: day.month(), day: day.day() }
        } else {
            Recurrence::Once(day)
        }
    });
    match (recurrence, part) {
        (Some(recurrence), Some(part)) if errors.is_empty() => {
            let day = ClosingDay { id: String::new(), name: name.to_owned(), recurrence, part };
            day.validate().map_err(|_| vec![FieldError::new("dato", t("Datoen findes ikke."))])?;
            Ok(day)
        }
        _ => Err(errors),
    }
}

/// The bookings on closed time after a change, listed on the page (200), or the page again
/// with `done` when there are none.
async fn answer(
    request: &HttpRequest,
    visit: &Visit,
    (operation, detail): (&str, String),
    (done, notice): (&str, &'static str),
    affected: Vec<Booking>,
) -> actix_web::Result<HttpResponse> {
    visit.audit(request, (operation, "ok"), Some(detail)).await;
    if affected.is_empty() {
        return Ok(page::see_other(&visit.path(&format!("/closing-days?done={done}"))));
    }
    let jobcenter = visit.jobcenter.clone();
    let counselors = visit.context.blocking(move |store| store.counselors_of_jobcenter(&jobcenter)).await?;
    let listed = Some(on_closed(&affected, &counselors));
    let status = (StatusCode::OK, this_year(visit));
    render(visit, status, Some(notice), (ClosingValues::default(), Vec::new()), listed).await
}

/// `POST /setup/{jobcenter}/closing-days`.
pub async fn add(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.closing_day.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Settings, operation), form.csrf()).await?;
    let values = ClosingValues {
        name: form.one("navn").to_owned(),
        date: form.one("dato").to_owned(),
        yearly: form.ticked("hvert-aar"),
        from: form.one("fra").to_owned(),
        until: form.one("til").to_owned(),
    };
    let day = match read(&values) {
        Ok(day) => day,
        Err(errors) => {
            visit.audit(&request, (operation, "invalid"), None).await;
            let status = (StatusCode::UNPROCESSABLE_ENTITY, this_year(&visit));
            return render(&visit, status, None, (values, errors), None).await;
        }
    };
    let (jobcenter, now) = (visit.jobcenter.clone(), visit.context.clock.now());
    let (day, affected) =
        visit.context.blocking(move |store| store.closing().add(&jobcenter, day, now)).await?;
    let notice =
        t("Lukkedagen er tilføjet. Disse bookede møder ligger på den; de er ikke aflyst, så flyt dem.");
    let detail = format!("closing_day.id={}", day.id);
    answer(&request, &visit, (operation, detail), ("added", notice), affected).await
}

/// `POST /setup/{jobcenter}/closing-days/{id}/delete`.
pub async fn remove(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.closing_day.delete";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let detail = uuid::Uuid::parse_str(&id).ok().map(|id| format!("closing_day.id={id}"));
    visit.changing_with(&request, operation, &detail).await?;
    let back = visit.path("/closing-days");
    let Some(detail) = detail else { return Err(not_found(&back)) };
    let code = visit.jobcenter.clone();
    let deleted = visit
        .context
        .blocking(move |store| match store.closing().delete(&code, &id) {
            Ok(()) => Ok(true),
            Err(Error::NotFound(_)) => Ok(false),
            Err(error) => Err(error),
        })
        .await?;
    if !deleted {
        return Err(not_found(&back));
    }
    visit.audit(&request, (operation, "ok"), Some(detail)).await;
    Ok(page::see_other(&format!("{back}?done=removed")))
}

/// `POST /setup/{jobcenter}/closing-days/customary/{key}`.
pub async fn customary(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, key) = path.into_inner();
    let operation = "web.setup.closing_day.customary";
    let visit = Visit::posting(&request, &jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let day = CUSTOMARY.iter().find(|day| day.key == key);
    let detail = day.map(|day| format!("closing_day.key={}", day.key));
    visit.changing_with(&request, operation, &detail).await?;
    let (Some(day), Some(detail)) = (day, detail) else {
        return Err(not_found(&visit.path("/closing-days")));
    };
    let closed = match form.one("lukket") {
        "ja" => true,
        "nej" => false,
        _ => {
            // Only a made-up form sends anything else: the page's buttons send one of the two.
            visit.audit(&request, (operation, "invalid"), Some(detail)).await;
            let text = t("Vælg, om dagen skal være lukket eller åben, med knapperne på siden.");
            let back = visit.path("/closing-days");
            return Ok(page::message(
                StatusCode::BAD_REQUEST,
                t("Formularen kunne ikke læses"),
                text,
                Some((&back, t("Tilbage"))),
            ));
        }
    };
    let (jobcenter, now, key) = (visit.jobcenter.clone(), visit.context.clock.now(), day.key);
    let affected = visit
        .context
        .blocking(move |store| store.closing().set_customary(&jobcenter, key, closed, now))
        .await?;
    let notice =
        t("Ændringen er gemt. Disse bookede møder ligger på lukkede dage; de er ikke aflyst, så flyt dem.");
    answer(&request, &visit, (operation, detail), ("customary", notice), affected).await
}
