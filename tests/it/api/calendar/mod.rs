//! Calendar two-way sync end to end: ExternalCalendarService over real HTTP, its WSDL and
//! schema, the conflict queue in the admin API and the iCalendar feed.

mod conflicts;
mod poll;
mod reconcile;
mod service;
pub(crate) mod support;
mod well_formed;
