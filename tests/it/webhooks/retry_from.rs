//! Retry delays counted from the first attempt of a round instead of the previous attempt
//! (`[webhooks] retry_from = "first_attempt"`): the table 10/20/60/240 s ends 240 s after the
//! first attempt rather than 330 s.

use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::store::RetryFrom;

use crate::support::both_backends;
use crate::webhooks::{add, at, dead_url, dispatcher, event, open, t0, Topic};

both_backends!(delays_count_from_the_first_attempt_when_configured);

fn delays_count_from_the_first_attempt_when_configured(db: &crate::support::db::TestDb) {
    let store = open(db);
    add(&store, "down", &dead_url(), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    let dispatcher = Dispatcher { retry_from: RetryFrom::FirstAttempt, ..dispatcher() };

    // Attempts at 0, then 10, 20, 60 and 240 s after the first one.
    for (previous, due) in [(0, 0), (9, 10), (19, 20), (59, 60), (239, 240)] {
        if previous != due {
            assert_eq!(try_deliver_next(&store, &dispatcher, at(previous)).unwrap(), Outcome::Nothing);
        }
        assert!(matches!(try_deliver_next(&store, &dispatcher, at(due)).unwrap(), Outcome::Failed { .. }));
    }
    let log = store.webhook_log("down", 10).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].attempts), ("given_up", 5));
    assert_eq!(log[0].last_attempt_at, Some(at(240)));
    assert_eq!(log[0].first_attempt_at, Some(at(0)));
}
