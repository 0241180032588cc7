//! The language of each request to the people listener, kept for the request's handler and its
//! templates ([`here`]) by a middleware ([`scope`]): the `__Host-lang` cookie the language
//! switch sets, else the browser's `Accept-Language`.
//!
//! The switch is a form on every page, so every page needs a form token before anybody signs
//! in: the anonymous forms' token (the form cookie, double submit). A browser without one gets
//! one minted here and set on the answer (unless the handler set its own), and the sign-in pages
//! use the same token.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::HttpRequest;

use super::switch::return_path;
use super::Lang;
use crate::web::cookies;

tokio::task_local! {
    static HERE: Here;
}

/// What a request's pages need of its language.
#[derive(Debug, Clone)]
pub struct Here {
    /// The request's language.
    pub lang: Lang,
    /// Where the switch leads back to.
    pub back: String,
    /// The switch form's token (the form cookie's).
    pub token: String,
}

/// The language of the request being answered, when inside one.
pub fn here() -> Option<Here> {
    HERE.try_with(Clone::clone).ok()
}

/// The language `request` asks for: its cookie, else its `Accept-Language`.
pub fn chosen(request: &HttpRequest) -> Lang {
    if let Some(lang) = cookies::read(request, cookies::LANGUAGE).as_deref().and_then(Lang::parse) {
        return lang;
    }
    let accepted = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    accepted.map_or(Lang::Danish, Lang::from_accept_language)
}

/// Middleware: runs the request with its [`Here`], and sets a minted form cookie on the answer.
pub async fn scope(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lang = chosen(request.request());
    let back = match *request.method() {
        Method::GET => return_path(request.uri().path_and_query().map_or("/", |path| path.as_str())),
        _ => "/".to_owned(),
    };
    let page = !request.path().starts_with("/static/");
    let existing = cookies::read(request.request(), cookies::FORM);
    let minted = if existing.is_none() && page { cookies::new_token() } else { None };
    let token = existing.or_else(|| minted.clone()).unwrap_or_default();
    let mut response = HERE.scope(Here { lang, back, token }, next.call(request)).await?;
    if let Some(token) = minted {
        let set = response.response().cookies().any(|cookie| cookie.name() == cookies::FORM);
        if !set {
            // Only a cookie whose value is not a valid header fails here, and ours are hex.
            let _ = response.response_mut().add_cookie(&cookies::form(token));
        }
    }
    Ok(response)
}
