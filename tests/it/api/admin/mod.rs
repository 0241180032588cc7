//! The admin API end to end: real HTTP to the real server, one module per resource.

pub(crate) mod support;

mod audit;
mod authorization;
mod bookings;
mod bounds;
mod closing_days;
mod counselors;
mod dfdg_fejlmeldinger;
mod dfdg_messages;
mod offers;
mod openapi;
mod people;
mod registry;
mod reports;
mod rooms;
mod schemathesis;
mod summons;
mod teams;
mod templates;
mod type_rules;
mod webhooks;
