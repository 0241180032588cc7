//! Connections: the one `AnyConnection` enum over SQLite and PostgreSQL, the pool, the per
//! connection settings, migrations, and the write-transaction helper.
//!
//! The backend is chosen from the URL scheme here and nowhere else; an unknown scheme is refused
//! instead of becoming a new SQLite file named after a typo. SQLite write transactions start with
//! `BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead of failing on a
//! lock upgrade.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::store::Error;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend; queries are written once against this type.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, for several instances serving one municipality.
    Postgresql(PgConnection),
    /// Embedded SQLite, the default.
    Sqlite(SqliteConnection),
}

/// Runs `$body` with `$c` bound to the backend's own connection inside `$conn` (an
/// [`AnyConnection`]), for what `AnyConnection` cannot run (`ON CONFLICT DO NOTHING`, the
/// transaction manager) and for hot queries: through `AnyConnection` diesel writes a query out
/// as SQL again every time it runs it (to collect its binds); on the backend's own connection
/// the query's type finds its prepared statement.
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::store::db::conn::AnyConnection::Sqlite($c) => $body,
            $crate::store::db::conn::AnyConnection::Postgresql($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite://PATH` or a plain file path.
    Sqlite,
    /// `postgres://...` or `postgresql://...`.
    Postgres,
}

/// A database location whose backend is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// What the driver receives: the file path for SQLite, the URL for PostgreSQL.
    target: String,
}

impl DatabaseUrl {
    /// Classifies a database URL by its scheme; refuses unknown schemes.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self { backend: Backend::Postgres, target: url.to_owned() });
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(Error::Config("empty SQLite path in 'sqlite://'; give a file name".into()));
            }
            return Ok(Self { backend: Backend::Sqlite, target: path.to_owned() });
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(Error::Config(format!(
                "unknown database URL scheme '{scheme}'; use 'sqlite://' or 'postgres://'"
            )));
        }
        if url.is_empty() {
            return Err(Error::Config("empty database URL; use 'sqlite://FILE' or 'postgres://...'".into()));
        }
        Ok(Self { backend: Backend::Sqlite, target: url.to_owned() })
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file path, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<&str> {
        (self.backend == Backend::Sqlite).then_some(self.target.as_str())
    }

    /// Opens one connection to the backend the URL names, with the per-connection settings.
    pub(crate) fn establish(&self) -> diesel::ConnectionResult<AnyConnection> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.target).map(AnyConnection::Postgresql),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)?;
                // Per-connection settings: WAL for readers beside one writer, a busy timeout so
                // writers queue, foreign keys on (they are off by default in SQLite), and
                // synchronous FULL so that a committed booking survives a power cut, not only a
                // crash of the process (nothing acknowledged is ever lost). The WAL is copied
                // back into the database every 10,000 pages (about 40 MB) instead of SQLite's
                // 1,000: a checkpoint writes each dirty page once however often it changed, so
                // rarer checkpoints write less (a bulk summons of 20,000 citizens ran 10% faster,
                // see BENCHMARKS.md); after a checkpoint the file shrinks back to 64 MB at most.
                // No memory map (mmap_size 0, SQLite's default): a reader drops its whole map
                // whenever any connection committed since its last transaction, and the audit
                // writer commits every few requests, so a map was torn down (with a TLB flush on
                // every core running a thread of ours) and faulted back in about once per request
                // (issue 19); reading pages with pread costs less.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; \
                     PRAGMA mmap_size = 0; PRAGMA temp_store = MEMORY; \
                     PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = 67108864;",
                )
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }
}

/// The r2d2 manager: opens the backend the URL names, never guesses.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        self.url.establish().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.ping().map(|_| ()).map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// The connection pool.
pub type Pool = r2d2::Pool<Manager>;

/// Builds a pool of at most `size` connections.
pub fn pool(url: &DatabaseUrl, size: u32) -> Result<Pool, Error> {
    r2d2::Pool::builder()
        .max_size(size)
        // No spare connections opened in the background: a short command exiting while the
        // pool was still opening one (a TLS handshake with PostgreSQL) crashed in OpenSSL's exit
        // cleanup. Connections are opened when asked for and kept until idle for 10 minutes.
        .min_idle(Some(0))
        // No `SELECT 1` on every checkout (issue 19: two per request). A connection the
        // server ended is found by the query that fails on it: diesel then marks it broken, r2d2
        // discards it when it comes back, and `Store::read` reads once more on another.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(30))
        .build(Manager { url: url.clone() })
        .map_err(|e| Error::Config(format!("cannot open database: {e}")))
}

/// Creates or upgrades the schema with the migrations embedded for the connection's backend.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<usize, Error> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| Error::Migration(e.to_string()))
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite, a plain `BEGIN` on PostgreSQL
/// (where row locks and constraints do the serialising). Commits on `Ok`, rolls back on `Err`.
pub fn write_tx<T, E>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        AnyConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        AnyConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            on_backend!(conn, conn => AnsiTransactionManager::commit_transaction(conn)?);
            Ok(value)
        }
        Err(error) => {
            // A failed rollback leaves the connection broken; r2d2 then discards it.
            let _ = on_backend!(conn, conn => AnsiTransactionManager::rollback_transaction(conn));
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(DatabaseUrl::parse("planner.db").unwrap().sqlite_path(), Some("planner.db"));
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap().sqlite_path(), Some("/tmp/x.db"));
        assert_eq!(DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(), Backend::Postgres);
        assert_eq!(DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend(), Backend::Postgres);
        let err = DatabaseUrl::parse("mysql://x").unwrap_err().to_string();
        assert!(err.contains("'mysql'"), "{err}");
        assert!(DatabaseUrl::parse("").is_err());
    }
}
