//! OAuth2 recipients against a real local token endpoint and receiver: the client-credentials
//! token is fetched once and reused across deliveries, sent as a Bearer token, and fetched
//! again once when the recipient answers 401 to a cached token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::adapters::webhooks::recipient::OAuth2Settings;
use planner::config::WebhookSettings;
use planner::store::{NewRecipient, Store};

use crate::support::both_backends;
use crate::support::receiver::{Answer, Receiver, Request};
use crate::webhooks::{at, event, open, t0, Topic};

const CLIENT_SECRET: &str = "client secret/with:specials";

both_backends!(the_token_is_fetched_once_and_reused, a_401_fetches_a_new_token_once);

fn dispatcher() -> Dispatcher {
    let settings = WebhookSettings {
        retry_schedule: [10, 20].into_iter().map(std::time::Duration::from_secs).collect(),
        ..WebhookSettings::default()
    };
    planner::adapters::webhooks::dispatcher(&settings).unwrap()
}

/// A token endpoint issuing `tok-1`, `tok-2`, ... and a hook accepting tokens numbered at least
/// `accepted` (0: none).
fn idp_and_hook(accepted: Arc<AtomicUsize>) -> (Receiver, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let receiver = Receiver::start(move |request: &Request| match request.path.as_str() {
        "/token" => {
            let basic = format!(
                "Basic {}",
                openssl::base64::encode_block(b"planner:client+secret%2Fwith%3Aspecials")
            );
            let form = request.text();
            if request.header("authorization") != Some(basic.as_str())
                || form != "grant_type=client_credentials&scope=webhooks+write"
            {
                return Answer::json(401, serde_json::json!({"error": "invalid_client"}));
            }
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let token = serde_json::json!({"access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": 3600});
            Answer::json(200, token)
        }
        _ => {
            let n: usize = request
                .header("authorization")
                .and_then(|value| value.strip_prefix("Bearer tok-"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let minimum = accepted.load(Ordering::SeqCst);
            Answer::status(if minimum > 0 && n >= minimum { 200 } else { 401 })
        }
    });
    (receiver, issued)
}

fn add(store: &Store, receiver: &Receiver, name: &str) {
    let settings = OAuth2Settings {
        token_url: format!("{}/token", receiver.base),
        client_id: "planner".into(),
        scope: Some("webhooks write".into()),
    }
    .to_json();
    let url = format!("{}/hooks/{name}", receiver.base);
    let recipient = NewRecipient {
        name,
        url: &url,
        topics: &["*".to_owned()],
        secret: CLIENT_SECRET,
        kind: "oauth2",
        settings: &settings,
    };
    store.add_recipient(&recipient, t0()).unwrap();
}

fn the_token_is_fetched_once_and_reused(db: &crate::support::db::TestDb) {
    let store = open(db);
    let (receiver, issued) = idp_and_hook(Arc::new(AtomicUsize::new(1)));
    add(&store, &receiver, "xs");
    for n in 0..4 {
        event(&store, Topic::BookingCreated, &format!("b-{n}"), n, t0());
    }
    let dispatcher = dispatcher();
    for _ in 0..4 {
        assert!(matches!(try_deliver_next(&store, &dispatcher, t0()).unwrap(), Outcome::Delivered { .. }));
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one token for four deliveries");
    let hooks = receiver.received_at("/hooks/xs");
    assert_eq!(hooks.len(), 4);
    for hook in &hooks {
        assert_eq!(hook.header("authorization"), Some("Bearer tok-1"));
        assert_eq!(hook.header("x-hub-signature"), None, "OAuth2 replaces the signature");
    }
    let log = store.webhook_log("xs", 10).unwrap().unwrap();
    assert!(log.iter().all(|entry| entry.status == "delivered" && entry.attempts == 1));
    assert!(!log.iter().any(|entry| entry.last_error.as_deref().unwrap_or_default().contains("tok-")));
}

fn a_401_fetches_a_new_token_once(db: &crate::support::db::TestDb) {
    let store = open(db);
    let accepted = Arc::new(AtomicUsize::new(1));
    let (receiver, issued) = idp_and_hook(accepted.clone());
    add(&store, &receiver, "xs");
    let dispatcher = dispatcher();
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    assert!(matches!(try_deliver_next(&store, &dispatcher, t0()).unwrap(), Outcome::Delivered { .. }));

    // The recipient stops accepting tok-1: the cached token gets a 401, a new one is fetched.
    accepted.store(2, Ordering::SeqCst);
    event(&store, Topic::BookingCreated, "b-2", 2, t0());
    assert!(matches!(try_deliver_next(&store, &dispatcher, t0()).unwrap(), Outcome::Delivered { .. }));
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let bearers: Vec<String> = receiver
        .received_at("/hooks/xs")
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(bearers, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);

    // A recipient refusing every token: one fresh token, one 401, no loop; retried later.
    accepted.store(usize::MAX, Ordering::SeqCst);
    event(&store, Topic::BookingCreated, "b-3", 3, t0());
    assert!(matches!(try_deliver_next(&store, &dispatcher, t0()).unwrap(), Outcome::Failed { .. }));
    assert_eq!(issued.load(Ordering::SeqCst), 3);
    assert_eq!(receiver.received_at("/hooks/xs").len(), 5);
    let log = store.webhook_log("xs", 1).unwrap().unwrap();
    assert_eq!((log[0].status.as_str(), log[0].http_status), ("failed", Some(401)));
    assert_eq!(log[0].next_attempt_at, at(10));
}

/// Secrets are stored encrypted with the data key: the SQLite file (and its WAL) never holds
/// the client secret in clear, yet deliveries still authenticate with it.
#[test]
fn the_client_secret_is_not_stored_in_clear() {
    let db = crate::support::db::fresh_sqlite();
    let store = open(&db);
    let (receiver, issued) = idp_and_hook(Arc::new(AtomicUsize::new(1)));
    add(&store, &receiver, "xs");
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    assert!(matches!(try_deliver_next(&store, &dispatcher(), t0()).unwrap(), Outcome::Delivered { .. }));
    assert_eq!(issued.load(Ordering::SeqCst), 1, "the token endpoint accepted the decrypted secret");
    let directory = std::path::Path::new(&db.url).parent().unwrap();
    for file in std::fs::read_dir(directory).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!bytes.windows(CLIENT_SECRET.len()).any(|w| w == CLIENT_SECRET.as_bytes()));
    }
}
