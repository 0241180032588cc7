//! `GET /summons/batches`: the stored batches of the offers of the person's jobcenters, newest
//! first, each with where it is (done, running here, interrupted) and how far it got; only
//! those whose every counselor the person may summon into (as on a batch's own page).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::batch::{covers, local};
use super::runner;
use super::scope::jobcenters;
use super::summoner;
use crate::domain::ZONE;
use crate::store::BatchStatus;
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, Context};

/// How many batches are listed.
const LISTED: i64 = 50;

/// One batch in the list.
struct Listed {
    key: String,
    offer: String,
    created: String,
    state: &'static str,
    progress: String,
}

/// The list of batches.
#[derive(Template)]
#[template(path = "web/summons_batches.html")]
struct ListPage<'a> {
    csrf: &'a str,
    batches: Vec<Listed>,
}

/// `GET /summons/batches`.
pub async fn list(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    summoner(&context, &request, &person, None).await?;
    let (account, today) = (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive());
    // The runs first, then the store (see `batch::state`).
    let runs = runner::snapshot();
    let batches = context
        .blocking(move |store| {
            let mut offers = Vec::new();
            for code in jobcenters(&account) {
                offers.extend(store.offers_of_jobcenter(&code)?);
            }
            let ids: Vec<_> = offers.iter().map(|offer| offer.id.clone()).collect();
            let mut listed = Vec::new();
            for batch in store.summons_batches_of(&ids, LISTED)? {
                let Some(offer) = offers.iter().find(|offer| offer.id == batch.offer) else { continue };
                if !covers(store, &account, &offer.jobcenter, &batch.pool, today)? {
                    continue;
                }
                let running = runs.get(&batch.key).copied();
                let state = match (batch.status, running) {
                    (BatchStatus::Completed, _) => t("Færdig"),
                    (_, Some(progress)) if !progress.failed => t("I gang"),
                    _ => t("Afbrudt"),
                };
                let done = batch.total.saturating_sub(batch.pending);
                listed.push(Listed {
                    progress: fill(
                        t("{} indkaldt, {} af {} behandlet"),
                        [batch.placed.to_string(), done.to_string(), batch.total.to_string()],
                    ),
                    key: batch.key,
                    offer: offer.name.clone(),
                    created: local(batch.created_at),
                    state,
                });
            }
            Ok(listed)
        })
        .await?;
    Ok(page::html(StatusCode::OK, &ListPage { csrf: &person.csrf, batches }))
}
