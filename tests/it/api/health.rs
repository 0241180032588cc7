//! Health endpoints, the request middleware and the body limit, against the real server.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::support::app::{spawn_app, spawn_app_with, spawn_app_with_url};
use crate::support::{db, postgres};

#[test]
fn live_answers_200() {
    let app = spawn_app();
    let response = app.get("/health/live");
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), serde_json::json!({ "status": "live" }));
}

#[test]
fn ready_answers_200_when_the_database_answers() {
    let app = spawn_app();
    let response = app.get("/health/ready");
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json(), serde_json::json!({ "status": "ready" }));
}

#[test]
fn ready_answers_200_on_sqlite() {
    let app = spawn_app_with(db::fresh_sqlite());
    assert_eq!(app.get("/health/ready").status, 200);
}

#[test]
fn ready_answers_200_on_postgres() {
    let Some(database) = postgres::database() else { return };
    let app = spawn_app_with(database);
    assert_eq!(app.get("/health/ready").status, 200);
}

#[test]
fn ready_answers_503_when_the_database_is_unreachable() {
    let Some(database) = postgres::database() else { return };
    // The service reaches PostgreSQL through a proxy that the test then cuts: existing
    // connections break and new ones are refused, as when the database host goes away.
    let target = authority(&database.url);
    let proxy = Proxy::start(target.to_socket_addrs().unwrap().next().unwrap());
    let proxied_url = database.url.replacen(&target, &proxy.address.to_string(), 1);
    let app = spawn_app_with_url(database, Some(&proxied_url));
    assert_eq!(app.get("/health/ready").status, 200);
    proxy.cut();
    let response = app.get("/health/ready");
    assert_eq!(response.status, 503, "{}", response.body);
    assert_eq!(response.json(), serde_json::json!({ "status": "unavailable" }));
    assert_eq!(app.get("/health/live").status, 200, "liveness does not depend on the database");
}

#[test]
fn unknown_routes_answer_404() {
    let app = spawn_app();
    assert_eq!(app.get("/no/such/route").status, 404);
    assert_eq!(app.post("/no/such/route", "text/plain", b"hello").status, 404);
}

#[test]
fn bodies_over_one_mebibyte_answer_413() {
    let app = spawn_app();
    let body = vec![b'x'; 2 * 1024 * 1024];
    for path in ["/ExternalBookingService", "/health/live"] {
        let response = app.post(path, "text/xml; charset=utf-8", &body);
        assert_eq!(response.status, 413, "{path}: {}", response.body);
    }
}

#[test]
fn bodies_at_the_limit_are_not_refused_for_size() {
    let app = spawn_app();
    let body = vec![b'x'; 1024 * 1024];
    assert_eq!(app.post("/no/such/route", "text/plain", &body).status, 404);
}

#[test]
fn every_response_carries_a_fresh_correlation_id() {
    let app = spawn_app();
    let ids: Vec<String> = ["/health/live", "/health/live", "/missing"]
        .iter()
        .map(|path| app.get(path).header("x-correlation-id").expect("X-Correlation-Id is present").to_owned())
        .collect();
    for id in &ids {
        let parsed = uuid::Uuid::parse_str(id).unwrap_or_else(|e| panic!("'{id}' is not a UUID: {e}"));
        assert_eq!(parsed.get_version_num(), 4);
    }
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[1], ids[2]);
}

/// `host:port` of a `postgres://user@host:port/db?...` URL.
fn authority(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, rest)| rest);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}

/// A TCP forwarder that can be cut: it stops accepting and breaks every forwarded connection.
struct Proxy {
    address: SocketAddr,
    stopped: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<TcpStream>>>,
    acceptor: JoinHandle<()>,
}

impl Proxy {
    fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let stopped = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(Mutex::new(Vec::new()));
        let acceptor = {
            let (stopped, connections) = (stopped.clone(), connections.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stopped.load(Ordering::SeqCst) {
                        break; // Dropping the listener refuses new connections.
                    }
                    let Ok(client) = client else { continue };
                    let Ok(server) = TcpStream::connect(target) else { continue };
                    let mut list = connections.lock().unwrap();
                    list.push(client.try_clone().unwrap());
                    list.push(server.try_clone().unwrap());
                    pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                    pipe(server, client);
                }
            })
        };
        Proxy { address, stopped, connections, acceptor }
    }

    fn cut(self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.address); // Wakes the acceptor so it sees the flag.
        self.acceptor.join().unwrap();
        for stream in self.connections.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n @ 1..) = from.read(&mut buffer) {
            if std::io::Write::write_all(&mut to, &buffer[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(std::net::Shutdown::Both);
    });
}

#[test]
fn metrics_count_requests_by_route_and_soap_calls_by_outcome() {
    let app = spawn_app();
    assert_eq!(app.get("/health/live").status, 200);
    assert_eq!(app.get("/health/live").status, 200);
    let soap = app.post("/ExternalBookingService", "text/xml; charset=utf-8", b"<not-soap/>");
    assert_eq!(soap.status, 500);
    let metrics = app.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(metrics.header("content-type").unwrap_or_default().starts_with("text/plain"));
    let body = metrics.body;
    assert!(
        body.contains(r#"planner_http_requests_total{method="GET",route="/health/live",status="200"} 2"#),
        "{body}"
    );
    assert!(body.contains(r#"planner_soap_calls_total{operation="-",outcome="1014"} 1"#), "{body}");
    assert!(body.contains("planner_http_request_duration_seconds_count 3"), "{body}");
}

#[test]
fn metric_labels_come_from_closed_sets_whatever_the_client_sends() {
    let app = spawn_app();
    for method in ["FOOBAR", "PROPFIND", "G3T"] {
        let answer = app.request(method, "/health/live", &[], b"");
        assert!((400..500).contains(&answer.status), "{method}: {}", answer.status);
    }
    assert_eq!(app.get("/no/such/0101901234").status, 404);
    let body = app.get("/metrics").body;
    assert!(
        body.contains(r#"planner_http_requests_total{method="other",route="/health/live",status="405"} 3"#)
            || body.contains(
                r#"planner_http_requests_total{method="other",route="/health/live",status="404"} 3"#
            ),
        "{body}"
    );
    assert!(body.contains(r#"{method="GET",route="unmatched",status="404"} 1"#), "{body}");
    for sent in ["FOOBAR", "PROPFIND", "G3T", "0101901234"] {
        assert!(!body.contains(sent), "{sent} became a label: {body}");
    }
}
