//! Summons over the admin API: one citizen at the earliest free time with channel Summons and an
//! outbox event, bulk summons without overlap, idempotent by key, dry runs that write nothing,
//! CPR errors named by index (never echoed), and authorization by the offer's jobcenter.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::support::{cpr, invalid, ok, problem, seed, topics, Seeded, ADMIN, KSS, OTHER_ADMIN};
use crate::support::app::{spawn_app_at, TestApp};

/// The server starts on Monday 1 March 2027, 07:00 UTC: the window below is three working days
/// whatever day the suite runs on.
fn spawn_app() -> TestApp {
    spawn_app_at(crate::support::store::now())
}

/// Tomorrow 00:00 UTC to two days later: clear of the offer's notice, inside its horizon.
fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    let from = (crate::support::store::now() + Duration::days(1))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    (from, from + Duration::days(2))
}

fn batch_body(seeded: &Seeded, key: &str, citizens: Vec<Value>, dry_run: bool) -> Value {
    let (from, to) = window();
    json!({
        "key": key,
        "offer": seeded.offer.id.as_str(),
        "from": from.to_rfc3339(),
        "to": to.to_rfc3339(),
        "strategy": "spread",
        "dry_run": dry_run,
        "citizens": citizens,
        "cancel_before_hours": 24,
    })
}

fn citizens(range: std::ops::Range<usize>) -> Vec<Value> {
    range.map(|n| json!({"cpr": cpr(n), "name": format!("Borger {n}")})).collect()
}

fn summons_bookings(app: &TestApp) -> Vec<Value> {
    let found = ok(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&channel=Summons"), 200);
    found.as_array().unwrap().clone()
}

#[test]
fn one_citizen_gets_the_earliest_time_with_channel_summons() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (from, to) = window();
    let free = app
        .store
        .free_times(&seeded.offer.id, planner::domain::Interval::new(from, to).unwrap(), None, app.now())
        .unwrap();
    let earliest = free.iter().map(|t| t.interval.start()).min().unwrap();
    let body = json!({
        "cpr": cpr(1),
        "offer": seeded.offer.id.as_str(),
        "from": from.to_rfc3339(),
        "to": to.to_rfc3339(),
        "cancel_possible": true,
    });
    let booked = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &body), 201);
    assert_eq!(booked["channel"], "Summons");
    assert_eq!(booked["start"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), earliest);
    assert_eq!(booked["cancel_possible"], true);
    let caseworkers: Vec<&str> = seeded.counselors.iter().map(|c| c.caseworker.as_str()).collect();
    assert!(caseworkers.contains(&booked["counselor"].as_str().unwrap()), "{booked}");
    assert!(!booked.to_string().contains(&cpr(1)), "no CPR in the answer");
    let id = booked["id"].as_str().unwrap();
    assert_eq!(topics(&app, id), ["BookingCreated"]);

    // By interview type, with an exact start and a one-caseworker pool.
    let start = earliest + Duration::hours(5);
    let typed = json!({
        "cpr": cpr(2),
        "interview_type": 7,
        "jobcenter": "00101",
        "pool": [seeded.counselors[1].caseworker.as_str()],
        "from": from.to_rfc3339(),
        "to": to.to_rfc3339(),
        "start": start.to_rfc3339(),
    });
    let exact = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &typed), 201);
    assert_eq!(exact["start"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), start);
    assert_eq!(exact["counselor"], seeded.counselors[1].caseworker.as_str());
    // The same citizen again: one future booking of an offer (contract §4).
    problem(&app.admin_post(ADMIN, "/admin/v1/summons", &typed), 409);

    let bad = json!({"cpr": "3213851234", "offer": seeded.offer.id.as_str(), "from": from.to_rfc3339(), "to": to.to_rfc3339()});
    let refused = invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &bad), "cpr");
    assert!(!refused.to_string().contains("3213851234"), "{refused}");
    problem(&app.admin_post(KSS, "/admin/v1/summons", &body), 403);
    problem(&app.admin_post(OTHER_ADMIN, "/admin/v1/summons", &body), 403);
    let mut foreign = typed.clone();
    foreign["jobcenter"] = json!("00147");
    problem(&app.admin_post(ADMIN, "/admin/v1/summons", &foreign), 403);
    foreign["offer"] = json!(seeded.offer.id.as_str());
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &foreign), "offer");

    let audit = app.admin_get(ADMIN, "/admin/v1/audit?limit=50").body;
    assert!(audit.contains("admin.summons.create"), "{audit}");
    assert!(!audit.contains(&cpr(1)) && !audit.contains(&cpr(2)), "no CPR in the audit");
}

#[test]
fn a_batch_places_everyone_without_overlap_once_per_key() {
    let app = spawn_app();
    let seeded = seed(&app);
    let body = batch_body(&seeded, "batch-50", citizens(0..50), false);
    let report = ok(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &body), 200);
    assert_eq!((report["status"].as_str(), report["placed"].as_u64()), (Some("completed"), Some(50)));
    let items = report["items"].as_array().unwrap();
    let mut per_counselor: HashMap<&str, Vec<DateTime<Utc>>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        assert_eq!((item["index"].as_u64(), item["status"].as_str()), (Some(index as u64), Some("placed")));
        let start = item["start"].as_str().unwrap().parse().unwrap();
        per_counselor.entry(item["counselor"].as_str().unwrap()).or_default().push(start);
    }
    assert_eq!(per_counselor.len(), 3, "spread over the pool");
    for starts in per_counselor.values_mut() {
        starts.sort();
        assert!(starts.windows(2).all(|w| w[1] - w[0] >= Duration::minutes(60)), "{starts:?}");
    }
    for n in 0..50 {
        assert!(!report.to_string().contains(&cpr(n)), "no CPR in the report");
    }
    let bookings = summons_bookings(&app);
    assert_eq!(bookings.len(), 50);
    assert_eq!(topics(&app, items[0]["booking_id"].as_str().unwrap()), ["BookingCreated"]);

    let again = ok(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &body), 200);
    assert_eq!(again, report, "the same key answers the stored report");
    assert_eq!(summons_bookings(&app).len(), 50, "and creates nothing new");
    let stored = ok(&app.admin_get(ADMIN, "/admin/v1/summons/batches/batch-50"), 200);
    assert_eq!(stored, report);

    problem(&app.admin_get(OTHER_ADMIN, "/admin/v1/summons/batches/batch-50"), 403);
    // Another jobcenter's admin cannot read or resume the batch through its own offer.
    let mut theirs = body.clone();
    theirs["offer"] = json!(seeded.other_offer.id.as_str());
    problem(&app.admin_post(OTHER_ADMIN, "/admin/v1/summons/batches", &theirs), 403);
    problem(&app.admin_get(KSS, "/admin/v1/summons/batches/batch-50"), 403);
    problem(&app.admin_get(ADMIN, "/admin/v1/summons/batches/no-such-batch"), 404);
}

#[test]
fn a_dry_run_writes_no_bookings() {
    let app = spawn_app();
    let seeded = seed(&app);
    let body = batch_body(&seeded, "dry", citizens(0..10), true);
    let report = ok(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &body), 200);
    assert_eq!((report["dry_run"].as_bool(), report["placed"].as_u64()), (Some(true), Some(10)));
    assert!(report["items"].as_array().unwrap().iter().all(|i| i.get("booking_id").is_none()));
    assert!(summons_bookings(&app).is_empty());
    problem(&app.admin_get(ADMIN, "/admin/v1/summons/batches/dry"), 404);
}

#[test]
fn bad_batches_are_refused_before_anything_is_placed() {
    let app = spawn_app();
    let seeded = seed(&app);
    let mut list = citizens(0..5);
    list[3] = json!({"cpr": "3213851234"});
    let refused = invalid(
        &app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch_body(&seeded, "k", list, false)),
        "citizens[3].cpr",
    );
    assert!(!refused.to_string().contains("3213851234"), "{refused}");
    assert!(summons_bookings(&app).is_empty());
    problem(&app.admin_get(ADMIN, "/admin/v1/summons/batches/k"), 404);

    let post = |caller, body: &Value| app.admin_post(caller, "/admin/v1/summons/batches", body);
    let mut body = batch_body(&seeded, "k", citizens(0..2), false);
    problem(&post(KSS, &body), 403);
    problem(&post(OTHER_ADMIN, &body), 403);
    body["strategy"] = json!("random");
    invalid(&post(ADMIN, &body), "strategy");
    let mut body = batch_body(&seeded, "has space", citizens(0..2), false);
    invalid(&post(ADMIN, &body), "key");
    body["key"] = json!("k");
    body["pool"] = json!([seeded.counselors[0].caseworker.as_str(), "nobody"]);
    invalid(&post(ADMIN, &body), "pool");
    let other = batch_body(&seeded, "k", citizens(0..2), false);
    let mut foreign = other.clone();
    foreign["offer"] = json!(seeded.other_offer.id.as_str());
    problem(&post(ADMIN, &foreign), 403);
    assert!(summons_bookings(&app).is_empty());
}

#[test]
fn the_summoner_is_recorded_and_audited_and_never_a_cpr() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (from, to) = window();
    let body = |n: usize, summoner: &str| {
        json!({
            "cpr": cpr(n),
            "offer": seeded.offer.id.as_str(),
            "from": from.to_rfc3339(),
            "to": to.to_rfc3339(),
            "summoner": summoner,
        })
    };
    for bad in [cpr(9), String::new()] {
        let problem = invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &body(1, &bad)), "summoner");
        assert!(!problem.to_string().contains(&cpr(9)), "{problem}");
    }
    let mut batch = batch_body(&seeded, "bad-summoner", citizens(1..2), false);
    batch["summoner"] = json!(cpr(9));
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch), "summoner");
    assert!(summons_bookings(&app).is_empty(), "nothing booked");

    let booked = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &body(1, "caseworker-7")), 201);
    let id = planner::domain::BookingId::parse(booked["id"].as_str().unwrap()).unwrap();
    let summoner = app.store.booking_summoner(&id).unwrap().unwrap();
    assert_eq!((summoner.identity(), summoner.user()), (ADMIN, Some("caseworker-7")));
    let audit = app.store.audit_tail(10).unwrap();
    let row = audit
        .iter()
        .find(|r| r.entry.operation == "admin.summons.create" && r.entry.outcome == "ok")
        .unwrap();
    assert_eq!(row.entry.request_user.as_deref(), Some("caseworker-7"), "audited as the request user");
}
