//! Fixtures for the store tests (`store::*`): a fresh database per test (a temp SQLite file, or a fresh
//! PostgreSQL schema when `PLANNER_TEST_DATABASE_URL` is set), seed data, and small verbs.
//!
//! Every instant is derived from the fixed [`now`] (Monday 2027-03-01 08:00 in Copenhagen),
//! never from the real clock, so the grid, the notice and the deadlines are deterministic.

use std::ops::Deref;

use chrono::{DateTime, Duration, TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};
use planner::domain::{
    self, availability::FreeTime, Booking, BookingId, ChangeFlags, Channel, Counselor, Cpr, Interval,
    InterviewForm, JobCenterCode, Offer, Originator, Reservation,
};
use planner::store::{DataKey, DatabaseUrl, Error, RegisterRequest, ReserveRequest, Store, StoreConfig};

use crate::support::fixtures;

/// A store on a database of its own; the database is removed when this is dropped.
pub struct TestDb {
    /// The store under test.
    pub store: Store,
    config: StoreConfig,
    database: crate::support::db::TestDb,
}

impl Deref for TestDb {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

fn open(database: crate::support::db::TestDb) -> TestDb {
    let config = config(&database.url, 16);
    let store = migrated(&config);
    TestDb { store, config, database }
}

/// The configuration of a store on the test database at `url`, with a fixed data key.
pub fn config(url: &str, pool_size: u32) -> StoreConfig {
    StoreConfig {
        url: DatabaseUrl::parse(url).expect("test database URL"),
        data_key: DataKey::from_hex(&"ab".repeat(32)).expect("test data key"),
        pool_size,
        reservation_ttl: Duration::minutes(10),
    }
}

/// A store opened with `config` and migrated.
pub fn migrated(config: &StoreConfig) -> Store {
    let store = Store::open(config).expect("open the test store");
    store.migrate().expect("migrate the test store");
    store
}

impl crate::support::backends::OnDatabase for TestDb {
    /// Opens and migrates a store on `database`.
    fn on(database: crate::support::db::TestDb) -> Self {
        open(database)
    }
}

impl TestDb {
    /// A second `Store` (its own pool) on the same database: a second service instance.
    pub fn second_instance(&self) -> Store {
        Store::open(&self.config).expect("open second store")
    }

    /// Runs SQL on a separate, raw diesel connection (outside the store).
    pub fn raw_execute(&self, sql: &str) -> Result<(), diesel::result::Error> {
        let url = &self.database.url;
        match self.database.backend {
            crate::support::db::Backend::Postgres => {
                PgConnection::establish(url).expect("raw pg connection").batch_execute(sql)
            }
            crate::support::db::Backend::Sqlite => {
                SqliteConnection::establish(url).expect("raw sqlite connection").batch_execute(sql)
            }
        }
    }
}

/// The fixed "now" of every test: Monday 2027-03-01 07:00 UTC (08:00 in Copenhagen).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap()
}

/// A Copenhagen wall-clock time in March 2027 (CET, before the switch to summer time), in UTC.
pub fn local(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    domain::ZONE
        .with_ymd_and_hms(2027, 3, day, hour, minute, 0)
        .single()
        .expect("unambiguous local time")
        .with_timezone(&Utc)
}

/// `[from, to)`.
pub fn window(from: DateTime<Utc>, to: DateTime<Utc>) -> Interval {
    Interval::new(from, to).expect("window")
}

/// The `n`th test citizen's CPR (valid date, distinct for distinct `n` below 10000).
pub fn cpr(n: usize) -> Cpr {
    Cpr::parse(&format!("{:02}0190{:04}", 1 + n % 28, n)).expect("valid test CPR")
}

/// A fresh random GUID of the wanted type.
pub fn guid<T>(parse: fn(&str) -> Result<T, domain::Error>) -> T {
    parse(&uuid::Uuid::new_v4().to_string()).expect("generated guid")
}

/// What the seed created.
pub struct Seed {
    /// The jobcenter, 00101.
    pub jobcenter: JobCenterCode,
    /// Counselors serving the individual offer.
    pub counselors: Vec<Counselor>,
    /// The individual offer: 45 min + 15 min buffer, 24 h notice, 8 weeks horizon.
    pub offer: Offer,
    /// The counselor serving the group offer (nobody else).
    pub group_counselor: Counselor,
    /// The group offer: same grid, 3 seats.
    pub group: Offer,
}

fn counselor(n: usize, jobcenter: &JobCenterCode) -> Counselor {
    let counselor = fixtures::counselor(jobcenter, "29189846", &n.to_string(), &format!("Rådgiver{n}"));
    Counselor { email: format!("r{n}@jobcenter.dk"), ..counselor }
}

fn offer(name: &str, form: InterviewForm, jobcenter: &JobCenterCode, counselors: &[&Counselor]) -> Offer {
    let ids = counselors.iter().map(|c| c.id.clone()).collect();
    Offer {
        name: name.into(),
        form,
        contact_types: vec![1, 2],
        changes: fixtures::changeable(Some(Duration::hours(24))),
        ..fixtures::offer(jobcenter, Duration::hours(24), Duration::weeks(8), ids)
    }
}

/// Creates jobcenter 00101, `n_counselors` counselors for the individual offer plus one for the
/// group offer, all working Monday-Friday 08:00-16:00 Copenhagen time, and both offers.
pub fn seed(store: &Store, n_counselors: usize) -> Seed {
    let jobcenter = JobCenterCode::parse("00101").unwrap();
    store.upsert_jobcenter(&jobcenter, "Jobcenter Test").unwrap();
    let week = fixtures::weekdays(8, 16);
    let all: Vec<Counselor> = (0..=n_counselors).map(|n| counselor(n, &jobcenter)).collect();
    for c in &all {
        store.create_counselor(c).unwrap();
        store.set_working_hours(&c.id, &week).unwrap();
    }
    let (group_counselor, counselors) = all.split_last().unwrap();
    let individual =
        offer("Jobsamtale", InterviewForm::Individual, &jobcenter, &counselors.iter().collect::<Vec<_>>());
    let group = offer("Informationsmøde", InterviewForm::Group { seats: 3 }, &jobcenter, &[group_counselor]);
    store.create_offer(&individual, now()).unwrap();
    store.create_offer(&group, now()).unwrap();
    Seed {
        jobcenter,
        counselors: counselors.to_vec(),
        offer: individual,
        group_counselor: group_counselor.clone(),
        group,
    }
}

/// The caller that booked (OrganisationCode, type).
pub fn originator() -> Originator {
    Originator { code: 29189846, type_id: 1 }
}

/// A reservation request of `offer` with `counselor` at `start`.
pub fn request(cpr: &Cpr, offer: &Offer, counselor: &Counselor, start: DateTime<Utc>) -> ReserveRequest {
    ReserveRequest {
        cpr: cpr.clone(),
        offer: Some(offer.id.clone()),
        caseworker: counselor.caseworker.clone(),
        start,
        contact_type: None,
        rebooking: None,
    }
}

/// Reserves the individual offer with the first counselor at `start`, as of `at`.
pub fn reserve(
    store: &Store,
    seed: &Seed,
    cpr: &Cpr,
    start: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<Reservation, Error> {
    store.reserve(&request(cpr, &seed.offer, &seed.counselors[0], start), at)
}

/// Reserves and confirms the individual offer with the first counselor at `start`, as of `at`.
pub fn book(store: &Store, seed: &Seed, cpr: &Cpr, start: DateTime<Utc>, at: DateTime<Utc>) -> Booking {
    let held = reserve(store, seed, cpr, start, at).expect("reserve");
    store.confirm(cpr, &held.id, originator(), at).expect("confirm")
}

/// Starts of the offer's free times over `within`, as of `at`.
pub fn free_starts(store: &Store, offer: &Offer, within: Interval, at: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    free(store, offer, within, at).into_iter().map(|t| t.interval.start()).collect()
}

/// The offer's free times over `within`, as of `at`.
pub fn free(store: &Store, offer: &Offer, within: Interval, at: DateTime<Utc>) -> Vec<FreeTime> {
    store.free_times(&offer.id, within, None, at).expect("free times")
}

/// The whole local day `day` of March 2027.
pub fn day(day: u32) -> Interval {
    window(local(day, 0, 0), local(day + 1, 0, 0))
}

/// The business rule a result was refused with; panics on success or any other error kind.
#[track_caller]
pub fn conflict<T: std::fmt::Debug>(result: Result<T, Error>) -> domain::Error {
    match result {
        Err(Error::Conflict(rule)) => rule,
        other => panic!("expected Error::Conflict(..), got {other:?}"),
    }
}

/// Topics of the pending outbox events, oldest first.
pub fn topics(store: &Store) -> Vec<(String, String)> {
    store
        .pending_events(1000)
        .expect("pending events")
        .into_iter()
        .map(|e| (e.topic, e.aggregate_id))
        .collect()
}

/// A caseworker-system registration of the first counselor's time `[start, start + 45 min)`.
pub fn registration(seed: &Seed, cpr: &Cpr, start: DateTime<Utc>) -> RegisterRequest {
    RegisterRequest {
        id: guid(BookingId::parse),
        cpr: cpr.clone(),
        jobcenter: seed.jobcenter.clone(),
        caseworker: seed.counselors[0].caseworker.clone(),
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        interval: window(start, start + Duration::minutes(45)),
        changes: ChangeFlags {
            rebook_possible: false,
            rebook_deadline: None,
            cancel_possible: true,
            cancel_deadline: None,
        },
        compulsory: true,
        group_meeting: None,
        digital_link: None,
        channel: Channel::CaseworkerSystem,
        originator: originator(),
        registered_by: "CVR:12345678-FID:kss".into(),
    }
}
