//! Counselors' calendar feeds and ICS imports: `GET /setup/{jobcenter}/calendars` lists the
//! counselors, `GET .../calendars/{counselor}` shows one counselor's iCalendar feeds (when made,
//! whether revoked) and the ICS address polled for their busy time (only its host: such an
//! address often holds a secret of its own), with the forms that change them:
//!
//! - `POST .../calendars/{counselor}/feeds`: a new feed (`Store::create_calendar_feed`); its
//!   token is shown on the answer to this POST only, never in an address, a log line or an audit
//!   row, and only its hash is kept; `web.setup.calendar.feed.create`;
//! - `POST .../feeds/{feed}/revoke`: `web.setup.calendar.feed.revoke`;
//! - the ICS import in [`calendar_import`](super::calendar_import).
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused (`Subject::Settings`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::Fields;
use super::hours::{counselor_change, counselor_visit};
use super::{not_found, Subject, Visit};
use crate::domain::{Counselor, ZONE};
use crate::web::calendar::full_name;
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// A counselor in the list.
struct CounselorLine {
    id: String,
    name: String,
}

/// `GET /setup/{jobcenter}/calendars`.
#[derive(Template)]
#[template(path = "web/setup_calendars.html")]
struct ListPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    counselors: Vec<CounselorLine>,
}

/// A feed as listed.
struct FeedLine {
    id: String,
    created: String,
    revoked: Option<String>,
}

/// The ICS import as shown.
struct ImportLine {
    host: String,
    polled: String,
    error: Option<String>,
}

/// `GET /setup/{jobcenter}/calendars/{counselor}`.
#[derive(Template)]
#[template(path = "web/setup_calendar.html")]
struct CalendarPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    id: &'a str,
    name: String,
    feeds: Vec<FeedLine>,
    token_path: Option<String>,
    import: Option<ImportLine>,
    url: String,
    errors: Vec<FieldError>,
}

/// The query of the counselor's page.
#[derive(Debug, Deserialize)]
pub struct CalendarQuery {
    /// What was just done (`revoked`, `import`, `cleared`).
    pub done: Option<String>,
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&ZONE).format("%d.%m.%Y %H:%M").to_string()
}

/// The scheme and host of `url`, never its path or query (which may hold a secret).
fn host_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    format!("{scheme}://{host}/…")
}

/// The page of `counselor` with `status`; `token_path` only on the answer that made a feed.
pub async fn render(
    visit: &Visit,
    (status, notice): (StatusCode, Option<&'static str>),
    counselor: &Counselor,
    (token_path, url): (Option<String>, String),
    errors: Vec<FieldError>,
) -> actix_web::Result<HttpResponse> {
    let id = counselor.id.clone();
    let (feeds, imports) = visit
        .context
        .blocking(move |store| Ok((store.calendar_feeds(&id)?, store.calendar_imports()?)))
        .await?;
    let import = imports.into_iter().find(|i| i.counselor == counselor.id).map(|i| ImportLine {
        host: host_of(&i.url),
        polled: i.last_polled_at.map_or_else(|| t("Ikke hentet endnu").to_owned(), when),
        error: i.last_error,
    });
    let feeds = feeds
        .into_iter()
        .map(|f| FeedLine { id: f.id, created: when(f.created_at), revoked: f.revoked_at.map(when) })
        .collect();
    let page = CalendarPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        id: counselor.id.as_str(),
        name: full_name(counselor),
        feeds,
        token_path,
        import,
        url,
        errors,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/calendars`.
pub async fn list(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let jobcenter = visit.jobcenter.clone();
    let found = visit.context.blocking(move |store| store.counselors_of_jobcenter(&jobcenter)).await?;
    let counselors =
        found.iter().map(|c| CounselorLine { id: c.id.as_str().to_owned(), name: full_name(c) }).collect();
    let page = ListPage { csrf: &visit.person.csrf, jobcenter: visit.jobcenter.as_str(), counselors };
    Ok(page::html(StatusCode::OK, &page))
}

/// `GET /setup/{jobcenter}/calendars/{counselor}`.
pub async fn page(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<CalendarQuery>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let (visit, counselor) = counselor_visit(&request, (&jobcenter, &id), "/calendars").await?;
    let notice = match query.done.as_deref() {
        Some("revoked") => Some(t("Feedet er lukket. Dets adresse virker ikke længere.")),
        Some("import") => Some(t("ICS-adressen er gemt. Den hentes ved næste kørsel.")),
        Some("cleared") => Some(t("Importen er stoppet. Allerede importeret optaget tid bliver stående.")),
        _ => None,
    };
    render(&visit, (StatusCode::OK, notice), &counselor, (None, String::new()), Vec::new()).await
}

/// The counselor of the path and the visit, for a change `operation` (403 unless allowed).
pub async fn changing(
    request: &HttpRequest,
    ids: (&str, &str),
    operation: &str,
    form: &Fields,
) -> actix_web::Result<(Visit, Counselor, Option<String>)> {
    counselor_change(request, ids, (operation, form), "/calendars").await
}

/// `POST /setup/{jobcenter}/calendars/{counselor}/feeds`: the token shown once, on this answer.
pub async fn create_feed(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.calendar.feed.create";
    let (visit, counselor, detail) = changing(&request, (&jobcenter, &id), operation, &form).await?;
    let (counselor_id, now) = (counselor.id.clone(), visit.context.clock.now());
    let (feed, token) =
        visit.context.blocking(move |store| store.create_calendar_feed(&counselor_id, now)).await?;
    let detail = detail.map(|d| format!("{d} feed.id={feed}"));
    visit.audit(&request, (operation, "ok"), detail).await;
    let notice = Some(t("Feedet er oprettet. Kopier adressen nu: den vises kun denne ene gang."));
    let shown = (Some(format!("/calendar/{token}.ics")), String::new());
    render(&visit, (StatusCode::OK, notice), &counselor, shown, Vec::new()).await
}

/// `POST /setup/{jobcenter}/calendars/{counselor}/feeds/{feed}/revoke`.
pub async fn revoke_feed(
    request: HttpRequest,
    path: web::Path<(String, String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id, feed) = path.into_inner();
    let operation = "web.setup.calendar.feed.revoke";
    let (visit, counselor, detail) = changing(&request, (&jobcenter, &id), operation, &form).await?;
    let back = visit.path(&format!("/calendars/{}", counselor.id.as_str()));
    if uuid::Uuid::parse_str(&feed).is_err() {
        return Err(not_found(&back));
    }
    let (counselor_id, now, wanted) = (counselor.id.clone(), visit.context.clock.now(), feed.clone());
    let revoked =
        visit.context.blocking(move |store| store.revoke_calendar_feed(&counselor_id, &wanted, now)).await?;
    if !revoked {
        return Err(not_found(&back));
    }
    visit.audit(&request, (operation, "ok"), detail.map(|d| format!("{d} feed.id={feed}"))).await;
    Ok(page::see_other(&format!("{back}?done=revoked")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_host_of_an_import_address_is_shown() {
        let url = "https://user:pw@outlook.example.com/owa/calendar/abc123/secret/calendar.ics?x=1";
        assert_eq!(super::host_of(url), "https://outlook.example.com/…");
    }
}
