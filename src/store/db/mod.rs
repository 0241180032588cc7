//! The database itself: connections and the pool over SQLite and PostgreSQL (`conn`), the
//! schema (`schema`), the store's error type and the one reading of diesel's errors (`error`),
//! and the row helpers every subject shares (`rows`).

pub(crate) mod conn;
pub(crate) mod error;
pub(crate) mod rows;
pub(crate) mod schema;

pub(crate) use rows::{corrupt, from_db, to_db};
