//! Counselors' working hours: `GET /setup/{jobcenter}/hours` lists the jobcenter's counselors,
//! `GET .../hours/{counselor}` shows one counselor's week as a table (a row per weekday: start,
//! end and breaks) edited in one form (`POST .../hours/{counselor}`, saved with
//! `Store::set_working_hours` as the admin API's `admin/hours.rs` does), and the dated
//! exceptions from today on with the form for one more ([`exceptions`](super::exceptions)).
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused (`Subject::Settings`). Audit row `web.setup.hours.set` with the
//! counselor's id; a bad field is named (`hours-mon-start`) and nothing is saved.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::Fields;
use super::hours_form::{read_week, rows_of, rows_posted, DayRow};
use super::{not_found, Subject, Visit};
use crate::domain::{Counselor, CounselorId, DayException, ZONE};
use crate::store::Error;
use crate::web::calendar::{day_name, full_name};
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// What the exception form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct ExceptionValues {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// A day off.
    pub off: bool,
    /// The start, `HH:MM`.
    pub start: String,
    /// The end, `HH:MM`.
    pub end: String,
}

/// A stored exception as listed.
struct ExceptionLine {
    date: String,
    hours: String,
}

/// A counselor in the list.
struct CounselorLine {
    id: String,
    name: String,
    active: bool,
}

/// `GET /setup/{jobcenter}/hours`.
#[derive(Template)]
#[template(path = "web/setup_hours_list.html")]
struct ListPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    counselors: Vec<CounselorLine>,
}

/// `GET /setup/{jobcenter}/hours/{counselor}`.
#[derive(Template)]
#[template(path = "web/setup_hours.html")]
struct HoursPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    id: &'a str,
    name: String,
    rows: Vec<DayRow>,
    exceptions: Vec<ExceptionLine>,
    exception: ExceptionValues,
    errors: Vec<FieldError>,
}

/// The query of the counselor's page.
#[derive(Debug, Deserialize)]
pub struct HoursQuery {
    /// What was just done (`saved`, `exception`).
    pub done: Option<String>,
}

/// The counselor `id` of the visit's jobcenter, or the 404 page.
pub async fn owned_counselor(visit: &Visit, id: &str, back: &str) -> actix_web::Result<Counselor> {
    let id = CounselorId::parse(id).map_err(|_| not_found(back))?;
    let found = visit
        .context
        .blocking(move |store| match store.counselor(&id) {
            Ok(counselor) => Ok(Some(counselor)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    found.filter(|counselor| counselor.jobcenter == visit.jobcenter).ok_or_else(|| not_found(back))
}

/// The visit and the counselor of the path on a counselor's page under `list` (`/hours`,
/// `/calendars`, ...; its 404 page links back there), for a person who may read settings.
pub async fn counselor_visit(
    request: &HttpRequest,
    (jobcenter, id): (&str, &str),
    list: &str,
) -> actix_web::Result<(Visit, Counselor)> {
    let visit = Visit::reading(request, jobcenter, Subject::Settings).await?;
    let counselor = owned_counselor(&visit, id, &visit.path(list)).await?;
    Ok((visit, counselor))
}

/// The visit and the counselor of the path for a change `operation` posted from a counselor's
/// page under `list` (`/hours`, `/calendars`, ...; its 404 page links back there), with the
/// audit detail `counselor.id=...`; 403 (audited) unless the person may change settings.
pub async fn counselor_change(
    request: &HttpRequest,
    (jobcenter, id): (&str, &str),
    (operation, form): (&str, &Fields),
    list: &str,
) -> actix_web::Result<(Visit, Counselor, Option<String>)> {
    let visit = Visit::posting(request, jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let counselor = owned_counselor(&visit, id, &visit.path(list)).await?;
    let detail = Some(format!("counselor.id={}", counselor.id.as_str()));
    visit.changing_with(request, operation, &detail).await?;
    Ok((visit, counselor, detail))
}

/// The page of `counselor` with `status`; `rows` as typed, or the stored week when `None`.
pub async fn render(
    visit: &Visit,
    (status, notice): (StatusCode, Option<&'static str>),
    counselor: &Counselor,
    (rows, exception): (Option<Vec<DayRow>>, ExceptionValues),
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let (id, today) = (counselor.id.clone(), visit.context.clock.now().with_timezone(&ZONE).date_naive());
    let (week, stored) = visit
        .context
        .blocking(move |store| Ok((store.working_hours(&id)?, store.exceptions_from(&id, today)?)))
        .await?;
    let exceptions = stored.iter().map(exception_line).collect();
    let page = HoursPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        id: counselor.id.as_str(),
        name: full_name(counselor),
        rows: rows.unwrap_or_else(|| rows_of(&week)),
        exceptions,
        exception,
        errors,
    };
    Ok(page::html(status, &page))
}

fn exception_line(exception: &DayException) -> ExceptionLine {
    let hours = if exception.periods().is_empty() {
        t("Fri").to_owned()
    } else {
        let hm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
        let periods: Vec<String> =
            exception.periods().iter().map(|p| format!("{}–{}", hm(p.start()), hm(p.end()))).collect();
        periods.join(", ")
    };
    ExceptionLine { date: day_name(exception.date()), hours }
}

/// `GET /setup/{jobcenter}/hours`.
pub async fn list(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let jobcenter = visit.jobcenter.clone();
    let found = visit.context.blocking(move |store| store.counselors_of_jobcenter(&jobcenter)).await?;
    let counselors = found
        .iter()
        .map(|c| CounselorLine { id: c.id.as_str().to_owned(), name: full_name(c), active: c.active })
        .collect();
    let page = ListPage { csrf: &visit.person.csrf, jobcenter: visit.jobcenter.as_str(), counselors };
    Ok(page::html(StatusCode::OK, &page))
}

/// `GET /setup/{jobcenter}/hours/{counselor}`.
pub async fn page(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<HoursQuery>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let (visit, counselor) = counselor_visit(&request, (&jobcenter, &id), "/hours").await?;
    let notice = match query.done.as_deref() {
        Some("saved") => Some(t("Arbejdstiderne er gemt.")),
        Some("exception") => Some(t("Undtagelsen er gemt.")),
        _ => None,
    };
    let values = (None, ExceptionValues::default());
    render(&visit, (StatusCode::OK, notice), &counselor, values, Vec::new()).await
}

/// `POST /setup/{jobcenter}/hours/{counselor}`: the whole week replaced.
pub async fn save(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.hours.set";
    let (visit, counselor, detail) =
        counselor_change(&request, (&jobcenter, &id), (operation, &form), "/hours").await?;
    let rows = rows_posted(&form);
    let week = match read_week(&rows) {
        Ok(week) => week,
        Err(errors) => {
            visit.audit(&request, (operation, "invalid"), detail).await;
            let status = (StatusCode::UNPROCESSABLE_ENTITY, None);
            return render(&visit, status, &counselor, (Some(rows), ExceptionValues::default()), errors)
                .await;
        }
    };
    let counselor_id = counselor.id.clone();
    visit.context.blocking(move |store| store.set_working_hours(&counselor_id, &week)).await?;
    Ok(visit.done(&request, operation, detail, &format!("/hours/{}?done=saved", counselor.id.as_str())).await)
}
