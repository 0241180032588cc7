//! `GET /calendar/{token}.ics`: a counselor's bookings as an iCalendar feed for calendar
//! subscriptions. The token (created and revoked through the admin API) is the only credential;
//! an unknown or revoked token is 404, like any other missing page. The feed covers bookings from
//! 90 days back to 400 days ahead. Each served feed is audited as `calendar.feed` with the
//! counselor's id, never the token.

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};

use crate::adapters::calendar::ics_write;
use crate::domain::Interval;
use crate::edge::CorrelationId;
use crate::store::{AuditEntry, Store};

/// Registers the feed route.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(web::resource("/calendar/{file}").route(web::get().to(get)));
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such calendar feed\n")
}

async fn get(request: HttpRequest, path: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    let correlation_id =
        request.extensions().get::<CorrelationId>().map(ToString::to_string).unwrap_or_default();
    let file = path.into_inner();
    let Some(token) =
        file.strip_suffix(".ics").filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    else {
        return not_found();
    };
    let token = token.to_owned();
    let store = store.into_inner();
    let result = web::block(move || -> Result<Option<String>, crate::store::Error> {
        let Some(counselor_id) = store.feed_counselor(&token)? else { return Ok(None) };
        let counselor = store.counselor(&counselor_id)?;
        // Contract §5: every call is audited; the token itself never is.
        let entry = AuditEntry {
            correlation_id,
            caller: "calendar-feed".to_owned(),
            request_user: None,
            operation: "calendar.feed".to_owned(),
            jobcenter: Some(counselor.jobcenter.as_str().to_owned()),
            outcome: "ok".to_owned(),
            detail: Some(format!("counselor.id={}", counselor_id.as_str())),
        };
        if let Err(error) = store.append_audit(&entry, Utc::now()) {
            log::error!("audit write failed for the calendar feed: {error}");
        }
        let now = Utc::now();
        let within = Interval::new(now - Duration::days(90), now + Duration::days(400))?;
        let bookings = store.calendar_bookings(&counselor_id, Some(within), None)?;
        let name = format!("Planner: {} {}", counselor.given_name, counselor.surname);
        Ok(Some(ics_write::feed(&name, &bookings)))
    })
    .await;
    match result {
        Ok(Ok(Some(body))) => HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header(("Cache-Control", "no-cache"))
            .body(body),
        Ok(Ok(None)) => not_found(),
        Ok(Err(error)) => {
            log::error!("calendar feed failed: {error}");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("internal error\n")
        }
        Err(error) => {
            log::error!("calendar feed task failed: {error}");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("internal error\n")
        }
    }
}
