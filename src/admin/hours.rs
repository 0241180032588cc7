//! `/admin/v1/counselors/{id}/working-hours`, `/exceptions` and `/blocks`: a counselor's
//! weekly template (local Copenhagen times), dated exceptions and manual busy blocks.
//!
//! Times of day are `HH:MM` local wall-clock times; instants are RFC 3339. Overlapping or
//! reversed periods are a 422 naming the offending entry (`periods[2]`), checked here so the
//! operator learns which line to fix; the domain checks again when the template is built.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use super::counselors::owned_counselor;
use crate::domain::{BlockSource, BusyBlock, DayException, Interval, LocalPeriod, WeeklyHours};
use crate::edge::input::Query;
use crate::edge::Problem;

use crate::domain::calendar::WEEKDAY_KEYS as DAYS;

/// One period of the weekly template on the wire.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekPeriod {
    /// `mon` ... `sun`.
    pub weekday: String,
    /// Local start, `HH:MM`.
    pub start: String,
    /// Local end, `HH:MM`, after the start.
    pub end: String,
}

/// Body and answer of the working-hours endpoints. Breaks (pauser) are taken out of the
/// periods; the answer gives the periods as stored (split around each break) and the breaks as
/// the gaps between a day's periods, so the answer can be sent back unchanged.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekBody {
    /// The periods; none on a day = day off.
    pub periods: Vec<WeekPeriod>,
    /// Breaks, each within its weekday's working day (lunch: `mon 12:00-12:30`).
    #[serde(default)]
    pub breaks: Vec<WeekPeriod>,
}

/// One period of an exception day.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayPeriod {
    /// Local start, `HH:MM`.
    pub start: String,
    /// Local end, `HH:MM`.
    pub end: String,
}

/// Body of `PUT /counselors/{id}/exceptions`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionBody {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    /// The periods worked that day; empty = day off.
    pub periods: Vec<DayPeriod>,
}

/// Body of `POST /counselors/{id}/blocks`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// Start, RFC 3339.
    pub start: String,
    /// End, RFC 3339, after the start.
    pub end: String,
}

/// A busy block on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BlockResponse {
    /// The block's id.
    pub id: String,
    /// Start, RFC 3339 UTC.
    pub start: String,
    /// End, RFC 3339 UTC.
    pub end: String,
    /// Where it came from (`manual`).
    pub source: &'static str,
}

/// Optional period of the block list.
#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    /// From, RFC 3339.
    pub from: Option<String>,
    /// To, RFC 3339.
    pub to: Option<String>,
}

fn time(field: &str, text: &str) -> Result<NaiveTime, Problem> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| Problem::invalid(field, "must be a time HH:MM"))
}

/// Parses an RFC 3339 instant; names `field` when it is not one.
pub fn instant(field: &str, text: &str) -> Result<DateTime<Utc>, Problem> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        Problem::invalid(field, "must be an RFC 3339 date-time such as 2026-03-02T09:00:00+01:00")
    })
}

/// An optional `from`/`to` pair as an interval; both or neither.
pub fn period(from: Option<&str>, to: Option<&str>) -> Result<Option<Interval>, Problem> {
    match (from, to) {
        (None, None) => Ok(None),
        (Some(from), Some(to)) => {
            let interval = Interval::new(instant("from", from)?, instant("to", to)?)
                .map_err(|_| Problem::invalid("to", "must be after 'from'"))?;
            Ok(Some(interval))
        }
        (None, Some(_)) => Err(Problem::invalid("from", "give both 'from' and 'to', or neither")),
        (Some(_), None) => Err(Problem::invalid("to", "give both 'from' and 'to', or neither")),
    }
}

fn local_period(field: &str, start: &str, end: &str) -> Result<LocalPeriod, Problem> {
    let (start, end) = (time(&format!("{field}.start"), start)?, time(&format!("{field}.end"), end)?);
    LocalPeriod::new(start, end)
        .map_err(|_| Problem::invalid(&format!("{field}.end"), "must be after the start"))
}

/// The index of the first entry that overlaps an earlier one on the same day.
fn first_overlap(entries: &[(Weekday, LocalPeriod)]) -> Option<usize> {
    (0..entries.len()).find(|later| {
        let (day, period) = entries[*later];
        entries[..*later]
            .iter()
            .any(|(d, p)| *d == day && p.start() < period.end() && period.start() < p.end())
    })
}

/// Parses the weekday periods of `list`, naming entries `{name}[i]`.
fn weekday_periods(name: &str, list: &[WeekPeriod]) -> Result<Vec<(Weekday, LocalPeriod)>, Problem> {
    let mut entries = Vec::new();
    for (index, period) in list.iter().enumerate() {
        let field = format!("{name}[{index}]");
        let day =
            DAYS.iter().find(|(_, name)| *name == period.weekday).map(|(day, _)| *day).ok_or_else(|| {
                Problem::invalid(
                    &format!("{field}.weekday"),
                    "must be one of mon, tue, wed, thu, fri, sat, sun",
                )
            })?;
        entries.push((day, local_period(&field, &period.start, &period.end)?));
    }
    if let Some(index) = first_overlap(&entries) {
        return Err(Problem::invalid(
            &format!("{name}[{index}]"),
            "overlaps another entry of the same weekday",
        ));
    }
    Ok(entries)
}

fn parse_week(body: WeekBody) -> Result<WeeklyHours, Problem> {
    let week = WeeklyHours::new(weekday_periods("periods", &body.periods)?)?;
    let breaks = weekday_periods("breaks", &body.breaks)?;
    week.without_breaks(&breaks).map_err(|index| {
        Problem::invalid(&format!("breaks[{index}]"), "must lie within the working day of its weekday")
    })
}

fn week_body(week: &WeeklyHours) -> WeekBody {
    let wire = |day: Weekday, p: &LocalPeriod| WeekPeriod {
        weekday: DAYS.iter().find(|(d, _)| *d == day).map_or("mon", |(_, name)| name).to_owned(),
        start: p.start().format("%H:%M").to_string(),
        end: p.end().format("%H:%M").to_string(),
    };
    let periods =
        DAYS.iter().flat_map(|(day, _)| week.periods(*day).iter().map(move |p| wire(*day, p))).collect();
    let breaks = week.breaks().iter().map(|(day, p)| wire(*day, p)).collect();
    WeekBody { periods, breaks }
}

/// `GET /counselors/{id}/working-hours`.
pub async fn get_week(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let week = call
        .run("admin.hours.get", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            Ok(week_body(&ctx.store.working_hours(&counselor.id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(week))
}

/// `PUT /counselors/{id}/working-hours`: replaces the weekly template.
pub async fn put_week(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let week = call
        .run("admin.hours.set", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let week = parse_week(json(&body)?)?;
            ctx.store.set_working_hours(&counselor.id, &week)?;
            Ok(week_body(&week))
        })
        .await?;
    Ok(HttpResponse::Ok().json(week))
}

/// `PUT /counselors/{id}/exceptions`: the hours of one date (none = day off).
pub async fn put_exception(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.exceptions.set", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let request: ExceptionBody = json(&body)?;
            let date = NaiveDate::parse_from_str(&request.date, "%Y-%m-%d")
                .map_err(|_| Problem::invalid("date", "must be a date YYYY-MM-DD"))?;
            let periods = request
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| local_period(&format!("periods[{i}]"), &p.start, &p.end))
                .collect::<Result<Vec<_>, _>>()?;
            let entries: Vec<_> = periods.iter().map(|p| (Weekday::Mon, *p)).collect();
            if let Some(index) = first_overlap(&entries) {
                return Err(Problem::invalid(
                    &format!("periods[{index}]"),
                    "overlaps another period of the day",
                ));
            }
            ctx.store.set_exception(&counselor.id, &DayException::new(date, periods)?)?;
            Ok(request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

fn block_response(id: String, block: &BusyBlock) -> BlockResponse {
    BlockResponse {
        id,
        start: block.interval.start().to_rfc3339(),
        end: block.interval.end().to_rfc3339(),
        source: block.source.as_str(),
    }
}

/// `GET /counselors/{id}/blocks?from=&to=`: manual busy blocks.
pub async fn list_blocks(
    call: AdminCall,
    path: web::Path<String>,
    query: Query<PeriodQuery>,
) -> Result<HttpResponse, Problem> {
    let (id, query) = (path.into_inner(), query.into_inner());
    let list = call
        .run("admin.blocks.list", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let within = period(query.from.as_deref(), query.to.as_deref())?;
            let blocks = ctx.store.blocks_of(&counselor.id, BlockSource::Manual, within)?;
            Ok(blocks.into_iter().map(|b| block_response(b.id, &b.block)).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /counselors/{id}/blocks`: 201 with the new block.
pub async fn add_block(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let created = call
        .run("admin.blocks.create", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let request: BlockRequest = json(&body)?;
            let interval = Interval::new(instant("start", &request.start)?, instant("end", &request.end)?)
                .map_err(|_| Problem::invalid("end", "must be after the start"))?;
            let block = BusyBlock { interval, source: BlockSource::Manual };
            let block_id = ctx.store.add_block(&counselor.id, &block, None, ctx.now)?;
            ctx.note("block.id", &block_id);
            Ok(block_response(block_id, &block))
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `DELETE /counselors/{id}/blocks/{block_id}`: 204, or 404 when the counselor has no such block.
pub async fn delete_block(
    call: AdminCall,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Problem> {
    let (id, block_id) = path.into_inner();
    call.run("admin.blocks.delete", move |ctx| {
        let counselor = owned_counselor(ctx, &id)?;
        ctx.note("block.id", &block_id);
        if ctx.store.delete_block(&counselor.id, &block_id)? {
            Ok(())
        } else {
            Err(Problem::not_found("busy block"))
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
