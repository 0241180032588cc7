//! The booking search: `GET /follow-up/bookings` shows the form, `POST /follow-up/bookings`
//! answers the results below it. The criteria are the admin API's (`Store::search_bookings`,
//! as `POST /admin/v1/bookings/search`): the jobcenter, the dates the bookings touch, the
//! status, the channel and a citizen's CPR. The CPR travels only in the POST body, is never
//! put back into the page (the field is empty again; the page says a CPR was searched for) and
//! never into the audit row. Results are limited to [`MAX_ROWS`] and to the calendars the
//! person may see.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::{forbidden, searchable};
use crate::domain::people::Capability;
use crate::domain::{BookingStatus, Channel, Cpr, JobCenterCode, ZONE};
use crate::store::{days_period, BookingFilter, Error, Store};
use crate::web::calendar::{channel_name, clock, counselor_access, full_name, not_found, status_name};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context, SignedIn};

/// The most bookings a search shows.
pub const MAX_ROWS: usize = 200;

/// The first day a search without a first day starts on.
const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");

/// The last day a search without a last day reaches.
const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("a date");

/// The search form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The jobcenter's code.
    #[serde(default)]
    pub jobcenter: String,
    /// The first day, `YYYY-MM-DD` (optional).
    #[serde(default)]
    pub from: String,
    /// The last day, included (optional).
    #[serde(default)]
    pub to: String,
    /// A status's wire name (optional).
    #[serde(default)]
    pub status: String,
    /// A channel's wire name (optional).
    #[serde(default)]
    pub channel: String,
    /// A citizen's CPR (optional).
    #[serde(default)]
    pub cpr: String,
}

/// One option of a select.
pub struct Choosable {
    /// Its value.
    pub value: String,
    /// Its text.
    pub name: String,
    /// True when chosen.
    pub selected: bool,
}

/// One booking found.
pub struct Found {
    /// Its page.
    pub link: String,
    /// "09.03.2027 10:00".
    pub when: String,
    /// The counselor's name.
    pub counselor: String,
    /// The offer's name.
    pub offer: String,
    /// Its status.
    pub status: &'static str,
    /// Its channel.
    pub channel: &'static str,
}

/// The search page.
#[derive(Template)]
#[template(path = "web/followup_bookings.html")]
struct SearchPage {
    csrf: String,
    jobcenters: Vec<Choosable>,
    statuses: Vec<Choosable>,
    channels: Vec<Choosable>,
    from: String,
    to: String,
    /// Whether the person may search by CPR.
    by_cpr: bool,
    errors: Vec<FieldError>,
    /// The results, once searched.
    found: Option<Vec<Found>>,
    /// True when a CPR was searched for.
    searched_cpr: bool,
    /// True when there were more than the page shows.
    more: bool,
}

/// The options of a select: "all" first, then `values` with their names.
fn options(values: Vec<(String, String)>, chosen: &str, all: &str) -> Vec<Choosable> {
    std::iter::once((String::new(), all.to_owned()))
        .chain(values)
        .map(|(value, name)| Choosable { selected: value == chosen, value, name })
        .collect()
}

/// The page for `person` with `form`'s choices, its errors and results.
fn render(
    person: &SignedIn,
    form: &SearchForm,
    errors: Vec<FieldError>,
    found: Option<(Vec<Found>, bool)>,
) -> SearchPage {
    let jobcenters = searchable(&person.account)
        .into_iter()
        .map(|code| Choosable {
            selected: code.as_str() == form.jobcenter,
            name: fill(t("Jobcenter {}"), [code.as_str()]),
            value: code.as_str().into(),
        })
        .collect();
    let statuses = [
        BookingStatus::Booked,
        BookingStatus::Completed,
        BookingStatus::NoShow,
        BookingStatus::Cancelled,
        BookingStatus::Lapsed,
    ]
    .map(|status| (status.as_str().to_owned(), status_name(status).to_owned()));
    let channels = [Channel::SelfBooking, Channel::CaseworkerSystem, Channel::Summons]
        .map(|channel| (channel.as_str().to_owned(), channel_name(channel).to_owned()));
    let (found, more) = found.map_or((None, false), |(found, more)| (Some(found), more));
    SearchPage {
        csrf: person.csrf.clone(),
        jobcenters,
        statuses: options(statuses.to_vec(), &form.status, t("Alle")),
        channels: options(channels.to_vec(), &form.channel, t("Alle")),
        from: form.from.clone(),
        to: form.to.clone(),
        by_cpr: !person.account.jobcenters_for(Capability::RevealCpr).is_empty(),
        errors,
        searched_cpr: found.is_some() && !form.cpr.trim().is_empty(),
        found,
        more,
    }
}

/// The person, when their roles search bookings somewhere (the 403 page otherwise).
fn searcher(person: SignedIn) -> actix_web::Result<SignedIn> {
    if searchable(&person.account).is_empty() {
        let text = t("Dine roller giver ikke adgang til at søge i bookinger.");
        return Err(page::stop(forbidden(text)));
    }
    Ok(person)
}

/// `GET /follow-up/bookings`.
pub async fn form(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = searcher(session::signed_in(&request, &context).await?)?;
    let form = SearchForm::default();
    Ok(page::html(StatusCode::OK, &render(&person, &form, Vec::new(), None)))
}

/// The filter `form` asks for, or the errors of its fields; a jobcenter the person does not
/// search is `None` (404).
fn filter(person: &SignedIn, form: &SearchForm) -> Option<Result<BookingFilter, Vec<FieldError>>> {
    let jobcenter = JobCenterCode::parse(form.jobcenter.trim()).ok()?;
    searchable(&person.account).contains(&jobcenter).then_some(())?;
    let mut errors = Vec::new();
    let date = |text: &str, field: &'static str, errors: &mut Vec<FieldError>| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            errors.push(FieldError::new(
                field,
                t("Skriv datoen som fx 2027-03-01, eller lad feltet stå tomt."),
            ));
        }
        parsed
    };
    let (from, to) = (date(&form.from, "from", &mut errors), date(&form.to, "to", &mut errors));
    let within = match (from, to) {
        (None, None) => None,
        // Without one end, the search reaches as far as bookings can lie.
        (from, to) => match days_period(from.unwrap_or(EARLIEST), to.unwrap_or(LATEST)) {
            Ok(period) => Some(period),
            Err(_) => {
                errors.push(FieldError::new("to", t("Den sidste dag må ikke ligge før den første.")));
                None
            }
        },
    };
    let status = match form.status.as_str() {
        "" => None,
        text => BookingStatus::parse(text)
            .map_err(|_| errors.push(FieldError::new("status", t("Vælg en status på listen."))))
            .ok(),
    };
    let channel = match form.channel.as_str() {
        "" => None,
        text => Channel::parse(text)
            .map_err(|_| errors.push(FieldError::new("channel", t("Vælg en kanal på listen."))))
            .ok(),
    };
    let cpr = form.cpr.trim();
    let citizen = if cpr.is_empty() {
        None
    } else {
        let parsed = Cpr::parse(&cpr.replace('-', "")).ok();
        if parsed.is_none() {
            errors.push(FieldError::new("cpr", t("Skriv CPR-nummeret med 10 cifre, fx 0101901234.")));
        }
        parsed
    };
    if !errors.is_empty() {
        return Some(Err(errors));
    }
    Some(Ok(BookingFilter { jobcenter, counselor: None, within, status, channel, citizen }))
}

/// The bookings matching `filter` whose calendars `person` may see, as rows, and whether there
/// were more than [`MAX_ROWS`].
fn found(
    store: &Store,
    person: &SignedIn,
    filter: &BookingFilter,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<Found>, bool), Error> {
    let bookings = store.search_bookings(filter, (MAX_ROWS + 1) as i64)?;
    let offers: HashMap<String, String> = store
        .offers_of_jobcenter(&filter.jobcenter)?
        .into_iter()
        .map(|o| (o.id.as_str().to_owned(), o.name))
        .collect();
    let mut calendars = HashMap::new();
    let mut rows = Vec::new();
    for booking in bookings.iter().take(MAX_ROWS) {
        let id = booking.counselor.as_str().to_owned();
        if !calendars.contains_key(&id) {
            let access = counselor_access(store, person, &id, now)?;
            calendars.insert(id.clone(), access.map(|(counselor, _)| full_name(&counselor)));
        }
        let Some(Some(counselor)) = calendars.get(&id) else { continue };
        let start = booking.interval.start();
        rows.push(Found {
            link: format!("/follow-up/bookings/{}", booking.id.as_str()),
            when: format!("{} {}", start.with_timezone(&ZONE).format("%d.%m.%Y"), clock(start)),
            counselor: counselor.clone(),
            offer: booking
                .offer
                .as_ref()
                .and_then(|id| offers.get(id.as_str()).cloned())
                .unwrap_or_else(|| "–".into()),
            status: status_name(booking.status),
            channel: channel_name(booking.channel),
        });
    }
    Ok((rows, bookings.len() > MAX_ROWS))
}

/// `POST /follow-up/bookings`.
pub async fn search(request: HttpRequest, form: web::Form<SearchForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = searcher(session::posted_by(&request, &context, &form.csrf).await?)?;
    let caller = account_caller(&person.account);
    let jobcenter = Some(form.jobcenter.trim().to_owned());
    let by_cpr = !form.cpr.trim().is_empty();
    let detail = Some(format!("jobcenter.code={} by_cpr={by_cpr}", form.jobcenter.trim()));
    let operation = "web.bookings.search";
    let filter = filter(&person, &form).ok_or_else(not_found)?;
    let may_cpr = JobCenterCode::parse(form.jobcenter.trim())
        .is_ok_and(|code| person.account.jobcenters_for(Capability::RevealCpr).contains(&code));
    if by_cpr && !may_cpr {
        context.audit_in(&request, caller, (operation, "forbidden"), jobcenter, detail).await;
        return Ok(forbidden(t("Din rolle giver ikke adgang til at søge på CPR-numre.")));
    }
    let filter = match filter {
        Ok(filter) => filter,
        Err(errors) => {
            context.audit_in(&request, caller, (operation, "invalid"), jobcenter, detail).await;
            let mut shown = form.into_inner();
            shown.cpr.clear();
            return Ok(page::html(StatusCode::UNPROCESSABLE_ENTITY, &render(&person, &shown, errors, None)));
        }
    };
    let now = context.clock.now();
    let checked = person.clone();
    let rows = context.blocking(move |store| found(store, &checked, &filter, now)).await?;
    context.audit_in(&request, caller, (operation, "ok"), jobcenter, detail).await;
    Ok(page::html(StatusCode::OK, &render(&person, &form, Vec::new(), Some(rows))))
}
