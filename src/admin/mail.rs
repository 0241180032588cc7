//! `/admin/v1/mail`: the sender addresses mail goes out as (list, add: a code is mailed to the
//! address; confirm with that code) and the mail log with the redeliver of a mail the server
//! never accepted. Mail is installation-wide: the admin role is enough.

use actix_web::{web, HttpResponse};
use chrono::SecondsFormat;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use crate::domain::mail::Culture;
use crate::domain::people::Email;
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::{MailLogEntry, MailRedelivery, MailSender};

/// Body of `POST /mail/senders`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSender {
    /// The address mail is to go out from; the code is mailed to it.
    pub address: String,
    /// The name shown with it.
    pub display_name: String,
    /// The code mail's language: `da-DK` (default) or `en-GB`.
    pub language: Option<String>,
}

/// Body of `POST /mail/senders/{id}/confirm`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmSender {
    /// The code mailed to the address.
    pub code: String,
}

/// A sender address on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SenderResponse {
    /// Its id.
    pub id: i64,
    /// The address.
    pub address: String,
    /// The name shown with it.
    pub display_name: String,
    /// `pending` (code mailed, not usable) or `confirmed`.
    pub state: String,
    /// When it was added.
    pub created_at: String,
    /// When its code was entered.
    pub confirmed_at: Option<String>,
    /// Until when the open code can be entered.
    pub code_expires_at: Option<String>,
}

/// One mail of the log on the wire (never its body).
#[derive(Debug, Serialize, JsonSchema)]
pub struct MailResponse {
    /// The mail's id.
    pub id: String,
    /// `invitation` or `sender_code`.
    pub purpose: String,
    /// The sender address.
    pub from: String,
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// Its language.
    pub language: String,
    /// The invitation it carries.
    pub invitation_id: Option<String>,
    /// `pending` (waiting, also for the sending limits), `failed` (will retry), `delivered`
    /// or `given_up`.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: String,
    /// When the mail server accepted it.
    pub sent_at: Option<String>,
    /// When the next attempt is due, while pending or failed.
    pub next_attempt_at: Option<String>,
}

/// Query of `GET /mail/log`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct LogQuery {
    /// At most this many, newest first (1-500, default 50).
    pub limit: Option<i64>,
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The wire form of a sender.
pub fn sender_response(sender: &MailSender) -> SenderResponse {
    SenderResponse {
        id: sender.id,
        address: sender.address.as_str().to_owned(),
        display_name: sender.display_name.clone(),
        state: sender.state.as_str().to_owned(),
        created_at: time(sender.created_at),
        confirmed_at: sender.confirmed_at.map(time),
        code_expires_at: sender.code_expires_at.map(time),
    }
}

/// The wire form of a mail.
pub fn mail_response(entry: MailLogEntry) -> MailResponse {
    let open = entry.status.is_open();
    MailResponse {
        id: entry.id,
        purpose: entry.purpose.as_str().to_owned(),
        from: entry.from,
        to: entry.to,
        subject: entry.subject,
        language: entry.culture,
        invitation_id: entry.invitation_id,
        status: entry.status.to_string(),
        attempts: entry.attempts,
        last_error: entry.last_error,
        created_at: time(entry.created_at),
        sent_at: entry.sent_at.map(time),
        next_attempt_at: open.then(|| time(entry.next_attempt_at)),
    }
}

fn sender_id(text: &str) -> Result<i64, Problem> {
    text.parse::<i64>().map_err(|_| Problem::not_found("mail sender"))
}

/// `GET /mail/senders`.
pub async fn senders(call: AdminCall) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.mail.senders.list", move |ctx| {
            Ok(ctx.store.mail().senders()?.iter().map(sender_response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /mail/senders`: 201 with the pending sender; its code is mailed to the address.
pub async fn add_sender(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.mail.senders.add", move |ctx| {
            let body: AddSender = json(&body)?;
            let address = Email::parse(&body.address).map_err(|e| Problem::field("address", &e))?;
            let name = body.display_name.trim();
            if name.is_empty() || name.chars().count() > 200 {
                return Err(Problem::invalid("display_name", "must be 1-200 characters"));
            }
            let culture = Culture::or_danish(body.language.as_deref());
            let (sender, mail_id) = ctx.store.mail().add_sender(&address, name, culture, ctx.now)?;
            ctx.note("mail.id", &mail_id);
            Ok(sender_response(&sender))
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `POST /mail/senders/{id}/confirm`: the sender is confirmed (200), or the code is refused:
/// 422 when wrong, 409 when expired or the sender is confirmed already.
pub async fn confirm_sender(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.mail.senders.confirm", move |ctx| {
            let id = sender_id(&id)?;
            ctx.note("mail_sender.id", &id.to_string());
            let body: ConfirmSender = json(&body)?;
            let sender = ctx.store.mail().confirm_sender(id, &body.code, ctx.now)?;
            Ok(sender_response(&sender))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `GET /mail/log?limit=`: newest first.
pub async fn log(call: AdminCall, query: Query<LogQuery>) -> Result<HttpResponse, Problem> {
    let limit = query.into_inner().limit;
    let answer = call
        .run("admin.mail.log", move |ctx| {
            let limit = crate::edge::input::row_limit(limit, 50, 500)?;
            Ok(ctx.store.mail().log(limit)?.into_iter().map(mail_response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /mail/log/{id}/redeliver`: queues a mail whose retries were given up again (200,
/// due now); 409 while it is still queued or once the server accepted it.
pub async fn redeliver(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.mail.redeliver", move |ctx| {
            ctx.note("mail.id", &id);
            match ctx.store.mail().redeliver(&id, ctx.now)? {
                MailRedelivery::Queued => {}
                MailRedelivery::StillOpen => {
                    return Err(Problem::conflict("the mail is still queued; it is retried by the table"))
                }
                MailRedelivery::AlreadySent => {
                    return Err(Problem::conflict("the mail server accepted this mail already"))
                }
            }
            Ok(mail_response(ctx.store.mail().entry(&id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
