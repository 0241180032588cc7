//! `/admin/v1/webhooks`: webhook recipients (list, create, enable, disable, remove) of the
//! caller's jobcenters. The delivery log and redeliver are in `webhook_log.rs`.
//!
//! A recipient created here is scoped to jobcenters and receives only events of those
//! jobcenters; an admin sees and changes a recipient only when it acts for every one of its
//! jobcenters. Installation-wide recipients (no jobcenters, from `planner webhooks add`) are
//! managed with the CLI only: here they are a 403. Secrets are accepted, never returned.

use actix_web::{web, HttpResponse};
use chrono::SecondsFormat;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use crate::adapters::outbox::WEBSUB;
use crate::adapters::webhooks::recipient::{self, FieldError, OAuth2Settings, OAUTH2};
use crate::domain::JobCenterCode;
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::{AddRecipientRefusal, NewRecipient, WebhookRecipient};

/// A recipient on the wire (never its secret).
#[derive(Debug, Serialize, JsonSchema)]
pub struct RecipientResponse {
    /// Id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Where events are POSTed.
    pub url: String,
    /// Topics, or `*`.
    pub topics: Vec<String>,
    /// Jobcenters whose events it receives.
    pub jobcenters: Vec<String>,
    /// Authentication without its secret.
    pub auth: AuthResponse,
    /// False while disabled, and for good once removed.
    pub enabled: bool,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// RFC 3339 UTC, once removed.
    pub removed_at: Option<String>,
}

/// Authentication on the wire, without secrets.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AuthResponse {
    /// `websub` or `oauth2` (or an adapter's kind).
    pub kind: String,
    /// OAuth2 token URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// OAuth2 client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// OAuth2 scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Body of `POST /webhooks`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRecipientRequest {
    /// Unique name: letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// `http://` or `https://` URL.
    pub url: String,
    /// Topics, or `["*"]`.
    pub topics: Vec<String>,
    /// Jobcenter codes the caller acts for, at least one.
    pub jobcenters: Vec<String>,
    /// How the recipient authenticates us.
    pub auth: AuthRequest,
}

/// `auth` of `POST /webhooks`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthRequest {
    /// `websub` (HMAC `X-Hub-Signature`) or `oauth2` (client credentials, Bearer token).
    pub kind: String,
    /// The WebSub HMAC secret.
    pub secret: Option<String>,
    /// The OAuth2 token endpoint.
    pub token_url: Option<String>,
    /// The OAuth2 client id.
    pub client_id: Option<String>,
    /// The OAuth2 client secret.
    pub client_secret: Option<String>,
    /// The OAuth2 scope.
    pub scope: Option<String>,
}

/// Query of `GET /webhooks`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Include removed recipients.
    pub include_removed: Option<bool>,
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn response(recipient: &WebhookRecipient) -> RecipientResponse {
    let oauth2 = (recipient.kind == OAUTH2).then(|| OAuth2Settings::from_json(&recipient.settings).ok());
    let oauth2 = oauth2.flatten();
    RecipientResponse {
        id: recipient.id,
        name: recipient.name.clone(),
        url: recipient.url.clone(),
        topics: recipient.topics.clone(),
        jobcenters: recipient.jobcenters.iter().map(|j| j.as_str().to_owned()).collect(),
        auth: AuthResponse {
            kind: recipient.kind.to_string(),
            token_url: oauth2.as_ref().map(|s| s.token_url.clone()),
            client_id: oauth2.as_ref().map(|s| s.client_id.clone()),
            scope: oauth2.and_then(|s| s.scope),
        },
        enabled: recipient.enabled,
        created_at: time(recipient.created_at),
        removed_at: recipient.removed_at.map(time),
    }
}

fn invalid(error: FieldError) -> Problem {
    Problem::invalid(&error.field, error.message)
}

/// Whether the caller acts for every jobcenter of the recipient (installation-wide ones: no).
fn visible(ctx: &Ctx<'_>, recipient: &WebhookRecipient) -> bool {
    !recipient.jobcenters.is_empty() && recipient.jobcenters.iter().all(|j| ctx.jobcenters().contains(j))
}

/// Loads recipient `id` and checks the caller may act on it (404 unknown, 403 otherwise).
pub(super) fn authorized(ctx: &mut Ctx<'_>, id: i64) -> Result<WebhookRecipient, Problem> {
    ctx.note("webhook", &id.to_string());
    let recipient =
        ctx.store.webhook_recipient(id)?.ok_or_else(|| Problem::not_found("webhook recipient"))?;
    if recipient.jobcenters.is_empty() {
        return Err(Problem::forbidden(
            "an installation-wide webhook recipient is managed with 'planner webhooks'",
        ));
    }
    for jobcenter in recipient.jobcenters.clone() {
        ctx.jobcenter(&jobcenter)?;
    }
    Ok(recipient)
}

/// Parses a path id; anything but a number is an unknown recipient.
pub(super) fn path_id(text: &str, what: &str) -> Result<i64, Problem> {
    text.parse::<i64>().map_err(|_| Problem::not_found(what))
}

/// `GET /webhooks`.
pub async fn list(call: AdminCall, query: Query<ListQuery>) -> Result<HttpResponse, Problem> {
    let include_removed = query.into_inner().include_removed.unwrap_or(false);
    let list = call
        .run("admin.webhooks.list", move |ctx| {
            let all = ctx.store.list_webhook_recipients()?;
            Ok(all
                .iter()
                .filter(|r| visible(ctx, r) && (include_removed || r.removed_at.is_none()))
                .map(response)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// `POST /webhooks`: 201 with the recipient; 409 when the name is taken.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let created = call
        .run("admin.webhooks.create", move |ctx| {
            let request: CreateRecipientRequest = json(&body)?;
            recipient::check_name(&request.name).map_err(invalid)?;
            recipient::check_url(&request.url, "url").map_err(invalid)?;
            recipient::check_topics(&request.topics).map_err(invalid)?;
            if request.jobcenters.is_empty() {
                return Err(Problem::invalid("jobcenters", "at least one jobcenter is needed"));
            }
            let jobcenters = request
                .jobcenters
                .iter()
                .enumerate()
                .map(|(i, j)| {
                    JobCenterCode::parse(j).map_err(|e| Problem::field(&format!("jobcenters[{i}]"), &e))
                })
                .collect::<Result<Vec<_>, _>>()?;
            jobcenters.iter().try_for_each(|code| ctx.jobcenter(code))?;
            let auth = request.auth;
            let (kind, secret, settings) = match auth.kind.as_str() {
                WEBSUB => {
                    recipient::check_secret(auth.secret.as_deref(), "auth.secret").map_err(invalid)?;
                    (WEBSUB, auth.secret.unwrap_or_default(), "{}".to_owned())
                }
                OAUTH2 => {
                    let settings = OAuth2Settings {
                        token_url: auth.token_url.unwrap_or_default(),
                        client_id: auth.client_id.unwrap_or_default(),
                        scope: auth.scope,
                    };
                    settings.check().map_err(invalid)?;
                    recipient::check_secret(auth.client_secret.as_deref(), "auth.client_secret")
                        .map_err(invalid)?;
                    (OAUTH2, auth.client_secret.unwrap_or_default(), settings.to_json())
                }
                _ => return Err(Problem::invalid("auth.kind", "must be 'websub' or 'oauth2'")),
            };
            ctx.note("webhook.name", &request.name);
            let new = NewRecipient {
                name: &request.name,
                url: &request.url,
                topics: &request.topics,
                secret: &secret,
                kind,
                settings: &settings,
            };
            match ctx.store.create_webhook_recipient(&new, &jobcenters, ctx.now)? {
                Ok(recipient) => Ok(response(&recipient)),
                Err(AddRecipientRefusal::NameTaken) => Err(Problem::conflict(format!(
                    "a webhook recipient named '{}' exists (or existed); pick another name",
                    request.name
                ))),
            }
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// `GET /webhooks/{id}` (removed recipients too).
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let found = call
        .run("admin.webhooks.get", move |ctx| {
            let recipient = authorized(ctx, path_id(&id, "webhook recipient")?)?;
            Ok(response(&recipient))
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

async fn set_enabled(
    call: AdminCall,
    id: String,
    enabled: bool,
    operation: &'static str,
) -> Result<HttpResponse, Problem> {
    let changed = call
        .run(operation, move |ctx| {
            let recipient = authorized(ctx, path_id(&id, "webhook recipient")?)?;
            if !ctx.store.set_webhook_recipient_enabled(recipient.id, enabled)? {
                return Err(Problem::conflict("the webhook recipient was removed; create a new one"));
            }
            Ok(response(&WebhookRecipient { enabled, ..recipient }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(changed))
}

/// `POST /webhooks/{id}/disable`: no new events, open deliveries wait; the log stays.
pub async fn disable(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    set_enabled(call, path.into_inner(), false, "admin.webhooks.disable").await
}

/// `POST /webhooks/{id}/enable`: sends again (events written meanwhile are not sent).
pub async fn enable(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    set_enabled(call, path.into_inner(), true, "admin.webhooks.enable").await
}

/// `DELETE /webhooks/{id}`: removes the recipient for good; its row, name and log are kept.
pub async fn remove(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let removed = call
        .run("admin.webhooks.remove", move |ctx| {
            let recipient = authorized(ctx, path_id(&id, "webhook recipient")?)?;
            if !ctx.store.remove_webhook_recipient(recipient.id, ctx.now)? {
                return Err(Problem::conflict("the webhook recipient was removed already"));
            }
            let removed = WebhookRecipient { enabled: false, removed_at: Some(ctx.now), ..recipient };
            Ok(response(&removed))
        })
        .await?;
    Ok(HttpResponse::Ok().json(removed))
}
