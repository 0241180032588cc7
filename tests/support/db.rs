//! Fresh test databases, shared by every test binary (`#[path = "../support/db.rs"] mod db;`).
//!
//! Without `PLANNER_TEST_DATABASE_URL` each test gets its own temporary SQLite file. With it,
//! each test gets its own PostgreSQL schema (`t_<uuid>`) in that database, selected through
//! `search_path` in the URL, and dropped again when the `TestDb` goes away. Tests therefore run in
//! parallel without seeing each other's rows, and need no preinstalled service by default.

#![allow(dead_code)]

use std::io::Write;

use diesel::connection::SimpleConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection};

/// The environment variable naming a PostgreSQL database for tests.
pub const POSTGRES_ENV: &str = "PLANNER_TEST_DATABASE_URL";

/// Which engine a test database runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A schema in the PostgreSQL database named by `PLANNER_TEST_DATABASE_URL`.
    Postgres,
}

/// A database that exists for one test.
pub struct TestDb {
    /// The URL to give the service (`PLANNER_DATABASE_URL`).
    pub url: String,
    /// The engine.
    pub backend: Backend,
    _guard: Guard,
}

enum Guard {
    Directory(tempfile::TempDir),
    Schema { admin_url: String, schema: String },
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Schema { admin_url, schema } = self {
            // Best effort: a leftover schema only costs space in a test database.
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// The PostgreSQL test URL, or `None` after printing that the test was skipped.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_ENV).ok().filter(|url| !url.trim().is_empty());
    if url.is_none() {
        // Written past the test harness's capture, so that a plain `cargo test` shows it.
        let _ = writeln!(std::io::stderr(), "skipped: {POSTGRES_ENV} not set (PostgreSQL test)");
    }
    url
}

/// A fresh database: PostgreSQL when `PLANNER_TEST_DATABASE_URL` is set, else SQLite.
pub fn fresh_database() -> TestDb {
    match std::env::var(POSTGRES_ENV).ok().filter(|url| !url.trim().is_empty()) {
        Some(url) => fresh_postgres(&url),
        None => fresh_sqlite(),
    }
}

/// A fresh, empty SQLite file in its own temporary directory.
pub fn fresh_sqlite() -> TestDb {
    let directory = tempfile::tempdir().expect("create a temporary directory");
    let path = directory.path().join("planner.db");
    TestDb {
        url: path.to_str().expect("temporary paths are UTF-8").to_owned(),
        backend: Backend::Sqlite,
        _guard: Guard::Directory(directory),
    }
}

/// A fresh, empty schema in the PostgreSQL database at `admin_url`.
pub fn fresh_postgres(admin_url: &str) -> TestDb {
    let mut conn = PgConnection::establish(admin_url)
        .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
    // The migration's CREATE EXTENSION would otherwise install btree_gist into the test schema
    // (first on the search path), so it is created once in `public`. Parallel tests may race
    // on it; the loser sees a unique violation, which means the extension now exists.
    match conn.batch_execute("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public") {
        Ok(()) | Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
        Err(error) => panic!("cannot create extension btree_gist: {error}"),
    }
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    conn.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create the test schema");
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    TestDb {
        url: format!("{admin_url}{separator}options=-csearch_path%3D{schema},public"),
        backend: Backend::Postgres,
        _guard: Guard::Schema { admin_url: admin_url.to_owned(), schema },
    }
}
