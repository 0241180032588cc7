//! ExternalBookingService end to end: real HTTP to the real server, one module per area.

mod support;

mod case_workers;
mod protocol;
mod registered;
