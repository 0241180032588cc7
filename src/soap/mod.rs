//! SOAP: ExternalBookingService over SOAP 1.1 and 1.2 (contract §1-§4).
//!
//! Requests are read into a namespace-resolved element tree ([`crate::xml`], quick-xml, shared
//! with the adapters that speak XML) and each operation file converts its request into domain
//! types by hand, validating every field with fault 1014 naming it; responses are written with
//! the same module's writer. Only this module knows the ExternalBookingService and
//! ExternalCalendarService wire names; the caller identity, correlation id and metrics come
//! from [`crate::edge`]. yaserde was not used: hand-written conversion keeps wire names in one layer, matches
//! namespaces by URI whatever the prefixes, and names the failing field in every fault.

pub mod answer;
pub mod calendar;
pub mod envelope;
pub mod fault;
pub mod fields;
pub mod operations;
pub mod service;
pub mod wire;
pub mod wsdl;

#[cfg(test)]
mod answer_properties;
#[cfg(test)]
mod parser_properties;

mod cancel_booking;
mod create_booking;
mod create_fejlmelding;
mod get_booking_details;
mod get_bookings;
mod get_selfbook_case_workers;
mod get_selfbook_interview_options;
mod get_selfbook_timeslots;
mod register_booking;
mod reschedule_booking;

/// Target namespace of ExternalBookingService (contract §2).
pub const NAMESPACE: &str = "urn:planner:dfdg:ExternalBookingService:3";
