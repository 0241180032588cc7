//! Webhook delivery through the outbox worker's single step, `try_deliver_next`, against a real
//! HTTP receiver on 127.0.0.1:0 that records requests and answers scripted statuses.
//!
//! Time is driven through the `now` parameter (retry gaps are seconds here), never by sleeping.
//! Each scenario runs on SQLite and, when `PLANNER_TEST_DATABASE_URL` is set, on PostgreSQL.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::adapters::webhooks::{sign, WebhookClient};
use planner::store::{Store, Topic};

use crate::support::receiver::Receiver;
use crate::support::{both_backends, db, postgres, store};

const SECRET: &str = "s3cret-for-tests";

mod batch;
mod bodiless;
mod https;
mod keep_alive;
mod oauth2;
mod redeliver;
mod retry_from;

both_backends!(
    signature_verifies_with_the_secret,
    two_failures_then_success_take_three_attempts_at_the_scheduled_gaps,
    a_receiver_down_for_good_is_given_up_after_the_table,
    an_event_written_before_a_restart_is_still_delivered,
    deliveries_of_one_booking_keep_their_order,
    disabled_recipients_get_no_new_events_and_keep_their_log,
);

fn open(db: &db::TestDb) -> Store {
    store::migrated(&store::config(&db.url, 8))
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap()
}

fn at(seconds: i64) -> DateTime<Utc> {
    t0() + chrono::Duration::seconds(seconds)
}

/// Retries after 10 s, 20 s, 60 s and 240 s (the 1/2/6/24 h table scaled down).
fn dispatcher() -> Dispatcher {
    Dispatcher::new(
        WebhookClient::new(Duration::from_secs(5)),
        [10, 20, 60, 240].into_iter().map(Duration::from_secs).collect(),
        Duration::from_secs(5),
    )
}

fn event(store: &Store, topic: Topic, booking: &str, n: i64, now: DateTime<Utc>) {
    let payload = serde_json::json!({ "booking_id": booking, "n": n });
    store.enqueue_event(topic, booking, &payload, now).unwrap();
}

/// The webhook URL of a receiver.
fn hook_url(receiver: &Receiver) -> String {
    format!("{}/hooks/planner", receiver.base)
}

/// A URL on which nobody listens: a privileged port no test binds (they bind port 0, which the
/// system picks from its ephemeral range), so no other test can be listening there by chance.
fn dead_url() -> String {
    "http://127.0.0.1:1/".to_owned()
}

fn add(store: &Store, name: &str, url: &str, topics: &[&str]) {
    let topics: Vec<String> = topics.iter().map(|t| (*t).to_owned()).collect();
    store.add_webhook_recipient(name, url, &topics, SECRET, t0()).unwrap();
}

fn signature_verifies_with_the_secret(db: &db::TestDb) {
    let store = open(db);
    let receiver = Receiver::scripted(&[]);
    add(&store, "xs", &hook_url(&receiver), &["BookingCreated"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    event(&store, Topic::BookingCancelled, "b-1", 2, t0());

    assert!(matches!(try_deliver_next(&store, &dispatcher(), t0()).unwrap(), Outcome::Delivered { .. }));
    assert_eq!(try_deliver_next(&store, &dispatcher(), t0()).unwrap(), Outcome::Nothing);

    let received = receiver.received();
    assert_eq!(received.len(), 1, "only the subscribed topic is sent");
    let request = &received[0];
    assert_eq!(request.header("content-type"), Some("application/json"));
    let expected = sign(SECRET.as_bytes(), &request.body);
    assert_eq!(request.header("x-hub-signature"), Some(expected.as_str()));
    assert_ne!(Some(sign(b"wrong", &request.body).as_str()), request.header("x-hub-signature"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["topic"], "BookingCreated");
    assert_eq!(body["data"]["booking_id"], "b-1");

    let log = store.webhook_log("xs", 10).unwrap().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].status.as_str(), log[0].http_status, log[0].attempts), ("delivered", Some(200), 1));
    assert_eq!(log[0].body, request.text());
    assert!(store.pending_events(10).unwrap().is_empty(), "the outbox is handed over");
}

fn two_failures_then_success_take_three_attempts_at_the_scheduled_gaps(db: &db::TestDb) {
    let store = open(db);
    let receiver = Receiver::scripted(&[500, 503]);
    add(&store, "xs", &hook_url(&receiver), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    let dispatcher = dispatcher();

    assert!(matches!(try_deliver_next(&store, &dispatcher, at(0)).unwrap(), Outcome::Failed { .. }));
    // The first retry is due 10 s after the first attempt, not a second earlier.
    assert_eq!(try_deliver_next(&store, &dispatcher, at(9)).unwrap(), Outcome::Nothing);
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(10)).unwrap(), Outcome::Failed { .. }));
    // The second retry is due 20 s after the second attempt.
    assert_eq!(try_deliver_next(&store, &dispatcher, at(29)).unwrap(), Outcome::Nothing);
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(30)).unwrap(), Outcome::Delivered { .. }));
    assert_eq!(try_deliver_next(&store, &dispatcher, at(10_000)).unwrap(), Outcome::Nothing);

    assert_eq!(receiver.received().len(), 3);
    let log = store.webhook_log("xs", 10).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].http_status, log[0].attempts), ("delivered", Some(200), 3));
    assert_eq!(log[0].updated_at, at(30));
}

fn a_receiver_down_for_good_is_given_up_after_the_table(db: &db::TestDb) {
    let store = open(db);
    add(&store, "down", &dead_url(), &["*"]);
    event(&store, Topic::BookingCancelled, "b-1", 1, t0());
    let dispatcher = dispatcher();

    // The first attempt and four retries, each at its scheduled time.
    let mut now = 0;
    for (attempt, gap) in [10, 20, 60, 240, 0].into_iter().enumerate() {
        assert!(
            matches!(try_deliver_next(&store, &dispatcher, at(now)).unwrap(), Outcome::Failed { .. }),
            "attempt {}",
            attempt + 1
        );
        let log = store.webhook_log("down", 10).unwrap().unwrap();
        assert_eq!(log[0].attempts, i32::try_from(attempt).unwrap() + 1);
        now += gap;
    }
    assert_eq!(try_deliver_next(&store, &dispatcher, at(1_000_000)).unwrap(), Outcome::Nothing);
    let log = store.webhook_log("down", 10).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].http_status, log[0].attempts), ("given_up", None, 5));
    assert!(log[0].last_error.as_deref().unwrap_or_default().contains("cannot connect"));
}

fn an_event_written_before_a_restart_is_still_delivered(db: &db::TestDb) {
    let receiver = Receiver::scripted(&[]);
    {
        let store = open(db);
        add(&store, "xs", &hook_url(&receiver), &["BookingCreated"]);
        event(&store, Topic::BookingCreated, "b-1", 1, t0());
        // Fanned out, then claimed by a worker that dies before sending.
        store.fan_out_pending(t0()).unwrap();
        assert!(store.claim_due_delivery(t0(), Duration::from_secs(5)).unwrap().is_some());
        event(&store, Topic::BookingCreated, "b-2", 2, t0());
    }
    let store = open(db);
    let dispatcher = dispatcher();
    // b-2 was never claimed; b-1 is due again once the dead worker's lease ends.
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(1)).unwrap(), Outcome::Delivered { .. }));
    assert_eq!(try_deliver_next(&store, &dispatcher, at(1)).unwrap(), Outcome::Nothing);
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(5)).unwrap(), Outcome::Delivered { .. }));
    let bookings: HashSet<String> = receiver
        .received()
        .iter()
        .map(|request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            body["aggregate_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(bookings, HashSet::from(["b-1".to_owned(), "b-2".to_owned()]));
}

fn deliveries_of_one_booking_keep_their_order(db: &db::TestDb) {
    let store = open(db);
    let receiver = Receiver::scripted(&[500]);
    add(&store, "xs", &hook_url(&receiver), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    event(&store, Topic::BookingRescheduled, "b-1", 2, t0());
    event(&store, Topic::BookingCancelled, "b-1", 3, t0());
    let dispatcher = dispatcher();

    assert!(matches!(try_deliver_next(&store, &dispatcher, at(0)).unwrap(), Outcome::Failed { .. }));
    // The later events of b-1 wait behind the failed first one.
    assert_eq!(try_deliver_next(&store, &dispatcher, at(5)).unwrap(), Outcome::Nothing);
    while try_deliver_next(&store, &dispatcher, at(10)).unwrap() != Outcome::Nothing {}

    let order: Vec<i64> = receiver
        .received()
        .iter()
        .map(|request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            body["data"]["n"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(order, [1, 1, 2, 3]);
}

fn disabled_recipients_get_no_new_events_and_keep_their_log(db: &db::TestDb) {
    let store = open(db);
    let receiver = Receiver::scripted(&[]);
    add(&store, "xs", &hook_url(&receiver), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    while try_deliver_next(&store, &dispatcher(), t0()).unwrap() != Outcome::Nothing {}
    // Fanned out but not yet sent when the recipient is disabled: it stays in the log, unsent.
    event(&store, Topic::BookingCreated, "b-0", 0, t0());
    assert_eq!(store.fan_out_pending(t0()).unwrap(), 1);
    assert!(store.disable_webhook_recipient("xs").unwrap());
    assert!(!store.disable_webhook_recipient("nobody").unwrap());
    event(&store, Topic::BookingCreated, "b-2", 2, t0());
    assert_eq!(try_deliver_next(&store, &dispatcher(), t0()).unwrap(), Outcome::Nothing);

    assert_eq!(receiver.received().len(), 1);
    let log = store.webhook_log("xs", 10).unwrap().unwrap();
    let statuses: Vec<&str> = log.iter().map(|entry| entry.status.as_str()).collect();
    assert_eq!(statuses, ["pending", "delivered"]);
    assert!(store.webhook_log("nobody", 10).unwrap().is_none());
    let recipients = store.list_webhook_recipients().unwrap();
    assert_eq!(recipients.len(), 1);
    assert!(!recipients[0].enabled);
    assert!(!format!("{recipients:?}").contains(SECRET), "the secret is not Debug-printed");
}

/// Two workers (two Stores on one PostgreSQL database) claiming concurrently never get the
/// same delivery.
#[test]
fn concurrent_claims_on_postgres_never_share_a_delivery() {
    let Some(db) = postgres::database() else { return };
    let stores = [open(&db), open(&db)];
    add(&stores[0], "xs", "http://127.0.0.1:9/", &["*"]);
    let n_events = 60;
    for n in 0..n_events {
        event(&stores[0], Topic::BookingCreated, &format!("b-{n}"), n, t0());
    }
    stores[0].fan_out_pending(t0()).unwrap();

    let claimed = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|scope| {
        for worker in 0..8 {
            let store = stores[worker % 2].clone();
            let claimed = claimed.clone();
            scope.spawn(move || {
                while let Some(delivery) = store.claim_due_delivery(t0(), Duration::from_secs(60)).unwrap() {
                    claimed.lock().unwrap().push(delivery.id);
                }
            });
        }
    });
    let claimed = claimed.lock().unwrap().clone();
    let unique: HashSet<i64> = claimed.iter().copied().collect();
    assert_eq!(claimed.len(), unique.len(), "a delivery was claimed twice in one attempt");
    assert_eq!(unique.len(), usize::try_from(n_events).unwrap());
}
