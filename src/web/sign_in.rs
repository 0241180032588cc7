//! Signing in and out: `GET/POST /login` (e-mail and password), `GET/POST /login/code` (the
//! authenticator's six digits, or a recovery code), `POST /logout`.
//!
//! Sign-in is throttled per account and per source address ([`SignInLimits`]): beyond the
//! limit a person is told when to try again, never locked out for good; wrong codes count as
//! failures too. A wrong e-mail address and a wrong password get the same answer after the
//! same work (a hash is verified either way), so the page does not tell who has an account.
//! Passing the password starts a fresh session (a session id planted before is never
//! honoured); passing the second factor replaces it by another. Every success and failure is
//! audited, without the e-mail address.
//!
//! [`SignInLimits`]: crate::domain::people::SignInLimits

use std::net::IpAddr;
use std::sync::OnceLock;

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::cookies;
use super::lang::{fill, t};
use super::page::{self, stop, FieldError};
use super::session::{self, account_caller, Context, SignedIn, Visitor};
use super::WebSettings;
use crate::domain::people::Email;
use crate::edge::credentials::{find_recovery_code, hash_password, verify_password, TotpSecret};
use crate::store::{Credentials, NewSession, Store};

/// The routes of signing in and out.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/login", web::get().to(login_page))
        .route("/login", web::post().to(sign_in))
        .route("/login/code", web::get().to(code_page))
        .route("/login/code", web::post().to(check_code))
        .route("/logout", web::post().to(sign_out));
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage<'a> {
    /// The single sign-on button's text, when it is configured.
    sso: Option<&'a str>,
    csrf: &'a str,
    email: &'a str,
    errors: &'a [FieldError],
}

/// The second-factor page.
#[derive(Template)]
#[template(path = "web/code.html")]
struct CodePage<'a> {
    csrf: &'a str,
    name: &'a str,
    errors: &'a [FieldError],
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    email: String,
    password: String,
    csrf: String,
}

/// The second-factor form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    code: String,
    csrf: String,
}

/// A form that carries only its token (signing out, adding a role).
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    /// The anti-forgery token.
    pub csrf: String,
}

/// The form token of `request`'s browser, and the cookie to set when it had none.
pub fn form_token(request: &HttpRequest) -> actix_web::Result<(String, Option<Cookie<'static>>)> {
    if let Some(token) = cookies::read(request, cookies::FORM) {
        return Ok((token, None));
    }
    // The language switch's middleware minted one and sets its cookie on the answer.
    let minted = super::lang::token();
    if !minted.is_empty() {
        return Ok((minted, None));
    }
    let token = cookies::new_token().ok_or_else(|| stop(page::unavailable()))?;
    Ok((token.clone(), Some(cookies::form(token))))
}

/// `answer` with `cookie` set, when there is one.
pub fn with_cookie(mut answer: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(cookie) = cookie {
        // Only a cookie whose value is not a valid header fails here, and ours are hex.
        let _ = answer.add_cookie(&cookie);
    }
    answer
}

fn login_form(
    (status, context): (StatusCode, &Context),
    csrf: &str,
    email: &str,
    errors: &[FieldError],
) -> HttpResponse {
    let sso = context.settings.sso.as_ref().map(|sso| sso.settings().button.as_str());
    page::html(status, &LoginPage { sso, csrf, email, errors })
}

/// `GET /login`.
async fn login_page(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    if let Visitor::SignedIn(_) = session::visitor(&request, &context).await? {
        return Ok(page::see_other("/"));
    }
    let (token, cookie) = form_token(&request)?;
    Ok(with_cookie(login_form((StatusCode::OK, &context), &token, "", &[]), cookie))
}

/// The throttling subjects of a sign-in as `email` from `address`.
fn subjects(email: &str, address: Option<IpAddr>) -> [String; 2] {
    let address = address.map(|address| address.to_string()).unwrap_or_default();
    [format!("account:{}", email.trim().to_lowercase()), format!("address:{address}")]
}

/// When the next attempt of `subjects` is let through, if not now.
fn wait(
    store: &Store,
    settings: &WebSettings,
    subjects: &[String; 2],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, crate::store::Error> {
    let (limits, people) = (settings.limits, store.people());
    let account = people.sign_in_wait(&subjects[0], &limits, limits.per_account, now)?;
    let address = people.sign_in_wait(&subjects[1], &limits, limits.per_address, now)?;
    Ok(account.max(address))
}

/// Records a failed attempt of `subjects`.
fn fail(store: &Store, subjects: &[String; 2], now: DateTime<Utc>) -> Result<(), crate::store::Error> {
    let subjects: Vec<&str> = subjects.iter().map(String::as_str).collect();
    store.people().record_failure(&subjects, now)
}

/// The answer to a throttled attempt.
fn throttled(until: DateTime<Utc>) -> HttpResponse {
    let local = until.with_timezone(&crate::domain::ZONE).format("%H:%M");
    page::message(
        StatusCode::TOO_MANY_REQUESTS,
        t("For mange forsøg"),
        &fill(t("Der er forsøgt logget ind for mange gange. Prøv igen efter kl. {}."), [local.to_string()]),
        Some(("/login", t("Til log ind"))),
    )
}

/// A hash to verify when there is no account, so that both answers take the same time.
fn dummy_hash(settings: &WebSettings) -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("no account has this password", &settings.password).unwrap_or_default())
}

/// What a password attempt came to.
enum PasswordOutcome {
    Throttled(DateTime<Utc>),
    Wrong,
    /// The account's id and its new, half signed-in session.
    Passed(String, NewSession),
}

/// Checks `password` for `email` at `now`; on success ends the browser's `old` session and
/// starts a new one, halfway.
fn check_password(
    store: &Store,
    settings: &WebSettings,
    email: &Email,
    password: &str,
    (subjects, old): (&[String; 2], Option<String>),
    now: DateTime<Utc>,
) -> Result<PasswordOutcome, crate::store::Error> {
    if let Some(until) = wait(store, settings, subjects, now)? {
        return Ok(PasswordOutcome::Throttled(until));
    }
    let found = store.people().credentials(email)?;
    let hash = found.as_ref().and_then(|c| c.password_hash.clone());
    let matches = verify_password(hash.as_deref().unwrap_or(dummy_hash(settings)), password);
    match found {
        Some(Credentials { account, disabled: false, .. }) if matches && hash.is_some() => {
            if let Some(old) = old {
                store.people().end_session(&old)?;
            }
            let started = store.people().start_session(&account, false, now)?;
            Ok(PasswordOutcome::Passed(account, started))
        }
        _ => {
            fail(store, subjects, now)?;
            Ok(PasswordOutcome::Wrong)
        }
    }
}

/// `POST /login`.
async fn sign_in(request: HttpRequest, form: web::Form<PasswordForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let form = form.into_inner();
    session::check_forgery(&request, cookies::read(&request, cookies::FORM).as_deref(), &form.csrf)?;
    let Ok(email) = Email::parse(&form.email) else {
        let errors = [FieldError::new("email", t("Skriv din e-mailadresse, fx navn@kommune.dk."))];
        return Ok(login_form(
            (StatusCode::UNPROCESSABLE_ENTITY, &context),
            &form.csrf,
            &form.email,
            &errors,
        ));
    };
    let subjects = subjects(email.as_str(), request.peer_addr().map(|peer| peer.ip()));
    let (settings, now) = (context.settings.clone(), context.clock.now());
    let old = cookies::read(&request, cookies::SESSION);
    let password = form.password.clone();
    let outcome = context
        .blocking(move |store| check_password(store, &settings, &email, &password, (&subjects, old), now))
        .await?;
    let operation = "web.sign_in.password";
    Ok(match outcome {
        PasswordOutcome::Throttled(until) => {
            context.audit(&request, "anonymous".into(), operation, "throttled", None).await;
            throttled(until)
        }
        PasswordOutcome::Wrong => {
            context.audit(&request, "anonymous".into(), operation, "refused", None).await;
            let errors = [FieldError::new("password", t("E-mailadressen eller adgangskoden er forkert."))];
            login_form((StatusCode::UNAUTHORIZED, &context), &form.csrf, &form.email, &errors)
        }
        PasswordOutcome::Passed(account, started) => {
            context.audit(&request, format!("account:{account}"), operation, "ok", None).await;
            with_cookie(page::see_other("/login/code"), Some(cookies::session(started.secret)))
        }
    })
}

/// The half signed-in person of `request`, or where to send them.
async fn halfway(request: &HttpRequest, context: &Context) -> actix_web::Result<SignedIn> {
    match session::visitor(request, context).await? {
        Visitor::Halfway(person) => Ok(person),
        Visitor::SignedIn(_) => Err(stop(page::see_other("/"))),
        Visitor::Anonymous => Err(stop(page::see_other("/login"))),
    }
}

fn code_form(status: StatusCode, person: &SignedIn, errors: &[FieldError]) -> HttpResponse {
    page::html(status, &CodePage { csrf: &person.csrf, name: &person.account.name, errors })
}

/// `GET /login/code`.
async fn code_page(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = halfway(&request, &context).await?;
    Ok(code_form(StatusCode::OK, &person, &[]))
}

/// What checking a second factor came to.
enum CodeOutcome {
    Throttled(DateTime<Utc>),
    Wrong,
    Passed(NewSession),
    /// The session ended meanwhile (signed out in another tab).
    Gone,
}

/// True when `code` is the account's next TOTP code or one of its unused recovery codes; the
/// code is used up either way.
fn factor_passes(
    store: &Store,
    person: &SignedIn,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, crate::store::Error> {
    let (people, id) = (store.people(), &person.account.id);
    let credentials = people.credentials(&person.account.email)?;
    let secret = credentials.as_ref().and_then(|c| c.totp_secret.as_deref());
    let secret = secret.and_then(|secret| TotpSecret::from_base32(secret).ok());
    let last = credentials.as_ref().and_then(|c| c.totp_last_step);
    if let Some(step) = secret.and_then(|secret| secret.verify(code, now, last)) {
        return people.use_totp_step(id, step);
    }
    let hashes = people.unused_recovery_codes(id)?;
    match find_recovery_code(&hashes, code) {
        Some(index) => people.use_recovery_code(id, &hashes[index], now),
        None => Ok(false),
    }
}

/// Checks `code` for `person` from `address` at `now`.
fn check_factor(
    store: &Store,
    settings: &WebSettings,
    person: &SignedIn,
    (code, address): (&str, Option<IpAddr>),
    now: DateTime<Utc>,
) -> Result<CodeOutcome, crate::store::Error> {
    let subjects = subjects(person.account.email.as_str(), address);
    if let Some(until) = wait(store, settings, &subjects, now)? {
        return Ok(CodeOutcome::Throttled(until));
    }
    if !factor_passes(store, person, code, now)? {
        fail(store, &subjects, now)?;
        return Ok(CodeOutcome::Wrong);
    }
    Ok(match store.people().pass_second_factor(&person.secret, now)? {
        Some(session) => CodeOutcome::Passed(session),
        None => CodeOutcome::Gone,
    })
}

/// `POST /login/code`.
async fn check_code(request: HttpRequest, form: web::Form<CodeForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = halfway(&request, &context).await?;
    session::check_forgery(&request, Some(&person.csrf), &form.csrf)?;
    let (settings, now) = (context.settings.clone(), context.clock.now());
    let address = request.peer_addr().map(|peer| peer.ip());
    let (code, checked) = (form.into_inner().code, person.clone());
    let outcome = context
        .blocking(move |store| check_factor(store, &settings, &checked, (&code, address), now))
        .await?;
    let caller = account_caller(&person.account);
    Ok(match outcome {
        CodeOutcome::Throttled(until) => {
            context.audit(&request, caller, "web.sign_in.code", "throttled", None).await;
            throttled(until)
        }
        CodeOutcome::Wrong => {
            context.audit(&request, caller, "web.sign_in.code", "refused", None).await;
            let errors = [FieldError::new(
                "code",
                t("Koden er forkert eller brugt. Skriv den kode, din app viser nu."),
            )];
            code_form(StatusCode::UNAUTHORIZED, &person, &errors)
        }
        CodeOutcome::Gone => page::see_other("/login"),
        CodeOutcome::Passed(session) => {
            context.audit(&request, caller, "web.sign_in", "ok", None).await;
            // Someone who signed in to use an invitation (or a plan-link) goes back to it.
            let next = after_sign_in(&request);
            with_cookie(page::see_other(next), Some(cookies::session(session.secret)))
        }
    })
}

/// Where a person goes once signed in: back to the invitation or plan-link that sent them to
/// sign in, else the start page.
pub fn after_sign_in(request: &HttpRequest) -> &'static str {
    if cookies::read(request, cookies::INVITATION).is_some() {
        "/invitation"
    } else if cookies::read(request, cookies::PLANLINK).is_some() {
        "/summons/planlink"
    } else {
        "/"
    }
}

/// `POST /logout`: ends the session (a half signed-in one too).
async fn sign_out(request: HttpRequest, form: web::Form<TokenForm>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = match session::visitor(&request, &context).await? {
        Visitor::SignedIn(person) | Visitor::Halfway(person) => person,
        Visitor::Anonymous => return Ok(page::see_other("/login")),
    };
    session::check_forgery(&request, Some(&person.csrf), &form.csrf)?;
    let secret = person.secret.clone();
    context.blocking(move |store| store.people().end_session(&secret)).await?;
    context.audit(&request, account_caller(&person.account), "web.sign_out", "ok", None).await;
    Ok(with_cookie(page::see_other("/login"), Some(cookies::removal(cookies::SESSION))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_ignore_the_case_of_the_address() {
        let [account, address] = subjects(" Anne@Kommune.dk ", Some("10.0.0.7".parse().unwrap()));
        assert_eq!(account, "account:anne@kommune.dk");
        assert_eq!(address, "address:10.0.0.7");
    }

    #[test]
    fn the_login_page_escapes_what_was_typed_and_names_the_failing_field() {
        let errors = [FieldError::new("email", t("Skriv din e-mailadresse."))];
        let html = LoginPage { sso: None, csrf: "t", email: "<script>", errors: &errors }.render().unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains("href=\"#email\""), "{html}");
    }
}
