//! The admin API: JSON under `/admin/v1` on the same listener as SOAP, for callers with the role
//! `admin`, limited to their jobcenters (contract §7). Errors are RFC 9457 problem+json.
//!
//! One route table ([`routes_table`], in `routes/` by subject) feeds both the actix registration and the OpenAPI
//! document, so the two cannot drift. One file per resource holds its handlers and wire types;
//! handlers read bodies and queries with [`input`] (problems name the field, never the value),
//! parse into domain types by hand and call `store` use-case methods through
//! [`call::AdminCall::run`], which authorizes and audits every call.
//! Problems, input parsing and the audit are the edge's ([`crate::edge`]), shared with the
//! adapters' JSON endpoints. Architecture invariant (tests/it/architecture.rs): admin never
//! imports `soap` or `server`.

pub mod accounts;
pub mod attributes;
pub mod audit;
pub mod bookings;
pub mod calendar;
pub mod call;
pub mod callers;
pub mod closing_days;
pub mod counselors;
pub mod dfdg_fejlmeldinger;
pub mod dfdg_messages;
pub mod hours;
pub mod invitations;
pub mod jobcenters;
pub mod mail;
pub mod offers;
pub mod openapi;
pub mod reports;
pub mod reschedule;
pub mod rooms;
mod routes;
pub mod summons;
pub mod summons_batches;
pub mod teams;
pub mod templates;
pub mod type_rules;
pub mod webhook_log;
pub mod webhooks;

pub use crate::edge::Problem;
pub use routes::{routes, routes_table, AdminRoute};

/// Where the admin API lives (the edge's problem+json scope).
pub const PREFIX: &str = crate::edge::problem::PROBLEM_SCOPE;
