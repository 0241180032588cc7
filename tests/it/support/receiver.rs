//! A real local HTTP(S) receiver for outbound tests: listens on 127.0.0.1:0, serves each
//! connection on its own thread (keep-alive: requests until EOF or `Connection: close`), records
//! every request and answers what the test's handler says (optionally a head without
//! Content-Length for bodiless statuses, after an interim 1xx answer). `start_tls` serves HTTPS with a throw-away CA (rcgen) whose PEM file the client trusts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Path and query.
    pub path: String,
    /// Header names and values as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A header by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Content type.
    pub content_type: &'static str,
    /// Body.
    pub body: String,
    /// Send the head only, without Content-Type and Content-Length (for 204 and 304, whose
    /// answers have no body whatever the headers say), keeping the connection open.
    pub head_only: bool,
    /// An interim 1xx status sent (head only) before the final answer.
    pub interim: Option<u16>,
}

impl Answer {
    /// An empty answer with `status`.
    pub fn status(status: u16) -> Answer {
        Answer { status, content_type: "text/plain", body: String::new(), head_only: false, interim: None }
    }

    /// A head-only answer with `status` (no Content-Length), as nginx sends a 204 or a 304.
    pub fn bodiless(status: u16) -> Answer {
        Answer { head_only: true, ..Answer::status(status) }
    }

    /// This answer preceded by an interim `status` (102 Processing, 103 Early Hints).
    pub fn after_interim(self, status: u16) -> Answer {
        Answer { interim: Some(status), ..self }
    }

    /// A JSON answer.
    pub fn json(status: u16, body: serde_json::Value) -> Answer {
        Answer { content_type: "application/json", body: body.to_string(), ..Answer::status(status) }
    }
}

type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// A running receiver; it stops accepting when the test process ends.
pub struct Receiver {
    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    /// The CA file a client must trust (HTTPS only).
    pub ca_file: Option<PathBuf>,
    received: Arc<Mutex<Vec<Request>>>,
    connections: Arc<AtomicUsize>,
    _dir: Option<tempfile::TempDir>,
}

impl Receiver {
    /// An HTTP receiver answering with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Answer + Send + Sync + 'static) -> Receiver {
        Self::serve(TcpListener::bind("127.0.0.1:0").unwrap(), None, Arc::new(handler))
    }

    /// An HTTP receiver on a given address (a receiver coming back after an outage).
    #[allow(dead_code, reason = "only benches/webhooks.rs uses it")]
    pub fn start_at(
        address: std::net::SocketAddr,
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Receiver {
        Self::serve(TcpListener::bind(address).unwrap(), None, Arc::new(handler))
    }

    /// An HTTP receiver answering `statuses` in turn, then 200.
    pub fn scripted(statuses: &[u16]) -> Receiver {
        let script = Mutex::new(statuses.iter().copied().collect::<std::collections::VecDeque<u16>>());
        Self::start(move |_| Answer::status(script.lock().unwrap().pop_front().unwrap_or(200)))
    }

    /// An HTTPS receiver with a fresh CA and a certificate for 127.0.0.1.
    pub fn start_tls(handler: impl Fn(&Request) -> Answer + Send + Sync + 'static) -> Receiver {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::default();
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "receiver test CA");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
        let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], key_der)
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut receiver = Self::serve(listener, Some(Arc::new(config)), Arc::new(handler));
        receiver.ca_file = Some(ca_file);
        receiver._dir = Some(dir);
        receiver
    }

    fn serve(
        listener: TcpListener,
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: Arc<Handler>,
    ) -> Receiver {
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base = format!("{scheme}://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (handler, log, tls) = (handler.clone(), log.clone(), tls.clone());
                std::thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(connection) = rustls::ServerConnection::new(config) else { return };
                        let tls_stream = rustls::StreamOwned::new(connection, stream);
                        if let Some(mut done) = serve_connection(tls_stream, &*handler, &log) {
                            done.conn.send_close_notify();
                            let _ = done.flush();
                        }
                    }
                    None => {
                        serve_connection(stream, &*handler, &log);
                    }
                });
            }
        });
        Receiver { base, ca_file: None, received, connections, _dir: None }
    }

    /// Every request so far, in arrival order.
    pub fn received(&self) -> Vec<Request> {
        self.received.lock().unwrap().clone()
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests to `path` so far.
    pub fn received_at(&self, path: &str) -> Vec<Request> {
        self.received().into_iter().filter(|r| r.path == path).collect()
    }
}

/// Serves requests on one connection until EOF, an error or `Connection: close`; gives the
/// stream back when the last answer was written.
fn serve_connection<S: Read + Write>(stream: S, handler: &Handler, log: &Mutex<Vec<Request>>) -> Option<S> {
    let mut reader = BufReader::new(stream);
    loop {
        let close = serve_one(&mut reader, handler, log)?;
        if close {
            return Some(reader.into_inner());
        }
    }
}

/// Serves one request; `Some(true)` when the client asked to close.
fn serve_one<S: Read + Write>(
    reader: &mut BufReader<S>,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
) -> Option<bool> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return None;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let request = Request { path, headers, body: Vec::new() };
    let length: usize = request.header("content-length").and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return None;
    }
    let request = Request { body, ..request };
    let close = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let answer = handler(&request);
    log.lock().unwrap().push(request);
    let stream = reader.get_mut();
    stream.write_all(head(&answer, close).as_bytes()).ok()?;
    stream.flush().ok()?;
    Some(close)
}

/// The whole answer, written at once: a response split over small writes would wait for a
/// delayed ACK (Nagle).
fn head(answer: &Answer, close: bool) -> String {
    let connection = if close { "close" } else { "keep-alive" };
    let interim = answer.interim.map(|code| format!("HTTP/1.1 {code} Interim\r\n\r\n")).unwrap_or_default();
    if answer.head_only {
        return format!("{interim}HTTP/1.1 {} Answer\r\nConnection: {connection}\r\n\r\n", answer.status);
    }
    format!(
        "{interim}HTTP/1.1 {} Answer\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{}",
        answer.status,
        answer.content_type,
        answer.body.len(),
        answer.body
    )
}
