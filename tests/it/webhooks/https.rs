//! `https://` recipients: the WebSub sender verifies the receiver's certificate against the
//! configured CA file (`[webhooks] ca_file`), and refuses it without that CA.

use planner::adapters::outbox::{try_deliver_next, Outcome};
use planner::adapters::webhooks::sign;
use planner::config::WebhookSettings;

use crate::support::both_backends;
use crate::support::receiver::{Answer, Receiver};
use crate::webhooks::{add, at, event, open, t0, Topic, SECRET};

both_backends!(an_https_recipient_is_verified_against_the_configured_ca);

fn an_https_recipient_is_verified_against_the_configured_ca(db: &crate::support::db::TestDb) {
    let store = open(db);
    let receiver = Receiver::start_tls(|_| Answer::status(204));
    add(&store, "tls", &format!("{}/hooks", receiver.base), &["*"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    let settings = WebhookSettings {
        retry_schedule: [10, 20].into_iter().map(std::time::Duration::from_secs).collect(),
        ..WebhookSettings::default()
    };

    // System roots only: the test CA is unknown, the handshake fails and nothing is received.
    let untrusting = planner::adapters::webhooks::dispatcher(&settings).unwrap();
    assert!(matches!(try_deliver_next(&store, &untrusting, t0()).unwrap(), Outcome::Failed { .. }));
    let log = store.webhook_log("tls", 1).unwrap().unwrap();
    let error = log[0].last_error.clone().unwrap_or_default();
    assert!(error.to_ascii_lowercase().contains("certificate"), "{error}");
    assert!(receiver.received().is_empty());

    let trusting = WebhookSettings { ca_file: receiver.ca_file.clone(), ..settings };
    let trusting = planner::adapters::webhooks::dispatcher(&trusting).unwrap();
    assert!(matches!(try_deliver_next(&store, &trusting, at(10)).unwrap(), Outcome::Delivered { .. }));
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let expected = sign(SECRET.as_bytes(), &received[0].body);
    assert_eq!(received[0].header("x-hub-signature"), Some(expected.as_str()));
    let log = store.webhook_log("tls", 1).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].http_status, log[0].attempts), ("delivered", Some(204), 2));
}
