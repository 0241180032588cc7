//! The HTTP side of the SOAP services: `POST /ExternalBookingService` (and, through [`serve`],
//! `POST /ExternalCalendarService`) reads the envelope, checks SOAPAction, identifies and
//! authorizes the caller, runs the operation on the blocking pool, audits the call, logs one
//! line and answers. A fault answers HTTP 500, but a SOAP 1.2 Sender fault 400 (the SOAP 1.2
//! HTTP binding); a client's fault is marked [`ClientFault`] so the request log writes WARN.
//! The operation and outcome in the log line, audit row and metrics come from closed sets.

use std::time::Instant;

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

use super::answer::{Answer, EnvelopeBody};
use super::envelope::{self, Headers, Version};
use super::fault::Fault;
use super::fault::Side;
use super::operations::{self, Call, Note, Operation};
use super::NAMESPACE;
use crate::domain::Caller;
use crate::edge::{ClientFault, CorrelationId};
use crate::store::{AuditEntry, Store};
use crate::xml::chars::excerpt;
use crate::xml::Element;

pub use crate::edge::caller::{CallerIdentity, CALLER_HEADER};

/// How the SOAP endpoints are served.
#[derive(Debug, Clone)]
pub struct SoapSettings {
    /// The URL clients reach us at; the WSDL's `soap:address`.
    pub public_url: String,
    /// Trust [`CALLER_HEADER`] as the caller's identity (plain HTTP behind `--insecure-http`).
    pub trust_caller_header: bool,
}

/// Registers the ExternalBookingService routes.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::resource("/ExternalBookingService")
            .route(web::post().to(post))
            .route(web::get().to(super::wsdl::get)),
    );
}

pub(crate) fn hinted_version(request: &HttpRequest) -> Version {
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/soap+xml") {
        Version::Soap12
    } else {
        Version::Soap11
    }
}

/// SOAPAction (1.1 header) or the `action` parameter of the 1.2 content type, without quotes.
pub(crate) fn soap_action(request: &HttpRequest) -> Option<String> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let action = header("soapaction").or_else(|| {
        header("content-type")?
            .split(';')
            .map(str::trim)
            .find_map(|part| part.strip_prefix("action=").map(str::to_owned))
    })?;
    let action = action.trim().trim_matches('"').to_owned();
    (!action.is_empty()).then_some(action)
}

/// What differs between the SOAP services served here (ExternalBookingService,
/// ExternalCalendarService); the transport, envelope, authorization and audit are shared.
pub(crate) struct Service {
    /// The service's name in log lines (`booking`, `calendar`).
    pub name: &'static str,
    /// Its target namespace: request bodies must be in it; fault details are written in it.
    pub namespace: &'static str,
    /// Prefix of its operations' audit names (`calendar:` or none).
    pub audit_prefix: &'static str,
    /// Its operations and the permission each needs.
    pub operations: &'static [Operation],
}

/// ExternalBookingService (contract §3).
pub(crate) const BOOKING: Service =
    Service { name: "booking", namespace: NAMESPACE, audit_prefix: "", operations: &operations::OPERATIONS };

/// The HTTP answer: 200, or a fault with 500; a SOAP 1.2 Sender fault is a 400 (SOAP 1.2 Part 2
/// §7.5.2), a SOAP 1.1 fault always 500 (SOAP 1.1 §6.2). Client faults carry [`ClientFault`].
pub(crate) fn answer(version: Version, result: &Result<Answer, Fault>, namespace: &str) -> HttpResponse {
    let fault = match result {
        Ok(body) => {
            return HttpResponse::Ok()
                .content_type(version.content_type())
                .body(EnvelopeBody::new(version, body))
        }
        Err(fault) => fault,
    };
    let mut response = match (version, fault.side) {
        (Version::Soap12, Side::Client) => HttpResponse::BadRequest(),
        _ => HttpResponse::InternalServerError(),
    };
    if fault.side == Side::Client {
        response.extensions_mut().insert(ClientFault);
    }
    response.content_type(version.content_type()).body(envelope::fault_in(version, fault, namespace))
}

/// One call as it arrived, before its envelope is read.
struct Incoming {
    identity: Option<String>,
    action: Option<String>,
    correlation_id: String,
    now: DateTime<Utc>,
}

/// What became of a call, for the log line and the answer.
struct Outcome {
    version: Version,
    /// The operation's name from the service's table, `-` (unreadable envelope) or `unknown`.
    operation: &'static str,
    result: Result<Answer, Fault>,
    note: Note,
}

async fn post(
    request: HttpRequest,
    body: web::Bytes,
    store: web::Data<Store>,
    settings: web::Data<SoapSettings>,
    metrics: web::Data<crate::edge::metrics::Metrics>,
) -> HttpResponse {
    serve(&BOOKING, request, body, store, settings, metrics).await
}

/// Serves one POST to `service`: reads the envelope, then identifies, authorizes and runs the
/// operation, audits, logs one line and answers.
///
/// The operation runs on the blocking pool (the store is synchronous), except a quick read
/// ([`Operation::quick_read`]) when the store's reads are local (SQLite): it runs here, on the
/// request's own thread, which saves two thread hand-offs per listing. The audit row goes to
/// the group commit, whose answer is awaited without holding a thread.
pub(crate) async fn serve(
    service: &'static Service,
    request: HttpRequest,
    body: web::Bytes,
    store: web::Data<Store>,
    settings: web::Data<SoapSettings>,
    metrics: web::Data<crate::edge::metrics::Metrics>,
) -> HttpResponse {
    let started = Instant::now();
    let incoming = Incoming {
        identity: crate::edge::caller::identity(&request, settings.trust_caller_header),
        action: soap_action(&request),
        correlation_id: request
            .extensions()
            .get::<CorrelationId>()
            .map(ToString::to_string)
            .unwrap_or_default(),
        now: crate::edge::clock::Clock::of(&request).now(),
    };
    let hinted = hinted_version(&request);
    let (caller, correlation_id, now) =
        (incoming.identity.clone(), incoming.correlation_id.clone(), incoming.now);
    let store = store.into_inner();
    let envelope = envelope::parse(&body, hinted);
    let here = store.reads_are_local()
        && envelope
            .as_ref()
            .is_ok_and(|envelope| operation_of(service, &envelope.body).is_some_and(|op| op.quick_read));
    let (outcome, entry) = if here {
        handle(service, &store, &incoming, envelope)
    } else {
        let pooled = std::sync::Arc::clone(&store);
        match web::block(move || handle(service, &pooled, &incoming, envelope)).await {
            Ok(handled) => handled,
            Err(error) => {
                log::error!("soap correlation_id={correlation_id} blocking task failed: {error}");
                let result = Err(Fault::internal(&correlation_id));
                let outcome = Outcome { version: hinted, operation: "-", result, note: Note::default() };
                let entry = audit_entry(service, &outcome, caller.as_deref(), &correlation_id, None);
                (outcome, entry)
            }
        }
    };
    if let Err(error) = store.append_audit_later(entry, now).await {
        log::error!("audit write failed for correlation_id={correlation_id}: {error}");
    }
    finish(service, &outcome, caller.as_deref().unwrap_or("-"), &correlation_id, started, &metrics)
}

/// Logs the call's one line, counts it and answers.
fn finish(
    service: &Service,
    outcome: &Outcome,
    caller: &str,
    correlation_id: &str,
    started: Instant,
    metrics: &crate::edge::metrics::Metrics,
) -> HttpResponse {
    log::info!(
        "soap service={} operation={} caller={caller} jobcenter.code={} outcome={} duration_ms={} correlation_id={correlation_id}",
        service.name,
        outcome.operation,
        outcome.note.jobcenter.as_deref().unwrap_or("-"),
        outcome_label(&outcome.result),
        started.elapsed().as_millis()
    );
    metrics.record_soap(outcome.operation, outcome_label(&outcome.result));
    if let Some(origin) = outcome.note.error_report_origin {
        metrics.record_error_report(origin);
    }
    answer(outcome.version, &outcome.result, service.namespace)
}

/// One call to `service` as [`serve`] runs it, but on this thread and without HTTP, for the
/// property tests: handled, audited, logged, counted and answered.
#[cfg(test)]
pub(crate) fn run_on_this_thread(
    service: &Service,
    store: &Store,
    identity: &str,
    body: &[u8],
    now: DateTime<Utc>,
    metrics: &crate::edge::metrics::Metrics,
) -> HttpResponse {
    let incoming = Incoming {
        identity: Some(identity.to_owned()),
        action: None,
        correlation_id: uuid::Uuid::new_v4().to_string(),
        now,
    };
    let (outcome, entry) = handle(service, store, &incoming, envelope::parse(body, Version::Soap11));
    if let Err(error) = store.append_audit(&entry, now) {
        log::error!("audit write failed for correlation_id={}: {error}", incoming.correlation_id);
    }
    finish(service, &outcome, identity, &incoming.correlation_id, Instant::now(), metrics)
}

/// `ok` or the fault's code (a closed set, see [`Fault::label`]).
fn outcome_label(result: &Result<Answer, Fault>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(fault) => fault.label(),
    }
}

/// The operation a body element names in `service`'s table.
fn operation_of(service: &Service, body: &Element) -> Option<&'static Operation> {
    let name = body.name.strip_suffix("Request")?;
    service.operations.iter().find(|operation| body.ns == service.namespace && operation.name == name)
}

/// The operation a body element names in `service`'s table, else `unknown`.
fn operation_label(service: &Service, body: &Element) -> &'static str {
    operation_of(service, body).map_or("unknown", |operation| operation.name)
}

/// Identifies, authorizes and runs one call whose envelope was read (or not) and says what its
/// audit row holds. Contract §5: every call is audited, also one whose envelope could not be
/// read.
fn handle(
    service: &Service,
    store: &Store,
    incoming: &Incoming,
    envelope: Result<envelope::Envelope, (Version, Fault)>,
) -> (Outcome, AuditEntry) {
    let (version, operation, headers, result, mut note) = match envelope {
        Ok(envelope) => {
            let operation = operation_label(service, &envelope.body);
            let mut note = Note {
                jobcenter: envelope.headers.jobcenter.as_ref().map(|j| j.as_str().to_owned()),
                ..Note::default()
            };
            let result = dispatch(service, store, incoming, &envelope.headers, &envelope.body, &mut note);
            (envelope.version, operation, envelope.headers, result, note)
        }
        Err((version, fault)) => (version, "-", Headers::default(), Err(fault), Note::default()),
    };
    let detail = note.detail.take();
    let outcome = Outcome { version, operation, result, note };
    let entry = audit_entry(
        service,
        &outcome,
        incoming.identity.as_deref(),
        &incoming.correlation_id,
        headers.request_user,
    );
    (outcome, AuditEntry { detail, ..entry })
}

/// The audit row of a call.
fn audit_entry(
    service: &Service,
    outcome: &Outcome,
    caller: Option<&str>,
    correlation_id: &str,
    request_user: Option<String>,
) -> AuditEntry {
    AuditEntry {
        correlation_id: correlation_id.to_owned(),
        caller: caller.unwrap_or("-").to_owned(),
        request_user,
        operation: format!("{}{}", service.audit_prefix, outcome.operation),
        jobcenter: outcome.note.jobcenter.clone(),
        outcome: outcome_label(&outcome.result).to_owned(),
        detail: None,
    }
}

fn dispatch(
    service: &Service,
    store: &Store,
    incoming: &Incoming,
    headers: &Headers,
    body: &Element,
    note: &mut Note,
) -> Result<Answer, Fault> {
    let (identity, action, now, correlation_id) = (
        incoming.identity.as_deref(),
        incoming.action.as_deref(),
        incoming.now,
        incoming.correlation_id.as_str(),
    );
    let namespace = service.namespace;
    if body.ns != namespace {
        return Err(Fault::invalid(format!("'{}' is not in the namespace {namespace}", excerpt(&body.name))));
    }
    let name = body.name.strip_suffix("Request").unwrap_or("");
    let operation = service
        .operations
        .iter()
        .find(|operation| operation.name == name)
        .ok_or_else(|| Fault::invalid(format!("unknown operation '{}'", excerpt(&body.name))))?;
    if let Some(action) = action {
        if action != format!("{namespace}/{name}") {
            return Err(Fault::invalid(format!(
                "SOAPAction '{}' does not match the body element '{}'",
                excerpt(action),
                excerpt(&body.name)
            )));
        }
    }
    let identity = identity.ok_or_else(|| Fault::unauthorized("no client certificate identity"))?;
    // The read model's numbers, read once for the call: the caller, and a listing, are found
    // in memory by them.
    let numbers = store.numbers().map_err(|e| store_fault(&e, correlation_id))?;
    let caller: Caller = store
        .caller_as_of(numbers, identity)
        .map_err(|e| store_fault(&e, correlation_id))?
        .filter(|caller| caller.enabled)
        .ok_or_else(|| Fault::unauthorized("the caller is not registered"))?;
    if !caller.may(operation.permission) {
        return Err(Fault::unauthorized(format!("the caller may not call {name}")));
    }
    if let Some(jobcenter) = &headers.jobcenter {
        if !caller.acts_for(jobcenter) {
            return Err(Fault::unauthorized(
                "the caller may not act for the jobcenter in ActiveOrganisationHeader",
            ));
        }
    }
    let call = Call { store, caller: &caller, headers, now, numbers, correlation_id };
    (operation.handle)(&call, body, note)
}

/// A store error as a fault, logging internal ones with the correlation id.
pub fn store_fault(error: &crate::store::Error, correlation_id: &str) -> Fault {
    let fault = Fault::from_store(error, correlation_id);
    if fault.code == 9500 {
        log::error!("internal error correlation_id={correlation_id}: {error}");
    }
    fault
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edge::ClientFault;

    #[test]
    fn soap_12_sender_faults_answer_400_and_everything_else_500() {
        let cases = [
            (Version::Soap11, Fault::invalid("x"), 500, true),
            (Version::Soap11, Fault::internal("id"), 500, false),
            (Version::Soap12, Fault::invalid("x"), 400, true),
            (Version::Soap12, Fault::unauthorized("x"), 400, true),
            (Version::Soap12, Fault::internal("id"), 500, false),
        ];
        for (version, fault, status, client) in cases {
            let response = answer(version, &Err(fault.clone()), NAMESPACE);
            assert_eq!(response.status().as_u16(), status, "{version:?} {fault:?}");
            assert_eq!(response.extensions().contains::<ClientFault>(), client, "{version:?} {fault:?}");
        }
        assert_eq!(answer(Version::Soap12, &Ok("<R/>".to_owned().into()), NAMESPACE).status().as_u16(), 200);
    }

    #[test]
    fn labels_come_from_closed_sets() {
        let body = |ns: &str, name: &str| Element { ns: ns.into(), name: name.into(), ..Element::default() };
        assert_eq!(operation_label(&BOOKING, &body(NAMESPACE, "GetBookingsRequest")), "GetBookings");
        assert_eq!(operation_label(&BOOKING, &body(NAMESPACE, "Frobnicate\u{1b}Request")), "unknown");
        assert_eq!(operation_label(&BOOKING, &body("urn:other", "GetBookingsRequest")), "unknown");
        let calendar = &crate::soap::calendar::service::CALENDAR;
        assert_eq!(
            operation_label(calendar, &body(crate::soap::calendar::NAMESPACE, "GetEventsRequest")),
            "GetEvents"
        );
        assert_eq!(operation_label(calendar, &body(NAMESPACE, "GetBookingsRequest")), "unknown");
        assert_eq!(outcome_label(&Err(Fault::client(7, "x"))), "unknown");
        assert_eq!(outcome_label(&Err(Fault::invalid("x"))), "1014");
    }
}
