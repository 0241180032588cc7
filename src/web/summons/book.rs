//! Booking the chosen time of a summons of one citizen:
//!
//! - `POST /summons/book` books it with `Store::summon_one` and its exact start and counselor
//!   (which checks everything again; the database has the last word); a time taken meanwhile,
//!   or none chosen, shows the times again (409, 422). The counselor must be one of the plan's
//!   pool and in the person's clusters (404 otherwise). Audit row `web.summons.create`.
//! - `GET /summons/done?booking=` shows the booking made, to whoever may see its calendar.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::citizen;
use super::not_found;
use super::one::{
    audit, explain, proposals_page, propose, read, refused_form, summons_request, today, OneForm, Read,
};
use super::refusals::{nothing_free, Refusal};
use super::scope::covers_pool;
use super::summoner;
use crate::domain::{ChangeFlags, CounselorId, ZONE};
use crate::store::SummonRequest;
use crate::web::calendar::{day_name, full_name, time_range, visible_booking, week_path};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, Context, SignedIn};

/// The booking made.
#[derive(Template)]
#[template(path = "web/summons_done.html")]
struct DonePage<'a> {
    csrf: &'a str,
    masked: String,
    when: String,
    counselor: String,
    offer: String,
    week: String,
}

/// The query of the done page.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    /// The booking.
    pub booking: String,
}

/// The counselor and start of the chosen time `tid`.
fn chosen(tid: &str) -> Option<(CounselorId, DateTime<Utc>)> {
    let (counselor, start) = tid.split_once('|')?;
    let start = DateTime::parse_from_rfc3339(start.trim()).ok()?.with_timezone(&Utc);
    Some((CounselorId::parse(counselor.trim()).ok()?, start))
}

/// The proposals again after the chosen time was refused (or none was chosen).
async fn choose_again(
    context: &Context,
    person: &SignedIn,
    (form, read, summons): (&OneForm, &Read, SummonRequest),
    (status, errors, refused): (StatusCode, Vec<FieldError>, Option<String>),
) -> actix_web::Result<HttpResponse> {
    match propose(context, summons, &read.plan).await? {
        Ok(found) => {
            let page = proposals_page(person, (form, read, &found), errors, refused);
            Ok(page::html(status, &page))
        }
        Err(now_refused) => refused_form(context, person, (form, read), now_refused).await,
    }
}

/// `POST /summons/book`.
pub async fn book(request: HttpRequest, form: web::Form<OneForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    summoner(&context, &request, &person, Some("web.summons.create")).await?;
    let read = match read(&context, &person, &form).await? {
        Ok(read) => read,
        Err(answer) => return Ok(answer),
    };
    let summons = summons_request(&read, &form, &person);
    let Some((counselor_id, start)) = chosen(&form.tid) else {
        let errors = vec![FieldError::new("tid", t("Vælg en af tiderne."))];
        let answer = (StatusCode::UNPROCESSABLE_ENTITY, errors, None);
        return choose_again(&context, &person, (&form, &read, summons), answer).await;
    };
    let (account, today, plan, now) =
        (person.account.clone(), today(&context), read.plan.clone(), context.clock.now());
    let mut exact = summons.clone();
    let booked = context
        .blocking(move |store| {
            let Ok(counselor) = store.counselor(&counselor_id) else { return Ok(None) };
            let pool = if plan.pool.is_empty() { Vec::new() } else { vec![counselor.caseworker.clone()] };
            let allowed = counselor.jobcenter == plan.offer.jobcenter
                && (plan.pool.is_empty() || plan.pool.contains(&counselor.caseworker))
                && covers_pool(store, &account, &plan.offer.jobcenter, &pool, today)?;
            if !allowed {
                return Ok(None);
            }
            exact.pool = vec![counselor.caseworker.clone()];
            exact.start = Some(start);
            exact.changes = ChangeFlags::from_offer(&plan.rules, start);
            match store.summon_one(&exact, now) {
                Ok(booking) => Ok(Some(Ok(booking))),
                Err(error) => explain(store, &plan, error).map(|refused| refused.ok().map(Err)),
            }
        })
        .await?;
    match booked.ok_or_else(not_found)? {
        Ok(booking) => {
            let id = booking.id.as_str().to_owned();
            audit(&context, &request, &person, ("web.summons.create", "ok"), &read.plan, Some(&id)).await;
            Ok(page::see_other(&format!("/summons/done?booking={id}")))
        }
        Err(refused) => {
            audit(&context, &request, &person, ("web.summons.create", "refused"), &read.plan, None).await;
            let answer = match refused {
                Refusal::Field(error) => (StatusCode::UNPROCESSABLE_ENTITY, vec![error], None),
                Refusal::Rule(text) => (StatusCode::CONFLICT, Vec::new(), Some(text)),
                Refusal::NothingFree(closures) => {
                    (StatusCode::CONFLICT, Vec::new(), Some(nothing_free(&closures)))
                }
            };
            choose_again(&context, &person, (&form, &read, summons), answer).await
        }
    }
}

/// `GET /summons/done?booking=`: the booking, for whoever may see its calendar.
pub async fn done(request: HttpRequest, query: web::Query<DoneQuery>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let (checked, now, id) = (person.clone(), context.clock.now(), query.into_inner().booking);
    let found = context
        .blocking(move |store| {
            let Ok(parsed) = crate::domain::BookingId::parse(&id) else { return Ok(None) };
            let booking = match store.booking(&parsed, None) {
                Ok(booking) => booking,
                Err(crate::store::Error::NotFound(_)) => return Ok(None),
                Err(error) => return Err(error),
            };
            let counselor = booking.counselor.as_str().to_owned();
            let Ok(visible) = visible_booking(store, &checked, (&counselor, &id), now)? else {
                return Ok(None);
            };
            let cpr = store.booking_cpr_for_admin(&visible.booking.id)?;
            let offer = match &visible.booking.offer {
                Some(offer) => store.offer(offer)?.name,
                None => String::new(),
            };
            Ok(Some((visible, citizen::masked(&cpr), offer)))
        })
        .await?;
    let (visible, masked, offer) = found.ok_or_else(not_found)?;
    let start = visible.booking.interval.start().with_timezone(&ZONE).date_naive();
    let page = DonePage {
        csrf: &person.csrf,
        masked,
        when: fill(t("{} kl. {}"), [day_name(start), time_range(&visible.booking.interval)]),
        counselor: full_name(&visible.counselor),
        offer,
        week: week_path(visible.counselor.id.as_str(), start, None),
    };
    Ok(page::html(StatusCode::OK, &page))
}
