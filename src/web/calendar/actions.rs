//! The staff actions on a booking from a counselor's week:
//! `POST /calendar/{counselor}/bookings/{booking}/complete` (held), `/no-show`,
//! `/correct-no-show`, `/lapse` (with a reason from [`LAPSE_REASONS`]) and `/cancel`.
//!
//! Each is checked in this order: the page's token, the calendar and booking visible to the
//! person (404), the person's roles (`CalendarAccess::may`, 403), the reason of a lapse (the
//! week again with the error, 422), then `Store::staff_action`, the admin API's own, whose
//! transition rule may refuse it (409 with a message). One audit row `web.booking.<action>`
//! records the outcome, naming the booking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use super::week::{self, Extras, LAPSE_REASONS};
use super::{
    audit_booking, conflict, forbidden, monday_of, not_found, refusal, shown, visible_booking, week_path,
};
use super::{Refusal, Visible};
use crate::domain::{Action, ZONE};
use crate::web::lang::t;
use crate::web::page::FieldError;
use crate::web::session::{self, Context};

/// The form of an action.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The week the form was on (`YYYY-MM-DD`), shown again after a refusal.
    #[serde(default)]
    pub week: Option<String>,
    /// Why the booking lapsed (lapse only).
    #[serde(default)]
    pub reason: Option<String>,
}

/// The audit operation and the `done` notice of `action`.
fn names(action: Action) -> (&'static str, &'static str) {
    match action {
        Action::Complete => ("web.booking.complete", "held"),
        Action::NoShow => ("web.booking.no_show", "no_show"),
        Action::CorrectNoShow => ("web.booking.correct_no_show", "corrected"),
        Action::MarkLapsed => ("web.booking.lapse", "lapsed"),
        Action::Cancel => ("web.booking.cancel", "cancelled"),
        Action::Reschedule => ("web.booking.move", "moved"),
    }
}

/// What `action` is, in the words of the 403 page ("... at {what} i denne kalender").
fn verb(action: Action) -> &'static str {
    match action {
        Action::Complete | Action::NoShow | Action::CorrectNoShow => t("registrere fremmøde"),
        Action::MarkLapsed => t("markere møder som bortfaldet"),
        Action::Cancel => t("aflyse møder"),
        Action::Reschedule => t("flytte møder"),
    }
}

/// The id of the lapse reason field of `booking` on the week page.
pub fn reason_field(booking: &str) -> String {
    format!("aarsag-{booking}")
}

/// Runs `action` on the booking the path names.
async fn act(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: ActionForm,
    action: Action,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let now = context.clock.now();
    let (counselor_id, booking_id) = path.into_inner();
    let (checked, wanted) = (person.clone(), counselor_id.clone());
    let found =
        context.blocking(move |store| visible_booking(store, &checked, (&wanted, &booking_id), now)).await?;
    let (operation, done) = names(action);
    let Visible { access, booking, .. } =
        shown(found, (&context, &request), &person, operation, ("counselor", &counselor_id)).await?;
    let start_day = booking.interval.start().with_timezone(&ZONE).date_naive();
    let back = week_path(&counselor_id, start_day, None);
    if !access.may(action) {
        audit_booking(&context, &request, &person, (operation, "forbidden"), &booking).await;
        return Ok(forbidden(verb(action), &back));
    }
    let reason = match action {
        Action::MarkLapsed => {
            let chosen = form.reason.as_deref().map(str::trim).unwrap_or_default();
            let Some(reason) = LAPSE_REASONS.iter().find(|reason| **reason == chosen) else {
                audit_booking(&context, &request, &person, (operation, "invalid"), &booking).await;
                let week = form.week.as_deref().and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok());
                let field = reason_field(booking.id.as_str());
                let message = t("Vælg en årsag til, at mødet er bortfaldet.");
                let extras = Extras { errors: vec![FieldError::of(field, message)], ..Extras::default() };
                let monday = monday_of(week.unwrap_or(start_day));
                return week::render(
                    &request,
                    &person,
                    counselor_id,
                    monday,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    extras,
                )
                .await;
            };
            Some(*reason)
        }
        _ => None,
    };
    let id = booking.id.clone();
    let changed =
        context.blocking(move |store| refusal(store.staff_action(&id, action, reason, now))).await?;
    match changed {
        Ok(changed) => {
            audit_booking(&context, &request, &person, (operation, "ok"), &changed).await;
            Ok(crate::web::page::see_other(&week_path(&counselor_id, start_day, Some(done))))
        }
        Err(Refusal::Conflict(rule)) => {
            audit_booking(&context, &request, &person, (operation, "conflict"), &booking).await;
            Ok(conflict(&rule, &back))
        }
        Err(Refusal::NotFound) => Err(not_found()),
    }
}

/// `POST /calendar/{counselor}/bookings/{booking}/complete`: the meeting was held.
pub async fn complete(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> actix_web::Result<HttpResponse> {
    act(request, path, form.into_inner(), Action::Complete).await
}

/// `POST /calendar/{counselor}/bookings/{booking}/no-show`: the citizen did not come.
pub async fn no_show(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> actix_web::Result<HttpResponse> {
    act(request, path, form.into_inner(), Action::NoShow).await
}

/// `POST /calendar/{counselor}/bookings/{booking}/correct-no-show`: the no-show was a mistake.
pub async fn correct_no_show(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> actix_web::Result<HttpResponse> {
    act(request, path, form.into_inner(), Action::CorrectNoShow).await
}

/// `POST /calendar/{counselor}/bookings/{booking}/lapse`: the meeting lapsed, for a reason.
pub async fn lapse(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> actix_web::Result<HttpResponse> {
    act(request, path, form.into_inner(), Action::MarkLapsed).await
}

/// `POST /calendar/{counselor}/bookings/{booking}/cancel`: staff cancel the meeting.
pub async fn cancel(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> actix_web::Result<HttpResponse> {
    act(request, path, form.into_inner(), Action::Cancel).await
}
