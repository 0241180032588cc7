//! The pages of single sign-on.
//!
//! - `GET /login/sso`: signs in; `POST /invitation/sso` (the invitation page's button "Opret
//!   med kommunens login"): accepts the invitation of the invitation cookie with the provider's
//!   identity instead of a password and an authenticator; `GET/POST /login/sso/link`: someone
//!   signed in with password and code links their account to the provider.
//! - Each starts a sign-on: a fresh `state`, `nonce` and PKCE verifier, sealed under the data key
//!   in the cookie `__Host-planner-sso` (HttpOnly, SameSite=Lax so that the provider's redirect
//!   brings it, 10 minutes), then a redirect to the provider's authorization endpoint with the
//!   S256 challenge.
//! - `GET /login/sso/callback?code&state`: the cookie is removed whatever happens (one use);
//!   the state must be the cookie's, the code is exchanged with the verifier, the ID token is
//!   checked ([`super::token`]) against the server's clock, and the person is mapped to an
//!   account. The provider did the second factor, so a sign-on gives a full session.
//!
//! Every outcome writes an audit row `web.sign_in.oidc` (`ok` or `refused`, the reason as the
//! detail; `web.sso.link` for linking), never an e-mail address, subject, code or token.

use std::sync::Arc;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::provider::{Provider, ProviderError};
use super::settings::SubjectClaim;
use super::token::{self, Expected, Identity};
use crate::domain::people::{Account, Email, InvitationState};
use crate::store::{AcceptAs, Entity, Error, NewAccount, NewSession, Store};
use crate::web::cookies;
use crate::web::page::{self, stop};
use crate::web::session::{self, account_caller, Context, Visitor};
use crate::web::sign_in::{with_cookie, TokenForm};

/// The sign-on cookie's name.
pub const SSO: &str = "__Host-planner-sso";

/// How long a sign-on may take at the provider.
pub const SIGN_ON_MINUTES: i64 = 10;

/// The audit operation of a sign-on.
const OPERATION: &str = "web.sign_in.oidc";

/// The routes of single sign-on.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/login/sso", web::get().to(sign_in))
        .route("/login/sso/callback", web::get().to(callback))
        .route("/login/sso/link", web::get().to(link_page))
        .route("/login/sso/link", web::post().to(link))
        .route("/invitation/sso", web::post().to(invitation));
}

/// What a sign-on is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Purpose {
    SignIn,
    Invitation,
    Link,
}

/// What the sign-on cookie carries, sealed.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    purpose: Purpose,
    /// Unix seconds.
    made_at: i64,
}

/// The page that offers linking.
#[derive(Template)]
#[template(path = "web/sso_link.html")]
struct LinkPage<'a> {
    csrf: &'a str,
    button: &'a str,
    linked: bool,
}

/// The provider, or the page saying single sign-on is not set up.
fn provider(context: &Context) -> actix_web::Result<Arc<Provider>> {
    context.settings.sso.clone().ok_or_else(|| {
        stop(page::message(
            StatusCode::NOT_FOUND,
            "Kommunens login er ikke sat op",
            "Log ind med e-mailadresse, adgangskode og kode.",
            Some(("/login", "Til log ind")),
        ))
    })
}

/// 32 random bytes in hex.
fn random() -> actix_web::Result<String> {
    cookies::new_token().ok_or_else(|| stop(page::unavailable()))
}

/// The S256 challenge of PKCE `verifier`.
fn challenge(verifier: &str) -> String {
    use base64::Engine as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

fn sso_cookie(value: String) -> Cookie<'static> {
    let mut cookie =
        Cookie::build(SSO, value).path("/").secure(true).http_only(true).same_site(SameSite::Lax).finish();
    cookie.set_max_age(CookieDuration::minutes(SIGN_ON_MINUTES));
    cookie
}

fn provider_down() -> HttpResponse {
    page::message(
        StatusCode::BAD_GATEWAY,
        "Kommunens login svarer ikke",
        "Prøv igen om lidt, eller log ind med e-mailadresse, adgangskode og kode.",
        Some(("/login", "Til log ind")),
    )
}

/// Starts a sign-on for `purpose`: the sealed cookie and the redirect to the provider.
async fn start(context: &Context, purpose: Purpose) -> actix_web::Result<HttpResponse> {
    let provider = provider(context)?;
    let found = provider.clone();
    let discovery = match web::block(move || found.discovery()).await {
        Ok(Ok(discovery)) => discovery,
        Ok(Err(error)) => {
            log::warn!("single sign-on cannot start: {error}");
            return Ok(provider_down());
        }
        Err(_) => return Ok(page::unavailable()),
    };
    let pending = Pending {
        state: random()?,
        nonce: random()?,
        verifier: random()?,
        purpose,
        made_at: context.clock.now().timestamp(),
    };
    let json = serde_json::to_string(&pending).map_err(|_| stop(page::unavailable()))?;
    let sealed = context.store.people().seal_sign_on(&json).map_err(|_| stop(page::unavailable()))?;
    let settings = provider.settings();
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", &settings.client_id)
        .append_pair("redirect_uri", &settings.redirect_uri)
        .append_pair("scope", "openid email profile")
        .append_pair("state", &pending.state)
        .append_pair("nonce", &pending.nonce)
        .append_pair("code_challenge", &challenge(&pending.verifier))
        .append_pair("code_challenge_method", "S256")
        .finish();
    let endpoint = &discovery.authorization_endpoint;
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let location = format!("{endpoint}{separator}{query}");
    Ok(with_cookie(page::see_other(&location), Some(sso_cookie(sealed))))
}

/// `GET /login/sso`.
async fn sign_in(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    if let Visitor::SignedIn(_) = session::visitor(&request, &context).await? {
        return Ok(page::see_other("/"));
    }
    start(&context, Purpose::SignIn).await
}

/// `POST /invitation/sso`: the invitation page's button.
async fn invitation(request: HttpRequest, form: web::Form<TokenForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    session::check_forgery(&request, cookies::read(&request, cookies::FORM).as_deref(), &form.csrf)?;
    if cookies::read(&request, cookies::INVITATION).is_none() {
        return Ok(page::see_other("/invitation"));
    }
    start(&context, Purpose::Invitation).await
}

/// `GET /login/sso/link`: the page with the button that links the signed-in account.
async fn link_page(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let provider = provider(&context)?;
    let person = session::signed_in(&request, &context).await?;
    let id = person.account.id.clone();
    let linked = context.blocking(move |store| store.people().subject_of(&id)).await?.is_some();
    let page = LinkPage { csrf: &person.csrf, button: &provider.settings().button, linked };
    Ok(page::html(StatusCode::OK, &page))
}

/// `POST /login/sso/link`.
async fn link(request: HttpRequest, form: web::Form<TokenForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    session::check_forgery(&request, Some(&person.csrf), &form.csrf)?;
    start(&context, Purpose::Link).await
}

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
            "Log ind med kommunens login mislykkedes",
            "Log ind blev afbrudt, var for gammelt eller kunne ikke godkendes. Prøv igen fra log ind-siden.",
            Some(("/login", "Til log ind")),
        );
        Self { reason, page }
    }

    fn with(reason: &'static str, status: StatusCode, title: &str, text: &str) -> Self {
        Self { reason, page: page::message(status, title, text, Some(("/login", "Til log ind"))) }
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

/// The account key of `identity`: the issuer and the subject.
fn subject_key(issuer: &str, identity: &Identity) -> String {
    format!("{issuer} {}", identity.subject)
}

/// The verified e-mail address of `identity`, if it has one.
fn verified_email(identity: &Identity) -> Option<Email> {
    identity.email.as_deref().filter(|_| identity.email_verified).and_then(|email| Email::parse(email).ok())
}

fn no_account() -> Refused {
    Refused::with(
        "no_account",
        StatusCode::FORBIDDEN,
        "Din konto findes ikke i Planner",
        "Din konto findes ikke i Planner. Bed din administrator om en invitation.",
    )
}

/// The account `identity` signs in as, under `claim`; links the subject the first time an
/// e-mail address finds an account.
fn account_for(
    store: &Store,
    claim: SubjectClaim,
    key: &str,
    identity: &Identity,
) -> Result<Result<Account, &'static str>, Error> {
    let people = store.people();
    if let Some(account) = people.account_by_subject(key)? {
        return Ok(if account.disabled { Err("disabled") } else { Ok(account) });
    }
    if claim == SubjectClaim::Subject {
        return Ok(Err("no_account"));
    }
    let Some(email) = verified_email(identity) else { return Ok(Err("no_verified_email")) };
    let account = match people.account_by_email(&email) {
        Ok(account) => account,
        Err(Error::NotFound(_)) => return Ok(Err("no_account")),
        Err(error) => return Err(error),
    };
    if account.disabled {
        return Ok(Err("disabled"));
    }
    if !people.link_subject(&account.id, key)? {
        return Ok(Err("another_subject"));
    }
    Ok(Ok(account))
}

/// Ends the browser's `old` session and starts a full one of `account`.
fn full_session(
    store: &Store,
    account: &str,
    old: Option<String>,
    now: DateTime<Utc>,
) -> Result<NewSession, Error> {
    if let Some(old) = old {
        store.people().end_session(&old)?;
    }
    store.people().start_session(account, true, now)
}

/// `GET /login/sso/callback`.
async fn callback(request: HttpRequest) -> actix_web::Result<HttpResponse> {
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
    let next = if cookies::read(request, cookies::INVITATION).is_some() { "/invitation" } else { "/" };
    Ok(with_cookie(page::see_other(next), Some(cookies::session(started.secret))))
}

/// The name a new account gets: the token's, or the e-mail address.
fn name_of(identity: &Identity, email: &Email) -> String {
    identity
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| (1..=100).contains(&name.chars().count()) && !name.chars().any(char::is_control))
        .unwrap_or(email.as_str())
        .to_owned()
}

/// What accepting an invitation by single sign-on came to.
type Acceptance = Result<(Account, NewSession, String), &'static str>;

/// Accepts invitation `secret` for the provider's person `identity` (subject `key`).
fn accept(
    store: &Store,
    (secret, claim, key): (&str, SubjectClaim, &str),
    identity: &Identity,
    old: Option<String>,
    now: DateTime<Utc>,
) -> Result<Acceptance, Error> {
    let people = store.people();
    let invitation = match people.invitation_by_secret(secret) {
        Ok(record) => record.invitation,
        Err(Error::NotFound(Entity::Invitation)) => return Ok(Err("invitation_unknown")),
        Err(error) => return Err(error),
    };
    if invitation.state(now) != InvitationState::Sent {
        return Ok(Err("invitation_unusable"));
    }
    // The provider must not vouch for another address than the invitation's.
    match (verified_email(identity), claim) {
        (Some(email), _) if email != invitation.email => return Ok(Err("invitation_other_email")),
        (None, SubjectClaim::Email) => return Ok(Err("no_verified_email")),
        _ => {}
    }
    let who = match people.account_by_subject(key)? {
        Some(account) if account.email == invitation.email => AcceptAs::Existing(account.id),
        Some(_) => return Ok(Err("another_account")),
        None => AcceptAs::New(NewAccount {
            name: name_of(identity, &invitation.email),
            oidc_subject: Some(key.to_owned()),
            ..NewAccount::default()
        }),
    };
    let account = match people.accept(secret, &who, now) {
        Ok(account) => account,
        Err(Error::Conflict(crate::domain::Error::AccountExists)) => return Ok(Err("account_exists")),
        Err(Error::Conflict(_)) => return Ok(Err("invitation_unusable")),
        Err(error) => return Err(error),
    };
    let session = full_session(store, &account.id, old, now)?;
    Ok(Ok((account, session, invitation.id)))
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
            "Du har allerede en konto",
            "Der findes allerede en konto med denne e-mailadresse. Log ind med adgangskode og kode, og åbn linket igen for at få rollen.",
        ),
        "invitation_other_email" | "another_account" => Refused::with(
            reason,
            StatusCode::FORBIDDEN,
            "Invitationen er til en anden",
            "Dit kommunelogin hører til en anden person end den, invitationen er sendt til.",
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
            "Kontoen kunne ikke knyttes",
            "Dit kommunelogin er allerede knyttet til en anden konto, eller din konto er knyttet til et andet kommunelogin.",
            Some(("/", "Til forsiden")),
        ));
    }
    context.audit(request, caller, "web.sso.link", "ok", None).await;
    Ok(page::see_other("/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(super::challenge(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
