//! DFDG over real mutual TLS against the simulator in `tests/support/dfdg_sim.rs`: the WSRM
//! queue consumer (`queue.rs`), summons registration through the outbox (`registration.rs`) and
//! the skiftespor from Jobnet through DFDG to two planners (`skiftespor.rs`).
//!
//! Each test gets its own database (SQLite, or a PostgreSQL schema with
//! `PLANNER_TEST_DATABASE_URL`), its own development PKI and its own simulator on port 0.

mod cli;
#[path = "../support/db.rs"]
mod db;
#[path = "../support/dfdg_sim.rs"]
mod dfdg_sim;
#[path = "../support/fixtures.rs"]
mod fixtures;
mod queue;
mod registration;
mod schema;
#[path = "../support/seed.rs"]
mod seed;
mod serve;
mod skiftespor;
mod summoner;
mod support;
#[path = "../support/wsdl_headers.rs"]
mod wsdl_headers;
