//! The real server in this process (`Server::build` with the people listener on TLS, the
//! development PKI of `planner certs dev`), the client that measures it (the crate's ureq
//! client: HTTP/1.1 over TLS with kept-alive connections, one cookie), and the server's own
//! time per request, read from its request log (`planner::request ... duration_ms=N`, whole
//! milliseconds, truncated), which a logger of this benchmark keeps.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use planner::adapters::http::{HttpClient, HttpResponse, TlsOptions};
use planner::config::Settings;
use planner::edge::clock::Clock;
use planner::server::Server;
use planner::store::{DataKey, DatabaseUrl, Store};

/// The server's request log lines seen so far: (route pattern, duration in ms).
static REQUESTS: Mutex<Vec<(String, u64)>> = Mutex::new(Vec::new());

/// Keeps the request log's route and duration; drops every other line.
struct RequestLog;

impl log::Log for RequestLog {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target() == "planner::request"
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = record.args().to_string();
        let field = |name: &str| {
            line.split(' ').find_map(|part| part.strip_prefix(name)).map(str::to_owned).unwrap_or_default()
        };
        let duration = field("duration_ms=").parse().unwrap_or(u64::MAX);
        if let Ok(mut requests) = REQUESTS.lock() {
            requests.push((field("route="), duration));
        }
    }

    fn flush(&self) {}
}

/// Installs the request-log keeper (once per process).
pub fn keep_request_log() {
    if log::set_boxed_logger(Box::new(RequestLog)).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}

/// Takes the durations logged for `route` since the last call.
pub fn logged(route: &str) -> Vec<u64> {
    let mut requests = REQUESTS.lock().expect("the request log");
    let found = requests.iter().filter(|(r, _)| r == route).map(|(_, ms)| *ms).collect();
    requests.clear();
    found
}

/// A server on a thread of its own until dropped.
pub struct Running {
    /// The people listener.
    pub web: SocketAddr,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    /// Starts the server on `database_url` with `store`, its clock at `now`, its certificates in
    /// `certs`.
    pub fn start(
        database_url: &str,
        key: &str,
        store: Store,
        now: chrono::DateTime<chrono::Utc>,
        certs: &Path,
    ) -> Self {
        let mut settings = Settings {
            listen: "127.0.0.1:0".parse().expect("address"),
            web_listen: Some("127.0.0.1:0".parse().expect("address")),
            database_url: DatabaseUrl::parse(database_url).expect("url"),
            data_key: Some(DataKey::from_hex(key).expect("key")),
            clock: Clock::starting_at(now),
            ..Settings::default()
        };
        settings.tls.cert = Some(certs.join("server.pem"));
        settings.tls.key = Some(certs.join("server-key.pem"));
        settings.tls.client_ca = Some(certs.join("ca.pem"));
        let server = Server::build(&settings, store).expect("build the server").without_accept_grace();
        let web = server.web_address().expect("the people listener");
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(server.run_until(async move {
                let _ = actix_web::rt::task::spawn_blocking(move || stopped.recv()).await;
            }))
        });
        Running { web, stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What one request got, as the client saw it.
pub struct Got {
    /// The answer.
    pub answer: HttpResponse,
    /// From sending the request to the last byte of the body.
    pub took: Duration,
}

/// A person's browser: one session cookie (none when signed out), kept-alive TLS connections.
pub struct Client {
    http: HttpClient,
    base: String,
    cookie: String,
}

impl Client {
    /// A client of the people listener at `web` trusting `certs/ca.pem`, with session `secret`
    /// (empty: nobody signed in).
    pub fn new(web: SocketAddr, certs: &Path, secret: &str) -> Self {
        let tls = TlsOptions { roots_pem: Some(certs.join("ca.pem")), ..TlsOptions::default() };
        let http = HttpClient::new(Duration::from_secs(60), tls).expect("a TLS client");
        let cookie =
            if secret.is_empty() { String::new() } else { format!("__Host-planner-session={secret}") };
        Client { http, base: format!("https://{web}"), cookie }
    }

    /// Sends `method` `path` with `body` (a form when not empty), asking for compression.
    pub fn send(&self, method: &str, path: &str, body: &[u8]) -> Got {
        let mut headers = vec![("Accept-Encoding", "gzip, deflate, br")];
        if !self.cookie.is_empty() {
            headers.push(("Cookie", self.cookie.as_str()));
        }
        if !body.is_empty() {
            headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        }
        let url = format!("{}{path}", self.base);
        let started = Instant::now();
        let answer = self.http.request(method, &url, &headers, body).expect("an answer");
        Got { answer, took: started.elapsed() }
    }

    /// GET `path`.
    pub fn get(&self, path: &str) -> Got {
        self.send("GET", path, b"")
    }
}
