//! Integration tests of the diesel store against contract §4 (booking rules), each scenario run
//! on SQLite and, when `PLANNER_TEST_DATABASE_URL` is set, on a fresh PostgreSQL schema.
//!
//! One test binary with one module per area, so everything links once. Scenarios are plain
//! functions taking a `&TestDb`; `both_backends!` turns each into `name::sqlite` and
//! `name::postgres`. Tests assert outcomes only, never timings, and never read the real clock.

/// Writes each scenario `fn name(db: &TestDb)` as two tests, `name::sqlite` and `name::postgres`.
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let db = $crate::support::fresh_sqlite();
                super::$name(&db);
            }

            #[test]
            fn postgres() {
                let Some(db) = $crate::support::fresh_postgres() else { return };
                super::$name(&db);
            }
        }
    )*};
}

mod absence;
mod bad_input;
mod calendar_import;
mod calendar_sync;
mod changes;
#[path = "../support/db.rs"]
mod db;
mod dfdg;
#[path = "../support/fixtures.rs"]
mod fixtures;
mod race;
mod register;
mod reserve_confirm;
mod shared_time;
mod staff_move;
mod summoner;
mod summons;
mod support;
mod xpert;
