//! The web app's cookies. Each is `__Host-` (so only this origin over HTTPS can set it, for the
//! whole site), Secure and HttpOnly; none holds anything but a random secret.
//!
//! - the session cookie carries the session's secret (the store keeps its SHA-256); it has no
//!   expiry of its own, the server ends sessions;
//! - the form cookie carries the anti-forgery token of forms shown before sign-in (double
//!   submit: the form echoes it), `SameSite=Strict`;
//! - the invitation cookie carries an invitation's secret for an hour, so that after the first
//!   request the secret is in no address bar, history entry or `Referer`;
//! - the plan-link cookie carries a plan-link's landing, sealed, for ten minutes, across
//!   signing in (`summons::planlink`);
//! - the language cookie carries the language the person chose (`da` or `en`, `lang`), for a
//!   year, `SameSite=Lax`.

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::HttpRequest;

/// The session cookie's name.
pub const SESSION: &str = "__Host-planner-session";
/// The anonymous forms' anti-forgery cookie's name.
pub const FORM: &str = "__Host-planner-form";
/// The invitation cookie's name.
pub const INVITATION: &str = "__Host-planner-invitation";

/// The plan-link landing cookie's name.
pub const PLANLINK: &str = "__Host-planner-planlink";

/// The language cookie's name.
pub const LANGUAGE: &str = "__Host-lang";

/// How long the language cookie lives (a year).
const LANGUAGE_SECONDS: i64 = 365 * 24 * 3600;

/// How long the plan-link cookie lives.
pub const PLANLINK_SECONDS: i64 = 600;

/// How long the invitation cookie lives.
const INVITATION_SECONDS: i64 = 3600;

fn base(name: &'static str, value: String, same_site: SameSite) -> Cookie<'static> {
    Cookie::build(name, value).path("/").secure(true).http_only(true).same_site(same_site).finish()
}

/// The session cookie carrying `secret`. `Lax`, so that a link from a caseworker system
/// opens the app signed in; state changes need the session's token besides.
pub fn session(secret: String) -> Cookie<'static> {
    base(SESSION, secret, SameSite::Lax)
}

/// The anonymous forms' anti-forgery cookie.
pub fn form(token: String) -> Cookie<'static> {
    base(FORM, token, SameSite::Strict)
}

/// The invitation cookie carrying an invitation's `secret`.
pub fn invitation(secret: String) -> Cookie<'static> {
    let mut cookie = base(INVITATION, secret, SameSite::Lax);
    cookie.set_max_age(Duration::seconds(INVITATION_SECONDS));
    cookie
}

/// The plan-link cookie carrying a sealed landing.
pub fn planlink(sealed: String) -> Cookie<'static> {
    let mut cookie = base(PLANLINK, sealed, SameSite::Lax);
    cookie.set_max_age(Duration::seconds(PLANLINK_SECONDS));
    cookie
}

/// The language cookie carrying the code of the language chosen.
pub fn language(code: &'static str) -> Cookie<'static> {
    let mut cookie = base(LANGUAGE, code.to_owned(), SameSite::Lax);
    cookie.set_max_age(Duration::seconds(LANGUAGE_SECONDS));
    cookie
}

/// A cookie that removes cookie `name` from the browser.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut cookie = base(name, String::new(), SameSite::Lax);
    cookie.make_removal();
    cookie
}

/// The value of cookie `name` in `request`, if it is there and not empty.
pub fn read(request: &HttpRequest, name: &str) -> Option<String> {
    request.cookie(name).map(|cookie| cookie.value().to_owned()).filter(|value| !value.is_empty())
}

/// True when `a` and `b` are equal, compared in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && openssl::memcmp::eq(a.as_bytes(), b.as_bytes())
}

/// A fresh random token (32 bytes, hex) for a form cookie; `None` when the system's random
/// generator fails.
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).ok()?;
    Some(hex::encode(bytes))
}
