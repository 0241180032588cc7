//! The API tests: one binary that starts the real server per test.

mod adapters;
mod admin;
mod calendar;
mod clock;
#[path = "../support/db.rs"]
mod db;
#[path = "../support/fixtures.rs"]
mod fixtures;
mod health;
mod helpers;
#[path = "../support/receiver.rs"]
mod receiver;
mod soap;
#[path = "../support/wsdl_headers.rs"]
mod wsdl_headers;
