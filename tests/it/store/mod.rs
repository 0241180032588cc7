//! Integration tests of the diesel store against contract §4 (booking rules), each scenario run
//! on SQLite and, when `PLANNER_TEST_DATABASE_URL` is set, on a fresh PostgreSQL schema.
//!
//! Scenarios are plain functions taking a `&TestDb` (`support::store`); `both_backends!` turns
//! each into `name::sqlite` and `name::postgres`. Tests assert outcomes only, never timings,
//! and never read the real clock.

mod absence;
mod attributes;
mod bad_input;
mod calendar_import;
mod calendar_sync;
mod changes;
mod closing;
mod dfdg;
mod kept_listings;
mod people;
mod race;
mod read_model;
mod register;
mod reserve_confirm;
mod rooms;
mod sessions;
mod shared_time;
mod staff_move;
mod summoner;
mod summons;
mod teams;
mod type_rules;
mod xpert;
