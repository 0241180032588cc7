//! Answers without a body and without Content-Length (RFC 9112 §6.3), as nginx sends a 204 or
//! a 304, and a 204 after an interim 102: the answer ends at its head, on a connection the
//! receiver keeps open. A client that read such answers until the connection closed would wait
//! for its timeout, record a failure and send the delivery again (a duplicate at the receiver).
//!
//! Also: errors of the shared client name the host only (never the path, the query string or a
//! header value) and say whether trying again may help.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::time::Duration;

use planner::adapters::http::{HttpClient, HttpErrorKind, TlsOptions};
use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::adapters::webhooks::WebhookClient;

use crate::support::both_backends;
use crate::support::receiver::{Answer, Receiver};
use crate::webhooks::{add, at, event, open, t0, Topic};

both_backends!(a_bodiless_answer_is_recorded_once_without_a_retry);

/// Longer than any loopback answer takes, short enough that a client waiting for the receiver
/// to close (it never does) would fail first.
const TIMEOUT: Duration = Duration::from_secs(3);

/// 204 and 304 heads without Content-Length; `/interim` answers 102, then a bare 204.
fn nginx_like() -> Receiver {
    Receiver::start(|request| match request.path.as_str() {
        "/hooks/not-modified" => Answer::bodiless(304),
        "/hooks/interim" => Answer::bodiless(204).after_interim(102),
        _ => Answer::bodiless(204),
    })
}

fn a_bodiless_answer_is_recorded_once_without_a_retry(db: &crate::support::db::TestDb) {
    let store = open(db);
    let receiver = nginx_like();
    add(&store, "no-content", &format!("{}/hooks/no-content", receiver.base), &["BookingCreated"]);
    add(&store, "interim", &format!("{}/hooks/interim", receiver.base), &["BookingCreated"]);
    event(&store, Topic::BookingCreated, "b-1", 1, t0());
    let dispatcher = Dispatcher::new(WebhookClient::new(TIMEOUT), vec![Duration::from_secs(10)], TIMEOUT * 4);

    for _ in 0..2 {
        assert!(matches!(try_deliver_next(&store, &dispatcher, t0()).unwrap(), Outcome::Delivered { .. }));
    }
    // Nothing is due again, not even after the retry gap.
    assert_eq!(try_deliver_next(&store, &dispatcher, at(3600)).unwrap(), Outcome::Nothing);
    for (name, path) in [("no-content", "/hooks/no-content"), ("interim", "/hooks/interim")] {
        let log = store.webhook_log(name, 10).unwrap().unwrap();
        assert_eq!(log.len(), 1, "{name}");
        assert_eq!(
            (log[0].status.as_str(), log[0].http_status, log[0].attempts),
            ("delivered", Some(204), 1)
        );
        assert_eq!(receiver.received_at(path).len(), 1, "{name} got a duplicate");
    }
    assert_eq!(receiver.connections(), 1, "the connection stays usable after a bodiless answer");

    // A 304 is an answer too: recorded as the status it is (no timeout), sent once.
    add(&store, "not-modified", &format!("{}/hooks/not-modified", receiver.base), &["BookingCancelled"]);
    event(&store, Topic::BookingCancelled, "b-2", 2, at(1));
    assert!(matches!(try_deliver_next(&store, &dispatcher, at(1)).unwrap(), Outcome::Failed { .. }));
    let log = store.webhook_log("not-modified", 10).unwrap().unwrap();
    assert_eq!((log[0].http_status, log[0].attempts), (Some(304), 1));
    assert_eq!(log[0].last_error.as_deref(), Some("recipient answered 304"));
    assert_eq!(receiver.received_at("/hooks/not-modified").len(), 1);
}

#[test]
fn bodiless_answers_end_at_their_head_on_a_kept_connection() {
    let receiver = nginx_like();
    let http = HttpClient::new(TIMEOUT, TlsOptions::default()).unwrap();
    for (path, status) in [("no-content", 204), ("not-modified", 304), ("interim", 204), ("no-content", 204)]
    {
        let answer = http.request("POST", &format!("{}/hooks/{path}", receiver.base), &[], b"{}").unwrap();
        assert_eq!((answer.status, answer.body.as_slice()), (status, b"".as_slice()), "{path}");
    }
    let answer = http.request("GET", &format!("{}/hooks/not-modified", receiver.base), &[], b"").unwrap();
    assert_eq!(answer.status, 304);
    assert_eq!(receiver.received().len(), 5);
    assert_eq!(receiver.connections(), 1);
}

/// A listener that accepts and reads requests but never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            std::thread::spawn(move || {
                let mut lines = BufReader::new(stream).lines();
                while let Some(Ok(_)) = lines.next() {}
            });
        }
    });
    base
}

#[test]
fn client_errors_name_the_host_only_and_judge_retries() {
    let http = HttpClient::new(Duration::from_millis(500), TlsOptions::default()).unwrap();
    let secrets = ["tok-secret-1", "client-secret-2", "/hooks"];
    let headers = [("Authorization", "Bearer tok-secret-1")];

    let dead = crate::webhooks::dead_url();
    let error = http.request("POST", &format!("{dead}hooks?client_secret=client-secret-2"), &headers, b"{}");
    let error = error.unwrap_err();
    assert_eq!((error.kind(), error.retriable()), (HttpErrorKind::Connect, true), "{error}");
    assert!(error.to_string().contains("cannot connect"), "{error}");

    let silent = silent_server();
    let timeout = http.request("POST", &format!("{silent}/hooks?token=client-secret-2"), &headers, b"{}");
    let timeout = timeout.unwrap_err();
    assert_eq!((timeout.kind(), timeout.retriable()), (HttpErrorKind::Timeout, true), "{timeout}");

    let bad_header = [("Authorization", "Bearer tok-secret-1\r\nX-Injected: 1")];
    let refused = http.request("POST", &format!("{silent}/hooks"), &bad_header, b"{}").unwrap_err();
    assert_eq!((refused.kind(), refused.retriable()), (HttpErrorKind::Request, false), "{refused}");

    let not_http = http.request("POST", "ftp://h/hooks?client_secret=client-secret-2", &[], b"").unwrap_err();
    assert!(!not_http.retriable());

    for error in [error, timeout, refused, not_http] {
        let text = error.to_string();
        assert!(!secrets.iter().any(|secret| text.contains(secret)), "{text}");
    }
}
