//! Fresh test databases, for the tests and the benchmarks.
//!
//! Without `PLANNER_TEST_DATABASE_URL` each test gets its own temporary SQLite file. With it,
//! each test gets its own PostgreSQL schema (`t_<uuid>`) in that database, selected through
//! `search_path` in the URL, and dropped again when the `TestDb` goes away. Tests therefore run in
//! parallel without seeing each other's rows, and need no preinstalled service by default.

use diesel::connection::SimpleConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection};

/// The environment variable naming a PostgreSQL database for tests.
pub const POSTGRES_ENV: &str = "PLANNER_TEST_DATABASE_URL";

/// A fixed data key for test databases, so tests never write key files and PostgreSQL gets the
/// key it requires.
pub const TEST_DATA_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

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
    /// Removed with the guard.
    Directory {
        _directory: tempfile::TempDir,
    },
    Schema {
        admin_url: String,
        schema: String,
    },
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

/// The PostgreSQL test URL, if `PLANNER_TEST_DATABASE_URL` names one. Tests that need
/// PostgreSQL ask `support::postgres` instead, which reports a missing URL.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|url| !url.trim().is_empty())
}

/// A fresh database: PostgreSQL when `PLANNER_TEST_DATABASE_URL` is set, else SQLite.
pub fn fresh_database() -> TestDb {
    match postgres_url() {
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
        _guard: Guard::Directory { _directory: directory },
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
