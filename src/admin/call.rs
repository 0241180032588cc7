//! One admin call: who is calling (registered, enabled, role `admin`), which jobcenters it may
//! touch, and the audit row every call writes, whatever its outcome.
//!
//! Handlers hand their work to [`AdminCall::run`], which authorizes, runs the work on the
//! blocking pool (the store is synchronous), writes exactly one audit row and returns the
//! result or a [`Problem`]. Bodies are read as bytes and parsed in the work, so a malformed
//! body is a 400 problem that is audited too. Audit rows name ids, never a CPR.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};

use crate::domain::{Caller, JobCenterCode, Role};
use crate::edge::call::{audit_call, authorize_roles, Noted, RequestContext};
pub use crate::edge::input::json;
use crate::edge::Problem;
use crate::store::Store;

/// What the request brought: the store, the identity and the correlation id.
#[derive(Debug)]
pub struct AdminCall {
    store: web::Data<Store>,
    identity: Option<String>,
    correlation_id: String,
}

impl FromRequest for AdminCall {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let store = request.app_data::<web::Data<Store>>().cloned();
        let RequestContext { identity, correlation_id } = RequestContext::of(request);
        ready(match store {
            Some(store) => Ok(AdminCall { store, identity, correlation_id }),
            None => Err(Problem::internal("no store configured").into()),
        })
    }
}

/// What the work of one call sees, and what it notes for the audit row.
pub struct Ctx<'a> {
    /// The store.
    pub store: &'a Store,
    /// The authorized admin caller.
    pub caller: &'a Caller,
    /// The request's instant.
    pub now: DateTime<Utc>,
    jobcenter: Option<String>,
    ids: Vec<String>,
    request_user: Option<String>,
}

impl Ctx<'_> {
    /// Checks that the caller acts for `jobcenter` (403 otherwise) and notes it for the audit.
    pub fn jobcenter(&mut self, jobcenter: &JobCenterCode) -> Result<(), Problem> {
        self.jobcenter = Some(jobcenter.as_str().to_owned());
        if self.caller.acts_for(jobcenter) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!("the caller may not act for jobcenter '{jobcenter}'")))
        }
    }

    /// Notes an id the call touched (`offer.id=...`), for the audit row's detail.
    pub fn note(&mut self, key: &str, id: &str) {
        self.ids.push(format!("{key}={id}"));
    }

    /// Notes the person the caller acts for (the audit row's request user; never a CPR).
    pub fn request_user(&mut self, user: &str) {
        self.request_user = Some(user.to_owned());
    }

    /// The jobcenters the caller acts for (list endpoints filter to these).
    pub fn jobcenters(&self) -> &[JobCenterCode] {
        &self.caller.jobcenters
    }

    /// True when the caller acts for every jobcenter of the planner (the installation's
    /// operators): only they see rows that belong to no jobcenter (one DFDG queue serves all).
    pub fn acts_for_every_jobcenter(&self) -> Result<bool, Problem> {
        Ok(self.store.jobcenters()?.iter().all(|(code, _)| self.caller.acts_for(code)))
    }
}

impl AdminCall {
    /// Authorizes the caller, runs `work` on the blocking pool and audits the call as `operation`.
    pub async fn run<T, F>(self, operation: &'static str, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx<'_>) -> Result<T, Problem> + Send + 'static,
    {
        let correlation_id = self.correlation_id.clone();
        let outcome = web::block(move || self.run_blocking(operation, work)).await;
        let result = outcome.unwrap_or_else(|error| Err(Problem::internal(error.to_string())));
        // The request log writes the one line for a failure, with the internal cause (see
        // `Problem`'s Display) and the correlation id; nothing is logged here.
        result.map_err(|problem| problem.with_correlation_id(&correlation_id))
    }

    fn run_blocking<T>(
        self,
        operation: &'static str,
        work: impl FnOnce(&mut Ctx<'_>) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        let now = Utc::now();
        let caller = self.authorize();
        let (result, jobcenter, ids, request_user) = match &caller {
            Ok(caller) => {
                let mut ctx = Ctx {
                    store: &self.store,
                    caller,
                    now,
                    jobcenter: None,
                    ids: Vec::new(),
                    request_user: None,
                };
                let result = work(&mut ctx);
                (result, ctx.jobcenter, ctx.ids, ctx.request_user)
            }
            Err(problem) => (Err(problem.clone()), None, Vec::new(), None),
        };
        let caller_identity = self.identity.as_deref();
        let noted = Noted { jobcenter, ids: &ids, request_user };
        audit_call(&self.store, &self.correlation_id, caller_identity, operation, noted, &result, now);
        result
    }

    fn authorize(&self) -> Result<Caller, Problem> {
        authorize_roles(
            &self.store,
            self.identity.as_deref(),
            &[Role::Admin],
            "the admin API needs the role 'admin'",
        )
    }
}
