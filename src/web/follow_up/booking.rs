//! `GET /follow-up/bookings/{booking}`: one booking (when, with whom, which offer, status,
//! channel, the CPR masked) and its history: the audit rows that name it
//! (`Store::audit_search`, as `POST /admin/v1/audit/search` with a booking), newest first, with
//! who did what and how it went. A role that may see the CPR gets the calendars' "Vis CPR"
//! button, which shows it on its own page and audits that. Opening the page writes one audit
//! row `web.booking.view`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::{forbidden, operation_name, searchable};
use crate::domain::{Booking, BookingId, ZONE};
use crate::store::{AuditSearch, Entity, Error, Store};
use crate::web::calendar::{
    audit_booking, channel_name, clock, counselor_access, day_name, full_name, not_found, status_name,
    time_range, week_path,
};
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, Context, SignedIn};

/// The most history rows the page shows.
const MAX_HISTORY: i64 = 200;

/// One row of a booking's history.
pub struct Event {
    /// "09.03.2027 10:15".
    pub when: String,
    /// What was done (the audit operation, until `in_language` names it).
    pub what: String,
    /// By whom: a person's name, a machine's identity.
    pub by: String,
    /// How it went (`ok`, `forbidden`, a code).
    pub outcome: String,
}

/// The booking page.
#[derive(Template)]
#[template(path = "web/followup_booking.html")]
struct BookingPage {
    csrf: String,
    id: String,
    when: String,
    counselor_id: String,
    counselor: String,
    week: String,
    offer: String,
    status: &'static str,
    channel: &'static str,
    reveal_cpr: bool,
    history: Vec<Event>,
}

/// What the page shows, read in one go.
struct Read {
    booking: Booking,
    page: BookingPage,
}

/// Who `caller` is on screens: an account's name, or the identity as it is (`names` keeps the
/// names looked up, for the next row).
pub fn caller_name(
    store: &Store,
    names: &mut HashMap<String, String>,
    caller: &str,
) -> Result<String, Error> {
    let Some(id) = caller.strip_prefix("account:") else { return Ok(caller.to_owned()) };
    if let Some(name) = names.get(id) {
        return Ok(name.clone());
    }
    let name = match store.people().account(id) {
        Ok(account) => account.name,
        Err(Error::NotFound(_)) => caller.to_owned(),
        Err(error) => return Err(error),
    };
    names.insert(id.to_owned(), name.clone());
    Ok(name)
}

/// The booking `id` as `person` may see it at `now`, with its history; `None` when it does
/// not exist or its calendar is not theirs to see.
fn read(
    store: &Store,
    person: &SignedIn,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Read>, Error> {
    let Ok(id) = BookingId::parse(id) else { return Ok(None) };
    let booking = match store.booking(&id, None) {
        Ok(booking) => booking,
        Err(Error::NotFound(Entity::Booking)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let Some((counselor, access)) = counselor_access(store, person, booking.counselor.as_str(), now)? else {
        return Ok(None);
    };
    let search = AuditSearch {
        booking: Some(booking.id.clone()),
        scope: vec![booking.jobcenter.as_str().to_owned()],
        ..AuditSearch::default()
    };
    let mut names = HashMap::new();
    let mut history = Vec::new();
    for record in store.audit_search(&search, MAX_HISTORY)? {
        history.push(Event {
            when: format!("{} {}", record.at.with_timezone(&ZONE).format("%d.%m.%Y"), clock(record.at)),
            what: record.entry.operation,
            by: caller_name(store, &mut names, &record.entry.caller)?,
            outcome: record.entry.outcome,
        });
    }
    let offer = match &booking.offer {
        Some(offer) => {
            store.offer(offer).map(|offer| offer.name).unwrap_or_else(|_| offer.as_str().to_owned())
        }
        None => "–".to_owned(),
    };
    let start = booking.interval.start().with_timezone(&ZONE).date_naive();
    let page = BookingPage {
        csrf: person.csrf.clone(),
        id: booking.id.as_str().to_owned(),
        when: fill(t("{} kl. {}"), [day_name(start), time_range(&booking.interval)]),
        counselor_id: counselor.id.as_str().to_owned(),
        counselor: full_name(&counselor),
        week: week_path(counselor.id.as_str(), start, None),
        offer,
        status: status_name(booking.status),
        channel: channel_name(booking.channel),
        reveal_cpr: access.reveal_cpr,
        history,
    };
    Ok(Some(Read { booking, page }))
}

/// `page` with its words in the request's language (it is read on the blocking pool, which
/// answers in Danish): the time, the status, the channel and the operations.
fn in_language(mut page: BookingPage, booking: &Booking) -> BookingPage {
    let start = booking.interval.start().with_timezone(&ZONE).date_naive();
    page.when = fill(t("{} kl. {}"), [day_name(start), time_range(&booking.interval)]);
    page.status = status_name(booking.status);
    page.channel = channel_name(booking.channel);
    for event in &mut page.history {
        event.what = operation_name(&event.what);
    }
    page
}

/// `GET /follow-up/bookings/{booking}`.
pub async fn page(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    if searchable(&person.account).is_empty() {
        return Ok(forbidden(t("Dine roller giver ikke adgang til bookinger.")));
    }
    let now = context.clock.now();
    let checked = person.clone();
    let id = path.into_inner();
    let Read { booking, page } =
        context.blocking(move |store| read(store, &checked, &id, now)).await?.ok_or_else(not_found)?;
    let page = in_language(page, &booking);
    audit_booking(&context, &request, &person, ("web.booking.view", "ok"), &booking).await;
    Ok(page::html(StatusCode::OK, &page))
}
