//! One call to an adapter endpoint (`/adapters/...`): who is calling, the work on the blocking
//! pool, and the one audit row every call writes, whatever its outcome.
//!
//! The SIVI intake and the Xpert Suite webhook are for a registered, enabled caller with the role
//! `case-system` (an occupational-health or case system) or `admin`: the case system gets its own
//! role so that its certificate opens these endpoints and no SOAP operation or admin resource.
//! The plan-link is opened by a caseworker's browser and is authenticated by its signature, not
//! by a registered caller. Errors are problem+json ([`Problem`]).

use std::future::{ready, Ready};

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};

use crate::adapters::settings::AdapterSettings;
use crate::domain::{Caller, JobCenterCode, Role};
use crate::edge::call::{audit_call, authorize_roles, Noted, RequestContext};
use crate::edge::Problem;
use crate::store::Store;

/// Who may make a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A registered, enabled caller with the role `case-system` or `admin`.
    CaseSystem,
    /// Anyone who reached the listener; the request proves itself (a signed link).
    Signed,
}

/// What the request brought.
#[derive(Debug)]
pub struct AdapterCall {
    store: web::Data<Store>,
    settings: web::Data<AdapterSettings>,
    identity: Option<String>,
    correlation_id: String,
}

impl FromRequest for AdapterCall {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let store = request.app_data::<web::Data<Store>>().cloned();
        let settings = request.app_data::<web::Data<AdapterSettings>>().cloned();
        let RequestContext { identity, correlation_id } = RequestContext::of(request);
        ready(match (store, settings) {
            (Some(store), Some(settings)) => Ok(AdapterCall { store, settings, identity, correlation_id }),
            _ => Err(Problem::internal("adapters are not configured").into()),
        })
    }
}

/// What the work of one call sees.
pub struct Ctx<'a> {
    /// The store.
    pub store: &'a Store,
    /// The adapters' settings.
    pub settings: &'a AdapterSettings,
    /// The authorized caller (`None` for [`Access::Signed`]).
    pub caller: Option<&'a Caller>,
    /// The request's instant.
    pub now: DateTime<Utc>,
    jobcenter: Option<String>,
    ids: Vec<String>,
}

impl Ctx<'_> {
    /// Checks that the caller acts for `jobcenter` (403 otherwise) and notes it for the audit.
    pub fn jobcenter(&mut self, jobcenter: &JobCenterCode) -> Result<(), Problem> {
        self.jobcenter = Some(jobcenter.as_str().to_owned());
        match self.caller {
            Some(caller) if !caller.acts_for(jobcenter) => {
                Err(Problem::forbidden(format!("the caller may not act for jobcenter '{jobcenter}'")))
            }
            _ => Ok(()),
        }
    }

    /// Notes an id the call touched, for the audit row's detail (never personal data).
    pub fn note(&mut self, key: &str, id: &str) {
        self.ids.push(format!("{key}={id}"));
    }
}

impl AdapterCall {
    /// Authorizes the caller per `access`, runs `work` on the blocking pool and audits the call.
    pub async fn run<T, F>(self, operation: &'static str, access: Access, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx<'_>) -> Result<T, Problem> + Send + 'static,
    {
        let correlation_id = self.correlation_id.clone();
        let outcome = web::block(move || self.run_blocking(operation, access, work)).await;
        let result = outcome.unwrap_or_else(|error| Err(Problem::internal(error.to_string())));
        result.map_err(|problem| problem.with_correlation_id(&correlation_id))
    }

    fn run_blocking<T>(
        self,
        operation: &'static str,
        access: Access,
        work: impl FnOnce(&mut Ctx<'_>) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        let now = Utc::now();
        let caller = match access {
            Access::CaseSystem => self.authorize().map(Some),
            Access::Signed => Ok(None),
        };
        let (result, jobcenter, ids) = match &caller {
            Ok(caller) => {
                let mut ctx = Ctx {
                    store: &self.store,
                    settings: &self.settings,
                    caller: caller.as_ref(),
                    now,
                    jobcenter: None,
                    ids: Vec::new(),
                };
                let result = work(&mut ctx);
                (result, ctx.jobcenter, ctx.ids)
            }
            Err(problem) => (Err(problem.clone()), None, Vec::new()),
        };
        let noted = Noted { jobcenter, ids: &ids, request_user: None };
        audit_call(
            &self.store,
            &self.correlation_id,
            self.identity.as_deref(),
            operation,
            noted,
            &result,
            now,
        );
        result
    }

    fn authorize(&self) -> Result<Caller, Problem> {
        let needs = "the adapters need the role 'case-system' (or 'admin')";
        authorize_roles(&self.store, self.identity.as_deref(), &[Role::CaseSystem, Role::Admin], needs)
    }
}
