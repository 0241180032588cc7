//! `GET /reports?report=&scope=&from=&to=`: the report form (which report, of which jobcenter
//! or team, for which dates; a GET form, since nothing in it is personal) and the chosen
//! report: its chart beside its table, a link to the CSV and to the other reports of the same
//! period. Without a query the page shows this month's bookings per day of the first jobcenter
//! or team the person reads. A date that cannot be read, or a period too long, is the form
//! again with the field's error (422), and no report.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::build::{build, Report};
use super::chart::Caption;
use super::{audit, load, read_query, reader, today, Asked, Chosen, Kind, ReportQuery};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::Context;

/// One option of a select.
pub struct Choosable {
    /// Its value.
    pub value: String,
    /// Its text.
    pub name: String,
    /// True when chosen.
    pub selected: bool,
}

/// The report shown.
pub struct Shown {
    /// Its title.
    pub title: &'static str,
    /// What it counts.
    pub explanation: &'static str,
    /// The jobcenter or team and the period, in words.
    pub subtitle: String,
    /// Its table and chart.
    pub report: Report,
    /// The address of its CSV.
    pub csv: String,
    /// The other reports of the same choice: title and address.
    pub others: Vec<(&'static str, String)>,
}

/// The reports page.
#[derive(Template)]
#[template(path = "web/reports.html")]
struct ReportsPage {
    csrf: String,
    kinds: Vec<Choosable>,
    scopes: Vec<Choosable>,
    from: String,
    to: String,
    errors: Vec<FieldError>,
    shown: Option<Shown>,
}

/// A date on screens, "09.03.2027".
fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// What the page shows of `chosen` with its `report`.
fn shown(chosen: &Chosen, report: Report) -> Shown {
    let (from, to) = chosen.period;
    let others = Kind::ALL
        .into_iter()
        .filter(|kind| *kind != chosen.kind)
        .map(|kind| (kind.title(), format!("/reports?{}", chosen.query(kind))))
        .collect();
    Shown {
        title: chosen.kind.title(),
        explanation: chosen.kind.explanation(),
        subtitle: format!("{}, {} – {}", chosen.scope.name(), date_text(from), date_text(to)),
        report,
        csv: format!("/reports/csv?{}", chosen.query(chosen.kind)),
        others,
    }
}

/// The chart's name and description of `chosen`.
pub fn caption(chosen: &Chosen) -> Caption {
    let (from, to) = chosen.period;
    Caption {
        id: format!("diagram-{}", chosen.kind.slug()),
        title: format!(
            "{}: {}, {} – {}",
            chosen.kind.title(),
            chosen.scope.name(),
            date_text(from),
            date_text(to)
        ),
        description: fill(t("{} Tallene står i tabellen ved siden af."), [chosen.kind.explanation()]),
    }
}

/// `GET /reports`.
pub async fn reports(
    request: HttpRequest,
    query: web::Query<ReportQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, choices) = reader(&request, &context, "web.reports.view").await?;
    let (mut asked, chosen) = read_query(&query, &choices, today(&context))?;
    let mut shown_report = None;
    if let Some(chosen) = &chosen {
        let wanted = chosen.clone();
        match context.blocking(move |store| load(store, &wanted)).await? {
            Ok(data) => shown_report = Some(shown(chosen, build(chosen.kind, &data, caption(chosen)))),
            Err(error) => asked.errors.push(error),
        }
    }
    let status = if asked.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    if let (Some(chosen), true) = (&chosen, shown_report.is_some()) {
        audit(&context, &request, &person, "web.reports.view", chosen).await;
    }
    let Asked { report, scope, from, to, errors } = asked;
    let kinds = Kind::ALL
        .into_iter()
        .map(|kind| Choosable {
            value: kind.slug().into(),
            name: kind.title().into(),
            selected: kind.slug() == report,
        })
        .collect();
    let scopes = choices
        .iter()
        .map(|choice| {
            let value = choice.scope.value();
            Choosable { selected: value == scope, value, name: choice.name() }
        })
        .collect();
    let page = ReportsPage { csrf: person.csrf, kinds, scopes, from, to, errors, shown: shown_report };
    Ok(page::html(status, &page))
}
