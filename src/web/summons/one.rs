//! Summoning one citizen:
//!
//! 1. `GET /summons`: the form (CPR, offer or template, team or counselor, window, the
//!    citizen's contact data when the interview type needs it, rebook and cancel rights);
//! 2. `POST /summons/proposals`: the earliest fitting times (`Store::summons_proposals`, the
//!    same rules and engine as the admin API's summons), each a choice; or the form again with
//!    what to fix (422) or why nothing can be proposed (409);
//! 3. `POST /summons/book` and `GET /summons/done` ([`super::book`]).
//!
//! Audit rows: `web.summons.propose` (here) and `web.summons.create` (`book`), naming the offer
//! and booking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::citizen::{self, Citizen};
use super::plan::{resolve, Plan, PlanFields, Resolved};
use super::refusals::{closures_in, nothing_free, refusal, Refusal};
use super::scope::{choices, Choices};
use super::{binding, not_found, summoner, web_summoner};
use crate::domain::summons::jobcenter_originator;
use crate::domain::type_rules::ContactData;
use crate::domain::{ChangeFlags, Cpr, OfferId, ZONE};
use crate::store::{OfferChoice, Proposals, Store, SummonRequest};
use crate::web::calendar::{day_name, full_name, time_range};
use crate::web::lang::{fill, t};
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
pub(super) struct ProposalsPage<'a> {
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

/// Today in Copenhagen.
pub(super) fn today(context: &Context) -> NaiveDate {
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
pub(super) struct Read {
    /// The citizen's CPR.
    pub(super) cpr: Cpr,
    /// The citizen as pages carry them.
    pub(super) citizen: Citizen,
    /// The checked plan.
    pub(super) plan: Plan,
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
pub(super) async fn read(
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
        errors.push(FieldError::new("email", t("Skriv en e-mailadresse med @, fx navn@eksempel.dk.")));
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
pub(super) fn summons_request(read: &Read, form: &OneForm, person: &SignedIn) -> SummonRequest {
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
pub(super) async fn audit(
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
pub(super) fn explain(
    store: &Store,
    plan: &Plan,
    error: crate::store::Error,
) -> Result<Result<Refusal, ()>, crate::store::Error> {
    let nothing_free = matches!(error, crate::store::Error::Conflict(crate::domain::Error::NoBookingOptions));
    match refusal(error) {
        Ok(Refusal::Rule(_)) if nothing_free => {
            Ok(Ok(Refusal::NothingFree(closures_in(store, &plan.offer.jobcenter, plan.window)?)))
        }
        Ok(refused) => Ok(Ok(refused)),
        Err(crate::store::Error::NotFound(_)) => Ok(Err(())),
        Err(other) => Err(other),
    }
}

/// The proposals of `read`, or why there are none.
pub(super) async fn propose(
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
pub(super) fn proposals_page<'a>(
    person: &'a SignedIn,
    (form, read, found): (&OneForm, &Read, &Proposals),
    errors: Vec<FieldError>,
    refused: Option<String>,
) -> ProposalsPage<'a> {
    let mut days: Vec<ProposedDay> = Vec::new();
    for (index, time) in found.times.iter().enumerate() {
        let day = day_name(time.interval.start().with_timezone(&ZONE).date_naive());
        let seats = time
            .seats_left
            .map(|left| format!(" {}", fill(t("({} ledige pladser)"), [left.to_string()])))
            .unwrap_or_default();
        let proposed = Proposed {
            id: if index == 0 { "tid".into() } else { format!("tid-{index}") },
            value: format!("{}|{}", time.counselor.id.as_str(), time.interval.start().to_rfc3339()),
            label: fill(t("{} hos {}{}"), [time_range(&time.interval), full_name(&time.counselor), seats]),
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
        // Read on the blocking pool, in Danish: a name, or one of the plan's words.
        who: t(&read.plan.who).to_owned(),
        period: fill(
            t("{} til {}"),
            [first.format("%d.%m.%Y").to_string(), last.format("%d.%m.%Y").to_string()],
        ),
        days,
        errors,
        refused,
    }
}

/// The answer to a refusal of `read` at the first step: the form with the field to fix (422)
/// or the reason above it (409).
pub(super) async fn refused_form(
    context: &Context,
    person: &SignedIn,
    (form, read): (&OneForm, &Read),
    refused: Refusal,
) -> actix_web::Result<HttpResponse> {
    let (status, errors, text) = match refused {
        Refusal::Field(error) => (StatusCode::UNPROCESSABLE_ENTITY, vec![error], None),
        Refusal::Rule(text) => (StatusCode::CONFLICT, Vec::new(), Some(text)),
        Refusal::NothingFree(closures) => (StatusCode::CONFLICT, Vec::new(), Some(nothing_free(&closures))),
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
