//! DFDG over real mutual TLS against the simulator in `support::dfdg_sim`: the WSRM
//! queue consumer (`queue.rs`), summons registration through the outbox (`registration.rs`) and
//! the skiftespor from Jobnet through DFDG to two planners (`skiftespor.rs`).
//!
//! Each test gets its own database (SQLite, or a PostgreSQL schema with
//! `PLANNER_TEST_DATABASE_URL`), its own development PKI and its own simulator on port 0.

mod cli;
mod queue;
mod registration;
mod schema;
mod serve;
mod skiftespor;
mod summoner;
