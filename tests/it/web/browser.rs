//! A running planner with its people listener on TLS, and a cookie-keeping client for it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use planner::adapters::http::{HttpClient, TlsOptions};
use planner::config::Settings;
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::JobCenterCode;
use planner::edge::clock::Clock;
use planner::edge::credentials::PasswordParams;
use planner::server::Server;
use planner::store::{DataKey, DatabaseUrl, Store};

use crate::support::app::Running;
use crate::support::backends::OnDatabase;
use crate::support::db::{TestDb, TEST_DATA_KEY};
use crate::tls::pki::Pki;

/// When every web test's clock starts: a Tuesday morning in Copenhagen.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 9, 8, 0, 0).unwrap()
}

/// A planner serving machines (mutual TLS) and people (server TLS only).
pub struct WebApp {
    _running: Running,
    /// The machines' listener.
    pub main: SocketAddr,
    /// The people listener.
    pub web: SocketAddr,
    /// A store on the server's database.
    pub store: Store,
    /// The server's clock.
    pub clock: Clock,
    /// The PKI the server's certificate comes from.
    pub pki: Pki,
    _db: TestDb,
}

impl OnDatabase for WebApp {
    fn on(db: TestDb) -> Self {
        WebApp::with(db, |_, _| {})
    }
}

impl WebApp {
    /// A planner on `db` whose settings `configure` changes first (it gets the PKI too).
    pub fn with(db: TestDb, configure: impl FnOnce(&mut Settings, &Pki)) -> Self {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = env_logger::builder().is_test(true).try_init();
        }
        let pki = Pki::new();
        let clock = Clock::starting_at(start());
        let mut settings = Settings {
            listen: "127.0.0.1:0".parse().unwrap(),
            web_listen: Some("127.0.0.1:0".parse().unwrap()),
            database_url: DatabaseUrl::parse(&db.url).unwrap(),
            data_key: Some(DataKey::from_hex(TEST_DATA_KEY).unwrap()),
            pool_size: 2,
            workers: Some(1),
            clock,
            // The flows, not the cost, are tested here (the cost is in benches/sign_in.rs).
            password: PasswordParams { memory_kib: 1024, iterations: 1, parallelism: 1 },
            ..Settings::default()
        };
        settings.tls.cert = Some(pki.path("server.pem"));
        settings.tls.key = Some(pki.path("server-key.pem"));
        settings.tls.client_ca = Some(pki.path("ca.pem"));
        configure(&mut settings, &pki);
        let clock = settings.clock.clone();
        let store = Store::open(&settings.store_config().unwrap()).unwrap();
        store.migrate().unwrap();
        let jobcenter = JobCenterCode::parse(planner::demo::JOBCENTER).unwrap();
        store.upsert_jobcenter(&jobcenter, "Jobcenter København").expect("a jobcenter");
        let server = Server::build(&settings, store.clone()).expect("build the server");
        let (main, web) = (server.address(), server.web_address().expect("the people listener"));
        WebApp { _running: Running::start(server), main, web, store, clock, pki, _db: db }
    }
}

impl WebApp {
    /// A browser on the people listener.
    pub fn browser(&self) -> Browser {
        Browser::new(self.web, &self.pki)
    }

    /// Invites `email` as `role` for the whole demo jobcenter; answers the link's secret.
    pub fn invite(&self, email: &str, role: Role) -> String {
        let grant = Grant::new(
            role,
            vec![Cluster::Jobcenter(JobCenterCode::parse(planner::demo::JOBCENTER).unwrap())],
        )
        .unwrap();
        let email = Email::parse(email).unwrap();
        let (_, secret) =
            self.store.people().invite(&email, &grant, "test", self.clock.now()).expect("invite");
        secret
    }
}

/// What the client saw of one answer.
#[derive(Debug)]
pub struct Page {
    /// The status code.
    pub status: u16,
    /// Lowercase header names and their values.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Page {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Where a redirect leads.
    pub fn location(&self) -> &str {
        self.header("location").unwrap_or_else(|| panic!("no location in {self:?}"))
    }

    /// The value of the hidden field `name` in the first form that has it.
    pub fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&marker).unwrap_or_else(|| panic!("no field {name} in {}", self.body))
            + marker.len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }

    /// The text of the first element with class `class`.
    pub fn text_of(&self, class: &str) -> String {
        let marker = format!("class=\"{class}\">");
        let at =
            self.body.find(&marker).unwrap_or_else(|| panic!("no .{class} in {}", self.body)) + marker.len();
        self.body[at..].split('<').next().unwrap().to_owned()
    }
}

/// A client that keeps cookies like a browser and does not follow redirects.
pub struct Browser {
    client: HttpClient,
    base: String,
    /// The cookies it holds, by name.
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new(address: SocketAddr, pki: &Pki) -> Self {
        let tls = TlsOptions { roots_pem: Some(pki.path("ca.pem")), ..TlsOptions::default() };
        let client = HttpClient::new(Duration::from_secs(30), tls).expect("a TLS client");
        Browser { client, base: format!("https://{address}"), cookies: BTreeMap::new() }
    }

    /// Sends a request with the cookies held, and keeps the cookies the answer sets.
    pub fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Page {
        let cookie: Vec<String> =
            self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
        let cookie = cookie.join("; ");
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if !cookie.is_empty() {
            all.push(("Cookie", &cookie));
        }
        let url = format!("{}{path}", self.base);
        let answer = self.client.request(method, &url, &all, body).expect("an answer");
        let headers: Vec<(String, String)> =
            answer.headers.iter().map(|(name, value)| (name.to_lowercase(), value.clone())).collect();
        for (_, value) in headers.iter().filter(|(name, _)| name == "set-cookie") {
            self.keep(value);
        }
        Page { status: answer.status, headers, body: String::from_utf8_lossy(&answer.body).into_owned() }
    }

    fn keep(&mut self, set_cookie: &str) {
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else { return };
        let attributes: Vec<String> = parts.map(|part| part.trim().to_lowercase()).collect();
        assert!(attributes.contains(&"secure".to_owned()), "not Secure: {set_cookie}");
        assert!(attributes.contains(&"httponly".to_owned()), "not HttpOnly: {set_cookie}");
        assert!(attributes.iter().any(|a| a.starts_with("samesite=")), "no SameSite: {set_cookie}");
        assert!(name.starts_with("__Host-") && attributes.contains(&"path=/".to_owned()), "{set_cookie}");
        let removed = value.is_empty() || attributes.iter().any(|a| a == "max-age=0");
        if removed {
            self.cookies.remove(name);
        } else {
            self.cookies.insert(name.to_owned(), value.to_owned());
        }
    }

    /// GET `path`.
    pub fn get(&mut self, path: &str) -> Page {
        self.send("GET", path, &[], b"")
    }

    /// POSTs `fields` as a form to `path`.
    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send("POST", path, &[("Content-Type", "application/x-www-form-urlencoded")], body.as_bytes())
    }
}

/// The code an authenticator app shows for base32 `key` at `now`.
pub fn totp_code(key: &str, now: DateTime<Utc>) -> String {
    let secret = totp_rs::Secret::try_from_base32(key.replace(' ', "")).expect("a base32 key");
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(secret)
        .build_noncompliant();
    totp.generate(u64::try_from(now.timestamp()).unwrap()).to_string()
}
