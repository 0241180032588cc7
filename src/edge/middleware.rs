//! Request middleware: the request log with its correlation id, the body size limit, and
//! problem+json for every error of a scope that promises it.
//!
//! The request log writes one line per request with method, route, status, duration and
//! correlation id, and nothing else: the route is the matched pattern (`/calendar/{file}`), never
//! the path, whose segments may be identifiers or a feed token; query strings and bodies may
//! carry CPR numbers, so they are never logged (contract §5); a client error is named by its
//! problem type, never by its text, which may quote what the client sent. The method is one of
//! a closed set (`metrics::method_label`). The correlation id is returned in `X-Correlation-Id`
//! and kept in the request extensions, so a handler that answers with an internal error can
//! quote it.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse};

use super::problem::{Problem, PROBLEM_JSON, PROBLEM_SCOPE};

/// Largest accepted request body, in bytes (contract §1: 1 MiB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The response header carrying the correlation id.
const CORRELATION_HEADER: HeaderName = HeaderName::from_static("x-correlation-id");

/// The id that ties a request's log line, audit row and error answer together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrelationId(pub uuid::Uuid);

impl std::fmt::Display for CorrelationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Marks a response whose error is the client's (a SOAP Client/Sender fault answered with 500
/// or 400): the request log writes it at WARN, not ERROR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientFault;

/// Logs each request once and stamps it with a correlation id.
pub async fn request_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let correlation = CorrelationId(uuid::Uuid::new_v4());
    request.extensions_mut().insert(correlation);
    let method = super::metrics::method_label(request.method());
    let metrics = request.app_data::<actix_web::web::Data<super::metrics::Metrics>>().cloned();
    let started = Instant::now();
    let result = next.call(request).await;
    let duration_ms = started.elapsed().as_millis();
    let (status, error, client_fault) = match &result {
        Ok(response) => (
            response.status(),
            response.response().error(),
            response.response().extensions().contains::<ClientFault>(),
        ),
        Err(error) => (error.as_response_error().status_code(), Some(error), false),
    };
    let error = error.map(|error| error_note(error, status)).unwrap_or_default();
    // The route pattern (never the path with its ids or tokens) is known once routing has run.
    let route = match &result {
        Ok(response) => response.request().match_pattern(),
        Err(_) => None,
    };
    let route = route.as_deref().unwrap_or("unmatched");
    if let Some(metrics) = metrics {
        metrics.record_request(method, route, status.as_u16(), started.elapsed());
    }
    let level = match (client_fault, status.is_server_error()) {
        (true, _) => log::Level::Warn,
        (false, true) => log::Level::Error,
        (false, false) => log::Level::Info,
    };
    log::log!(
        target: "planner::request",
        level,
        "request method={method} route={route} status={} duration_ms={duration_ms} correlation_id={correlation}{error}",
        status.as_u16(),
    );
    let mut response = result?;
    if let Ok(value) = HeaderValue::from_str(&correlation.to_string()) {
        response.headers_mut().insert(CORRELATION_HEADER, value);
    }
    Ok(response)
}

/// What the log line says about an error answer. A server error's cause is ours and is logged
/// (an internal `Problem` shows its cause). A client error is named by its problem type only:
/// its text may quote the client's input (serde quotes values), and that may be a CPR.
fn error_note(error: &actix_web::Error, status: actix_web::http::StatusCode) -> String {
    if status.is_server_error() {
        return format!(" error=\"{error}\"");
    }
    match error.as_error::<crate::edge::Problem>() {
        Some(problem) => format!(" problem={}", problem.kind),
        None => " problem=client-error".to_owned(),
    }
}

/// Refuses a request whose declared length exceeds [`BODY_LIMIT`] before any handler runs,
/// whatever its route (a problem+json answer under the admin API, whose errors all are).
/// Bodies without a length are capped by the extractor configuration.
pub async fn body_limit(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
        if request.path().starts_with(PROBLEM_SCOPE) {
            let (request, _) = request.into_parts();
            let mut response = ServiceResponse::from_err(Problem::payload_too_large(), request);
            response
                .response_mut()
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return Ok(response.map_into_right_body());
        }
        let response = HttpResponse::PayloadTooLarge()
            .insert_header((header::CONNECTION, "close"))
            .json(serde_json::json!({ "status": "payload too large", "limit_bytes": BODY_LIMIT }));
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// Wraps a scope whose errors are all problem+json (the admin API): an error answer written by
/// the framework rather than a handler (an unreadable or oversized body without a length, say)
/// becomes the problem of its status; problem answers and successes pass unchanged.
pub async fn errors_as_problems(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let response = next.call(request).await.map_err(|error| match error.as_error::<Problem>() {
        Some(_) => error,
        None => Problem::for_status(error.as_response_error().status_code()).into(),
    })?;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
    if response.status().as_u16() < 400 || is_problem {
        return Ok(response.map_into_left_body());
    }
    let problem = Problem::for_status(response.status());
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::from_err(problem, request).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{test, web, App, HttpResponse};

    use super::{request_log, ClientFault};

    async fn client_fault() -> HttpResponse {
        let mut response = HttpResponse::InternalServerError();
        response.extensions_mut().insert(ClientFault);
        response.finish()
    }

    async fn server_error() -> HttpResponse {
        HttpResponse::InternalServerError().finish()
    }

    #[actix_web::test]
    async fn client_faults_are_logged_at_warn_server_errors_at_error() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(request_log))
                .route("/client", web::post().to(client_fault))
                .route("/server", web::post().to(server_error)),
        )
        .await;
        for (path, level) in [("/client", "WARN"), ("/server", "ERROR")] {
            crate::test_log::begin();
            let response = test::call_service(&app, test::TestRequest::post().uri(path).to_request()).await;
            let lines = crate::test_log::end();
            assert_eq!(response.status(), 500);
            let line = lines.iter().find(|l| l.contains("request method=POST")).expect("a request line");
            assert!(line.starts_with(&format!("{level} planner::request")), "{line}");
        }
    }
}
