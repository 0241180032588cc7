//! What every authorized JSON call shares, whatever its transport (admin API, adapters' endpoints):
//! who is calling and the correlation id ([`RequestContext`]), the check of a registered caller's
//! role ([`authorize_roles`]), and the one audit row per call ([`audit_call`]).

use actix_web::{web, HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};

use super::caller::{self, CallerSource};
use super::{CorrelationId, Problem};
use crate::domain::{Caller, Role};
use crate::store::{AuditEntry, Store};

/// Who sent a request and its correlation id, as the edge established them.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The caller identity (from the client certificate, or the trusted header in tests).
    pub identity: Option<String>,
    /// The request's correlation id (empty outside the request-log middleware).
    pub correlation_id: String,
}

impl RequestContext {
    /// Reads the identity and the correlation id of `request`.
    pub fn of(request: &HttpRequest) -> Self {
        let trust = request.app_data::<web::Data<CallerSource>>().is_some_and(|s| s.trust_caller_header);
        let correlation_id =
            request.extensions().get::<CorrelationId>().map(ToString::to_string).unwrap_or_default();
        Self { identity: caller::identity(request, trust), correlation_id }
    }
}

/// The registered, enabled caller behind `identity` whose role is one of `roles`: 401 without
/// an identity, 403 with `needs` as the reason otherwise.
pub fn authorize_roles(
    store: &Store,
    identity: Option<&str>,
    roles: &[Role],
    needs: &str,
) -> Result<Caller, Problem> {
    let identity = identity.ok_or_else(Problem::unauthenticated)?;
    let caller = store
        .caller(identity)?
        .filter(|caller| caller.enabled)
        .ok_or_else(|| Problem::forbidden("the caller is not registered or is disabled"))?;
    if !roles.contains(&caller.role) {
        return Err(Problem::forbidden(needs));
    }
    Ok(caller)
}

/// What a call noted for its audit row.
pub struct Noted<'a> {
    /// The jobcenter the call acted for.
    pub jobcenter: Option<String>,
    /// Ids it touched (`key=value`).
    pub ids: &'a [String],
    /// The person the caller acted for (never a CPR).
    pub request_user: Option<String>,
}

/// Writes the one audit row of a JSON-edge call (admin API, adapters); a failed write is
/// logged with the correlation id and never changes the call's answer.
pub fn audit_call<T>(
    store: &Store,
    correlation_id: &str,
    identity: Option<&str>,
    operation: &str,
    noted: Noted<'_>,
    result: &Result<T, Problem>,
    now: DateTime<Utc>,
) {
    let entry = AuditEntry {
        correlation_id: correlation_id.to_owned(),
        caller: identity.unwrap_or("-").to_owned(),
        request_user: noted.request_user,
        operation: operation.to_owned(),
        jobcenter: noted.jobcenter,
        outcome: match result {
            Ok(_) => "ok".to_owned(),
            Err(problem) => problem.outcome(),
        },
        detail: (!noted.ids.is_empty()).then(|| noted.ids.join(" ")),
    };
    if let Err(error) = store.append_audit(&entry, now) {
        log::error!("audit write failed for correlation_id={correlation_id}: {error}");
    }
}
