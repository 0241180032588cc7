//! Keep-alive in the shared HTTP client: sequential requests to one receiver share a
//! connection (plain and TLS), a server that closes after each answer still works, and a pooled
//! connection the server closed while it was idle is replaced by a fresh one without an error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use planner::adapters::http::{HttpClient, TlsOptions};

use crate::support::receiver::{Answer, Receiver};

fn client(ca_file: Option<std::path::PathBuf>) -> HttpClient {
    HttpClient::new(Duration::from_secs(5), TlsOptions { roots_pem: ca_file, ..TlsOptions::default() })
        .unwrap()
}

#[test]
fn sequential_requests_to_one_receiver_use_one_connection() {
    let receiver = Receiver::start(|request| Answer::json(200, serde_json::json!({ "path": request.path })));
    let http = client(None);
    for n in 0..5 {
        let answer = http.request("POST", &format!("{}/hooks/{n}", receiver.base), &[], b"{}").unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(String::from_utf8(answer.body).unwrap(), format!("{{\"path\":\"/hooks/{n}\"}}"));
    }
    assert_eq!(receiver.received().len(), 5);
    assert_eq!(receiver.connections(), 1);

    let tls = Receiver::start_tls(|_| Answer::status(204));
    let https = client(tls.ca_file.clone());
    for _ in 0..3 {
        assert_eq!(https.request("POST", &format!("{}/hooks", tls.base), &[], b"{}").unwrap().status, 204);
    }
    assert_eq!(tls.received().len(), 3);
    assert_eq!(tls.connections(), 1);
}

/// A server answering one request per connection, then closing it; with `say_close` it says so
/// in `Connection: close`, without it the close comes unannounced (a stale keep-alive).
fn one_shot_server(say_close: bool) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (connections, requests) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (accepted, served) = (connections.clone(), requests.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            accepted.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            served.fetch_add(1, Ordering::SeqCst);
            let connection = if say_close { "Connection: close\r\n" } else { "" };
            let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n{connection}\r\nok");
            let _ = stream.flush();
        }
    });
    (base, connections, requests)
}

#[test]
fn a_server_that_closes_after_each_answer_still_works() {
    let (base, connections, requests) = one_shot_server(true);
    let http = client(None);
    for _ in 0..3 {
        let answer = http.request("POST", &format!("{base}/hooks"), &[], b"{}").unwrap();
        assert_eq!((answer.status, answer.body.as_slice()), (200, b"ok".as_slice()));
    }
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[test]
fn a_stale_pooled_connection_is_retried_on_a_fresh_one() {
    let (base, connections, requests) = one_shot_server(false);
    let http = client(None);
    for _ in 0..3 {
        let answer = http.request("POST", &format!("{base}/hooks"), &[], b"{}").unwrap();
        assert_eq!((answer.status, answer.body.as_slice()), (200, b"ok".as_slice()));
    }
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    assert!(connections.load(Ordering::SeqCst) >= 3);
}
