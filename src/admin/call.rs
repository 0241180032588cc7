//! One admin call: who is calling (registered, enabled, role `admin`), which jobcenters it may
//! touch, and the audit row every call writes, whatever its outcome.
//!
//! Handlers hand their work to [`AdminCall::run`], which authorizes, runs the work on the
//! blocking pool (the store is synchronous), writes exactly one audit row and returns the
//! result or a [`Problem`]. Bodies are read as bytes and parsed in the work, so a malformed
//! body is a 400 problem that is audited too. Audit rows name ids, never a CPR.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};

use crate::domain::{Caller, JobCenterCode, Role};
use crate::edge::call::{authorize_roles, Call, Notes};
pub use crate::edge::input::json;
use crate::edge::Problem;
use crate::store::Store;

/// What the request brought: the store, the identity and the correlation id.
#[derive(Debug)]
pub struct AdminCall(Call);

impl FromRequest for AdminCall {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(Call::from_request(request, payload).into_inner().map(AdminCall))
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
    notes: &'a mut Notes,
}

impl Ctx<'_> {
    /// Checks that the caller acts for `jobcenter` (403 otherwise) and notes it for the audit.
    pub fn jobcenter(&mut self, jobcenter: &JobCenterCode) -> Result<(), Problem> {
        self.notes.jobcenter(Some(self.caller), jobcenter)
    }

    /// The jobcenter a request names (a query parameter or a body field called `jobcenter`):
    /// required (422), a valid code (422), and one the caller acts for (403); noted for the audit.
    pub fn required_jobcenter(&mut self, code: Option<&str>) -> Result<JobCenterCode, Problem> {
        let code = code.ok_or_else(|| Problem::invalid("jobcenter", "is required"))?;
        let code = JobCenterCode::parse(code).map_err(|e| Problem::field("jobcenter", &e))?;
        self.jobcenter(&code)?;
        Ok(code)
    }

    /// Notes an id the call touched (`offer.id=...`), for the audit row's detail.
    pub fn note(&mut self, key: &str, id: &str) {
        self.notes.id(key, id);
    }

    /// Notes the person the caller acts for (the audit row's request user; never a CPR).
    pub fn request_user(&mut self, user: &str) {
        self.notes.request_user(user);
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
    /// Authorizes the caller (role `admin`), runs `work` on the blocking pool and audits the call
    /// as `operation`.
    pub async fn run<T, F>(self, operation: &'static str, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx<'_>) -> Result<T, Problem> + Send + 'static,
    {
        let authorize = |store: &Store, identity: Option<&str>| {
            authorize_roles(store, identity, &[Role::Admin], "the admin API needs the role 'admin'").map(Some)
        };
        self.0
            .run(operation, authorize, move |call| {
                let Some(caller) = call.caller else { return Err(Problem::internal("no authorized caller")) };
                work(&mut Ctx { store: call.store, caller, now: call.now, notes: call.notes })
            })
            .await
    }
}
