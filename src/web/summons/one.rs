//! Summoning one citizen:
//!
//! 1. `GET /summons`: the form (CPR, offer or template, team or counselor, window, the
//!    citizen's contact data when the interview type needs it, rebook and cancel rights);
//! 2. `POST /summons/proposals`: the earliest fitting times (`Store::summons_proposals`, the
//!    same rules and engine as the admin API's summons), each a choice; or the form again with
//!    what to fix (422) or why nothing can be proposed (409);
//! 3. `POST /summons/book`: books the chosen time (`Store::summon_one` with its exact start
//!    and counselor); a time taken meanwhile shows the times again (409);
//! 4. `GET /summons/done?booking=`: the booking made, for whoever may see its calendar.
//!
//! Audit rows: `web.summons.propose` and `web.summons.create`, naming the offer and booking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::citizen::{self, Citizen};
use super::plan::{resolve, Plan, PlanFields, Resolved};
use super::refusals::{closures_in, refusal, Refusal};
use super::scope::{choices, covers_pool, Choices};
use super::{binding, not_found, summoner, web_summoner};
use crate::domain::summons::jobcenter_originator;
use crate::domain::type_rules::ContactData;
use crate::domain::{ChangeFlags, CounselorId, Cpr, OfferId, ZONE};
use crate::store::{OfferChoice, Proposals, Store, SummonRequest};
use crate::web::calendar::{day_name, full_name, time_range, visible_booking, week_path};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context, SignedIn};

/// How many times are proposed.
const PROPOSED: usize = 8;

/// The form.
#[derive(Template)]
#[template(path = "web/summons_one.html")]
pub struct FormPage<'a> {
    pub(super) csrf: &'a str,
    pub(super) choices: Choices,
    pub(super) fields: PlanFields,
    pub(super) contact: (String, String),
    /// The citizen when the CPR is known already (typed before, or from a plan-link).
    pub(super) citizen: Option<Citizen>,
    pub(super) errors: Vec<FieldError>,
    /// Why nothing can be proposed, above the form.
    pub(super) refused: Option<String>,
}

/// One proposed time as a choice.
struct Proposed {
    /// The radio button's id (`tid` for the first, which an error links to).
    id: String,
    /// `<counselor id>|<start, RFC 3339>`.
    value: String,
    /// "08:00–08:45 hos Rådgiver0 Jensen".
    label: String,
}

/// The proposed times of one day.
struct ProposedDay {
    label: String,
    times: Vec<Proposed>,
}

/// The proposals.
#[derive(Template)]
#[template(path = "web/summons_proposals.html")]
struct ProposalsPage<'a> {
    csrf: &'a str,
    citizen: Citizen,
    fields: PlanFields,
    contact: (String, String),
    offer: String,
    who: String,
    period: String,
    days: Vec<ProposedDay>,
    errors: Vec<FieldError>,
    refused: Option<String>,
}

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

/// The form of all three steps.
#[derive(Debug, Deserialize)]
pub struct OneForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The CPR as typed (first step).
    #[serde(default)]
    pub cpr: String,
    /// The CPR sealed by an earlier page.
    #[serde(default)]
    pub borger: String,
    /// The citizen's e-mail address (not stored).
    #[serde(default)]
    pub email: String,
    /// The citizen's mobile number (not stored).
    #[serde(default)]
    pub mobil: String,
    /// The chosen time, `<counselor id>|<start>` (last step).
    #[serde(default)]
    pub tid: String,
    /// What, whom, when.
    #[serde(flatten)]
    pub plan: PlanFields,
}

/// The query of the done page.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    /// The booking.
    pub booking: String,
}

/// Today in Copenhagen.
fn today(context: &Context) -> NaiveDate {
    context.clock.now().with_timezone(&ZONE).date_naive()
}

/// The form for `person` with `fields`, `errors` and what was refused, with `status`.
pub async fn form_page(
    context: &Context,
    person: &SignedIn,
    status: StatusCode,
    form: FormPage<'_>,
) -> actix_web::Result<HttpResponse> {
    let (account, today) = (person.account.clone(), today(context));
    let choices = context.blocking(move |store| choices(store, &account, today)).await?;
    Ok(page::html(status, &FormPage { choices, ..form }))
}

/// `GET /summons`.
pub async fn form(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    summoner(&context, &request, &person, None).await?;
    let page = empty_form(&person, None);
    form_page(&context, &person, StatusCode::OK, page).await
}

/// The empty form (for `citizen`, when known).
pub fn empty_form(person: &SignedIn, citizen: Option<Citizen>) -> FormPage<'_> {
    FormPage {
        csrf: &person.csrf,
        choices: Choices::default(),
        fields: PlanFields::default(),
        contact: Default::default(),
        citizen,
        errors: Vec::new(),
        refused: None,
    }
}

/// What the first two steps read from a form: the citizen and the plan, or the answer.
struct Read {
    cpr: Cpr,
    citizen: Citizen,
    plan: Plan,
}

/// The form `form` sent with its fields as typed, the errors and what was refused.
fn again<'a>(
    person: &'a SignedIn,
    form: &OneForm,
    citizen: Option<Citizen>,
    errors: Vec<FieldError>,
    refused: Option<String>,
) -> FormPage<'a> {
    FormPage {
        csrf: &person.csrf,
        choices: Choices::default(),
        fields: form.plan.clone(),
        contact: (form.email.clone(), form.mobil.clone()),
        citizen,
        errors,
        refused,
    }
}

/// Reads the citizen and the plan of `form`; otherwise answers the form with what to fix, or
/// the 404 page.
async fn read(
    context: &Context,
    person: &SignedIn,
    form: &OneForm,
) -> actix_web::Result<Result<Read, HttpResponse>> {
    let (account, today, binding) = (person.account.clone(), today(context), binding(person));
    let (fields, sealed, typed) = (form.plan.clone(), form.borger.clone(), form.cpr.clone());
    let (cpr, citizen, resolved) = context
        .blocking(move |store| {
            let cpr = citizen::read(store, &binding, &sealed, &typed);
            let citizen = match &cpr {
                Ok(cpr) => Some(citizen::seal(store, &binding, cpr)?),
                Err(_) => None,
            };
            Ok((cpr, citizen, resolve(store, &account, &fields, today)?))
        })
        .await?;
    let mut errors = Vec::new();
    if let Err(error) = &cpr {
        errors.push(error.clone());
    }
    let plan = match resolved {
        Resolved::NotFound => return Err(not_found()),
        Resolved::Invalid(found) => {
            errors.extend(found);
            None
        }
        Resolved::Plan(plan) => Some(*plan),
    };
    if form.email.trim().chars().any(char::is_whitespace)
        || (!form.email.trim().is_empty() && !form.email.contains('@'))
    {
        errors.push(FieldError::new("email", "Skriv en e-mailadresse med @, fx navn@eksempel.dk."));
    }
    match (cpr, citizen, plan) {
        (Ok(cpr), Some(citizen), Some(plan)) if errors.is_empty() => Ok(Ok(Read { cpr, citizen, plan })),
        (_, citizen, _) => {
            let page = again(person, form, citizen, errors, None);
            Ok(Err(form_page(context, person, StatusCode::UNPROCESSABLE_ENTITY, page).await?))
        }
    }
}

/// The summons request of `read` (the start and counselor are set when booking).
fn summons_request(read: &Read, form: &OneForm, person: &SignedIn) -> SummonRequest {
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    SummonRequest {
        cpr: read.cpr.clone(),
        offer: OfferChoice::Offer(read.plan.offer.id.clone()),
        pool: read.plan.pool.clone(),
        window: read.plan.window,
        start: None,
        changes: ChangeFlags::default(),
        originator: jobcenter_originator(&read.plan.offer.jobcenter),
        summoner: web_summoner(person),
        contact: ContactData { email: optional(&form.email), phone: optional(&form.mobil) },
    }
}

/// The audit detail of a summons of `offer` (and `booking`).
fn detail(offer: &OfferId, booking: Option<&str>) -> Option<String> {
    Some(match booking {
        Some(booking) => format!("offer.id={} booking.id={booking}", offer.as_str()),
        None => format!("offer.id={}", offer.as_str()),
    })
}

/// Writes the audit row `operation`/`outcome` of a summons by `person` of the plan's offer.
async fn audit(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    (operation, outcome): (&str, &str),
    plan: &Plan,
    booking: Option<&str>,
) {
    let jobcenter = Some(plan.offer.jobcenter.as_str().to_owned());
    let detail = detail(&plan.offer.id, booking);
    context.audit_in(request, account_caller(&person.account), (operation, outcome), jobcenter, detail).await;
}

/// The refusal of `error` as the person reads it (with the closing days when nothing is free),
/// or the store's failure.
fn explain(
    store: &Store,
    plan: &Plan,
    error: crate::store::Error,
) -> Result<Result<Refusal, ()>, crate::store::Error> {
    let nothing_free = matches!(error, crate::store::Error::Conflict(crate::domain::Error::NoBookingOptions));
    match refusal(error) {
        Ok(Refusal::Rule(text)) if nothing_free => {
            let closed = closures_in(store, &plan.offer.jobcenter, plan.window)?;
            Ok(Ok(Refusal::Rule(closed.map_or(text.clone(), |closed| format!("{text} {closed}")))))
        }
        Ok(refused) => Ok(Ok(refused)),
        Err(crate::store::Error::NotFound(_)) => Ok(Err(())),
        Err(other) => Err(other),
    }
}

/// The proposals of `read`, or why there are none.
async fn propose(
    context: &Context,
    request: SummonRequest,
    plan: &Plan,
) -> actix_web::Result<Result<Proposals, Refusal>> {
    let (now, plan) = (context.clock.now(), plan.clone());
    let found = context
        .blocking(move |store| match store.summons_proposals(&request, PROPOSED, now) {
            Ok(found) => Ok(Ok(Ok(found))),
            Err(error) => explain(store, &plan, error).map(|refused| refused.map(Err)),
        })
        .await?;
    found.map_err(|()| not_found())
}

/// The proposals page of `found`.
fn proposals_page<'a>(
    person: &'a SignedIn,
    (form, read, found): (&OneForm, &Read, &Proposals),
    errors: Vec<FieldError>,
    refused: Option<String>,
) -> ProposalsPage<'a> {
    let mut days: Vec<ProposedDay> = Vec::new();
    for (index, time) in found.times.iter().enumerate() {
        let day = day_name(time.interval.start().with_timezone(&ZONE).date_naive());
        let seats = time.seats_left.map(|left| format!(" ({left} ledige pladser)")).unwrap_or_default();
        let proposed = Proposed {
            id: if index == 0 { "tid".into() } else { format!("tid-{index}") },
            value: format!("{}|{}", time.counselor.id.as_str(), time.interval.start().to_rfc3339()),
            label: format!("{} hos {}{seats}", time_range(&time.interval), full_name(&time.counselor)),
        };
        match days.last_mut() {
            Some(last) if last.label == day => last.times.push(proposed),
            _ => days.push(ProposedDay { label: day, times: vec![proposed] }),
        }
    }
    let (first, last) = read.plan.days;
    let mut fields = form.plan.clone();
    (fields.fra, fields.til) = (first.to_string(), last.to_string());
    ProposalsPage {
        csrf: &person.csrf,
        citizen: read.citizen.clone(),
        fields,
        contact: (form.email.clone(), form.mobil.clone()),
        offer: found.offer.name.clone(),
        who: read.plan.who.clone(),
        period: format!("{} til {}", first.format("%d.%m.%Y"), last.format("%d.%m.%Y")),
        days,
        errors,
        refused,
    }
}

/// The answer to a refusal of `read` at the first step: the form with the field to fix (422)
/// or the reason above it (409).
async fn refused_form(
    context: &Context,
    person: &SignedIn,
    (form, read): (&OneForm, &Read),
    refused: Refusal,
) -> actix_web::Result<HttpResponse> {
    let (status, errors, text) = match refused {
        Refusal::Field(error) => (StatusCode::UNPROCESSABLE_ENTITY, vec![error], None),
        Refusal::Rule(text) => (StatusCode::CONFLICT, Vec::new(), Some(text)),
    };
    let page = again(person, form, Some(read.citizen.clone()), errors, text);
    form_page(context, person, status, page).await
}

/// `POST /summons/proposals`.
pub async fn proposals(request: HttpRequest, form: web::Form<OneForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    summoner(&context, &request, &person, Some("web.summons.propose")).await?;
    let read = match read(&context, &person, &form).await? {
        Ok(read) => read,
        Err(answer) => return Ok(answer),
    };
    let summons = summons_request(&read, &form, &person);
    match propose(&context, summons, &read.plan).await? {
        Ok(found) => {
            audit(&context, &request, &person, ("web.summons.propose", "ok"), &read.plan, None).await;
            let page = proposals_page(&person, (&form, &read, &found), Vec::new(), None);
            Ok(page::html(StatusCode::OK, &page))
        }
        Err(refused) => {
            audit(&context, &request, &person, ("web.summons.propose", "refused"), &read.plan, None).await;
            refused_form(&context, &person, (&form, &read), refused).await
        }
    }
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
        let errors = vec![FieldError::new("tid", "Vælg en af tiderne.")];
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
            let Some(visible) = visible_booking(store, &checked, (&counselor, &id), now)? else {
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
        when: format!("{} kl. {}", day_name(start), time_range(&visible.booking.interval)),
        counselor: full_name(&visible.counselor),
        offer,
        week: week_path(visible.counselor.id.as_str(), start, None),
    };
    Ok(page::html(StatusCode::OK, &page))
}
