//! The end of a single sign-on: `GET /login/sso/callback?code&state`. The sign-on cookie is
//! removed whatever happens (one use); the state must be the cookie's, the code is exchanged
//! with the verifier, the ID token is checked ([`super::token`]) against the server's clock, and
//! the person is mapped to an account ([`super::mapping`]). The provider did the second factor,
//! so a sign-on gives a full session.
//!
//! Every outcome writes an audit row `web.sign_in.oidc` (`ok` or `refused`, the reason as the
//! detail; `web.sso.link` for linking), never an e-mail address, subject, code or token.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::flow::{provider, provider_down, Pending, Purpose, SIGN_ON_MINUTES, SSO};
use super::mapping::{accept, account_for, full_session, subject_key};
use super::provider::{Provider, ProviderError};
use super::settings::SubjectClaim;
use super::token::{self, Expected, Identity};
use crate::store::{Error, Store};
use crate::web::cookies;
use crate::web::lang::t;
use crate::web::page;
use crate::web::session::{self, account_caller, Context, Visitor};
use crate::web::sign_in::with_cookie;

/// The audit operation of a sign-on.
const OPERATION: &str = "web.sign_in.oidc";

/// The callback's query.
#[derive(Debug, Default, Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// A refused sign-on: the reason (audit detail, log) and the page.
struct Refused {
    reason: &'static str,
    page: HttpResponse,
}

impl Refused {
    fn new(reason: &'static str) -> Self {
        let page = page::message(
            StatusCode::FORBIDDEN,
            t("Log ind med kommunens login mislykkedes"),
            t("Log ind blev afbrudt, var for gammelt eller kunne ikke godkendes. Prøv igen fra log ind-siden."),
            Some(("/login", t("Til log ind"))),
        );
        Self { reason, page }
    }

    fn with(reason: &'static str, status: StatusCode, title: &str, text: &str) -> Self {
        Self { reason, page: page::message(status, title, text, Some(("/login", t("Til log ind")))) }
    }
}

/// The pending sign-on of the request's cookie, if it is intact, fresh and its state is
/// `state`.
fn pending(request: &HttpRequest, context: &Context, state: &str, now: DateTime<Utc>) -> Option<Pending> {
    let sealed = cookies::read(request, SSO)?;
    let json = context.store.people().open_sign_on(&sealed)?;
    let pending: Pending = serde_json::from_str(&json).ok()?;
    let made_at = DateTime::<Utc>::from_timestamp(pending.made_at, 0)?;
    let fresh = now < made_at + Duration::minutes(SIGN_ON_MINUTES) && made_at <= now + Duration::minutes(1);
    (fresh && cookies::same_token(&pending.state, state)).then_some(pending)
}

/// The identity the provider vouches for in this callback, with the sign-on it ends.
async fn identify(
    request: &HttpRequest,
    context: &Context,
    provider: Arc<Provider>,
) -> Result<(Pending, Identity), Refused> {
    let query: Callback = serde_urlencoded::from_str(request.query_string()).unwrap_or_default();
    let now = context.clock.now();
    let state = query.state.unwrap_or_default();
    let Some(pending) = pending(request, context, &state, now) else { return Err(Refused::new("state")) };
    if query.error.is_some() {
        return Err(Refused::new("provider_error"));
    }
    let Some(code) = query.code else { return Err(Refused::new("no_code")) };
    let (verifier, nonce) = (pending.verifier.clone(), pending.nonce.clone());
    let checked = web::block(move || {
        let token = provider.exchange(&code, &verifier)?;
        let settings = provider.settings();
        let expected =
            Expected { issuer: &settings.issuer, client_id: &settings.client_id, nonce: &nonce, now };
        token::check(&token, |kid, family| provider.key(kid, family), expected)
    })
    .await;
    match checked {
        Ok(Ok(Ok(identity))) => Ok((pending, identity)),
        Ok(Ok(Err(refusal))) => Err(Refused::new(refusal.name())),
        Ok(Err(ProviderError::CodeRefused(_))) => Err(Refused::new("code_refused")),
        Ok(Err(error)) => {
            log::warn!("single sign-on failed: {error}");
            Err(Refused { reason: "provider_unavailable", page: provider_down() })
        }
        Err(_) => Err(Refused { reason: "provider_unavailable", page: page::unavailable() }),
    }
}

fn no_account() -> Refused {
    Refused::with(
        "no_account",
        StatusCode::FORBIDDEN,
        t("Ingen adgang"),
        t("Din konto findes ikke i Planner. Bed din administrator om en invitation."),
    )
}

/// `GET /login/sso/callback`.
pub(super) async fn callback(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let provider = provider(&context)?;
    let (claim, issuer) = (provider.settings().claim, provider.settings().issuer.clone());
    let answer = match identify(&request, &context, provider).await {
        Err(refused) => Err(refused),
        Ok((pending, identity)) => {
            let key = subject_key(&issuer, &identity);
            match pending.purpose {
                Purpose::SignIn => signed_on(&request, &context, claim, key, identity).await,
                Purpose::Invitation => accepted(&request, &context, claim, key, identity).await,
                Purpose::Link => linked(&request, &context, key).await,
            }
        }
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(Refused { reason, page }) => {
            log::info!("a single sign-on was refused: {reason}");
            let caller = match session::visitor(&request, &context).await {
                Ok(Visitor::SignedIn(person)) => account_caller(&person.account),
                _ => "anonymous".to_owned(),
            };
            context.audit(&request, caller, OPERATION, "refused", Some(reason.to_owned())).await;
            page
        }
    };
    Ok(with_cookie(answer, Some(cookies::removal(SSO))))
}

/// Runs store `work`; a store failure is a refusal with the unavailable page (logged).
async fn stored<T: Send + 'static>(
    context: &Context,
    work: impl FnOnce(&Store) -> Result<T, Error> + Send + 'static,
) -> Result<T, Refused> {
    context.blocking(work).await.map_err(|_| Refused { reason: "unavailable", page: page::unavailable() })
}

/// A sign-in: the mapped account gets a full session.
async fn signed_on(
    request: &HttpRequest,
    context: &Context,
    claim: SubjectClaim,
    key: String,
    identity: Identity,
) -> Result<HttpResponse, Refused> {
    let (old, now) = (cookies::read(request, cookies::SESSION), context.clock.now());
    let found = stored(context, move |store| {
        Ok(match account_for(store, claim, &key, &identity)? {
            Ok(account) => {
                let session = full_session(store, &account.id, old, now)?;
                Ok((account, session))
            }
            Err(reason) => Err(reason),
        })
    })
    .await?;
    let (account, started) = found.map_err(|reason| match reason {
        "no_account" => no_account(),
        other => Refused::new(other),
    })?;
    context.audit(request, account_caller(&account), OPERATION, "ok", None).await;
    let next = crate::web::sign_in::after_sign_in(request);
    Ok(with_cookie(page::see_other(next), Some(cookies::session(started.secret))))
}

/// An invitation accepted by single sign-on: the account (new, or the one linked to the
/// subject already) gains the role and is signed in.
async fn accepted(
    request: &HttpRequest,
    context: &Context,
    claim: SubjectClaim,
    key: String,
    identity: Identity,
) -> Result<HttpResponse, Refused> {
    let Some(secret) = cookies::read(request, cookies::INVITATION) else {
        return Err(Refused::new("invitation_unknown"));
    };
    let (old, now) = (cookies::read(request, cookies::SESSION), context.clock.now());
    let outcome =
        stored(context, move |store| accept(store, (&secret, claim, &key), &identity, old, now)).await?;
    let (account, started, invitation) = outcome.map_err(|reason| match reason {
        "account_exists" => Refused::with(
            reason,
            StatusCode::CONFLICT,
            t("Du har allerede en konto"),
            t("Der findes allerede en konto med denne e-mailadresse. Log ind med adgangskode og kode, og åbn linket \
               igen for at få rollen."),
        ),
        "invitation_other_email" | "another_account" => Refused::with(
            reason,
            StatusCode::FORBIDDEN,
            t("Invitationen er til en anden"),
            t("Dit kommunelogin hører til en anden person end den, invitationen er sendt til."),
        ),
        other => Refused::new(other),
    })?;
    let caller = account_caller(&account);
    context.audit(request, caller.clone(), "web.invitation.accept", "ok", Some(invitation)).await;
    context.audit(request, caller, OPERATION, "ok", None).await;
    let mut answer = page::see_other("/");
    let _ = answer.add_cookie(&cookies::session(started.secret));
    Ok(with_cookie(answer, Some(cookies::removal(cookies::INVITATION))))
}

/// Linking the signed-in account to the provider's person.
async fn linked(request: &HttpRequest, context: &Context, key: String) -> Result<HttpResponse, Refused> {
    let person = match session::visitor(request, context).await {
        Ok(Visitor::SignedIn(person)) => person,
        _ => return Err(Refused::new("not_signed_in")),
    };
    let id = person.account.id.clone();
    let done = stored(context, move |store| store.people().link_subject(&id, &key)).await?;
    let caller = account_caller(&person.account);
    if !done {
        context.audit(request, caller, "web.sso.link", "refused", None).await;
        return Ok(page::message(
            StatusCode::CONFLICT,
            t("Kontoen kunne ikke knyttes"),
            t("Dit kommunelogin er allerede knyttet til en anden konto, eller din konto er knyttet til et andet \
               kommunelogin."),
            Some(("/", t("Til forsiden"))),
        ));
    }
    context.audit(request, caller, "web.sso.link", "ok", None).await;
    Ok(page::see_other("/"))
}
