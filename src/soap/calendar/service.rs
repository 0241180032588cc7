//! `POST /ExternalCalendarService`: reads the envelope, checks SOAPAction, identifies and
//! authorizes the caller (role `calendar-connector` or `admin`), runs the operation on the
//! blocking pool, audits the call and answers (a fault with HTTP 500 on any error).

use std::time::Instant;

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

use super::{events, get_events, get_resources, NAMESPACE};
use crate::domain::{Caller, JobCenterCode, Permission};
use crate::server::CorrelationId;
use crate::soap::envelope::{self, Headers, Version};
use crate::soap::fault::Fault;
use crate::soap::operations::{Call, Note};
use crate::soap::service::{hinted_version, soap_action, store_fault, SoapSettings};
use crate::soap::xml::Element;
use crate::store::{AuditEntry, Store};

/// A calendar operation's handler.
type Handler = fn(&Call, &Element, &mut Note) -> Result<String, Fault>;

/// The operations of contract §6, all needing [`Permission::CalendarSync`].
const OPERATIONS: [(&str, Handler); 5] = [
    ("CreateEvents", events::create),
    ("UpdateEvents", events::update),
    ("DeleteEvents", events::delete),
    ("GetEvents", get_events::handle),
    ("GetResources", get_resources::handle),
];

/// The jobcenters a call may touch: the ActiveOrganisationHeader's when given (already checked
/// against the caller), else all of the caller's.
pub fn scope(call: &Call) -> Vec<JobCenterCode> {
    match &call.headers.jobcenter {
        Some(jobcenter) => vec![jobcenter.clone()],
        None => call.caller.jobcenters.clone(),
    }
}

/// One call as it arrived.
struct Incoming {
    identity: Option<String>,
    action: Option<String>,
    correlation_id: String,
    now: DateTime<Utc>,
}

/// `POST /ExternalCalendarService`.
pub async fn post(
    request: HttpRequest,
    body: web::Bytes,
    store: web::Data<Store>,
    settings: web::Data<SoapSettings>,
    metrics: web::Data<crate::server::metrics::Metrics>,
) -> HttpResponse {
    let started = Instant::now();
    let incoming = Incoming {
        identity: crate::server::caller::identity(&request, settings.trust_caller_header),
        action: soap_action(&request),
        correlation_id: request
            .extensions()
            .get::<CorrelationId>()
            .map(ToString::to_string)
            .unwrap_or_default(),
        now: Utc::now(),
    };
    let hinted = hinted_version(&request);
    let caller = incoming.identity.clone().unwrap_or_else(|| "-".to_owned());
    let correlation_id = incoming.correlation_id.clone();
    let store = store.into_inner();
    let (version, operation, result, note) =
        match web::block(move || handle(&store, &incoming, &body, hinted)).await {
            Ok(outcome) => outcome,
            Err(error) => {
                log::error!("soap correlation_id={correlation_id} blocking task failed: {error}");
                (hinted, "-".to_owned(), Err(Fault::internal(&correlation_id)), Note::default())
            }
        };
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(fault) => fault.code.to_string(),
    };
    log::info!(
        "soap service=calendar operation={operation} caller={caller} jobcenter.code={} outcome={outcome} duration_ms={} correlation_id={correlation_id}",
        note.jobcenter.as_deref().unwrap_or("-"),
        started.elapsed().as_millis()
    );
    metrics.record_soap(&operation, &outcome);
    match result {
        Ok(body) => {
            HttpResponse::Ok().content_type(version.content_type()).body(envelope::response(version, &body))
        }
        Err(fault) => HttpResponse::InternalServerError()
            .content_type(version.content_type())
            .body(envelope::fault_in(version, &fault, NAMESPACE)),
    }
}

/// Reads, identifies, authorizes, runs and audits one call (every call, also unreadable ones).
fn handle(
    store: &Store,
    incoming: &Incoming,
    body: &[u8],
    hinted: Version,
) -> (Version, String, Result<String, Fault>, Note) {
    let (version, operation, headers, result, mut note) = match envelope::parse(body, hinted) {
        Ok(envelope) => {
            let operation =
                envelope.body.name.strip_suffix("Request").unwrap_or(&envelope.body.name).to_owned();
            let mut note = Note {
                jobcenter: envelope.headers.jobcenter.as_ref().map(|j| j.as_str().to_owned()),
                detail: None,
            };
            let result = dispatch(store, incoming, &envelope.headers, &envelope.body, &mut note);
            (envelope.version, operation, envelope.headers, result, note)
        }
        Err((version, fault)) => (version, "-".to_owned(), Headers::default(), Err(fault), Note::default()),
    };
    let entry = AuditEntry {
        correlation_id: incoming.correlation_id.clone(),
        caller: incoming.identity.clone().unwrap_or_else(|| "-".to_owned()),
        request_user: headers.request_user.clone(),
        operation: format!("calendar:{operation}"),
        jobcenter: note.jobcenter.clone(),
        outcome: match &result {
            Ok(_) => "ok".to_owned(),
            Err(fault) => fault.code.to_string(),
        },
        detail: note.detail.take(),
    };
    if let Err(error) = store.append_audit(&entry, incoming.now) {
        log::error!("audit write failed for correlation_id={}: {error}", incoming.correlation_id);
    }
    (version, operation, result, note)
}

fn dispatch(
    store: &Store,
    incoming: &Incoming,
    headers: &Headers,
    body: &Element,
    note: &mut Note,
) -> Result<String, Fault> {
    let correlation_id = incoming.correlation_id.as_str();
    if body.ns != NAMESPACE {
        return Err(Fault::invalid(format!("'{}' is not in the namespace {NAMESPACE}", body.name)));
    }
    let name = body.name.strip_suffix("Request").unwrap_or("");
    let (_, handler) = OPERATIONS
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| Fault::invalid(format!("unknown operation '{}'", body.name)))?;
    if let Some(action) = &incoming.action {
        if *action != format!("{NAMESPACE}/{name}") {
            return Err(Fault::invalid(format!(
                "SOAPAction '{action}' does not match the body element '{}'",
                body.name
            )));
        }
    }
    let identity =
        incoming.identity.as_deref().ok_or_else(|| Fault::unauthorized("no client certificate identity"))?;
    let caller: Caller = store
        .caller(identity)
        .map_err(|e| store_fault(&e, correlation_id))?
        .filter(|caller| caller.enabled)
        .ok_or_else(|| Fault::unauthorized("the caller is not registered"))?;
    if !caller.may(Permission::CalendarSync) {
        return Err(Fault::unauthorized(format!("the caller may not call {name}")));
    }
    if let Some(jobcenter) = &headers.jobcenter {
        if !caller.acts_for(jobcenter) {
            return Err(Fault::unauthorized(
                "the caller may not act for the jobcenter in ActiveOrganisationHeader",
            ));
        }
    }
    let call = Call { store, caller: &caller, headers, now: incoming.now, correlation_id };
    handler(&call, body, note)
}
