//! The database itself: connections and the pool over SQLite and PostgreSQL (`conn`), the
//! schema (`schema`), the store's error type and the one reading of diesel's errors (`error`),
//! the row helpers every subject shares (`rows`), and the one mechanism that stores a closed set
//! as text on both backends (`text_enum`). Sets the domain owns (booking status, channel,
//! strategy, role, ...) are parsed with their own `parse` where a row becomes a domain value.

pub(crate) mod conn;
pub(crate) mod error;
pub(crate) mod rows;
pub(crate) mod schema;
pub(crate) mod text_enum;

pub(crate) use rows::{corrupt, from_db, to_db};

/// The backend of [`AnyConnection`](crate::store::AnyConnection): values bound through it are
/// passed on to SQLite or PostgreSQL.
pub(crate) type Multi = <crate::store::AnyConnection as diesel::Connection>::Backend;
