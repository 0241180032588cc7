//! RFC 9457 problem details (`application/problem+json`): the one error shape of the admin API.
//!
//! `Problem::from(&store::Error)` and `Problem::from(&domain::Error)` match exhaustively, with no
//! catch-all arm, so a new error variant does not compile until someone picks its status.
//! Internal errors become a 500 that carries only the correlation id; the cause is kept in a
//! private field for the log line and is never serialized.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain;
use crate::store;

/// The path prefix under which every error answer is problem+json (the admin API's, which takes
/// it as its prefix): even the body limit, which runs before routing, answers there with one.
pub const PROBLEM_SCOPE: &str = "/admin/v1";

/// The media type of problem answers.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's JSON name (or query parameter).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// A problem answer.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A URI naming the kind of problem (relative to the API, stable).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A short summary of the kind.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What happened in this case.
    pub detail: String,
    /// The invalid fields (validation problems only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The cause of an internal error, for the log only.
    #[serde(skip)]
    pub internal: Option<String>,
}

impl Problem {
    fn new(status: StatusCode, kind: &'static str, title: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            internal: None,
        }
    }

    /// 400: the body or a parameter could not be read at all (malformed JSON, wrong type).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "/problems/bad-request", "Bad request", detail)
    }

    /// 401: no caller identity came with the request.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "/problems/unauthenticated",
            "Unauthenticated",
            "no client certificate identity; connect with a registered admin certificate",
        )
    }

    /// 403: the caller is known but may not do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "/problems/forbidden", "Forbidden", detail)
    }

    /// 404: the named resource does not exist.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "/problems/not-found", "Not found", format!("{what} not found"))
    }

    /// 404: no admin route has this path and method.
    pub fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "/problems/no-such-route",
            "No such route",
            "no admin route with this method and path; see /admin/v1/openapi.json",
        )
    }

    /// 422: one field failed validation.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut problem = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            "Validation failed",
            format!("'{field}' is invalid: {message}"),
        );
        problem.errors.push(FieldError { field: field.to_owned(), message });
        problem
    }

    /// 409: a business rule refused the change.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "/problems/conflict", "Conflict", detail)
    }

    /// 413: the body is over the limit ([`crate::edge::BODY_LIMIT`]).
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "/problems/payload-too-large",
            "Payload too large",
            format!("the body is larger than {} bytes", crate::edge::BODY_LIMIT),
        )
    }

    /// An error answer that no handler wrote (the framework's own: an unreadable body, an
    /// unsupported header): its status with the canonical reason, and no input quoted.
    pub fn for_status(status: StatusCode) -> Self {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::payload_too_large();
        }
        let title = status.canonical_reason().unwrap_or("Error");
        Self::new(status, "/problems/http", title, format!("the request was refused: {title}"))
    }

    /// 500: something internal failed; the answer carries only the correlation id.
    pub fn internal(cause: impl Into<String>) -> Self {
        let mut problem =
            Self::new(StatusCode::INTERNAL_SERVER_ERROR, "/problems/internal", "Internal error", "");
        problem.internal = Some(cause.into());
        problem
    }

    /// Puts the correlation id into an internal error's detail.
    pub fn with_correlation_id(mut self, correlation_id: &str) -> Self {
        if self.status == 500 {
            self.detail = format!("internal error; quote correlation id {correlation_id}");
        }
        self
    }

    /// The outcome text for the audit row: `ok` is never a problem, so the status.
    pub fn outcome(&self) -> String {
        self.status.to_string()
    }

    /// A domain error as a 422 naming `field` (for values parsed at the edge).
    pub fn field(field: &str, error: &domain::Error) -> Self {
        Self::invalid(field, error.to_string())
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.internal {
            Some(cause) => write!(f, "{}: {cause}", self.title),
            None => write!(f, "{}: {}", self.title, self.detail),
        }
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let body = serde_json::to_string(self).unwrap_or_default();
        HttpResponse::build(self.status_code()).insert_header((header::CONTENT_TYPE, PROBLEM_JSON)).body(body)
    }
}

impl From<&domain::Error> for Problem {
    fn from(error: &domain::Error) -> Self {
        use domain::Error as E;
        let text = error.to_string();
        match error {
            E::InvalidCpr => Self::invalid("cpr", text),
            E::InvalidJobCenterCode => Self::invalid("jobcenter", text),
            E::InvalidGuid(field) => Self::invalid(field, text),
            E::InvalidCaseworkerId => Self::invalid("caseworker_id", text),
            E::InvalidText { field, .. } => Self::invalid(field, text),
            E::EndBeforeStart => Self::invalid("end", text),
            E::NotPositive(field) => Self::invalid(field, text),
            E::InvalidSeats => Self::invalid("seats", text),
            E::InvalidWorkingHours => Self::invalid("periods", text),
            E::InvalidClosingDay(_) => Self::invalid("closing_day", text),
            E::ContactMissing(_) => Self::invalid("contact", text),
            E::NoCluster => Self::invalid("clusters", text),
            E::WrongSenderCode => Self::invalid("code", text),
            E::CodeNotAllowed(field) => Self::invalid(field, text),
            E::LapseReasonMissing => Self::invalid("reason", text),
            E::BeyondHorizon(field) => Self::invalid(field, text),
            E::RebookDeadlineNotAllowed | E::RebookDeadlineMissing => Self::invalid("rebook_deadline", text),
            E::CancelDeadlineNotAllowed => Self::invalid("cancel_deadline", text),
            E::StartTooSoon
            | E::SlotTaken
            | E::NoBookingOptions
            | E::ReservationExpired
            | E::ReservationMismatch
            | E::NotOwnedByCitizen
            | E::RebookNotPossible
            | E::RebookDeadlinePassed
            | E::CancelNotPossible
            | E::CancelDeadlinePassed
            | E::InvalidTransition { .. }
            | E::BilledOnlyLapse
            | E::NotBegun
            | E::AlreadyBooked
            | E::Closed
            | E::NameTaken(_)
            | E::TypeNotOffered
            | E::InvitationExpired
            | E::AccountExists
            | E::InvitationUsed
            | E::SenderCodeExpired
            | E::SenderConfirmed
            | E::SenderNotConfirmed
            | E::NoConfirmedSender
            | E::OutsideWorkingHours => Self::conflict(text),
        }
    }
}

impl From<&store::Error> for Problem {
    fn from(error: &store::Error) -> Self {
        match error {
            // `Entity`'s Display is itself an exhaustive match.
            store::Error::NotFound(entity) => Self::not_found(&entity.to_string()),
            store::Error::Conflict(rule) => Self::from(rule),
            store::Error::Unavailable
            | store::Error::Corrupt(_)
            | store::Error::Config(_)
            | store::Error::Migration(_)
            | store::Error::Database(_) => Self::internal(error.to_string()),
        }
    }
}

impl From<store::Error> for Problem {
    fn from(error: store::Error) -> Self {
        Self::from(&error)
    }
}

impl From<domain::Error> for Problem {
    fn from(error: domain::Error) -> Self {
        Self::from(&error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let check = |problem: Problem, status: u16| assert_eq!(problem.status, status, "{problem}");
        check(Problem::from(&store::Error::NotFound(store::Entity::Offer)), 404);
        check(Problem::from(&store::Error::Unavailable), 500);
        check(Problem::from(&domain::Error::InvalidWorkingHours), 422);
        check(Problem::from(&domain::Error::SlotTaken), 409);
        let internal = Problem::from(&store::Error::Corrupt("secret".into())).with_correlation_id("c-1");
        let body = serde_json::to_string(&internal).unwrap();
        assert!(body.contains("c-1") && !body.contains("secret"), "{body}");
    }
}
