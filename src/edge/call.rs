//! What every authorized JSON call shares, whatever its transport (admin API, adapters' endpoints):
//! [`Call`] takes the store, the caller identity and the correlation id from the request,
//! authorizes the caller, runs the work on the blocking pool (the store is synchronous) and
//! writes exactly one audit row with what the work noted ([`Notes`]), whatever the outcome.
//! [`authorize_roles`] is the role check of a registered, enabled caller.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, web, FromRequest, HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};

use super::caller::{self, CallerSource};
use super::clock::Clock;
use super::{CorrelationId, Problem};
use crate::domain::{Caller, JobCenterCode, Role};
use crate::store::{AuditEntry, Store};

/// What the request brought: the store, the caller identity and the correlation id.
#[derive(Debug)]
pub struct Call {
    store: web::Data<Store>,
    identity: Option<String>,
    correlation_id: String,
    clock: Clock,
}

impl FromRequest for Call {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust = request.app_data::<web::Data<CallerSource>>().is_some_and(|s| s.trust_caller_header);
        let correlation_id =
            request.extensions().get::<CorrelationId>().map(ToString::to_string).unwrap_or_default();
        let identity = caller::identity(request, trust);
        ready(match request.app_data::<web::Data<Store>>().cloned() {
            Some(store) => Ok(Call { store, identity, correlation_id, clock: Clock::of(request) }),
            None => Err(Problem::internal("no store configured").into()),
        })
    }
}

/// What a call notes for its audit row while it works.
#[derive(Debug, Default)]
pub struct Notes {
    jobcenter: Option<String>,
    ids: Vec<String>,
    request_user: Option<String>,
}

impl Notes {
    /// Checks that `caller` (when there is one) acts for `jobcenter` (403 otherwise) and notes
    /// the jobcenter.
    pub fn jobcenter(&mut self, caller: Option<&Caller>, jobcenter: &JobCenterCode) -> Result<(), Problem> {
        self.jobcenter = Some(jobcenter.as_str().to_owned());
        match caller {
            Some(caller) if !caller.acts_for(jobcenter) => {
                Err(Problem::forbidden(format!("the caller may not act for jobcenter '{jobcenter}'")))
            }
            _ => Ok(()),
        }
    }

    /// Notes an id the call touched (`offer.id=...`; never personal data).
    pub fn id(&mut self, key: &str, id: &str) {
        self.ids.push(format!("{key}={id}"));
    }

    /// Notes the person the caller acts for (never a CPR).
    pub fn request_user(&mut self, user: &str) {
        self.request_user = Some(user.to_owned());
    }
}

/// What the work of a call is given.
pub struct Work<'a> {
    /// The store.
    pub store: &'a Store,
    /// The authorized caller (`None` when the request proves itself, like a signed link).
    pub caller: Option<&'a Caller>,
    /// The request's instant.
    pub now: DateTime<Utc>,
    /// What the call notes for its audit row.
    pub notes: &'a mut Notes,
}

impl Call {
    /// Authorizes with `authorize` (the caller, or `None` when the request proves itself), runs
    /// `work` on the blocking pool and audits the call as `operation`. A failure carries the
    /// correlation id; the request log writes its one line.
    pub async fn run<T, A, F>(self, operation: &'static str, authorize: A, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        A: FnOnce(&Store, Option<&str>) -> Result<Option<Caller>, Problem> + Send + 'static,
        F: FnOnce(Work<'_>) -> Result<T, Problem> + Send + 'static,
    {
        let correlation_id = self.correlation_id.clone();
        let outcome = web::block(move || self.run_blocking(operation, authorize, work)).await;
        let result = outcome.unwrap_or_else(|error| Err(Problem::internal(error.to_string())));
        result.map_err(|problem| problem.with_correlation_id(&correlation_id))
    }

    fn run_blocking<T>(
        self,
        operation: &'static str,
        authorize: impl FnOnce(&Store, Option<&str>) -> Result<Option<Caller>, Problem>,
        work: impl FnOnce(Work<'_>) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        let now = self.clock.now();
        let mut notes = Notes::default();
        let result = match authorize(&self.store, self.identity.as_deref()) {
            Ok(caller) => work(Work { store: &self.store, caller: caller.as_ref(), now, notes: &mut notes }),
            Err(problem) => Err(problem),
        };
        audit_call(
            &self.store,
            &self.correlation_id,
            self.identity.as_deref(),
            operation,
            notes,
            &result,
            now,
        );
        result
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

/// Writes the one audit row of a call; a failed write is logged with the correlation id and
/// never changes the call's answer.
fn audit_call<T>(
    store: &Store,
    correlation_id: &str,
    identity: Option<&str>,
    operation: &str,
    notes: Notes,
    result: &Result<T, Problem>,
    now: DateTime<Utc>,
) {
    let entry = AuditEntry {
        correlation_id: correlation_id.to_owned(),
        caller: identity.unwrap_or("-").to_owned(),
        request_user: notes.request_user,
        operation: operation.to_owned(),
        jobcenter: notes.jobcenter,
        outcome: match result {
            Ok(_) => "ok".to_owned(),
            Err(problem) => problem.outcome(),
        },
        detail: (!notes.ids.is_empty()).then(|| notes.ids.join(" ")),
    };
    if let Err(error) = store.append_audit(&entry, now) {
        log::error!("audit write failed for correlation_id={correlation_id}: {error}");
    }
}
