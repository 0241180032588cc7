//! The jobcenter's webhook recipients: `GET /setup/{jobcenter}/webhooks` lists those whose
//! jobcenters the person may all see (installation-wide ones are the CLI's), with the form for a
//! new WebSub recipient (`POST .../webhooks`: name, URL, topics) whose secret the planner makes
//! and shows on that answer only (never in an address, a log line or an audit row; it is kept
//! sealed). Disabling, enabling and removing are in [`webhook_changes`](super::webhook_changes).
//!
//! A recipient's rules (name, URL, topics, secret) live with the outbound adapters, which the web
//! app does not import: the server hands them in as [`RecipientRules`] (as for the admin API's
//! `admin/webhooks.rs`), and the store function is the same, `Store::create_webhook_recipient`.
//! Administrators of the whole jobcenter change them; administrators of a team read them
//! (`Subject::Settings`). Audit row `web.setup.webhook.create` with the recipient's id.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::fields::Fields;
use super::{access, Subject, Visit};
use crate::store::{AddRecipientRefusal, NewRecipient, WebhookRecipient};
use crate::web::lang::t;
use crate::web::page::{self, FieldError};

/// The rules a new webhook recipient must meet, as the admin API checks them.
pub trait RecipientRules: std::fmt::Debug + Send + Sync {
    /// The topics a recipient may receive.
    fn topics(&self) -> Vec<String>;

    /// The kind of a WebSub recipient (signed with the secret), as the store keeps it.
    fn websub(&self) -> &'static str;

    /// True when `name` may name a recipient.
    fn name_ok(&self, name: &str) -> bool;

    /// True when events may be sent to `url`.
    fn url_ok(&self, url: &str) -> bool;

    /// True when `topics` (`*` or known topics, at least one) may be subscribed to.
    fn topics_ok(&self, topics: &[String]) -> bool;
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct HookValues {
    name: String,
    url: String,
    topics: Vec<String>,
}

/// A recipient as listed.
struct Line {
    id: i64,
    name: String,
    url: String,
    topics: String,
    enabled: bool,
    removed: bool,
}

/// `GET /setup/{jobcenter}/webhooks`.
#[derive(Template)]
#[template(path = "web/setup_webhooks.html")]
struct WebhooksPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    recipients: Vec<Line>,
    topics: Vec<(String, bool)>,
    values: HookValues,
    errors: Vec<FieldError>,
    secret: Option<String>,
}

/// The query of the page.
#[derive(Debug, Deserialize)]
pub struct WebhooksQuery {
    /// What was just done (`disabled`, `enabled`, `removed`).
    pub done: Option<String>,
}

/// True when the person may see `recipient` on `visit`'s page: it receives the jobcenter's
/// events and the person may read the set-up of each of its jobcenters.
pub fn visible(visit: &Visit, recipient: &WebhookRecipient) -> bool {
    recipient.jobcenters.contains(&visit.jobcenter)
        && recipient.jobcenters.iter().all(|j| access(&visit.person.account, Subject::Settings, j).read)
}

/// True when the person may change `recipient` (they administer each of its jobcenters).
pub fn changeable(visit: &Visit, recipient: &WebhookRecipient) -> bool {
    recipient.jobcenters.iter().all(|j| access(&visit.person.account, Subject::Settings, j).change)
}

/// The rules the server handed in, or the unavailable page.
fn rules(visit: &Visit) -> actix_web::Result<std::sync::Arc<dyn RecipientRules>> {
    visit.context.settings.webhooks.clone().ok_or_else(|| page::stop(page::unavailable()))
}

/// Renders the page with `status`; `secret` only on the answer that made a recipient.
pub async fn render(
    visit: &Visit,
    (status, notice): (StatusCode, Option<&'static str>),
    (values, errors): (HookValues, Vec<FieldError>),
    secret: Option<String>,
) -> actix_web::Result<HttpResponse> {
    let known = rules(visit)?.topics();
    let all = visit.context.blocking(|store| store.list_webhook_recipients()).await?;
    let recipients = all
        .iter()
        .filter(|r| visible(visit, r))
        .map(|r| Line {
            id: r.id,
            name: r.name.clone(),
            url: r.url.clone(),
            topics: r.topics.join(", "),
            enabled: r.enabled,
            removed: r.removed_at.is_some(),
        })
        .collect();
    let topics = std::iter::once("*".to_owned())
        .chain(known)
        .map(|topic| {
            let ticked = values.topics.contains(&topic);
            (topic, ticked)
        })
        .collect();
    let page = WebhooksPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        recipients,
        topics,
        values,
        errors,
        secret,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/webhooks`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<WebhooksQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let notice = match query.done.as_deref() {
        Some("disabled") => Some(t("Modtageren er sat på pause. Nye hændelser sendes ikke til den.")),
        Some("enabled") => Some(t("Modtageren får hændelser igen. Hændelser fra pausen sendes ikke.")),
        Some("removed") => Some(t("Modtageren er fjernet. Dens navn kan ikke bruges igen.")),
        _ => None,
    };
    render(&visit, (StatusCode::OK, notice), (HookValues::default(), Vec::new()), None).await
}

/// A fresh secret: 32 random bytes as hex.
fn new_secret() -> Option<String> {
    let mut bytes = [0u8; 32];
    openssl::rand::rand_bytes(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

/// `POST /setup/{jobcenter}/webhooks`: the secret shown on this answer only.
pub async fn create(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let operation = "web.setup.webhook.create";
    let visit = Visit::posting_change(&request, &path, (Subject::Settings, operation), form.csrf()).await?;
    let values = HookValues {
        name: form.one("hook-navn").trim().to_owned(),
        url: form.one("hook-url").trim().to_owned(),
        topics: form.all("hook-emne"),
    };
    let topics =
        if values.topics.iter().any(|t| t == "*") { vec!["*".to_owned()] } else { values.topics.clone() };
    let secret = new_secret().ok_or_else(|| page::stop(page::unavailable()))?;
    let rules = rules(&visit)?;
    let mut errors: Vec<FieldError> = Vec::new();
    if !rules.name_ok(&values.name) {
        let text = t("Giv modtageren et navn på 1-100 tegn: bogstaverne a-z, tal, punktum, _ eller -.");
        errors.push(FieldError::new("hook-navn", text));
    }
    if !rules.url_ok(&values.url) {
        let text = t("Angiv en adresse, der begynder med https:// eller http://, med et værtsnavn.");
        errors.push(FieldError::new("hook-url", text));
    }
    if !rules.topics_ok(&topics) {
        errors.push(FieldError::new("hook-emne-1", t("Vælg mindst én slags hændelse.")));
    }
    if errors.is_empty() {
        let (jobcenter, now) = (visit.jobcenter.clone(), visit.context.clock.now());
        let (name, url, sealed) = (values.name.clone(), values.url.clone(), secret.clone());
        let kind = rules.websub();
        let made = visit
            .context
            .blocking(move |store| {
                let new = NewRecipient {
                    name: &name,
                    url: &url,
                    topics: &topics,
                    secret: &sealed,
                    kind,
                    settings: "{}",
                };
                store.create_webhook_recipient(&new, std::slice::from_ref(&jobcenter), now)
            })
            .await?;
        match made {
            Ok(recipient) => {
                visit.audit(&request, (operation, "ok"), Some(format!("webhook={}", recipient.id))).await;
                let notice =
                    Some(t("Modtageren er oprettet. Kopier hemmeligheden nu: den vises kun denne ene gang."));
                let status = (StatusCode::OK, notice);
                return render(&visit, status, (HookValues::default(), Vec::new()), Some(secret)).await;
            }
            Err(AddRecipientRefusal::NameTaken) => errors.push(FieldError::new(
                "hook-navn",
                t("Navnet er brugt af en anden modtager (også en fjernet). Vælg et andet."),
            )),
        }
    }
    visit.audit(&request, (operation, "invalid"), None).await;
    render(&visit, (StatusCode::UNPROCESSABLE_ENTITY, None), (values, errors), None).await
}
