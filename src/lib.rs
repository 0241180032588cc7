//! `planner`: a municipal Planner service for DFDG self-booking (ExternalBookingService).
//!
//! The library holds everything; `main.rs` only parses the command line and calls in here.
//! Data flows one way: transport (`server` with `tls`, `soap`, `admin`) -> `store` -> `domain`.

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
pub mod xml;

#[cfg(test)]
mod test_log;
