//! A database connection that PostgreSQL ended (a restart, a failover, an administrator's
//! `pg_terminate_backend`) costs no lasting error. The pool does not test a connection with a
//! query on every checkout (issue 19: that was a `SELECT 1` twice per request), so a read that
//! finds its connection gone discards it and reads again on a fresh one.

use chrono::Duration;
use diesel::{Connection, PgConnection, RunQueryDsl};
use planner::xml::format_datetime;

use super::support::{cpr, items, seed, DFDG};
use crate::support::app::{spawn_app_on_at, TestApp};

/// Ends every connection the test's server holds to its PostgreSQL schema (the pool's and the
/// audit writer's): the test database's URL names them by `application_name`.
fn end_server_connections(app: &TestApp) -> usize {
    let name = app
        .db
        .url
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("application_name="))
        .expect("the test URL names its connections");
    let admin = crate::support::db::postgres_url().expect("a PostgreSQL test");
    let mut conn = PgConnection::establish(&admin).expect("connect as the test administrator");
    #[derive(diesel::QueryableByName)]
    struct Ended {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        ended: i64,
    }
    let ended: Vec<Ended> = diesel::sql_query(format!(
        "SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity \
         WHERE application_name = '{name}' AND pid <> pg_backend_pid()"
    ))
    .load(&mut conn)
    .expect("end the server's connections");
    ended.first().map_or(0, |row| row.ended as usize)
}

/// How many CaseWorkerTimeslot entries the offer's listing of the next two days has, or the
/// fault code.
fn listing(app: &TestApp, offer: &str) -> Result<usize, u32> {
    let now = app.now();
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>\
         <InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>\
         <BookingOptionIntervalStartTime>{}</BookingOptionIntervalStartTime>\
         <BookingOptionIntervalEndTime>{}</BookingOptionIntervalEndTime>",
        cpr(1),
        format_datetime(now),
        format_datetime(now + Duration::days(2)),
    );
    let answer = app.soap(DFDG, "GetSelfbookTimeslots", &fields);
    match answer.fault_code() {
        Some(code) => Err(code),
        None => {
            Ok(items(answer.ok("GetSelfbookTimeslots"), "CaseWorkerTimeslotCollection", "CaseWorkerTimeslot")
                .len())
        }
    }
}

// See: #19
#[test]
fn a_listing_after_postgresql_ended_the_servers_connections_answers() {
    let Some(db) = crate::support::postgres::database() else { return };
    let app = spawn_app_on_at(db, crate::support::store::now());
    let seeded = seed(&app);
    let offer = seeded.offer.id.as_str();
    let before = listing(&app, offer).expect("the listing answers");
    assert_eq!(before, 3, "one entry per counselor");
    for round in 0..2 {
        assert!(end_server_connections(&app) > 0, "round {round}: the server held connections");
        // The very next call answers as before, and so do the ones after it.
        for call in 0..3 {
            assert_eq!(
                listing(&app, offer),
                Ok(before),
                "round {round}, call {call} after the connections ended"
            );
        }
    }
}
