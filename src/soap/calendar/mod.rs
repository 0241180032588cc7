//! ExternalCalendarService (contract §6): a municipality's calendar connector pushes counselors'
//! private appointments as busy time (CreateEvents, UpdateEvents, DeleteEvents) and reads the
//! planner's bookings and blocks (GetEvents) and the counselors it may sync (GetResources).
//!
//! Same transport, envelope, fault and audit machinery as ExternalBookingService, its own
//! namespace, WSDL (`wsdl/calendar/`) and operation table. Batches answer with one receipt per
//! event, so one bad event never fails the others.

mod events;
mod get_events;
mod get_resources;
pub mod service;
pub mod wsdl;

/// Target namespace of ExternalCalendarService (contract §6).
pub const NAMESPACE: &str = "urn:planner:dfdg:ExternalCalendarService:1";

/// Registers the ExternalCalendarService routes.
pub fn routes(config: &mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    config.service(
        web::resource("/ExternalCalendarService")
            .route(web::post().to(service::post))
            .route(web::get().to(wsdl::get)),
    );
}
