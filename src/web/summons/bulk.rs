//! Running a bulk summons from the web app: `POST /summons/batches` starts the batch the dry
//! run showed (its citizens come back sealed for this session and key; the plan is read and
//! authorized again): the request writes the batch (`Store::create_summons_batch`) and places
//! it in the background (`runner`); and `POST /summons/batches/{key}/resume`
//! resumes one a restart interrupted. Both send the browser on to the batch's page.
//!
//! The form is read from the body as bytes: the sealed citizens of a large file are more than
//! the people listener's form limit, and the whole body is bounded by the listener anyway.
//! Audit rows: `web.summons.batch.start` and `web.summons.batch.resume`, naming the batch key.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::batch::{state, visible, State};
use super::plan::{resolve, PlanFields, Resolved};
use super::refusals::{nothing_free, refusal, Refusal};
use super::upload::{batch_binding, batch_of, open_citizens};
use super::{not_found, runner, summoner, web_summoner};
use crate::domain::ZONE;
use crate::web::lang::t;
use crate::web::page;
use crate::web::session::{self, account_caller, Context};
use crate::web::sign_in::TokenForm;

/// The run form of the dry run's page.
#[derive(Debug, Deserialize)]
pub struct StartForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The batch key the dry run chose (`web-<uuid>`).
    pub key: String,
    /// The checked citizens, sealed.
    pub borgere: String,
    /// What, whom, when.
    #[serde(flatten)]
    pub plan: PlanFields,
}

/// The page for a form that no longer fits (an old page, another session).
fn start_again(status: StatusCode) -> HttpResponse {
    page::message(
        status,
        t("Masseindkaldelsen kunne ikke startes"),
        t("Siden var for gammel, eller valgene passer ikke længere. Vælg filen igen, og se prøvekørslen en gang til."),
        Some(("/summons/batches/new", t("Til masseindkaldelse"))),
    )
}

/// The path of batch `key`'s page.
fn batch_path(key: &str) -> String {
    format!("/summons/batches/{key}")
}

/// `POST /summons/batches`.
pub async fn start(request: HttpRequest, body: web::Bytes) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let Ok(form) = serde_urlencoded::from_bytes::<StartForm>(&body) else {
        return Ok(start_again(StatusCode::BAD_REQUEST));
    };
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let operation = "web.summons.batch.start";
    summoner(&context, &request, &person, Some(operation)).await?;
    let web_key = form.key.strip_prefix("web-").is_some_and(|id| uuid::Uuid::parse_str(id).is_ok());
    if !web_key {
        return Err(not_found());
    }
    let (account, today) = (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive());
    let (binding, sealed, fields) =
        (batch_binding(&person, &form.key), form.borgere.clone(), form.plan.clone());
    let (resolved, citizens) = context
        .blocking(move |store| {
            Ok((resolve(store, &account, &fields, today)?, open_citizens(store, &binding, &sealed)))
        })
        .await?;
    let caller = account_caller(&person.account);
    let detail = Some(format!("batch.key={}", form.key));
    let plan = match resolved {
        Resolved::NotFound => return Err(not_found()),
        Resolved::Invalid(_) => {
            context.audit(&request, caller, operation, "invalid", detail).await;
            return Ok(start_again(StatusCode::UNPROCESSABLE_ENTITY));
        }
        Resolved::Plan(plan) => plan,
    };
    let Some(citizens) = citizens else {
        context.audit(&request, caller, operation, "invalid", detail).await;
        return Ok(start_again(StatusCode::UNPROCESSABLE_ENTITY));
    };
    let batch = batch_of(&plan, form.key.clone(), false, &person);
    let jobcenter = Some(plan.offer.jobcenter.as_str().to_owned());
    let (now, total, summoner) = (context.clock.now(), citizens.len(), batch.summoner.clone());
    let created = context
        .blocking(move |store| match store.create_summons_batch(&batch, &citizens, now) {
            Ok(()) => Ok(Ok(())),
            Err(error) => refusal(error).map(Err),
        })
        .await?;
    if let Err(refused) = created {
        context.audit_in(&request, caller, (operation, "refused"), jobcenter, detail).await;
        let text = match refused {
            Refusal::Rule(text) => text,
            Refusal::NothingFree(closures) => nothing_free(&closures),
            Refusal::Field(error) => error.message,
        };
        let back = Some(("/summons/batches/new", t("Til masseindkaldelse")));
        return Ok(page::message(
            StatusCode::CONFLICT,
            t("Masseindkaldelsen blev ikke startet"),
            &text,
            back,
        ));
    }
    runner::run(context.store.get_ref().clone(), form.key.clone(), (0, total), summoner, now);
    context.audit_in(&request, caller, (operation, "ok"), jobcenter, detail).await;
    Ok(page::see_other(&batch_path(&form.key)))
}

/// `POST /summons/batches/{key}/resume`.
pub async fn resume(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<TokenForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let operation = "web.summons.batch.resume";
    summoner(&context, &request, &person, Some(operation)).await?;
    let key = path.into_inner();
    let (account, today, wanted) =
        (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive(), key.clone());
    let running = runner::progress(&key);
    let found = context.blocking(move |store| visible(store, &account, &wanted, today)).await?;
    let (report, offer) = found.ok_or_else(not_found)?;
    let (state, done, total) = state(&report, running);
    let caller = account_caller(&person.account);
    let (jobcenter, detail) = (Some(offer.jobcenter.as_str().to_owned()), Some(format!("batch.key={key}")));
    if matches!(state, State::Interrupted | State::Failed) {
        let summoner = web_summoner(&person);
        runner::run(
            context.store.get_ref().clone(),
            key.clone(),
            (done, total),
            summoner,
            context.clock.now(),
        );
        context.audit_in(&request, caller, (operation, "ok"), jobcenter, detail).await;
    }
    Ok(page::see_other(&batch_path(&key)))
}
