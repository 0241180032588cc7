//! Fresh test databases, for the tests and the benchmarks.
//!
//! Without `PLANNER_TEST_DATABASE_URL` each test gets its own temporary SQLite file. With it,
//! each test gets a migrated PostgreSQL schema (`t_<uuid>`) in that database of its own while it
//! runs, selected through `search_path` in the URL. When the `TestDb` goes away, the test's
//! connections are ended and the schema is emptied for a later test of the same process (or
//! dropped); the schemas still waiting are dropped at exit. Tests therefore run in parallel
//! without seeing each other's rows, and need no preinstalled service by default.

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
    /// Shared by the [`TestDb::share`]s of one database: it goes when the last of them goes.
    _guard: std::sync::Arc<Guard>,
}

impl TestDb {
    /// The same database once more, for a second instance of the service: it stays until this
    /// and every share of it are gone.
    pub fn share(&self) -> TestDb {
        TestDb { url: self.url.clone(), backend: self.backend, _guard: std::sync::Arc::clone(&self._guard) }
    }
}

enum Guard {
    /// Removed with the guard.
    Directory {
        _directory: tempfile::TempDir,
    },
    Schema {
        admin_url: String,
        schema: Pooled,
    },
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Schema { admin_url, schema } = self {
            give_back(admin_url, schema.clone());
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
        _guard: std::sync::Arc::new(Guard::Directory { _directory: directory }),
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

/// How many tests one schema serves before it is dropped. Deleted test rows stay behind as dead
/// rows (the shared test server runs without autovacuum), so a schema is renewed now and then.
const USES_PER_SCHEMA: u32 = 25;

/// Stands for a schema's name in the statements of a [`Layout`].
const SCHEMA_MARK: &str = "{schema}";

/// A migrated schema, and how many tests it has served.
#[derive(Clone)]
struct Pooled {
    name: String,
    uses: u32,
}

/// What emptying a schema for its next test needs to know, learnt once from a freshly migrated
/// schema: its tables, its sequences, and the rows the migrations themselves insert.
struct Layout {
    tables: Vec<String>,
    /// A `setval` statement per sequence, with [`SCHEMA_MARK`] standing for the schema's name.
    sequences: Vec<String>,
    /// Each seeded table with its migrated rows as JSON.
    seeds: Vec<(String, String)>,
}

/// The schemas of this process that wait for their next test, by server URL.
struct Pool {
    layout: Option<std::sync::Arc<Layout>>,
    free: Vec<Pooled>,
}

static POOLS: std::sync::Mutex<Vec<(String, Pool)>> = std::sync::Mutex::new(Vec::new());

extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
}

/// Runs at process exit (libtest ends with `process::exit`): drops the schemas that wait in
/// the pools. Best effort, and it never unwinds.
extern "C" fn drop_pooled() {
    let _ = std::panic::catch_unwind(|| {
        let mut pools = POOLS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (admin_url, pool) in pools.iter_mut() {
            let Ok(mut conn) = PgConnection::establish(admin_url) else { continue };
            for schema in pool.free.drain(..) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", schema.name));
            }
        }
    });
}

/// Runs `action` on the pool of `admin_url`.
fn with_pool<T>(admin_url: &str, action: impl FnOnce(&mut Pool) -> T) -> T {
    let mut pools = POOLS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if pools.is_empty() {
        // SAFETY: `atexit` is the C library's; `drop_pooled` is a plain `extern "C" fn()` that
        // stays valid for the life of the process, does not unwind, and is registered once
        // (while `POOLS` is locked and still empty).
        unsafe { atexit(drop_pooled) };
    }
    if !pools.iter().any(|(url, _)| url == admin_url) {
        pools.push((admin_url.to_owned(), Pool { layout: None, free: Vec::new() }));
    }
    let pool = pools.iter_mut().find(|(url, _)| url == admin_url).map(|(_, pool)| pool);
    action(pool.expect("the pool was just added"))
}

/// A migrated schema in the PostgreSQL database at `admin_url` that holds only what the
/// migrations insert: one that an earlier test of this process gave back, emptied, or a new
/// one. Migrating a new schema costs the server about 0.25 s of CPU and dropping it more;
/// emptying a used one costs a few milliseconds (BENCHMARKS.md, test suite).
pub fn fresh_postgres(admin_url: &str) -> TestDb {
    let admin_url = &without_loopback_tls(admin_url);
    let reused = with_pool(admin_url, |pool| pool.free.pop());
    let schema = match reused {
        Some(schema) => schema,
        None => new_schema(admin_url),
    };
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    TestDb {
        // Commits wait for no WAL flush: a test checks what the planner does, not whether the
        // PostgreSQL server survives a power cut, and waiting for the disk doubled the time of
        // the PostgreSQL tests (BENCHMARKS.md, test suite). Every commit is still visible to
        // every other connection the moment it returns. The application name marks the
        // test's connections, so that they are ended before the schema serves the next test.
        url: format!(
            "{admin_url}{separator}application_name={name}&options=-csearch_path%3D{name},public%20-csynchronous_commit%3Doff",
            name = schema.name
        ),
        backend: Backend::Postgres,
        _guard: std::sync::Arc::new(Guard::Schema { admin_url: admin_url.to_owned(), schema }),
    }
}

/// `url` with `sslmode=disable` when it names a server on this machine and no `sslmode`: TLS
/// over loopback protects nothing, and its handshake on each of the suite's connections costs
/// both ends CPU.
fn without_loopback_tls(url: &str) -> String {
    let host = url.split_once("://").map_or("", |(_, rest)| rest);
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let loopback = ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| host.starts_with(name));
    if !loopback || url.contains("sslmode=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}sslmode=disable")
}

/// Creates and migrates a new schema; the first one of a process also teaches the pool its
/// layout.
fn new_schema(admin_url: &str) -> Pooled {
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
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    conn.batch_execute(&format!("CREATE SCHEMA {name}")).expect("create the test schema");
    migrate(&format!(
        "{admin_url}{}options=-csearch_path%3D{name},public%20-csynchronous_commit%3Doff",
        if admin_url.contains('?') { '&' } else { '?' }
    ));
    if with_pool(admin_url, |pool| pool.layout.is_none()) {
        let layout = std::sync::Arc::new(layout(&mut conn, &name));
        with_pool(admin_url, |pool| pool.layout.get_or_insert(layout).clone());
    }
    Pooled { name, uses: 0 }
}

/// Runs the planner's migrations on the database at `url`, and closes its connection.
fn migrate(url: &str) {
    let config = planner::store::StoreConfig {
        url: planner::store::DatabaseUrl::parse(url).expect("test database URL"),
        data_key: planner::store::DataKey::from_hex(TEST_DATA_KEY).expect("test data key"),
        pool_size: 1,
        reservation_ttl: chrono::Duration::minutes(10),
    };
    let store = planner::store::Store::open(&config).expect("open the test schema");
    store.migrate().expect("migrate the test schema");
}

/// Reads the layout of the freshly migrated `schema`.
fn layout(conn: &mut PgConnection, schema: &str) -> Layout {
    let tables = texts(
        conn,
        &format!(
            "SELECT tablename::text AS text FROM pg_tables WHERE schemaname = '{schema}' \
             AND tablename <> '__diesel_schema_migrations' ORDER BY tablename"
        ),
    );
    let sequences = texts(
        conn,
        &format!(
            "SELECT format('SELECT setval(%L, %s, false);', '{schema}.' || sequencename, start_value) AS text \
             FROM pg_sequences WHERE schemaname = '{schema}'"
        ),
    )
    .into_iter()
    .map(|statement| statement.replace(&format!("'{schema}."), &format!("'{SCHEMA_MARK}.")))
    .collect();
    let mut seeds = Vec::new();
    for table in &tables {
        let rows =
            texts(conn, &format!("SELECT coalesce(json_agg(t), '[]')::text AS text FROM {schema}.{table} t"));
        if let Some(rows) = rows.into_iter().next().filter(|rows| rows != "[]") {
            seeds.push((table.clone(), rows));
        }
    }
    Layout { tables, sequences, seeds }
}

/// The `text` column of `query`'s rows.
fn texts(conn: &mut PgConnection, query: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Text)]
        text: String,
    }
    diesel::sql_query(query)
        .load::<Text>(conn)
        .unwrap_or_else(|e| panic!("test schema query failed ({e}): {query}"))
        .into_iter()
        .map(|row| row.text)
        .collect()
}

/// Takes a schema back from a finished test: ends the test's connections, empties it and keeps
/// it for the next test, or drops it when it has served enough tests, holds a table the
/// migrations did not make, or cannot be emptied. Best effort: a leftover schema only costs
/// space in a test database.
fn give_back(admin_url: &str, mut schema: Pooled) {
    let Ok(mut conn) = PgConnection::establish(admin_url) else { return };
    let _ = conn.batch_execute(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = '{}' AND pid <> pg_backend_pid()",
        schema.name
    ));
    schema.uses += 1;
    let layout = with_pool(admin_url, |pool| pool.layout.clone());
    let emptied = match layout {
        Some(layout) if schema.uses < USES_PER_SCHEMA && !std::thread::panicking() => {
            empty(&mut conn, &schema.name, &layout)
        }
        _ => false,
    };
    if emptied {
        with_pool(admin_url, |pool| pool.free.push(schema));
    } else {
        let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", schema.name));
    }
}

/// Deletes every row a test left in `schema`, puts back the migrations' own rows and restarts
/// the sequences, in one transaction; false when the schema is not as the migrations left it.
/// `session_replication_role = replica` turns triggers (the audit log's append-only guard, the
/// read model's version) and foreign-key checks off for the deletes; emptying with TRUNCATE
/// instead costs the server a new file for every table and index.
fn empty(conn: &mut PgConnection, schema: &str, layout: &Layout) -> bool {
    let tables = texts(
        conn,
        &format!(
            "SELECT tablename::text AS text FROM pg_tables WHERE schemaname = '{schema}' \
             AND tablename <> '__diesel_schema_migrations' ORDER BY tablename"
        ),
    );
    if tables != layout.tables {
        return false;
    }
    let mut script = format!(
        "BEGIN; SET LOCAL session_replication_role = replica; SET LOCAL search_path = {schema}, public;"
    );
    for table in &layout.tables {
        script.push_str(&format!(" DELETE FROM {schema}.{table};"));
    }
    for (table, rows) in &layout.seeds {
        let rows = rows.replace('\'', "''");
        script.push_str(&format!(
            " INSERT INTO {schema}.{table} SELECT * FROM json_populate_recordset(NULL::{schema}.{table}, '{rows}');"
        ));
    }
    for restart in &layout.sequences {
        script.push(' ');
        script.push_str(&restart.replace(SCHEMA_MARK, schema));
    }
    script.push_str(" COMMIT;");
    let emptied = conn.batch_execute(&script).is_ok();
    if !emptied {
        let _ = conn.batch_execute("ROLLBACK");
    }
    emptied
}
