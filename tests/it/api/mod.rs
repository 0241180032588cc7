//! The API tests: each starts the real server (`support::app`) on a database of its own.

mod adapters;
pub(crate) mod admin;
pub(crate) mod calendar;
mod clock;
mod health;
mod soap;
