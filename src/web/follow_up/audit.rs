//! The audit search, for administrators of whole jobcenters: `GET /follow-up/audit` answers the
//! form with the newest rows below it, and `POST /follow-up/audit` (fields `from`, `to`,
//! `operation`, `outcome`, `actor`, `jobcenter`, `before`, with the form's token) the rows that
//! match, newest first, [`PAGE`] a page (the next page holds the rows before the last one shown,
//! so the rows written meanwhile, this search's own among them, do not shift it). A search may
//! name a person by e-mail address, so no criterion ever goes into an address: the buttons to
//! the older and the newest rows are forms that post the search again from hidden fields, and a
//! query string on the GET is not read.
//!
//! The admin API's search (`Store::audit_search`, as `POST /admin/v1/audit/search`) with its
//! scope: the rows of the jobcenters the person administers and the person's own. The actor is
//! a person's e-mail address (looked up to their account) or a machine's certificate identity;
//! the action an operation or a prefix ending in `*`. A field that does not read is its error
//! (422) and nothing is searched. Audit rows hold ids, never a CPR or a secret; the page shows
//! details and identities with anything shaped like a CPR masked all the same. Each search
//! writes `web.audit.search` naming which criteria were given, never their values.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::audit_form::{Actor, AuditQuery, Criteria};
use super::booking::caller_name;
use super::{administrator, moment, operation_name, PAGE};
use crate::domain::{mask_cpr, JobCenterCode};
use crate::store::{AuditSearch, Entity, Error, Store};
use crate::web::lang::t;
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context};

/// One audit row on screens.
pub struct Row {
    /// Its position in the log.
    pub id: i64,
    /// When.
    pub when: String,
    /// Who: a person's name, a machine's identity.
    pub who: String,
    /// What, in Danish where known, with the operation.
    pub what: String,
    /// The jobcenter acted for.
    pub jobcenter: String,
    /// How it went.
    pub outcome: String,
    /// The ids involved, CPR-shaped numbers masked.
    pub detail: String,
}

/// The search page.
#[derive(Template)]
#[template(path = "web/followup_audit.html")]
struct SearchPage {
    csrf: String,
    asked: AuditQuery,
    jobcenters: Vec<(String, bool)>,
    errors: Vec<FieldError>,
    /// The rows, when searched.
    rows: Option<Vec<Row>>,
    /// The criteria of this search without its page, for the buttons between pages.
    again: AuditQuery,
    /// Where the next (older) page starts.
    older: Option<i64>,
    /// True when this is not the first page.
    paged: bool,
}

/// The rows `criteria` finds among `jobcenters` and the rows of `own`, a page of them and
/// whether more follow; the actor's error when no person has the address asked for.
fn found(
    store: &Store,
    criteria: Criteria,
    jobcenters: &[JobCenterCode],
    own: String,
) -> Result<Result<(Vec<Row>, bool), FieldError>, Error> {
    let caller = match criteria.actor {
        Actor::Anybody => None,
        Actor::Identity(identity) => Some(identity),
        Actor::Person(email) => match store.people().account_by_email(&email) {
            Ok(account) => Some(account_caller(&account)),
            Err(Error::NotFound(Entity::Account)) => {
                return Ok(Err(FieldError::new("actor", t("Ingen person har den e-mailadresse."))));
            }
            Err(error) => return Err(error),
        },
    };
    let search = AuditSearch {
        from: criteria.from,
        to: criteria.to,
        caller,
        operation: criteria.operation,
        jobcenter: criteria.jobcenter.map(|code| code.as_str().to_owned()),
        outcome: criteria.outcome,
        scope: jobcenters.iter().map(|code| code.as_str().to_owned()).collect(),
        own: Some(own),
        before: criteria.before,
        ..AuditSearch::default()
    };
    let limit = i64::try_from(PAGE + 1).unwrap_or(i64::MAX);
    let records = store.audit_search(&search, limit)?;
    let more = records.len() > PAGE;
    let mut names = HashMap::new();
    let mut rows = Vec::new();
    for record in records.into_iter().take(PAGE) {
        let entry = record.entry;
        rows.push(Row {
            id: record.id,
            when: moment(record.at),
            who: mask_cpr(&caller_name(store, &mut names, &entry.caller)?),
            what: mask_cpr(&operation_name(&entry.operation)),
            jobcenter: entry.jobcenter.unwrap_or_else(|| "–".to_owned()),
            outcome: mask_cpr(&entry.outcome),
            detail: entry.detail.as_deref().map(mask_cpr).unwrap_or_default(),
        });
    }
    Ok(Ok((rows, more)))
}

/// The page for `asked` among `jobcenters`, with its errors and rows.
fn render(
    csrf: String,
    asked: AuditQuery,
    jobcenters: &[JobCenterCode],
    errors: Vec<FieldError>,
    rows: Option<(Vec<Row>, Option<i64>)>,
) -> SearchPage {
    let chosen = asked.jobcenter.trim().to_owned();
    let jobcenters =
        jobcenters.iter().map(|code| (code.as_str().to_owned(), code.as_str() == chosen)).collect();
    let (rows, older) = rows.map_or((None, None), |(rows, older)| (Some(rows), older));
    SearchPage {
        csrf,
        again: asked.trimmed(),
        paged: !asked.before.trim().is_empty(),
        asked,
        jobcenters,
        errors,
        rows,
        older,
    }
}

/// `GET /follow-up/audit`: the form and the newest rows (no criteria, whatever the query says).
pub async fn form(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    answer(&request, &context, person, AuditQuery::default()).await
}

/// `POST /follow-up/audit`: the rows the posted criteria find.
pub async fn search(request: HttpRequest, form: web::Form<AuditQuery>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    answer(&request, &context, person, form.into_inner()).await
}

/// The page of the search `asked` by `person`, audited.
async fn answer(
    request: &HttpRequest,
    context: &Context,
    person: session::SignedIn,
    asked: AuditQuery,
) -> actix_web::Result<HttpResponse> {
    let (person, jobcenters) = administrator(person, t("Revisionsloggen"))?;
    let caller = account_caller(&person.account);
    let detail = Some(asked.given());
    let operation = "web.audit.search";
    let searched = match asked.criteria(&jobcenters) {
        Ok(criteria) => {
            let (scope, own) = (jobcenters.clone(), caller.clone());
            context
                .blocking(move |store| found(store, criteria, &scope, own))
                .await?
                .map_err(|error| vec![error])
        }
        Err(errors) => Err(errors),
    };
    match searched {
        Ok((rows, more)) => {
            let older = if more { rows.last().map(|row| row.id) } else { None };
            context.audit(request, caller, operation, "ok", detail).await;
            let page = render(person.csrf.clone(), asked, &jobcenters, Vec::new(), Some((rows, older)));
            Ok(page::html(StatusCode::OK, &page))
        }
        Err(errors) => {
            context.audit(request, caller, operation, "invalid", detail).await;
            let page = render(person.csrf.clone(), asked, &jobcenters, errors, None);
            Ok(page::html(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
