//! `planner`: a municipal Planner service for DFDG self-booking (ExternalBookingService).
//!
//! The library holds everything; `main.rs` only parses the command line and calls in here.
//! Data flows one way: `cli` and `server` assemble; the transports (`soap`, `admin`, the
//! adapters' endpoints, the staff web app `web`) and `tls` sit on the shared `edge` (and `xml`); they call `store`, which
//! holds `domain`. `tests/it/architecture.rs` keeps the allow-list of these edges.

pub mod adapters;
pub mod admin;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod edge;
pub mod server;
pub mod soap;
pub mod store;
pub mod tls;
pub mod web;
pub mod xml;

#[cfg(test)]
mod test_log;
