//! `spawn_app()` and the verbs tests use: each test gets the real `Server` on port 0 with its own
//! fresh database, and talks to it over real HTTP/1.1 with a small blocking client.
//!
//! The server runs on its own thread with its own actix system and stops (draining requests)
//! when the `TestApp` is dropped. Logs stay quiet unless `TEST_LOG` is set.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use planner::config::Settings;
use planner::edge::clock::Clock;
use planner::server::Server;
use planner::store::{DataKey, DatabaseUrl, Store};

use crate::support::db::{self, TestDb, TEST_DATA_KEY};

/// A server running on a thread of its own, with its own actix system, until this is dropped
/// (then it stops, draining requests, and must stop cleanly unless the test already failed).
pub struct Running {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    /// Runs `server` until the returned value is dropped.
    pub fn start(server: Server) -> Running {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            // The test stops its server only after its own requests were answered.
            let server = server.without_accept_grace();
            actix_web::rt::System::new().block_on(server.run_until(async move {
                // Dropping the sender (with the `Running`) ends the wait.
                let _ = actix_web::rt::task::spawn_blocking(move || stopped.recv()).await;
            }))
        });
        Running { stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            match thread.join() {
                Ok(result) if !std::thread::panicking() => result.expect("the server stops cleanly"),
                _ => {}
            }
        }
    }
}

/// A running server and its database.
pub struct TestApp {
    /// The server; declared first, so that it stops before the store and the database go.
    _running: Running,
    /// Where the server listens.
    pub address: SocketAddr,
    /// A store on the server's database, for seeding and checking what the server wrote.
    pub store: Store,
    /// The server's database (kept alive as long as the app; later test modules read its URL).
    pub db: TestDb,
    /// The server's clock.
    pub clock: Clock,
}

/// An HTTP response as the test saw it on the wire.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }
}

/// Starts the server on a fresh database (SQLite, or PostgreSQL with `PLANNER_TEST_DATABASE_URL`).
pub fn spawn_app() -> TestApp {
    spawn_app_with(db::fresh_database())
}

/// Starts the server on a fresh database with its clock starting at `instant`: tests whose
/// times must not meet a weekend, holiday or DST change use it with [`TestApp::now`].
pub fn spawn_app_at(instant: DateTime<Utc>) -> TestApp {
    spawn_app_configured(db::fresh_database(), None, |settings| settings.clock = Clock::starting_at(instant))
}

/// Starts the server on `db` with its clock starting at `instant` (a test on each backend).
pub fn spawn_app_on_at(db: TestDb, instant: DateTime<Utc>) -> TestApp {
    spawn_app_configured(db, None, |settings| settings.clock = Clock::starting_at(instant))
}

/// Starts the server on the given database, migrated first.
pub fn spawn_app_with(db: TestDb) -> TestApp {
    spawn_app_with_url(db, None)
}

/// Starts the server on `db`, but connects through `url_override` when given (a proxy).
pub fn spawn_app_with_url(db: TestDb, url_override: Option<&str>) -> TestApp {
    spawn_app_configured(db, url_override, |_| {})
}

/// Starts the server on `db` with settings changed by `configure` (adapters' settings).
pub fn spawn_app_configured(
    db: TestDb,
    url_override: Option<&str>,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = env_logger::builder().is_test(true).try_init();
    }
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse().expect("a literal address"),
        database_url: DatabaseUrl::parse(url_override.unwrap_or(&db.url)).expect("a test database URL"),
        data_key: Some(DataKey::from_hex(TEST_DATA_KEY).expect("a literal key")),
        pool_size: 2,
        workers: Some(1),
        insecure_http: true,
        ..Settings::default()
    };
    configure(&mut settings);
    let store = Store::open(&settings.store_config().expect("store config")).expect("open the test database");
    store.migrate().expect("migrate the test database");
    let server = Server::build(&settings, store.clone()).expect("bind the test server");
    let address = server.address();
    TestApp { _running: Running::start(server), address, store, db, clock: settings.clock }
}

impl TestApp {
    /// A second instance of the service on this app's database: another `Server` on a port of
    /// its own, with a `Store` of its own (its own pool and read model) and this app's clock,
    /// as a second process behind the same load balancer would run.
    pub fn second_instance(&self) -> TestApp {
        let clock = self.clock.clone();
        spawn_app_configured(self.db.share(), None, move |settings| settings.clock = clock)
    }

    /// The server's "now".
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Sends a GET.
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// Sends a request with a body.
    pub fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Response {
        self.request("POST", path, &[("Content-Type", content_type)], body)
    }

    /// Sends one request on a new connection and reads the whole response.
    /// The body is written from another thread, so a server that answers before reading it
    /// (413) is seen answering rather than blocking the writer.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let mut stream = TcpStream::connect(self.address).expect("connect to the test server");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("set a read timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send the request head");
        let mut writer = stream.try_clone().expect("clone the stream");
        let body = body.to_vec();
        let sender = std::thread::spawn(move || {
            // The server may close early after refusing the body; that is not a test failure.
            let _ = writer.write_all(&body);
        });
        let mut raw = Vec::new();
        if let Err(error) = stream.read_to_end(&mut raw) {
            // A reset after the full response arrived is fine; without a response it is not.
            assert!(!raw.is_empty(), "no response from {method} {path}: {error}");
        }
        let _ = sender.join();
        parse_response(&raw)
    }
}

fn parse_response(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("incomplete response: {text}"));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {status_line}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Response { status, headers, body: body.to_owned() }
}

impl TestApp {
    /// Delivers every webhook due at the server's "now" (its clock, which may be injected),
    /// synchronously, through the outbox worker's own step (no
    /// retries wait: a failure stays failed until its time); returns how many attempts were made.
    pub fn deliver_webhooks(&self) -> usize {
        use planner::adapters::outbox::{try_deliver_next, Outcome};
        let settings = planner::config::WebhookSettings::default();
        let dispatcher = planner::adapters::webhooks::dispatcher(&settings).expect("a webhook dispatcher");
        let mut attempts = 0;
        while try_deliver_next(&self.store, &dispatcher, self.now()).expect("outbox step") != Outcome::Nothing
        {
            attempts += 1;
        }
        attempts
    }
}
