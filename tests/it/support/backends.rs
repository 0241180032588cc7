//! `both_backends!`: one scenario, two tests, on SQLite and on PostgreSQL.

use crate::support::db::TestDb;

/// What a scenario takes: the bare database, or something opened on it (a migrated store).
pub trait OnDatabase {
    /// Takes over `db`.
    fn on(db: TestDb) -> Self;
}

impl OnDatabase for TestDb {
    fn on(db: TestDb) -> Self {
        db
    }
}

/// Writes each scenario `fn name(db: &T)` (`T`: [`OnDatabase`]) as two tests, `name::sqlite`
/// and `name::postgres`; the latter goes through [`crate::support::postgres::database`], so it
/// runs, or says loudly that it was skipped, or fails when PostgreSQL is required.
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let db = $crate::support::db::fresh_sqlite();
                super::$name(&$crate::support::backends::OnDatabase::on(db));
            }

            #[test]
            fn postgres() {
                let Some(db) = $crate::support::postgres::database() else { return };
                super::$name(&$crate::support::backends::OnDatabase::on(db));
            }
        }
    )*};
}

pub(crate) use both_backends;
