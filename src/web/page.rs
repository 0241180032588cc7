//! Answering with a page: an askama template rendered to HTML, the headers every page of the
//! people listener carries, redirects after a form, and the one stylesheet.
//!
//! The headers: a content security policy that allows only this origin's stylesheet and
//! scripts (files the app serves, never inline: the bulk summons' progress script reads its
//! status from this origin), no framing, no `Referer` to other sites (`same-origin`: an invitation's first address
//! holds its secret; `no-referrer` would also make browsers send `Origin: null` with every form,
//! which the forgery check refuses), no caching of pages that show personal data, and HSTS.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use askama::Template;

use super::lang::t;

/// The content security policy of every page.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
                      connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The stylesheet, compiled into the binary.
const STYLESHEET: &str = include_str!("app.css");

/// A field's error on a form: the field's id and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` (and `name`) of the field.
    pub field: std::borrow::Cow<'static, str>,
    /// The message, in Danish (pages show it in the person's language).
    pub message: String,
}

impl FieldError {
    /// An error of `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// An error of a field whose id is made at run time (one per row of a table).
    pub fn of(field: String, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The message of `field` among `errors`, if it has one (templates ask this per field).
pub fn error_of<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors.iter().find(|error| error.field == field).map(|error| error.message.as_str())
}

/// `template` rendered with `status`; a rendering failure is a 500 page and a log line.
pub fn html(status: StatusCode, template: &impl Template) -> HttpResponse {
    match template.render() {
        Ok(body) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body),
        Err(error) => {
            log::error!("a page could not be rendered: {error}");
            HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body("Intern fejl")
        }
    }
}

/// A plain page with a heading and a message (errors, expired links).
#[derive(Template)]
#[template(path = "web/message.html")]
pub struct Message<'a> {
    /// The heading.
    pub title: &'a str,
    /// The text under it.
    pub text: &'a str,
    /// Where the one link on the page leads, with its text.
    pub link: Option<(&'a str, &'a str)>,
}

/// A message page with `status`.
pub fn message(status: StatusCode, title: &str, text: &str, link: Option<(&str, &str)>) -> HttpResponse {
    html(status, &Message { title, text, link })
}

/// `answer` as the error of a step that ends the request early (a redirect to sign in, a
/// refusal, the unavailable page), so that handlers can use `?`; it is sent as it is.
pub fn stop(answer: HttpResponse) -> actix_web::Error {
    actix_web::error::InternalError::from_response("answered early", answer).into()
}

/// The page for a request the server could not serve (a database failure): no detail.
pub fn unavailable() -> HttpResponse {
    message(
        StatusCode::SERVICE_UNAVAILABLE,
        t("Planner kan ikke svare lige nu"),
        t("Prøv igen om lidt. Fortsætter fejlen, så kontakt jobcentrets administrator."),
        None,
    )
}

/// The answer to a form body that cannot be read (a field missing, not UTF-8, too large): a
/// page, never the parser's text (which would quote the input).
pub fn form_error(error: actix_web::error::UrlencodedError, _: &actix_web::HttpRequest) -> actix_web::Error {
    let status = match error {
        actix_web::error::UrlencodedError::Overflow { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    let answer = message(
        status,
        t("Formularen kunne ikke læses"),
        t("Noget i formularen manglede eller var for langt. Hent siden igen, og prøv en gang til."),
        Some(("/", t("Til forsiden"))),
    );
    stop(answer)
}

/// "See other": where a form sends the browser after it has done its work.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

/// Middleware: the security headers of every answer on the people listener.
pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
