//! The changes of a webhook recipient on the set-up page, through the store functions the
//! admin API's `admin/webhooks.rs` uses: `POST /setup/{jobcenter}/webhooks/{id}/disable` (no new
//! events; open deliveries wait), `.../enable` (events written meanwhile are not sent) and
//! `.../remove` (for good; its name and log are kept). Only an administrator of every one of the
//! recipient's jobcenters may; installation-wide recipients are the CLI's (404 here). Audit rows
//! `web.setup.webhook.{disable, enable, remove}` with the recipient's id.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::fields::Fields;
use super::webhooks::{changeable, visible};
use super::{not_found, Subject, Visit};
use crate::web::lang::t;
use crate::web::page;

/// What a button does.
#[derive(Clone, Copy)]
enum Change {
    Disable,
    Enable,
    Remove,
}

async fn change(
    request: HttpRequest,
    (jobcenter, id): (String, String),
    form: &Fields,
    change: Change,
) -> actix_web::Result<HttpResponse> {
    let (operation, done) = match change {
        Change::Disable => ("web.setup.webhook.disable", "disabled"),
        Change::Enable => ("web.setup.webhook.enable", "enabled"),
        Change::Remove => ("web.setup.webhook.remove", "removed"),
    };
    let visit = Visit::posting(&request, &jobcenter, (Subject::Settings, operation), form.csrf()).await?;
    let back = visit.path("/webhooks");
    let id = id.parse::<i64>().map_err(|_| not_found(&back))?;
    let found = visit.context.blocking(move |store| store.webhook_recipient(id)).await?;
    let recipient = found.filter(|r| visible(&visit, r)).ok_or_else(|| not_found(&back))?;
    let detail = Some(format!("webhook={id}"));
    if !changeable(&visit, &recipient) {
        visit.refuse(&request, operation, detail.clone()).await?;
    }
    let now = visit.context.clock.now();
    let changed = visit
        .context
        .blocking(move |store| match change {
            Change::Disable => store.set_webhook_recipient_enabled(id, false),
            Change::Enable => store.set_webhook_recipient_enabled(id, true),
            Change::Remove => store.remove_webhook_recipient(id, now),
        })
        .await?;
    if !changed {
        visit.audit(&request, (operation, "conflict"), detail).await;
        let text = t("Modtageren er fjernet. Opret en ny, hvis der igen skal sendes hændelser.");
        let answer = page::message(
            StatusCode::CONFLICT,
            t("Ændringen blev ikke gennemført"),
            text,
            Some((&back, t("Tilbage"))),
        );
        return Ok(answer);
    }
    visit.audit(&request, (operation, "ok"), detail).await;
    Ok(page::see_other(&format!("{back}?done={done}")))
}

/// `POST /setup/{jobcenter}/webhooks/{id}/disable`.
pub async fn disable(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    change(request, path.into_inner(), &form, Change::Disable).await
}

/// `POST /setup/{jobcenter}/webhooks/{id}/enable`.
pub async fn enable(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    change(request, path.into_inner(), &form, Change::Enable).await
}

/// `POST /setup/{jobcenter}/webhooks/{id}/remove`.
pub async fn remove(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    change(request, path.into_inner(), &form, Change::Remove).await
}
