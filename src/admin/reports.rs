//! `GET /admin/v1/reports/bookings`: counts of a jobcenter's bookings per day, offer, counselor
//! or channel over a period of local dates, as JSON or (with `Accept: text/csv` or
//! `?format=csv`) as CSV for a spreadsheet. `planner report bookings` prints the same CSV.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::AdminCall;
use crate::domain::JobCenterCode;
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::{days_period, report_csv, ReportGroup, ReportLine};

/// Query of the report.
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    /// Jobcenter code.
    pub jobcenter: Option<String>,
    /// First local date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last local date (included), `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `day`, `offer`, `counselor` or `channel`.
    pub group_by: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// One line of the JSON report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportLineResponse {
    /// The group's key.
    pub key: String,
    /// All bookings.
    pub total: i64,
    /// Still booked.
    pub booked: i64,
    /// Completed.
    pub completed: i64,
    /// No-show.
    pub no_show: i64,
    /// Cancelled.
    pub cancelled: i64,
    /// Lapsed.
    pub lapsed: i64,
}

/// The JSON report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportResponse {
    /// Jobcenter code.
    pub jobcenter: String,
    /// First date.
    pub from: String,
    /// Last date (included).
    pub to: String,
    /// The grouping.
    pub group_by: String,
    /// One line per group, by key.
    pub lines: Vec<ReportLineResponse>,
}

fn date(field: &str, value: Option<&str>) -> Result<NaiveDate, Problem> {
    let value = value.ok_or_else(|| Problem::invalid(field, "is required (YYYY-MM-DD)"))?;
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Problem::invalid(field, "must be a date YYYY-MM-DD"))
}

fn wants_csv(request: &HttpRequest, format: Option<&str>) -> Result<bool, Problem> {
    match format {
        Some("csv") => Ok(true),
        Some("json") => Ok(false),
        Some(_) => Err(Problem::invalid("format", "must be 'json' or 'csv'")),
        None => Ok(request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv"))),
    }
}

/// `GET /reports/bookings?jobcenter=&from=&to=&group_by=&format=`.
pub async fn bookings(
    call: AdminCall,
    request: HttpRequest,
    query: Query<ReportQuery>,
) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let csv = wants_csv(&request, query.format.as_deref());
    let (report, csv) = call
        .run("admin.reports.bookings", move |ctx| {
            let csv = csv?;
            let jobcenter =
                query.jobcenter.as_deref().ok_or_else(|| Problem::invalid("jobcenter", "is required"))?;
            let jobcenter = JobCenterCode::parse(jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&jobcenter)?;
            let (from, to) = (date("from", query.from.as_deref())?, date("to", query.to.as_deref())?);
            let period =
                days_period(from, to).map_err(|_| Problem::invalid("to", "must not be before 'from'"))?;
            let group_name = query.group_by.unwrap_or_default();
            let group = ReportGroup::parse(&group_name)
                .ok_or_else(|| Problem::invalid("group_by", "must be day, offer, counselor or channel"))?;
            let lines = ctx.store.booking_report(&jobcenter, period, group)?;
            if csv {
                return Ok((None, Some(report_csv(group, &lines))));
            }
            let lines = lines.into_iter().map(line_response).collect();
            let report = ReportResponse {
                jobcenter: jobcenter.as_str().to_owned(),
                from: from.to_string(),
                to: to.to_string(),
                group_by: group_name,
                lines,
            };
            Ok((Some(report), None))
        })
        .await?;
    match (report, csv) {
        (_, Some(csv)) => Ok(HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(csv)),
        (report, None) => Ok(HttpResponse::Ok().json(report)),
    }
}

fn line_response(line: ReportLine) -> ReportLineResponse {
    ReportLineResponse {
        key: line.key,
        total: line.total,
        booked: line.booked,
        completed: line.completed,
        no_show: line.no_show,
        cancelled: line.cancelled,
        lapsed: line.lapsed,
    }
}
