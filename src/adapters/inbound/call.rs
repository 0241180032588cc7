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
use crate::edge::call::{authorize_roles, Call, Notes};
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
    call: Call,
    settings: web::Data<AdapterSettings>,
}

impl FromRequest for AdapterCall {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let settings = request.app_data::<web::Data<AdapterSettings>>().cloned();
        ready(Call::from_request(request, payload).into_inner().and_then(|call| match settings {
            Some(settings) => Ok(AdapterCall { call, settings }),
            None => Err(Problem::internal("adapters are not configured").into()),
        }))
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
    notes: &'a mut Notes,
}

impl Ctx<'_> {
    /// Checks that the caller acts for `jobcenter` (403 otherwise) and notes it for the audit.
    pub fn jobcenter(&mut self, jobcenter: &JobCenterCode) -> Result<(), Problem> {
        self.notes.jobcenter(self.caller, jobcenter)
    }

    /// Notes an id the call touched, for the audit row's detail (never personal data).
    pub fn note(&mut self, key: &str, id: &str) {
        self.notes.id(key, id);
    }
}

impl AdapterCall {
    /// Authorizes the caller per `access`, runs `work` on the blocking pool and audits the call.
    pub async fn run<T, F>(self, operation: &'static str, access: Access, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&mut Ctx<'_>) -> Result<T, Problem> + Send + 'static,
    {
        let authorize = move |store: &Store, identity: Option<&str>| match access {
            Access::CaseSystem => {
                let needs = "the adapters need the role 'case-system' (or 'admin')";
                authorize_roles(store, identity, &[Role::CaseSystem, Role::Admin], needs).map(Some)
            }
            Access::Signed => Ok(None),
        };
        let settings = self.settings;
        self.call
            .run(operation, authorize, move |call| {
                let settings: &AdapterSettings = &settings;
                work(&mut Ctx {
                    store: call.store,
                    settings,
                    caller: call.caller,
                    now: call.now,
                    notes: call.notes,
                })
            })
            .await
    }
}
