//! Starting a single sign-on: `GET /login/sso` signs in; `POST /invitation/sso` (the
//! invitation page's button "Opret med kommunens login") accepts the invitation of the
//! invitation cookie with the provider's identity instead of a password and an authenticator;
//! `GET/POST /login/sso/link` lets someone signed in with password and code link their account
//! to the provider. The callback is [`super::callback`].
//!
//! Each start makes a fresh `state`, `nonce` and PKCE verifier, sealed under the data key in the
//! cookie `__Host-planner-sso` (HttpOnly, SameSite=Lax so that the provider's redirect brings it,
//! 10 minutes), then redirects to the provider's authorization endpoint with the S256 challenge.

use std::sync::Arc;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::{Deserialize, Serialize};

use super::provider::Provider;
use crate::web::cookies;
use crate::web::lang::t;
use crate::web::page::{self, stop};
use crate::web::session::{self, Context, Visitor};
use crate::web::sign_in::{with_cookie, TokenForm};

/// The sign-on cookie's name.
pub const SSO: &str = "__Host-planner-sso";

/// How long a sign-on may take at the provider.
pub const SIGN_ON_MINUTES: i64 = 10;

/// The routes of single sign-on.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/login/sso", web::get().to(sign_in))
        .route("/login/sso/callback", web::get().to(super::callback::callback))
        .route("/login/sso/link", web::get().to(link_page))
        .route("/login/sso/link", web::post().to(link))
        .route("/invitation/sso", web::post().to(invitation));
}

/// What a sign-on is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Purpose {
    SignIn,
    Invitation,
    Link,
}

/// What the sign-on cookie carries, sealed.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Pending {
    pub(super) state: String,
    pub(super) nonce: String,
    pub(super) verifier: String,
    pub(super) purpose: Purpose,
    /// Unix seconds.
    pub(super) made_at: i64,
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
pub(super) fn provider(context: &Context) -> actix_web::Result<Arc<Provider>> {
    context.settings.sso.clone().ok_or_else(|| {
        stop(page::message(
            StatusCode::NOT_FOUND,
            t("Kommunens login er ikke sat op"),
            t("Log ind med e-mailadresse, adgangskode og kode."),
            Some(("/login", t("Til log ind"))),
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

pub(super) fn provider_down() -> HttpResponse {
    page::message(
        StatusCode::BAD_GATEWAY,
        t("Kommunens login svarer ikke"),
        t("Prøv igen om lidt, eller log ind med e-mailadresse, adgangskode og kode."),
        Some(("/login", t("Til log ind"))),
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
    session::posted_by(&request, &context, &form.csrf).await?;
    start(&context, Purpose::Link).await
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
