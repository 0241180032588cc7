//! Calendar sync in the admin API: the conflict queue (external events overlapping bookings,
//! accepted as busy and left for a human), iCalendar feed tokens per counselor (the token is
//! shown once, only its hash is kept), and the ICS URL polled for a counselor's busy time.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use super::counselors::owned_counselor;
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::CalendarConflict;

/// Largest `limit` of the conflict list.
const MAX_ROWS: i64 = 1000;

/// Query of the conflict list.
#[derive(Debug, Deserialize)]
pub struct ConflictQuery {
    /// Also resolved conflicts (default false).
    pub all: Option<bool>,
    /// At most this many, newest first (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// One conflict on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ConflictResponse {
    /// The conflict's id.
    pub id: String,
    /// The counselor.
    pub counselor_id: String,
    /// The booking overlapped (left as it was).
    pub booking_id: String,
    /// Who pushed the event.
    pub source: String,
    /// The connector's event id.
    pub event_id: String,
    /// The event's start, RFC 3339.
    pub event_start: String,
    /// The event's end, RFC 3339.
    pub event_end: String,
    /// Whether the event was deleted since.
    pub event_deleted: bool,
    /// When the overlap was found.
    pub detected_at: String,
    /// When resolved.
    pub resolved_at: Option<String>,
    /// The operator's note.
    pub resolution: Option<String>,
}

impl From<CalendarConflict> for ConflictResponse {
    fn from(c: CalendarConflict) -> Self {
        Self {
            id: c.id,
            counselor_id: c.counselor,
            booking_id: c.booking,
            source: c.source,
            event_id: c.event,
            event_start: c.event_start.to_rfc3339(),
            event_end: c.event_end.to_rfc3339(),
            event_deleted: c.event_deleted,
            detected_at: c.detected_at.to_rfc3339(),
            resolved_at: c.resolved_at.map(|t| t.to_rfc3339()),
            resolution: c.resolution,
        }
    }
}

/// Body of a resolve call.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// What was done (1-500 characters).
    pub note: String,
}

/// `GET /calendar/conflicts?all=&limit=`.
pub async fn conflicts(call: AdminCall, query: Query<ConflictQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let list = call
        .run("admin.calendar.conflicts", move |ctx| {
            let limit = crate::edge::input::row_limit(query.limit, 100, MAX_ROWS)?;
            let rows = ctx.store.calendar_conflicts(ctx.jobcenters(), query.all.unwrap_or(false), limit)?;
            Ok(rows.into_iter().map(ConflictResponse::from).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /calendar/conflicts/{id}/resolve`: 204, or 404 when no such open conflict.
pub async fn resolve(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    call.run("admin.calendar.conflicts.resolve", move |ctx| {
        let request: ResolveRequest = json(&body)?;
        let note = request.note.trim();
        if note.is_empty() || note.chars().count() > 500 {
            return Err(Problem::invalid("note", "must be 1-500 characters"));
        }
        ctx.note("conflict.id", &id);
        if ctx.store.resolve_calendar_conflict(ctx.jobcenters(), &id, note, ctx.now)? {
            Ok(())
        } else {
            Err(Problem::not_found("open calendar conflict"))
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A feed as listed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FeedResponse {
    /// The feed's id.
    pub id: String,
    /// When created.
    pub created_at: String,
    /// When revoked.
    pub revoked_at: Option<String>,
}

/// A new feed: the only time its token is shown.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NewFeedResponse {
    /// The feed's id.
    pub id: String,
    /// The secret token.
    pub token: String,
    /// The feed's path (`/calendar/{token}.ics`).
    pub path: String,
}

/// `POST /counselors/{id}/calendar-feeds`: 201 with the token.
pub async fn create_feed(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let created = call
        .run("admin.calendar.feeds.create", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let (feed, token) = ctx.store.create_calendar_feed(&counselor.id, ctx.now)?;
            ctx.note("feed.id", &feed);
            Ok(NewFeedResponse { id: feed, path: format!("/calendar/{token}.ics"), token })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /counselors/{id}/calendar-feeds`.
pub async fn list_feeds(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let list = call
        .run("admin.calendar.feeds.list", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            Ok(ctx
                .store
                .calendar_feeds(&counselor.id)?
                .into_iter()
                .map(|f| FeedResponse {
                    id: f.id,
                    created_at: f.created_at.to_rfc3339(),
                    revoked_at: f.revoked_at.map(|t| t.to_rfc3339()),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `DELETE /counselors/{id}/calendar-feeds/{feed_id}`: 204, or 404.
pub async fn revoke_feed(
    call: AdminCall,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Problem> {
    let (id, feed) = path.into_inner();
    call.run("admin.calendar.feeds.revoke", move |ctx| {
        let counselor = owned_counselor(ctx, &id)?;
        ctx.note("feed.id", &feed);
        if ctx.store.revoke_calendar_feed(&counselor.id, &feed, ctx.now)? {
            Ok(())
        } else {
            Err(Problem::not_found("calendar feed"))
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Body of `PUT /counselors/{id}/calendar-import`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The `http://` or `https://` URL of an ICS file with the counselor's busy time.
    pub url: String,
}

/// `PUT /counselors/{id}/calendar-import`: 204.
pub async fn set_import(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    call.run("admin.calendar.import.set", move |ctx| {
        let counselor = owned_counselor(ctx, &id)?;
        let request: ImportRequest = json(&body)?;
        let url = request.url.trim();
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if !scheme_ok || url.len() > 2000 || url.contains(char::is_whitespace) {
            return Err(Problem::invalid(
                "url",
                "must be an http:// or https:// URL of at most 2000 characters",
            ));
        }
        ctx.store.set_calendar_import(&counselor.id, Some(url))?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `DELETE /counselors/{id}/calendar-import`: 204 (imported blocks stay until replaced).
pub async fn clear_import(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    call.run("admin.calendar.import.clear", move |ctx| {
        let counselor = owned_counselor(ctx, &id)?;
        ctx.store.set_calendar_import(&counselor.id, None)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
