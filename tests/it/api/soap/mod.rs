//! ExternalBookingService end to end: real HTTP to the real server, one module per area.

pub mod support;

mod bounds;
mod cancellation;
mod case_workers;
mod fejlmelding;
mod hostile;
mod interop;
mod interview_options;
mod lost_connection;
mod protocol;
mod rebooking;
mod registered;
mod self_booking;
mod timeslots;
mod two_instances;
mod well_formed;
