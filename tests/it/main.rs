//! The integration tests: one binary, one module per area, sharing one `support` tree.
//!
//! Every test that touches a database gets its own (a temporary SQLite file, or a PostgreSQL
//! schema with `PLANNER_TEST_DATABASE_URL`); PostgreSQL-only tests go through
//! `support::postgres`, which reports skips loudly and fails them with `PLANNER_REQUIRE_POSTGRES=1`.

mod api;
mod architecture;
mod cli;
mod dfdg;
mod mail;
mod migrations;
mod references;
mod store;
mod support;
mod tls;
mod web;
mod webhooks;
