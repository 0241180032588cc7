//! The case system's plan-link lands in the web app:
//!
//! 1. `GET /planlink?person=..&caseworker=..&expires=..&nonce=..&sig=..` checks the signed link
//!    (`edge::planlink::verify`: signature, expiry) and spends its nonce
//!    (`Store::use_planlink_nonce`), so it opens once, before it expires. The person it names
//!    goes into a landing sealed with the data key in a ten-minute cookie, never into a URL.
//!    When the link's caseworker maps to an account, that person is signed in (a full session:
//!    the case system, holding the shared key, vouches for its caseworker, as it does for the
//!    JSON endpoint) unless they are already; otherwise whoever is signed in in this browser
//!    continues, or is asked to sign in and then continues (`sign_in::after_sign_in`).
//! 2. `GET /summons/planlink` opens the summons form for that person: the CPR is read from the
//!    store by the person reference, carried sealed and shown masked.
//!
//! The mapping: the link's `caseworker` is a caseworker id of the planner's counselors; the
//! counselor's e-mail address names the account (`Store::counselor_by_caseworker`, then
//! `people().account_by_email`); a disabled account is not signed in. A landing meant for one
//! account is refused to another (403). Audit rows: `web.planlink.open` (with the nonce),
//! `web.planlink.sign_in` and `web.planlink.land` (with the person reference).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::one::{empty_form, form_page};
use super::{binding, citizen, summoner};
use crate::domain::people::{Account, Email};
use crate::domain::CaseworkerId;
use crate::edge::planlink::{verify, PlanLink, Refusal};
use crate::store::{Error, Store};
use crate::web::cookies;
use crate::web::lang::t;
use crate::web::page::{self, stop};
use crate::web::session::{self, account_caller, Context, Visitor};
use crate::web::sign_in::with_cookie;

/// What the landing cookie is sealed for (bound to no session: it crosses signing in).
const PURPOSE: &str = "plan-link landing";
/// The binding of the landing cookie.
const BINDING: &str = "browser";

/// The page of a link that cannot be used.
fn refused(refusal: &Refusal) -> HttpResponse {
    let (status, title, text) = match refusal {
        Refusal::NotConfigured => (
            StatusCode::NOT_FOUND,
            t("Plan-linket er ikke sat op"),
            t("Planner tager ikke imod plan-links. Kontakt jobcentrets administrator."),
        ),
        Refusal::Malformed(_) | Refusal::BadSignature => (
            StatusCode::FORBIDDEN,
            t("Linket er ugyldigt"),
            t("Linket er ændret eller ufuldstændigt. Åbn det igen fra sagssystemet."),
        ),
        Refusal::Expired => (
            StatusCode::FORBIDDEN,
            t("Linket er udløbet"),
            t("Et plan-link virker kun i få minutter. Åbn det igen fra sagssystemet."),
        ),
        Refusal::Replayed => (
            StatusCode::FORBIDDEN,
            t("Linket er allerede brugt"),
            t("Et plan-link kan kun åbnes én gang. Åbn et nyt fra sagssystemet."),
        ),
    };
    page::message(status, title, text, Some(("/", t("Til forsiden"))))
}

/// The landing's sealed text: the person, the account meant (or none) and until when.
fn landing(link: &PlanLink, account: Option<&Account>, until: DateTime<Utc>) -> String {
    let account = account.map(|account| account.id.as_str()).unwrap_or_default();
    format!("{}\n{account}\n{}", link.person, until.timestamp())
}

/// The account the link's caseworker maps to, if any (and not disabled).
fn account_of(store: &Store, caseworker: &str) -> Result<Option<Account>, Error> {
    let Ok(caseworker) = CaseworkerId::parse(caseworker) else { return Ok(None) };
    let counselor = match store.counselor_by_caseworker(&caseworker) {
        Ok(counselor) => counselor,
        Err(Error::NotFound(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let Ok(email) = Email::parse(counselor.email.trim()) else { return Ok(None) };
    match store.people().account_by_email(&email) {
        Ok(account) if !account.disabled => Ok(Some(account)),
        Ok(_) | Err(Error::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `GET /planlink?...`.
pub async fn open(
    request: HttpRequest,
    query: web::Query<HashMap<String, String>>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let now = context.clock.now();
    let query = query.into_inner();
    let checked = match &context.settings.planlink {
        Some(keys) => verify(keys, &|name| query.get(name).cloned(), now),
        None => Err(Refusal::NotConfigured),
    };
    let link = match checked {
        Ok(link) => link,
        Err(refusal) => {
            context.audit(&request, "anonymous".into(), "web.planlink.open", "refused", None).await;
            return Ok(refused(&refusal));
        }
    };
    let detail = Some(format!("planlink.nonce={}", link.nonce));
    let spent = link.clone();
    let found = context
        .blocking(move |store| {
            if !store.use_planlink_nonce(&spent.nonce, spent.expires, now)? {
                return Ok(None);
            }
            let account = account_of(store, &spent.caseworker)?;
            let until = now + Duration::seconds(cookies::PLANLINK_SECONDS);
            let sealed = store.seal_for_page(PURPOSE, BINDING, &landing(&spent, account.as_ref(), until))?;
            Ok(Some((account, sealed)))
        })
        .await?;
    let Some((account, sealed)) = found else {
        context.audit(&request, "anonymous".into(), "web.planlink.open", "replayed", detail).await;
        return Ok(refused(&Refusal::Replayed));
    };
    context.audit(&request, "anonymous".into(), "web.planlink.open", "ok", detail).await;
    let visitor = session::visitor(&request, &context).await?;
    let mut answer = match (&account, visitor) {
        (Some(meant), Visitor::SignedIn(person)) if person.account.id == meant.id => {
            page::see_other("/summons/planlink")
        }
        (Some(meant), _) => {
            let (id, old) = (meant.id.clone(), cookies::read(&request, cookies::SESSION));
            let started = context
                .blocking(move |store| {
                    if let Some(old) = old {
                        store.people().end_session(&old)?;
                    }
                    store.people().start_session(&id, true, now)
                })
                .await?;
            context.audit(&request, account_caller(meant), "web.planlink.sign_in", "ok", None).await;
            with_cookie(page::see_other("/summons/planlink"), Some(cookies::session(started.secret)))
        }
        (None, Visitor::SignedIn(_)) => page::see_other("/summons/planlink"),
        (None, _) => page::see_other("/login"),
    };
    // Only a cookie whose value is not a valid header fails here, and a sealed value is hex.
    let _ = answer.add_cookie(&cookies::planlink(sealed));
    Ok(answer)
}

/// The landing's person and the account meant, if the cookie holds one still valid at `now`.
fn read_landing(store: &Store, sealed: &str, now: DateTime<Utc>) -> Option<(String, Option<String>)> {
    let plain = store.open_for_page(PURPOSE, BINDING, sealed)?;
    let mut parts = plain.split('\n');
    let (person, account, until) = (parts.next()?, parts.next()?, parts.next()?);
    let until = Utc.timestamp_opt(until.parse().ok()?, 0).single()?;
    (now < until).then(|| (person.to_owned(), Some(account.to_owned()).filter(|a| !a.is_empty())))
}

/// A landing that cannot be used (`status`, why), with its cookie removed.
fn gone(status: StatusCode, title: &str, text: &str) -> actix_web::Error {
    let answer = page::message(status, title, text, Some(("/summons", t("Til indkaldelse"))));
    stop(with_cookie(answer, Some(cookies::removal(cookies::PLANLINK))))
}

/// `GET /summons/planlink`: the summons form for the link's person.
pub async fn land(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let now = context.clock.now();
    let sealed = cookies::read(&request, cookies::PLANLINK).unwrap_or_default();
    let opened = context.blocking(move |store| Ok(read_landing(store, &sealed, now))).await?;
    let expired = t("Plan-linket er udløbet eller allerede brugt. Åbn et nyt fra sagssystemet.");
    let (reference, meant) =
        opened.ok_or_else(|| gone(StatusCode::FORBIDDEN, t("Linket er udløbet"), expired))?;
    if meant.is_some_and(|meant| meant != person.account.id) {
        let text = t("Plan-linket blev åbnet for en anden medarbejder. Åbn et nyt fra sagssystemet.");
        return Err(gone(StatusCode::FORBIDDEN, t("Linket er til en anden"), text));
    }
    summoner(&context, &request, &person, Some("web.planlink.land")).await?;
    let (bound, wanted) = (binding(&person), reference.clone());
    let found = context
        .blocking(move |store| match store.planlink_person_cpr(&wanted)? {
            Some(cpr) => citizen::seal(store, &bound, &cpr).map(Some),
            None => Ok(None),
        })
        .await?;
    let caller = account_caller(&person.account);
    let detail = Some(format!("planlink.person={reference}"));
    let Some(citizen) = found else {
        context.audit(&request, caller, "web.planlink.land", "unknown_person", detail).await;
        let text = t("Personen i plan-linket findes ikke i Planner, eller har intet CPR-nummer. Skriv CPR-nummeret i stedet.");
        return Err(gone(StatusCode::NOT_FOUND, t("Personen findes ikke"), text));
    };
    context.audit(&request, caller, "web.planlink.land", "ok", detail).await;
    let answer = form_page(&context, &person, StatusCode::OK, empty_form(&person, Some(citizen))).await?;
    Ok(with_cookie(answer, Some(cookies::removal(cookies::PLANLINK))))
}
