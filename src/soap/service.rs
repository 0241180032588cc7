//! The HTTP side of ExternalBookingService: `POST /ExternalBookingService` reads the envelope,
//! checks SOAPAction, identifies and authorizes the caller, runs the operation on the blocking
//! pool, audits the call, logs one line and answers (a fault with HTTP 500 on any error).

use std::time::Instant;

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

use super::envelope::{self, Headers, Version};
use super::fault::Fault;
use super::operations::{self, Call, Note};
use super::xml::Element;
use super::NAMESPACE;
use crate::domain::Caller;
use crate::server::CorrelationId;
use crate::store::{AuditEntry, Store};

/// The header that names the caller on the plain-HTTP listener (`--insecure-http`, tests only).
pub const CALLER_HEADER: &str = "X-Planner-Caller";

/// How the SOAP endpoints are served.
#[derive(Debug, Clone)]
pub struct SoapSettings {
    /// The URL clients reach us at; the WSDL's `soap:address`.
    pub public_url: String,
    /// Trust [`CALLER_HEADER`] as the caller's identity (plain HTTP behind `--insecure-http`).
    pub trust_caller_header: bool,
}

/// The certificate identity a TLS connection established (set by the TLS layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity(pub String);

/// Registers the ExternalBookingService routes.
pub fn routes(config: &mut web::ServiceConfig) {
    config.service(
        web::resource("/ExternalBookingService")
            .route(web::post().to(post))
            .route(web::get().to(super::wsdl::get)),
    );
}

fn hinted_version(request: &HttpRequest) -> Version {
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/soap+xml") {
        Version::Soap12
    } else {
        Version::Soap11
    }
}

/// SOAPAction (1.1 header) or the `action` parameter of the 1.2 content type, without quotes.
fn soap_action(request: &HttpRequest) -> Option<String> {
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

fn identity(request: &HttpRequest, settings: &SoapSettings) -> Option<String> {
    if let Some(identity) = request.extensions().get::<CallerIdentity>() {
        return Some(identity.0.clone());
    }
    if settings.trust_caller_header {
        return request.headers().get(CALLER_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    }
    None
}

fn answer(version: Version, result: &Result<String, Fault>) -> HttpResponse {
    match result {
        Ok(body) => {
            HttpResponse::Ok().content_type(version.content_type()).body(envelope::response(version, body))
        }
        Err(fault) => HttpResponse::InternalServerError()
            .content_type(version.content_type())
            .body(envelope::fault(version, fault)),
    }
}

async fn post(
    request: HttpRequest,
    body: web::Bytes,
    store: web::Data<Store>,
    settings: web::Data<SoapSettings>,
) -> HttpResponse {
    let started = Instant::now();
    let correlation_id =
        request.extensions().get::<CorrelationId>().map(ToString::to_string).unwrap_or_default();
    let caller_identity = identity(&request, &settings);
    let (version, envelope) = match envelope::parse(&body, hinted_version(&request)) {
        Ok(envelope) => (envelope.version, Some(envelope)),
        Err((version, fault)) => {
            log::info!(
                "soap operation=- caller={} outcome={} correlation_id={correlation_id}",
                caller_identity.as_deref().unwrap_or("-"),
                fault.code
            );
            // Contract §5: every call is audited, also one whose envelope could not be read.
            let entry = AuditEntry {
                correlation_id: correlation_id.clone(),
                caller: caller_identity.unwrap_or_else(|| "-".to_owned()),
                request_user: None,
                operation: "-".to_owned(),
                jobcenter: None,
                outcome: fault.code.to_string(),
                detail: None,
            };
            let store = store.clone();
            match web::block(move || store.append_audit(&entry, Utc::now())).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    log::error!("audit write failed for correlation_id={correlation_id}: {error}")
                }
                Err(error) => log::error!("audit task failed for correlation_id={correlation_id}: {error}"),
            }
            return answer(version, &Err(fault));
        }
    };
    let Some(envelope) = envelope else { return answer(version, &Err(Fault::internal(&correlation_id))) };
    let operation = envelope.body.name.clone();
    let action = soap_action(&request);
    let now = Utc::now();
    let job = {
        let store = store.clone();
        let correlation_id = correlation_id.clone();
        let caller_identity = caller_identity.clone();
        move || {
            run(
                &store,
                caller_identity.as_deref(),
                action.as_deref(),
                &envelope.headers,
                &envelope.body,
                now,
                &correlation_id,
            )
        }
    };
    let (result, note) = match web::block(job).await {
        Ok(done) => done,
        Err(error) => {
            log::error!(
                "soap operation={operation} correlation_id={correlation_id} blocking task failed: {error}"
            );
            (Err(Fault::internal(&correlation_id)), Note::default())
        }
    };
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(fault) => fault.code.to_string(),
    };
    log::info!(
        "soap operation={operation} caller={} jobcenter.code={} outcome={outcome} duration_ms={} correlation_id={correlation_id}",
        caller_identity.as_deref().unwrap_or("-"),
        note.jobcenter.as_deref().unwrap_or("-"),
        started.elapsed().as_millis()
    );
    answer(version, &result)
}

/// Identifies, authorizes, runs and audits one call. Runs on the blocking pool.
fn run(
    store: &Store,
    identity: Option<&str>,
    action: Option<&str>,
    headers: &Headers,
    body: &Element,
    now: DateTime<Utc>,
    correlation_id: &str,
) -> (Result<String, Fault>, Note) {
    let mut note =
        Note { jobcenter: headers.jobcenter.as_ref().map(|j| j.as_str().to_owned()), detail: None };
    let result = dispatch(store, identity, action, headers, body, now, correlation_id, &mut note);
    let entry = AuditEntry {
        correlation_id: correlation_id.to_owned(),
        caller: identity.unwrap_or("-").to_owned(),
        request_user: headers.request_user.clone(),
        operation: body.name.strip_suffix("Request").unwrap_or(&body.name).to_owned(),
        jobcenter: note.jobcenter.clone(),
        outcome: match &result {
            Ok(_) => "ok".to_owned(),
            Err(fault) => fault.code.to_string(),
        },
        detail: note.detail.clone(),
    };
    if let Err(error) = store.append_audit(&entry, now) {
        log::error!("audit write failed for correlation_id={correlation_id}: {error}");
    }
    (result, note)
}

#[allow(clippy::too_many_arguments)]
fn dispatch(
    store: &Store,
    identity: Option<&str>,
    action: Option<&str>,
    headers: &Headers,
    body: &Element,
    now: DateTime<Utc>,
    correlation_id: &str,
    note: &mut Note,
) -> Result<String, Fault> {
    if body.ns != NAMESPACE {
        return Err(Fault::invalid(format!("'{}' is not in the namespace {NAMESPACE}", body.name)));
    }
    let name = body.name.strip_suffix("Request").unwrap_or("");
    let operation =
        operations::find(name).ok_or_else(|| Fault::invalid(format!("unknown operation '{}'", body.name)))?;
    if let Some(action) = action {
        if action != format!("{NAMESPACE}/{name}") {
            return Err(Fault::invalid(format!(
                "SOAPAction '{action}' does not match the body element '{}'",
                body.name
            )));
        }
    }
    let identity = identity.ok_or_else(|| Fault::unauthorized("no client certificate identity"))?;
    let caller: Caller = store
        .caller(identity)
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
    let call = Call { store, caller: &caller, headers, now, correlation_id };
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
