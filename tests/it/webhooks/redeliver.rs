//! Manual redeliver: a given-up or delivered delivery is queued again, keeps its attempt count
//! in the log and gets the full retry table again; open deliveries and disabled recipients are
//! refused without changes.

use planner::adapters::outbox::{try_deliver_next, Outcome};
use planner::store::Redelivery;

use crate::support::both_backends;
use crate::support::receiver::Receiver;
use crate::webhooks::{add, at, dispatcher, event, hook_url, open, t0, Topic};

both_backends!(a_given_up_delivery_is_redelivered_with_a_new_round, a_delivered_one_is_sent_again);

fn a_given_up_delivery_is_redelivered_with_a_new_round(db: &crate::support::db::TestDb) {
    let store = open(db);
    // Five failures use up the table; then one failure of the new round, then success.
    let receiver = Receiver::scripted(&[500, 500, 500, 500, 500, 503]);
    add(&store, "xs", &hook_url(&receiver), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    let dispatcher = dispatcher();
    for now in [0, 10, 30, 90, 330] {
        assert!(matches!(try_deliver_next(&store, &dispatcher, at(now)).unwrap(), Outcome::Failed { .. }));
    }
    let log = store.webhook_log("xs", 10).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].attempts), ("given_up", 5));
    let id = log[0].id;

    assert_eq!(store.redeliver_webhook(id, at(1000)).unwrap(), Redelivery::Queued);
    assert_eq!(store.redeliver_webhook(id, at(1000)).unwrap(), Redelivery::StillOpen);
    assert_eq!(store.redeliver_webhook(id + 999, at(1000)).unwrap(), Redelivery::NotFound);
    let entry = store.webhook_delivery(id).unwrap().unwrap();
    assert_eq!((entry.status.as_str(), entry.attempts, entry.next_attempt_at), ("pending", 5, at(1000)));

    // The new round fails once and is retried after the table's first gap, not given up.
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(1000)).unwrap(), Outcome::Failed { .. }));
    assert_eq!(try_deliver_next(&store, &dispatcher, at(1009)).unwrap(), Outcome::Nothing);
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(1010)).unwrap(), Outcome::Delivered { .. }));
    let entry = store.webhook_delivery(id).unwrap().unwrap();
    assert_eq!((entry.status.as_str(), entry.http_status, entry.attempts), ("delivered", Some(200), 7));
    assert_eq!((entry.first_attempt_at, entry.last_attempt_at), (Some(at(1000)), Some(at(1010))));
    assert_eq!(receiver.received().len(), 7);
}

fn a_delivered_one_is_sent_again(db: &crate::support::db::TestDb) {
    let store = open(db);
    let receiver = Receiver::scripted(&[]);
    add(&store, "xs", &hook_url(&receiver), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    assert!(matches!(try_deliver_next(&store, &dispatcher(), t0()).unwrap(), Outcome::Delivered { .. }));
    let id = store.webhook_log("xs", 10).unwrap().unwrap()[0].id;

    assert!(store.disable_webhook_recipient("xs").unwrap());
    assert_eq!(store.redeliver_webhook(id, at(5)).unwrap(), Redelivery::RecipientDisabled);
    let recipient = store.webhook_recipient_named("xs").unwrap().unwrap();
    assert!(store.set_webhook_recipient_enabled(recipient.id, true).unwrap());
    assert_eq!(store.redeliver_webhook(id, at(5)).unwrap(), Redelivery::Queued);
    assert!(matches!(try_deliver_next(&store, &dispatcher(), at(5)).unwrap(), Outcome::Delivered { .. }));

    let received = receiver.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body, "the same body, so receivers can dedupe on its id");
    let entry = store.webhook_delivery(id).unwrap().unwrap();
    assert_eq!((entry.status.as_str(), entry.attempts), ("delivered", 2));
}
