//! ExternalBookingService end to end: real HTTP to the real server, one module per area.

mod support;

mod cancellation;
mod case_workers;
mod interop;
mod rebooking;
mod self_booking;
