//! Who is on the other end of a request to the people listener, and the anti-forgery rule.
//!
//! The session is read from the store on every request ([`visitor`]): one lookup by the
//! SHA-256 of the cookie's secret and one of the account. A session that has passed the
//! password but not the second factor opens only the code page. Every state-changing request
//! (POST) must carry a token the page gave it: the session's own token once signed in, the
//! form cookie's token before; a request whose `Origin` names another site is refused as well.
//!
//! The steps here end a request early with a page (a redirect to sign in, a refusal) as the
//! error of their `Result` ([`page::stop`]), so handlers read as a list of steps with `?`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest};

use super::cookies;
use super::lang::t;
use super::page::{self, stop};
use super::WebSettings;
use crate::domain::people::Account;
use crate::edge::clock::Clock;
use crate::edge::CorrelationId;
use crate::store::{AuditEntry, LiveSession, Store};

/// A person signed in (with both factors, or halfway: see [`Visitor`]).
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Their account, as it is now.
    pub account: Account,
    /// The token their forms carry.
    pub csrf: String,
    /// The session cookie's secret.
    pub secret: String,
}

/// Who sent a request.
#[derive(Debug, Clone)]
pub enum Visitor {
    /// Nobody signed in.
    Anonymous,
    /// Past the password, not yet past the second factor.
    Halfway(SignedIn),
    /// Signed in.
    SignedIn(SignedIn),
}

/// The store, settings and clock of a request to the people listener.
pub struct Context {
    /// The store.
    pub store: web::Data<Store>,
    /// The web settings.
    pub settings: web::Data<WebSettings>,
    /// "Now" for this request.
    pub clock: Clock,
}

impl Context {
    /// The context of `request`; a server without a store answers the unavailable page.
    pub fn of(request: &HttpRequest) -> actix_web::Result<Self> {
        let store =
            request.app_data::<web::Data<Store>>().cloned().ok_or_else(|| stop(page::unavailable()))?;
        let settings = request.app_data::<web::Data<WebSettings>>().cloned().unwrap_or_default();
        Ok(Self { store, settings, clock: Clock::of(request) })
    }

    /// Runs store work on the blocking pool; a store failure is logged and answers the
    /// unavailable page.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, crate::store::Error> + Send + 'static,
    ) -> actix_web::Result<T> {
        let store = self.store.clone();
        match web::block(move || work(&store)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => {
                log::error!("the web app's store work failed: {error}");
                Err(stop(page::unavailable()))
            }
            Err(error) => {
                log::error!("the web app's store work did not finish: {error}");
                Err(stop(page::unavailable()))
            }
        }
    }

    /// Writes one audit row for `request`, by `caller` (`account:<id>`, or `anonymous`), with
    /// `detail` (ids only, never personal data).
    pub async fn audit(
        &self,
        request: &HttpRequest,
        caller: String,
        operation: &str,
        outcome: &str,
        detail: Option<String>,
    ) {
        self.audit_in(request, caller, (operation, outcome), None, detail).await;
    }

    /// [`Context::audit`] of work in `jobcenter`.
    pub async fn audit_in(
        &self,
        request: &HttpRequest,
        caller: String,
        (operation, outcome): (&str, &str),
        jobcenter: Option<String>,
        detail: Option<String>,
    ) {
        let correlation_id =
            request.extensions().get::<CorrelationId>().map(ToString::to_string).unwrap_or_default();
        let entry = AuditEntry {
            correlation_id,
            caller,
            request_user: None,
            operation: operation.to_owned(),
            jobcenter,
            outcome: outcome.to_owned(),
            detail,
        };
        let now = self.clock.now();
        // The answer goes out either way; a failed audit is logged by `blocking`.
        let _ = self.blocking(move |store| store.append_audit(&entry, now)).await;
    }
}

/// Who sent `request`, checked against the store now.
pub async fn visitor(request: &HttpRequest, context: &Context) -> actix_web::Result<Visitor> {
    let Some(secret) = cookies::read(request, cookies::SESSION) else { return Ok(Visitor::Anonymous) };
    let policy = context.settings.sessions;
    let now = context.clock.now();
    let looked_up = secret.clone();
    let found = context.blocking(move |store| store.people().session(&looked_up, &policy, now)).await?;
    Ok(match found {
        None => Visitor::Anonymous,
        Some(LiveSession { account, csrf, second_factor }) => {
            let person = SignedIn { account, csrf, secret };
            if second_factor {
                Visitor::SignedIn(person)
            } else {
                Visitor::Halfway(person)
            }
        }
    })
}

/// The person signed in, or where to send the browser instead (the sign-in page, or the code
/// page for a half signed-in session).
pub async fn signed_in(request: &HttpRequest, context: &Context) -> actix_web::Result<SignedIn> {
    match visitor(request, context).await? {
        Visitor::SignedIn(person) => Ok(person),
        Visitor::Halfway(_) => Err(stop(page::see_other("/login/code"))),
        Visitor::Anonymous => Err(stop(page::see_other("/login"))),
    }
}

/// The signed-in person behind a form post, after the anti-forgery check of `sent` (the form's
/// token) against their session's.
pub async fn posted_by(request: &HttpRequest, context: &Context, sent: &str) -> actix_web::Result<SignedIn> {
    let person = signed_in(request, context).await?;
    check_forgery(request, Some(&person.csrf), sent)?;
    Ok(person)
}

/// Refuses a state-changing request whose token is not `expected`, or whose `Origin` header
/// names another site than the one it was sent to.
pub fn check_forgery(request: &HttpRequest, expected: Option<&str>, sent: &str) -> actix_web::Result<()> {
    let same_origin = match request.headers().get(actix_web::http::header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = request.connection_info().host().to_owned();
            origin.to_str().is_ok_and(|origin| origin.split_once("://").is_some_and(|(_, rest)| rest == host))
        }
    };
    match expected {
        Some(expected) if same_origin && cookies::same_token(expected, sent) => Ok(()),
        _ => Err(stop(page::message(
            StatusCode::FORBIDDEN,
            t("Formularen kunne ikke sendes"),
            t("Siden var for gammel, eller formularen kom fra et andet websted. Hent siden igen, og prøv en gang til."),
            Some(("/", t("Til forsiden"))),
        ))),
    }
}

/// The audit caller of account `account`.
pub fn account_caller(account: &Account) -> String {
    format!("account:{}", account.id)
}
