//! The webhook delivery log, for administrators of whole jobcenters:
//! `GET /follow-up/webhooks?recipient=&before=` lists the deliveries of the recipients they
//! manage (one recipient, or all), newest first, [`PAGE`](super::PAGE) a page (the next page
//! holds the deliveries before the last one shown, so new deliveries do not shift it), with
//! recipient, event, status, attempts and the last error; `POST
//! /follow-up/webhooks/deliveries/{id}/redeliver` queues a delivered or given-up delivery again.
//!
//! The admin API's rules and store functions (`Store::webhook_log_of`,
//! `Store::redeliver_webhook`, as `/admin/v1/webhooks/{id}/deliveries`): a recipient is the
//! person's when they administer every jobcenter it serves; installation-wide recipients
//! (`planner webhooks`) are not shown here. A delivery of another recipient, or none, is 404;
//! one still queued, or of a disabled or removed recipient, is 409 and nothing changes. The
//! request body and the recipient's address and secret are never shown; the last error is shown
//! with CPR-shaped numbers masked. A view writes `web.webhooks.deliveries`, a redeliver
//! `web.webhooks.redeliver` (ids only).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{administrator, moment, PAGE};
use crate::domain::{mask_cpr, JobCenterCode};
use crate::store::{DeliveryLogEntry, DeliveryStatus, Error, Redelivery, Store, WebhookRecipient};
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, account_caller, Context};

/// The query of the log.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    /// A recipient's id; empty for all.
    pub recipient: Option<String>,
    /// Only deliveries with a smaller id (the last id of the previous page).
    pub before: Option<String>,
    /// What was just done.
    pub done: Option<String>,
}

/// The form of a redeliver.
#[derive(Debug, Deserialize)]
pub struct RedeliverForm {
    /// The anti-forgery token.
    pub csrf: String,
}

/// A recipient the person may choose.
pub struct Choice {
    /// Its id.
    pub id: i64,
    /// Its name, marked when disabled or removed.
    pub name: String,
    /// True when chosen.
    pub selected: bool,
}

/// One delivery on screens.
pub struct Row {
    /// The delivery's id.
    pub id: i64,
    /// The recipient's name.
    pub recipient: String,
    /// The event's topic and id.
    pub event: String,
    /// Its status, in Danish.
    pub status: &'static str,
    /// Attempts made, over every redeliver.
    pub attempts: i32,
    /// The last HTTP status, if an answer came.
    pub http_status: String,
    /// The latest attempt.
    pub last_attempt: String,
    /// The last error, CPR-shaped numbers masked.
    pub last_error: String,
    /// True when it may be sent again (delivered or given up, the recipient enabled).
    pub redeliverable: bool,
}

/// The log page.
#[derive(Template)]
#[template(path = "web/followup_webhooks.html")]
struct LogPage {
    csrf: String,
    recipients: Vec<Choice>,
    /// The chosen recipient's id, empty for all.
    chosen: String,
    rows: Vec<Row>,
    /// Where the next (older) page starts.
    older: Option<i64>,
    /// True when this is not the newest page.
    paged: bool,
    notice: Option<&'static str>,
}

/// A status on screens.
fn status_name(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => t("Venter"),
        DeliveryStatus::Delivered => t("Leveret"),
        DeliveryStatus::Failed => t("Fejlet, prøves igen"),
        DeliveryStatus::GivenUp => t("Opgivet"),
    }
}

/// True when the person administering `jobcenters` manages `recipient` (the admin API's rule).
fn manages(recipient: &WebhookRecipient, jobcenters: &[JobCenterCode]) -> bool {
    !recipient.jobcenters.is_empty() && recipient.jobcenters.iter().all(|code| jobcenters.contains(code))
}

/// The recipients the person manages, removed ones too, by name.
fn managed(store: &Store, jobcenters: &[JobCenterCode]) -> Result<Vec<WebhookRecipient>, Error> {
    let mut found: Vec<WebhookRecipient> =
        store.list_webhook_recipients()?.into_iter().filter(|r| manages(r, jobcenters)).collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

fn row(entry: DeliveryLogEntry, recipient: &WebhookRecipient) -> Row {
    let open = entry.status.is_open();
    Row {
        id: entry.id,
        recipient: recipient.name.clone(),
        event: fill(t("{} nr. {}"), [entry.topic.to_string(), entry.event_id.to_string()]),
        status: status_name(entry.status),
        attempts: entry.attempts,
        http_status: entry.http_status.map_or_else(|| "–".to_owned(), |status| status.to_string()),
        last_attempt: entry.last_attempt_at.map_or_else(|| "–".to_owned(), moment),
        last_error: entry.last_error.as_deref().map(mask_cpr).unwrap_or_default(),
        redeliverable: !open && recipient.enabled && recipient.removed_at.is_none(),
    }
}

/// The newest page of deliveries of `chosen` (or every recipient in `recipients`) before
/// `before`, and whether older ones follow.
fn deliveries(
    store: &Store,
    recipients: &[WebhookRecipient],
    chosen: Option<i64>,
    before: Option<i64>,
) -> Result<(Vec<Row>, bool), Error> {
    let mut found = Vec::new();
    let limit = i64::try_from(PAGE + 1).unwrap_or(i64::MAX);
    for recipient in recipients.iter().filter(|r| chosen.is_none_or(|id| id == r.id)) {
        for entry in store.webhook_log_of(recipient.id, limit, before)? {
            found.push((entry, recipient));
        }
    }
    found.sort_by_key(|(entry, _)| std::cmp::Reverse(entry.id));
    let more = found.len() > PAGE;
    Ok((found.into_iter().take(PAGE).map(|(entry, recipient)| row(entry, recipient)).collect(), more))
}

/// A page that says what was not found.
fn missing() -> actix_web::Error {
    page::stop(page::message(
        StatusCode::NOT_FOUND,
        t("Leveringen findes ikke"),
        t("Den findes ikke, eller den hører til en webhook-modtager, du ikke administrerer."),
        Some(("/follow-up/webhooks", t("Til webhook-leveringerne"))),
    ))
}

/// `GET /follow-up/webhooks`.
pub async fn list(request: HttpRequest, query: web::Query<LogQuery>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, jobcenters) =
        administrator(session::signed_in(&request, &context).await?, t("Webhook-leveringerne"))?;
    let chosen = match query.recipient.as_deref().map(str::trim).unwrap_or_default() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| missing())?),
    };
    let before = query.before.as_deref().and_then(|id| id.trim().parse::<i64>().ok());
    let (recipients, (rows, more)) = context
        .blocking(move |store| {
            let recipients = managed(store, &jobcenters)?;
            if chosen.is_some_and(|id| !recipients.iter().any(|r| r.id == id)) {
                return Ok(None);
            }
            let found = deliveries(store, &recipients, chosen, before)?;
            Ok(Some((recipients, found)))
        })
        .await?
        .ok_or_else(missing)?;
    let detail = chosen.map(|id| format!("webhook.id={id}"));
    let caller = account_caller(&person.account);
    context.audit(&request, caller, "web.webhooks.deliveries", "ok", detail).await;
    let recipients = recipients
        .iter()
        .map(|r| Choice {
            id: r.id,
            name: match (r.removed_at, r.enabled) {
                (Some(_), _) => fill(t("{} (fjernet)"), [r.name.as_str()]),
                (None, false) => fill(t("{} (slået fra)"), [r.name.as_str()]),
                (None, true) => r.name.clone(),
            },
            selected: chosen == Some(r.id),
        })
        .collect();
    let notice = (query.done.as_deref() == Some("redelivered"))
        .then_some(t("Leveringen er sat i kø igen og sendes om lidt."));
    let older = if more { rows.last().map(|row| row.id) } else { None };
    let chosen = chosen.map(|id| id.to_string()).unwrap_or_default();
    let listing = LogPage {
        csrf: person.csrf.clone(),
        recipients,
        chosen,
        rows,
        older,
        paged: before.is_some(),
        notice,
    };
    Ok(page::html(StatusCode::OK, &listing))
}

/// The answer to a redeliver the delivery's state refuses (409).
fn refused(text: &str) -> HttpResponse {
    page::message(
        StatusCode::CONFLICT,
        t("Leveringen kan ikke sendes igen"),
        text,
        Some(("/follow-up/webhooks", t("Til webhook-leveringerne"))),
    )
}

/// `POST /follow-up/webhooks/deliveries/{id}/redeliver`.
pub async fn redeliver(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<RedeliverForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, jobcenters) =
        administrator(session::posted_by(&request, &context, &form.csrf).await?, t("Webhook-leveringerne"))?;
    let id = path.into_inner().trim().parse::<i64>().map_err(|_| missing())?;
    let now = context.clock.now();
    let found = context
        .blocking(move |store| {
            let Some(entry) = store.webhook_delivery(id)? else { return Ok(None) };
            let Some(recipient) = store.webhook_recipient(entry.recipient_id)? else { return Ok(None) };
            if !manages(&recipient, &jobcenters) {
                return Ok(None);
            }
            Ok(Some((store.redeliver_webhook(id, now)?, recipient)))
        })
        .await?;
    let (done, recipient) = found.ok_or_else(missing)?;
    let caller = account_caller(&person.account);
    let jobcenter = recipient.jobcenters.first().map(|code| code.as_str().to_owned());
    let detail = Some(format!("webhook.id={} delivery.id={id}", recipient.id));
    let operation = "web.webhooks.redeliver";
    let outcome = match done {
        Redelivery::Queued => "ok",
        Redelivery::NotFound => "not_found",
        Redelivery::StillOpen | Redelivery::RecipientDisabled => "conflict",
    };
    context.audit_in(&request, caller, (operation, outcome), jobcenter, detail).await;
    Ok(match done {
        Redelivery::Queued => {
            page::see_other(&format!("/follow-up/webhooks?recipient={}&done=redelivered", recipient.id))
        }
        Redelivery::NotFound => return Err(missing()),
        Redelivery::StillOpen => refused(t("Leveringen er stadig i kø og bliver prøvet igen af sig selv.")),
        Redelivery::RecipientDisabled => {
            refused(t("Webhook-modtageren er slået fra eller fjernet. Slå den til igen først."))
        }
    })
}
