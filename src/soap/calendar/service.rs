//! `POST /ExternalCalendarService`: the calendar operation table, served by the shared
//! `soap::service::serve` (envelope, SOAPAction, caller with role `calendar-connector` or
//! `admin`, the blocking pool, one audit row, a fault on any error).

use actix_web::{web, HttpRequest, HttpResponse};

use super::{events, get_events, get_resources, NAMESPACE};
use crate::domain::{JobCenterCode, Permission};
use crate::soap::operations::{Call, Operation};
use crate::soap::service::{serve, Service, SoapSettings};
use crate::store::Store;

/// ExternalCalendarService (contract §6): every operation needs [`Permission::CalendarSync`].
pub(crate) const CALENDAR: Service = Service {
    name: "calendar",
    namespace: NAMESPACE,
    audit_prefix: "calendar:",
    operations: &[
        Operation {
            name: "CreateEvents",
            permission: Permission::CalendarSync,
            handle: events::create,
            quick_read: false,
        },
        Operation {
            name: "UpdateEvents",
            permission: Permission::CalendarSync,
            handle: events::update,
            quick_read: false,
        },
        Operation {
            name: "DeleteEvents",
            permission: Permission::CalendarSync,
            handle: events::delete,
            quick_read: false,
        },
        Operation {
            name: "GetEvents",
            permission: Permission::CalendarSync,
            handle: get_events::handle,
            quick_read: false,
        },
        Operation {
            name: "GetResources",
            permission: Permission::CalendarSync,
            handle: get_resources::handle,
            quick_read: false,
        },
    ],
};

/// The jobcenters a call may touch: the ActiveOrganisationHeader's when given (already checked
/// against the caller), else all of the caller's.
pub fn scope(call: &Call) -> Vec<JobCenterCode> {
    match &call.headers.jobcenter {
        Some(jobcenter) => vec![jobcenter.clone()],
        None => call.caller.jobcenters.clone(),
    }
}

/// `POST /ExternalCalendarService`.
pub async fn post(
    request: HttpRequest,
    body: web::Bytes,
    store: web::Data<Store>,
    settings: web::Data<SoapSettings>,
    metrics: web::Data<crate::edge::metrics::Metrics>,
) -> HttpResponse {
    serve(&CALENDAR, request, body, store, settings, metrics).await
}
