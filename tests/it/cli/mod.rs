//! The `planner` binary as operators and scripts run it, each test in a temporary directory of
//! its own with no `PLANNER_*` variable of the caller's environment.

mod accounts;
mod adapters;
mod calendar;
mod commands;
mod operator;
mod summons;
