//! The cost of a password at sign-in (issue 17): one `verify_password` and one `hash_password`
//! with the default argon2id parameters. The target is 50-250 ms per sign-in on the 2-core
//! machine: slow enough that guessing stolen hashes is expensive, fast enough for a person.
//!
//! And the check every request of a signed-in person pays (target < 0.2 ms): the session
//! looked up by its cookie's secret in an embedded SQLite database, the account with its
//! grants loaded, and the role checked against the cluster of what is asked for.
//!
//! Hashing the password verified is not measured. Ten samples are enough for a figure of about
//! a tenth of a second; the default hundred would take minutes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use chrono::{TimeZone, Utc};
use planner::domain::people::{Capability, Cluster, Email, Grant, Role, SessionPolicy, Target};
use planner::domain::JobCenterCode;
use planner::edge::credentials::{hash_password, verify_password, PasswordParams};
use planner::store::{AcceptAs, DataKey, DatabaseUrl, NewAccount, Store, StoreConfig};

const PASSWORD: &str = "correct horse battery staple zebra";

fn sign_in(criterion: &mut Criterion) {
    let params = PasswordParams::default();
    let hash = hash_password(PASSWORD, &params).expect("hash");
    let mut group = criterion.benchmark_group("sign_in");
    group.sample_size(10);
    group.bench_function("verify_password (default params)", |bencher| {
        bencher.iter(|| assert!(verify_password(black_box(&hash), black_box(PASSWORD))));
    });
    group.bench_function("hash_password (default params)", |bencher| {
        bencher.iter(|| hash_password(black_box(PASSWORD), &params).expect("hash"));
    });
    group.finish();
}

fn session_check(criterion: &mut Criterion) {
    let directory = std::env::temp_dir().join(format!("planner-bench-session-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let config = StoreConfig {
        url: DatabaseUrl::parse(directory.join("planner.db").to_str().expect("utf-8")).expect("url"),
        data_key: DataKey::from_hex(&"ab".repeat(32)).expect("key"),
        pool_size: 4,
        reservation_ttl: chrono::Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let code = JobCenterCode::parse("00101").expect("code");
    store.upsert_jobcenter(&code, "Jobcenter København").expect("jobcenter");
    let grant = Grant::new(Role::Summoner, vec![Cluster::Jobcenter(code.clone())]).expect("grant");
    let email = Email::parse("anne@kommune.dk").expect("email");
    let (_, secret) = store.people().invite(&email, &grant, "bench", now).expect("invite");
    let new = NewAccount { name: "Anne".into(), password_hash: Some("x".into()), ..NewAccount::default() };
    let account = store.people().accept(&secret, &AcceptAs::New(new), now).expect("accept");
    let session = store.people().start_session(&account.id, true, now).expect("session");
    let (policy, target) = (SessionPolicy::default(), Target::jobcenter(code));
    let mut group = criterion.benchmark_group("sign_in");
    group.bench_function("session check (SQLite)", |bencher| {
        bencher.iter(|| {
            let live = store.people().session(black_box(&session.secret), &policy, now).expect("read");
            assert!(live.expect("alive").account.may(Capability::ViewCalendars, &target));
        });
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&directory);
}

criterion_group!(benches, sign_in, session_check);
criterion_main!(benches);
