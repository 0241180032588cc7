//! Fresh test databases, for the tests and the benchmarks.
//!
//! Without `PLANNER_TEST_DATABASE_URL` each test gets its own temporary SQLite file. With it,
//! each test gets its own PostgreSQL schema (`t_<uuid>`) in that database, selected through
//! `search_path` in the URL, and dropped again when the `TestDb` goes away. Tests therefore run in
//! parallel without seeing each other's rows, and need no preinstalled service by default.

use diesel::connection::SimpleConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection, RunQueryDsl};

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

/// Dead rows in `pg_attribute` above which [`vacuum_catalogs`] cleans the catalogs: about half
/// a run of the suite (each test schema leaves some 1,000 there when it is dropped).
const DEAD_CATALOG_ROWS: i64 = 100_000;

/// The system catalogs that creating and dropping a schema per test fills with dead rows.
const CHURNED_CATALOGS: &str = "pg_catalog.pg_attribute, pg_catalog.pg_class, pg_catalog.pg_depend, \
     pg_catalog.pg_type, pg_catalog.pg_index, pg_catalog.pg_constraint, pg_catalog.pg_trigger, \
     pg_catalog.pg_attrdef, pg_catalog.pg_namespace, pg_catalog.pg_proc, pg_catalog.pg_sequence, \
     pg_catalog.pg_description";

/// Once per process: vacuums the system catalogs when dropped test schemas have left many dead
/// rows in them. On a server without autovacuum (the shared test server has it off) they are
/// never cleaned otherwise, and every migration of a test schema slows down with them: 0.31 s
/// against 0.12 s after a vacuum, with 3.4 million dead rows in `pg_attribute` (BENCHMARKS.md,
/// test suite). Best effort: a failure only leaves the catalogs as they were.
fn vacuum_catalogs(conn: &mut PgConnection) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        #[derive(diesel::QueryableByName)]
        struct Dead {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            dead: i64,
        }
        let dead = diesel::sql_query(
            "SELECT coalesce(max(n_dead_tup), 0)::bigint AS dead FROM pg_stat_sys_tables \
             WHERE relname = 'pg_attribute'",
        )
        .get_result::<Dead>(conn)
        .map_or(0, |row| row.dead);
        if dead > DEAD_CATALOG_ROWS {
            let _ = conn.batch_execute(&format!("VACUUM {CHURNED_CATALOGS}"));
        }
    });
}

/// A fresh, empty schema in the PostgreSQL database at `admin_url`.
pub fn fresh_postgres(admin_url: &str) -> TestDb {
    let mut conn = PgConnection::establish(admin_url)
        .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
    vacuum_catalogs(&mut conn);
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
        // Commits wait for no WAL flush: a test checks what the planner does, not whether the
        // PostgreSQL server survives a power cut, and waiting for the disk doubled the time of
        // the PostgreSQL tests (BENCHMARKS.md, test suite). Every commit is still visible to
        // every other connection the moment it returns.
        url: format!(
            "{admin_url}{separator}options=-csearch_path%3D{schema},public%20-csynchronous_commit%3Doff"
        ),
        backend: Backend::Postgres,
        _guard: Guard::Schema { admin_url: admin_url.to_owned(), schema },
    }
}
