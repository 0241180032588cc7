//! Sessions and sign-in throttling in the store (issue 17): a session lives while used within
//! its idle time and never past its absolute life; signing out, a disabled account or another
//! instance's sign-out ends it at the next request; passing the second factor gives a new
//! secret; failed sign-ins slow down per subject, which is stored only as a hash.

use chrono::Duration;
use planner::domain::people::{Cluster, Email, Grant, Role, SessionPolicy, SignInLimits};
use planner::domain::JobCenterCode;
use planner::store::{AcceptAs, NewAccount};

use crate::support::both_backends;
use crate::support::store::{now, seed, TestDb};

both_backends!(
    a_session_lives_while_used_and_never_past_its_life,
    signing_out_or_disabling_ends_sessions_on_every_instance,
    the_second_factor_gives_a_new_secret,
    failed_sign_ins_slow_down_per_subject_stored_as_a_hash,
);

fn account(db: &TestDb, address: &str) -> String {
    seed(db, 1);
    let grant =
        Grant::new(Role::Summoner, vec![Cluster::Jobcenter(JobCenterCode::parse("00101").unwrap())]).unwrap();
    let email = Email::parse(address).unwrap();
    let (_, secret) = db.people().invite(&email, &grant, "admin", now()).unwrap();
    let new =
        NewAccount { name: "Anne".into(), password_hash: Some("$argon2id$x".into()), ..Default::default() };
    db.people().accept(&secret, &AcceptAs::New(new), now()).unwrap().id
}

fn a_session_lives_while_used_and_never_past_its_life(db: &TestDb) {
    let id = account(db, "anne@kk.dk");
    let policy = SessionPolicy::default();
    let people = db.people();
    let started = people.start_session(&id, true, now()).unwrap();
    let live = people.session(&started.secret, &policy, now() + Duration::minutes(29)).unwrap().unwrap();
    assert_eq!(
        (live.account.id.as_str(), live.csrf.as_str(), live.second_factor),
        (id.as_str(), started.csrf.as_str(), true)
    );
    // Used every 25 minutes it lives on, but not past ten hours.
    let mut at = now();
    while at + Duration::minutes(25) < now() + Duration::hours(10) {
        at += Duration::minutes(25);
        assert!(people.session(&started.secret, &policy, at).unwrap().is_some(), "alive at {at}");
    }
    assert!(people.session(&started.secret, &policy, now() + Duration::hours(10)).unwrap().is_none());
    // An idle one ends after 30 minutes, and stays ended.
    let idle = people.start_session(&id, true, now()).unwrap();
    assert!(people.session(&idle.secret, &policy, now() + Duration::minutes(30)).unwrap().is_none());
    assert!(people.session(&idle.secret, &policy, now() + Duration::minutes(1)).unwrap().is_none());
    assert!(people.session("made-up", &policy, now()).unwrap().is_none());
}

fn signing_out_or_disabling_ends_sessions_on_every_instance(db: &TestDb) {
    let id = account(db, "bo@kk.dk");
    let policy = SessionPolicy::default();
    let other = db.second_instance();
    let first = db.people().start_session(&id, true, now()).unwrap();
    let second = db.people().start_session(&id, true, now()).unwrap();
    assert!(other.people().session(&first.secret, &policy, now()).unwrap().is_some());
    other.people().end_session(&first.secret).unwrap();
    assert!(db.people().session(&first.secret, &policy, now()).unwrap().is_none(), "signed out elsewhere");
    assert!(
        db.people().session(&second.secret, &policy, now()).unwrap().is_some(),
        "the other session stays"
    );
    other.people().set_disabled(&id, true).unwrap();
    assert!(db.people().session(&second.secret, &policy, now()).unwrap().is_none(), "disabled elsewhere");
    db.people().set_disabled(&id, false).unwrap();
    assert!(
        db.people().session(&second.secret, &policy, now()).unwrap().is_none(),
        "enabling revives no session"
    );
}

fn the_second_factor_gives_a_new_secret(db: &TestDb) {
    let id = account(db, "c@kk.dk");
    let policy = SessionPolicy::default();
    let half = db.people().start_session(&id, false, now()).unwrap();
    assert!(!db.people().session(&half.secret, &policy, now()).unwrap().unwrap().second_factor);
    let full = db.people().pass_second_factor(&half.secret, now()).unwrap().unwrap();
    assert_ne!(full.secret, half.secret);
    assert_ne!(full.csrf, half.csrf);
    assert!(
        db.people().session(&half.secret, &policy, now()).unwrap().is_none(),
        "the old secret opens nothing"
    );
    assert!(db.people().session(&full.secret, &policy, now()).unwrap().unwrap().second_factor);
    assert!(db.people().pass_second_factor(&half.secret, now()).unwrap().is_none());
}

fn failed_sign_ins_slow_down_per_subject_stored_as_a_hash(db: &TestDb) {
    seed(db, 1);
    let limits = SignInLimits::default();
    let people = db.people();
    let subject = "account:dora@kk.dk";
    for minute in 0..5 {
        assert_eq!(
            people.sign_in_wait(subject, &limits, 5, now() + Duration::minutes(minute)).unwrap(),
            None
        );
        people.record_failure(&[subject, "address:192.0.2.7"], now() + Duration::minutes(minute)).unwrap();
    }
    let at = now() + Duration::minutes(5);
    assert_eq!(people.sign_in_wait(subject, &limits, 5, at).unwrap(), Some(now() + Duration::minutes(15)));
    assert_eq!(people.sign_in_wait("account:someone@kk.dk", &limits, 5, at).unwrap(), None, "per subject");
    assert_eq!(
        people.sign_in_wait("address:192.0.2.7", &limits, 50, at).unwrap(),
        None,
        "the address limit is higher"
    );
    assert_eq!(
        people.sign_in_wait(subject, &limits, 5, now() + Duration::minutes(15)).unwrap(),
        None,
        "slowed, not locked"
    );
    // Neither the e-mail address nor the IP address is stored: no row mentions them (a row
    // copied into a table that refuses every value fails), while every row is a 64-digit hash.
    db.raw_execute("CREATE TABLE leak_check (x TEXT CHECK (x IS NULL))").unwrap();
    let leaked = "INSERT INTO leak_check SELECT subject_hash FROM sign_in_failures \
                  WHERE subject_hash LIKE '%dora%' OR subject_hash LIKE '%192.0.2%' OR length(subject_hash) <> 64";
    db.raw_execute(leaked).unwrap();
    assert!(
        db.raw_execute("INSERT INTO leak_check SELECT subject_hash FROM sign_in_failures").is_err(),
        "rows exist"
    );
}
