//! Batches: a worker claims several due deliveries at once, sends them in parallel and records
//! them in one transaction, yet never two of one booking to one recipient, so order per
//! booking holds.

use planner::adapters::outbox::{deliver_batch, Outcome};

use crate::support::both_backends;
use crate::support::receiver::Receiver;
use crate::webhooks::{add, dispatcher, event, hook_url, open, t0, Topic};

both_backends!(a_batch_takes_one_delivery_per_booking_and_recipient);

fn a_batch_takes_one_delivery_per_booking_and_recipient(db: &crate::support::db::TestDb) {
    let store = open(db);
    let receivers = [Receiver::scripted(&[]), Receiver::scripted(&[])];
    add(&store, "a", &hook_url(&receivers[0]), &["*"]);
    add(&store, "b", &hook_url(&receivers[1]), &["*"]);
    for (booking, n) in [("b-1", 1), ("b-2", 2), ("b-1", 3), ("b-1", 4), ("b-2", 5)] {
        event(&store, Topic::BookingCreated, booking, n, t0());
    }
    let dispatcher = dispatcher();
    let mut sizes = Vec::new();
    loop {
        let outcomes = deliver_batch(&store, &dispatcher, t0(), 50).unwrap();
        if outcomes.is_empty() {
            break;
        }
        assert!(outcomes.iter().all(|o| matches!(o, Outcome::Delivered { .. })));
        sizes.push(outcomes.len());
    }
    // Two bookings x two recipients per batch while both have events left.
    assert_eq!(sizes, [4, 4, 2]);
    for receiver in &receivers {
        let mut order: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
        for request in receiver.received() {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let booking = body["aggregate_id"].as_str().unwrap().to_owned();
            order.entry(booking).or_default().push(body["data"]["n"].as_i64().unwrap());
        }
        assert_eq!(order["b-1"], [1, 3, 4]);
        assert_eq!(order["b-2"], [2, 5]);
    }
}
