//! The API tests: one binary that starts the real server per test (style.md §5).

mod admin;
mod calendar;
#[path = "../support/db.rs"]
mod db;
mod health;
mod helpers;
mod soap;
