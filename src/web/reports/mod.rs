//! Reports in the staff web app, for the roles that read them (administrators, summoners and
//! readers, of the jobcenters or teams their roles are bound to), by subject:
//!
//! - [`view`]: `GET /reports?report=&scope=&from=&to=`, the chosen report of a period and a
//!   jobcenter or team, as a chart with its table beside it;
//! - [`export`]: `GET /reports/csv?...`, the same table as CSV for a Danish spreadsheet
//!   (UTF-8 with a byte order mark, semicolons, decimal commas);
//! - [`scope`]: which jobcenters and teams a person may read;
//! - [`kind`]: the reports there are, with their titles and what they count;
//! - [`build`]: each report's table and chart made once from the data, so page and CSV agree;
//! - [`figures`]: counting bookings, the rates and how numbers are written;
//! - [`chart`]: the SVG bar and line charts.
//!
//! The reports: bookings per day, offer, counselor and channel (by status, with the no-show
//! rate and the share self-booked), both rates per week, and utilisation (booked against
//! offered time) per team and week. They count the bookings that start within the period
//! (as `GET /admin/v1/reports/bookings` does), read through the admin API's store functions
//! (`Store::search_bookings`) and `Store::utilisation`; a team's report counts the bookings of
//! the counselors in the team on the booking's day. Reports hold no CPR and change nothing;
//! each view and each export writes one audit row (`web.reports.view`, `web.reports.export`)
//! naming the report, the jobcenter or team and the period.

pub mod build;
pub mod chart;
pub mod export;
pub mod figures;
pub mod kind;
pub mod scope;
pub mod view;

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;

use self::build::Data;
pub use self::kind::Kind;
use self::scope::{Choice, Scope};
use super::calendar::full_name;
use super::page::{self, stop, FieldError};
use super::session::{account_caller, Context, SignedIn};
use crate::domain::ZONE;
use crate::store::{days_period, BookingFilter, Error, Store};
use crate::web::lang::{fill, t};

/// The longest period a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// The most bookings a report counts; a period with more asks for a shorter one.
pub const MAX_BOOKINGS: i64 = 50_000;

/// The routes of the reports.
pub fn routes(config: &mut web::ServiceConfig) {
    config.route("/reports", web::get().to(view::reports)).route("/reports/csv", web::get().to(export::csv));
}

/// The query of a report page and its export.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The report's slug (default `day`).
    pub report: Option<String>,
    /// `jobcenter:<code>` or `team:<id>` (default: the first the person may read).
    pub scope: Option<String>,
    /// The first local date, `YYYY-MM-DD` (default: the first of this month).
    pub from: Option<String>,
    /// The last local date, included (default: the last of this month).
    pub to: Option<String>,
}

/// The form as filled in (or its defaults), with its errors.
#[derive(Debug, Clone)]
pub struct Asked {
    /// The report's slug.
    pub report: String,
    /// The scope's value.
    pub scope: String,
    /// The first date as typed.
    pub from: String,
    /// The last date as typed.
    pub to: String,
    /// What to correct.
    pub errors: Vec<FieldError>,
}

/// A report asked for correctly.
#[derive(Debug, Clone)]
pub struct Chosen {
    /// Which report.
    pub kind: Kind,
    /// Of what.
    pub scope: Choice,
    /// The first and last local date.
    pub period: (NaiveDate, NaiveDate),
}

impl Chosen {
    /// The query string that asks for it again (the CSV link, the other reports' links).
    pub fn query(&self, kind: Kind) -> String {
        let (from, to) = self.period;
        let pairs = [
            ("report", kind.slug().to_owned()),
            ("scope", self.scope.scope.value()),
            ("from", from.to_string()),
            ("to", to.to_string()),
        ];
        form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    }

    /// The audit detail (ids and dates only).
    pub fn detail(&self) -> String {
        let (from, to) = self.period;
        format!("report={} {} from={from} to={to}", self.kind.slug(), self.scope.scope.detail())
    }
}

/// The person reading reports, and what they may read; a person whose roles read no reports
/// gets the 403 page (audited as `operation` refused).
pub async fn reader(
    request: &HttpRequest,
    context: &Context,
    operation: &str,
) -> actix_web::Result<(SignedIn, Vec<Choice>)> {
    let person = super::session::signed_in(request, context).await?;
    if !scope::reads_reports(&person.account) {
        context.audit(request, account_caller(&person.account), operation, "forbidden", None).await;
        return Err(stop(page::message(
            StatusCode::FORBIDDEN,
            t("Det har du ikke adgang til"),
            t("Dine roller giver ikke adgang til rapporter."),
            Some(("/", t("Til forsiden"))),
        )));
    }
    let account = person.account.clone();
    let choices = context.blocking(move |store| scope::choices(store, &account)).await?;
    Ok((person, choices))
}

/// The page for a jobcenter or team that does not exist or is not the person's to read.
fn not_found() -> actix_web::Error {
    stop(page::message(
        StatusCode::NOT_FOUND,
        t("Området findes ikke"),
        t("Det findes ikke, eller det hører ikke til de teams og jobcentre, dine roller gælder for."),
        Some(("/reports", t("Til rapporterne"))),
    ))
}

/// Reads `query` against the person's `choices` on local date `today`: the form with its
/// errors, and the report when nothing needs correcting. A scope outside the choices is 404.
pub fn read_query(
    query: &ReportQuery,
    choices: &[Choice],
    today: NaiveDate,
) -> actix_web::Result<(Asked, Option<Chosen>)> {
    let first_of_month = today.with_day(1).unwrap_or(today);
    let last_of_month =
        first_of_month.checked_add_months(Months::new(1)).and_then(|next| next.pred_opt()).unwrap_or(today);
    let text = |value: &Option<String>, default: String| {
        value.as_deref().map(str::trim).map_or(default, str::to_owned)
    };
    let asked_scope = text(&query.scope, choices.first().map(|c| c.scope.value()).unwrap_or_default());
    let mut asked = Asked {
        report: text(&query.report, Kind::Day.slug().to_owned()),
        scope: asked_scope,
        from: text(&query.from, first_of_month.to_string()),
        to: text(&query.to, last_of_month.to_string()),
        errors: Vec::new(),
    };
    let kind = Kind::parse(&asked.report);
    if kind.is_none() {
        asked.errors.push(FieldError::new("report", t("Vælg en af rapporterne på listen.")));
    }
    let scope = choices.iter().find(|choice| choice.scope.value() == asked.scope).cloned();
    if scope.is_none() && !choices.is_empty() {
        return Err(not_found());
    }
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let (from, to) = (date(&asked.from), date(&asked.to));
    if from.is_none() {
        asked.errors.push(FieldError::new("from", t("Skriv den første dag som en dato, fx 2027-03-01.")));
    }
    if to.is_none() {
        asked.errors.push(FieldError::new("to", t("Skriv den sidste dag som en dato, fx 2027-03-31.")));
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            asked.errors.push(FieldError::new("to", t("Den sidste dag må ikke ligge før den første.")));
        } else if (to - from).num_days() >= MAX_DAYS {
            let text =
                fill(t("En rapport dækker højst {} dage. Vælg en kortere periode."), [MAX_DAYS.to_string()]);
            asked.errors.push(FieldError::new("to", text));
        }
    }
    let chosen = match (kind, scope, from, to) {
        (Some(kind), Some(scope), Some(from), Some(to)) if asked.errors.is_empty() => {
            Some(Chosen { kind, scope, period: (from, to) })
        }
        _ => None,
    };
    Ok((asked, chosen))
}

/// Today's local date at the request's "now".
pub fn today(context: &Context) -> NaiveDate {
    context.clock.now().with_timezone(&ZONE).date_naive()
}

/// The data of `chosen`; a period with more bookings than a report counts is the error of
/// the first date's field.
pub fn load(store: &Store, chosen: &Chosen) -> Result<Result<Data, FieldError>, Error> {
    let (from, to) = chosen.period;
    let jobcenter = chosen.scope.scope.jobcenter().clone();
    let team = match &chosen.scope.scope {
        Scope::Team(team) => Some(team.id.clone()),
        Scope::Jobcenter(_) => None,
    };
    let mut data = Data { period: (from, to), ..Data::default() };
    if chosen.kind == Kind::Utilisation {
        data.utilisation = store.utilisation(&jobcenter, team.as_ref(), (from, to))?;
        return Ok(Ok(data));
    }
    let period = days_period(from, to)?;
    let filter = BookingFilter {
        jobcenter: jobcenter.clone(),
        counselor: None,
        within: Some(period),
        status: None,
        channel: None,
        citizen: None,
    };
    let mut bookings = store.search_bookings(&filter, MAX_BOOKINGS + 1)?;
    if bookings.len() as i64 > MAX_BOOKINGS {
        let message = t("Perioden har for mange bookinger til én rapport. Vælg en kortere periode.");
        return Ok(Err(FieldError::new("from", message)));
    }
    bookings.retain(|booking| booking.interval.start() >= period.start());
    if let Some(team) = &team {
        let (_, members) = store.teams().get(team)?;
        bookings.retain(|booking| {
            let day = booking.interval.start().with_timezone(&ZONE).date_naive();
            members.iter().any(|member| member.counselor == booking.counselor && member.covers(day))
        });
    }
    data.bookings = bookings;
    data.offers = store
        .offers_of_jobcenter(&jobcenter)?
        .into_iter()
        .map(|o| (o.id.as_str().to_owned(), o.name))
        .collect();
    data.counselors = store
        .counselors_of_jobcenter(&jobcenter)?
        .iter()
        .map(|c| (c.id.as_str().to_owned(), full_name(c)))
        .collect::<HashMap<_, _>>();
    Ok(Ok(data))
}

/// Writes the audit row `operation` of `chosen` by `person`.
pub async fn audit(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    operation: &str,
    chosen: &Chosen,
) {
    let caller = account_caller(&person.account);
    let jobcenter = Some(chosen.scope.scope.jobcenter().as_str().to_owned());
    context.audit_in(request, caller, (operation, "ok"), jobcenter, Some(chosen.detail())).await;
}
