//! Load benchmark of ExternalBookingService over plain HTTP and over mutual TLS, side by side in
//! one run (issue 5): GetSelfbookTimeslots for one offer over one whole local day, the request of
//! `tools/loadbench/timeslots.lua`, with keep-alive connections; then new connections per second,
//! each a full mTLS handshake (no session resumption) and one `GET /health/live`, with plain TCP
//! connections as the reference.
//!
//! wrk cannot present a client certificate, so this is a small closed-loop load generator of its
//! own: std threads and blocking `TcpStream`s, rustls 0.23 (ring) on the client side, HTTP/1.1
//! written by hand (keep-alive, responses read by `Content-Length`). Each client thread drives
//! several connections round-robin, one request in flight on each; a request's latency runs from
//! writing it to reading its whole response, so it includes up to one turn of its thread.
//! The modes alternate (plain, mTLS, plain, mTLS, ...) so that drift on the shared machine hits
//! both alike; figures are medians of the rounds.
//!
//! Environment: by default the benchmark prepares everything itself in a temporary directory with
//! the `planner` binary of this build (`certs dev`, `demo-data`, `callers add`, and two servers of
//! the same binary on the same SQLite database, one `--insecure-http`, one with mTLS) and stops the
//! servers at the end. To measure servers started elsewhere, set `LOADBENCH_PLAIN` and
//! `LOADBENCH_MTLS` (IP:PORT), `LOADBENCH_CERTS` (a directory with `ca.pem`, `dfdg.pem`,
//! `dfdg-key.pem`) and `LOADBENCH_OFFER` (the offer id; `LOADBENCH_CALLER` names the plain-HTTP
//! caller). Knobs: `LOADBENCH_ROUNDS` (3), `LOADBENCH_SECONDS` (5, per round and mode),
//! `LOADBENCH_CONNECTIONS` (16), `LOADBENCH_THREADS` (4), `LOADBENCH_HANDSHAKE_SECONDS` (3),
//! `LOADBENCH_HANDSHAKE_THREADS` (4).
//!
//! Run: `cargo bench --bench soap_load`. Prints `RESULT` lines; exits non-zero on any error.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use rustls::client::Resumption;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, HandshakeKind, RootCertStore, StreamOwned};

const PLANNER: &str = env!("CARGO_BIN_EXE_planner");
const LOADBENCH_CALLER: &str = "CVR:55568510-FID:loadbench";
const MARKER: &[u8] = b"BookingTimeslot";

fn main() {
    match run() {
        Ok(()) => {}
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::exit(1);
        }
    }
}

/// A server process, killed when dropped.
struct Server {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the two servers are and what to send them.
struct Target {
    plain: SocketAddr,
    mtls: SocketAddr,
    certs: PathBuf,
    offer: String,
    caller: String,
    /// Keeps the temporary directory and the servers alive for the run.
    _servers: Vec<Server>,
    _dir: Option<tempfile::TempDir>,
}

fn run() -> anyhow::Result<()> {
    let rounds = knob("LOADBENCH_ROUNDS", 3)?;
    let seconds = knob("LOADBENCH_SECONDS", 5)?;
    let connections = knob("LOADBENCH_CONNECTIONS", 16)?;
    let threads = knob("LOADBENCH_THREADS", 4)?.clamp(1, connections);
    let handshake_seconds = knob("LOADBENCH_HANDSHAKE_SECONDS", 3)?;
    let handshake_threads = knob("LOADBENCH_HANDSHAKE_THREADS", 4)?;

    let target = match std::env::var("LOADBENCH_PLAIN").ok().filter(|value| !value.is_empty()) {
        Some(plain) => prepared(&plain)?,
        None => prepare()?,
    };
    let tls = Tls::new(&target.certs)?;
    let plain = Endpoint { address: target.plain, tls: None, caller: Some(target.caller.clone()) };
    let mtls = Endpoint { address: target.mtls, tls: Some(tls.keep_alive.clone()), caller: None };
    wait_ready(&plain, Duration::from_secs(20), &target._servers)?;
    wait_ready(&mtls, Duration::from_secs(20), &target._servers)?;

    // The next working day (Copenhagen) whose whole day has free times: at this hour tomorrow may
    // be inside the offer's minimum notice, and an empty answer would measure nothing.
    let (day, plain_len, mtls_len) = pick_day(&plain, &mtls, &target.offer)?;
    let body = timeslots_body(&target.offer, day);
    let plain_request = plain.soap_request(&body);
    let mtls_request = mtls.soap_request(&body);
    let (version, suite) = mtls.negotiated()?;
    println!(
        "machine: {} cores shared by both servers (default workers) and this client; window day {day}; \
         response {plain_len} bytes (plain), {mtls_len} bytes (mTLS); {version} {suite}; \
         {connections} keep-alive connections on {threads} client threads; {rounds} rounds x {seconds} s per mode",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
    );

    // Warm-up (not reported): connections, caches, the servers' worker threads.
    keep_alive(&plain, &plain_request, plain_len, connections, threads, Duration::from_secs(1))?;
    keep_alive(&mtls, &mtls_request, mtls_len, connections, threads, Duration::from_secs(1))?;

    let mut plain_rounds = Vec::new();
    let mut mtls_rounds = Vec::new();
    let duration = Duration::from_secs(seconds as u64);
    for round in 1..=rounds {
        let p = keep_alive(&plain, &plain_request, plain_len, connections, threads, duration)?;
        println!("round {round} plain: {}", p.line());
        let m = keep_alive(&mtls, &mtls_request, mtls_len, connections, threads, duration)?;
        println!("round {round} mtls:  {}  (mtls/plain {:.3})", m.line(), m.rps / p.rps);
        plain_rounds.push(p);
        mtls_rounds.push(m);
    }

    let mut plain_handshakes = Vec::new();
    let mut mtls_handshakes = Vec::new();
    let fresh_mtls = Endpoint { tls: Some(tls.fresh.clone()), ..mtls.clone() };
    let duration = Duration::from_secs(handshake_seconds as u64);
    for round in 1..=rounds {
        let p = new_connections(&plain, handshake_threads, duration)?;
        println!("round {round} new plain connections: {}", p.line());
        let m = new_connections(&fresh_mtls, handshake_threads, duration)?;
        println!("round {round} new mTLS handshakes:   {}", m.line());
        plain_handshakes.push(p);
        mtls_handshakes.push(m);
    }

    let errors: usize = plain_rounds.iter().chain(&mtls_rounds).map(|r| r.errors).sum::<usize>()
        + plain_handshakes.iter().chain(&mtls_handshakes).map(|r| r.errors).sum::<usize>();
    let ratios: Vec<f64> = plain_rounds.iter().zip(&mtls_rounds).map(|(p, m)| m.rps / p.rps).collect();
    let ratio = median(ratios);
    for (mode, rounds) in [("plain", &plain_rounds), ("mtls", &mtls_rounds)] {
        println!(
            "RESULT timeslots(1 day) {mode} rps={:.0} p50_ms={:.2} p99_ms={:.2} requests={} errors={} (median of {} rounds)",
            median(rounds.iter().map(|r| r.rps).collect()),
            median(rounds.iter().map(|r| r.p50_ms).collect()),
            median(rounds.iter().map(|r| r.p99_ms).collect()),
            rounds.iter().map(|r| r.requests).sum::<usize>(),
            rounds.iter().map(|r| r.errors).sum::<usize>(),
            rounds.len(),
        );
    }
    println!(
        "RESULT mtls/plain throughput ratio={ratio:.3} mtls_cost={:.1}% target=<30% {}",
        (1.0 - ratio) * 100.0,
        if ratio > 0.7 { "met" } else { "MISSED" }
    );
    for (what, rounds) in [("plain_connections", &plain_handshakes), ("mtls_handshakes", &mtls_handshakes)] {
        println!(
            "RESULT {what} per_s={:.0} p50_ms={:.2} p99_ms={:.2} errors={} (new connection + GET /health/live + close, {handshake_threads} threads, median of {} rounds)",
            median(rounds.iter().map(|r| r.rps).collect()),
            median(rounds.iter().map(|r| r.p50_ms).collect()),
            median(rounds.iter().map(|r| r.p99_ms).collect()),
            rounds.iter().map(|r| r.errors).sum::<usize>(),
            rounds.len(),
        );
    }
    ensure!(errors == 0, "{errors} request(s) failed; see the lines above");
    Ok(())
}

fn knob(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name).ok().filter(|value| !value.is_empty()) {
        None => Ok(default),
        Some(value) => match value.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("invalid {name} '{value}'; use a positive whole number"),
        },
    }
}

fn prepared(plain: &str) -> anyhow::Result<Target> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.is_empty())
            .with_context(|| format!("LOADBENCH_PLAIN is set, so {name} must be set too"))
    };
    Ok(Target {
        plain: plain.parse().with_context(|| format!("invalid LOADBENCH_PLAIN '{plain}'"))?,
        mtls: var("LOADBENCH_MTLS")?.parse().context("invalid LOADBENCH_MTLS")?,
        certs: PathBuf::from(var("LOADBENCH_CERTS")?),
        offer: var("LOADBENCH_OFFER")?,
        caller: std::env::var("LOADBENCH_CALLER").unwrap_or_else(|_| LOADBENCH_CALLER.into()),
        _servers: Vec::new(),
        _dir: None,
    })
}

/// A `planner` command in `dir` with only our `PLANNER_*` settings.
fn planner(dir: &Path) -> Command {
    let mut command = Command::new(PLANNER);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PLANNER_") {
            command.env_remove(name);
        }
    }
    command.current_dir(dir).env("RUST_LOG", "warn").env("PLANNER_DATABASE_URL", dir.join("planner.db"));
    command
}

fn checked(command: &mut Command, what: &str) -> anyhow::Result<Vec<u8>> {
    let output = command.output().with_context(|| format!("cannot run {PLANNER} ({what})"))?;
    ensure!(
        output.status.success(),
        "planner {what} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    );
    Ok(output.stdout)
}

fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

fn prepare() -> anyhow::Result<Target> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let root = dir.path().to_path_buf();
    checked(planner(&root).args(["certs", "dev", "--dir", "certs"]), "certs dev")?;
    let demo = checked(planner(&root).args(["demo-data", "--json"]), "demo-data")?;
    let demo: serde_json::Value = serde_json::from_slice(&demo).context("demo-data printed no JSON")?;
    let offer = demo["offers"]
        .as_array()
        .and_then(|offers| offers.iter().find(|offer| offer["name"] == "Jobsamtale"))
        .and_then(|offer| offer["id"].as_str())
        .context("the demo data has no offer 'Jobsamtale'")?
        .to_owned();
    checked(
        planner(&root).args(["callers", "add", LOADBENCH_CALLER, "--role", "dfdg", "--jobcenter", "00101"]),
        "callers add",
    )?;
    let certs = root.join("certs");
    let (plain, mtls) = (free_port()?, free_port()?);
    let spawn = |name: &'static str, command: &mut Command| -> anyhow::Result<Server> {
        let log = root.join(format!("{name}.log"));
        let child = command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .with_context(|| format!("cannot start the {name} server"))?;
        Ok(Server { name, child, log })
    };
    let servers = vec![
        spawn("plain", planner(&root).args(["serve", "--insecure-http", "--listen", &plain.to_string()]))?,
        spawn(
            "mtls",
            planner(&root)
                .args(["serve", "--listen", &mtls.to_string()])
                .env("PLANNER_TLS_CERT", certs.join("server.pem"))
                .env("PLANNER_TLS_KEY", certs.join("server-key.pem"))
                .env("PLANNER_TLS_CLIENT_CA", certs.join("ca.pem")),
        )?,
    ];
    Ok(Target {
        plain,
        mtls,
        certs,
        offer,
        caller: LOADBENCH_CALLER.into(),
        _servers: servers,
        _dir: Some(dir),
    })
}

/// The client TLS configurations: one for keep-alive connections, one without session
/// resumption so that every connection is a full handshake.
struct Tls {
    keep_alive: Arc<ClientConfig>,
    fresh: Arc<ClientConfig>,
}

impl Tls {
    fn new(certs: &Path) -> anyhow::Result<Self> {
        let read = |name: &str| -> anyhow::Result<Vec<CertificateDer<'static>>> {
            let path = certs.join(name);
            CertificateDer::pem_file_iter(&path)
                .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
                .with_context(|| format!("cannot read certificates from '{}'", path.display()))
        };
        let mut roots = RootCertStore::empty();
        for cert in read("ca.pem")? {
            roots.add(cert).context("invalid CA certificate in ca.pem")?;
        }
        let chain = read("dfdg.pem")?;
        let key_path = certs.join("dfdg-key.pem");
        let key = PrivateKeyDer::from_pem_file(&key_path)
            .with_context(|| format!("cannot read the key '{}'", key_path.display()))?;
        let mut config =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .context("TLS versions")?
                .with_root_certificates(roots)
                .with_client_auth_cert(chain, key)
                .context("the DFDG client certificate and key do not fit")?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let mut fresh = config.clone();
        fresh.resumption = Resumption::disabled();
        Ok(Self { keep_alive: Arc::new(config), fresh: Arc::new(fresh) })
    }
}

#[derive(Clone)]
struct Endpoint {
    address: SocketAddr,
    tls: Option<Arc<ClientConfig>>,
    /// The `X-Planner-Caller` header (plain HTTP only; over TLS the certificate names the caller).
    caller: Option<String>,
}

/// A plain or TLS stream.
enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.read(buf),
            Stream::Tls(stream) => stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.write(buf),
            Stream::Tls(stream) => stream.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(stream) => stream.flush(),
            Stream::Tls(stream) => stream.flush(),
        }
    }
}

impl Endpoint {
    /// Connects and, over TLS, completes the handshake.
    fn connect(&self) -> io::Result<Http> {
        let socket = TcpStream::connect(self.address)?;
        socket.set_nodelay(true)?;
        socket.set_read_timeout(Some(Duration::from_secs(30)))?;
        let stream = match &self.tls {
            None => Stream::Plain(socket),
            Some(config) => {
                let name = ServerName::try_from("localhost").map_err(io::Error::other)?;
                let connection = ClientConnection::new(config.clone(), name).map_err(io::Error::other)?;
                let mut stream = StreamOwned::new(connection, socket);
                while stream.conn.is_handshaking() {
                    stream.conn.complete_io(&mut stream.sock)?;
                }
                Stream::Tls(Box::new(stream))
            }
        };
        Ok(Http { stream, buf: vec![0; 64 * 1024], start: 0, end: 0 })
    }

    fn host(&self) -> String {
        self.address.to_string()
    }

    fn soap_request(&self, body: &str) -> Vec<u8> {
        let caller = self.caller.as_ref().map(|c| format!("X-Planner-Caller: {c}\r\n")).unwrap_or_default();
        format!(
            "POST /ExternalBookingService HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\n\
             SOAPAction: \"urn:planner:dfdg:ExternalBookingService:3/GetSelfbookTimeslots\"\r\n{caller}\
             Content-Length: {}\r\n\r\n{body}",
            self.host(),
            body.len()
        )
        .into_bytes()
    }

    fn get(&self, path: &str, close: bool) -> Vec<u8> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{connection}\r\n", self.host()).into_bytes()
    }

    /// One request on a new connection: (status, body).
    fn once(&self, request: &[u8]) -> io::Result<(u16, Vec<u8>)> {
        let mut http = self.connect()?;
        http.stream.write_all(request)?;
        let (status, body) = http.read_response()?;
        Ok((status, http.buf[body].to_vec()))
    }

    fn negotiated(&self) -> anyhow::Result<(String, String)> {
        let http = self.connect()?;
        match &http.stream {
            Stream::Tls(stream) => Ok((
                format!("{:?}", stream.conn.protocol_version().context("no TLS version")?),
                format!("{:?}", stream.conn.negotiated_cipher_suite().context("no cipher suite")?.suite()),
            )),
            Stream::Plain(_) => bail!("not a TLS endpoint"),
        }
    }
}

/// An HTTP/1.1 connection with its read buffer.
struct Http {
    stream: Stream,
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl Http {
    /// Reads more bytes into the buffer; EOF is an error (a response is incomplete).
    fn fill(&mut self) -> io::Result<()> {
        if self.end == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            } else {
                self.buf.resize(self.buf.len() * 2, 0);
            }
        }
        let n = self.stream.read(&mut self.buf[self.end..])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-response"));
        }
        self.end += n;
        Ok(())
    }

    /// Reads one response; returns its status and the body's range in `buf` (valid until the next
    /// read). Needs `Content-Length` (the planner sends it).
    fn read_response(&mut self) -> io::Result<(u16, std::ops::Range<usize>)> {
        let head_len = loop {
            if let Some(at) = self.buf[self.start..self.end].windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            self.fill()?;
        };
        let head = std::str::from_utf8(&self.buf[self.start..self.start + head_len])
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "response head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad status line"))?;
        let length = lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "response without Content-Length"))?;
        while self.end - self.start < head_len + length {
            self.fill()?;
        }
        let body = self.start + head_len..self.start + head_len + length;
        self.start = body.end;
        if self.start == self.end {
            // Nothing buffered: the next read starts at 0 (the body stays readable until then).
            self.start = 0;
            self.end = 0;
        }
        Ok((status, body))
    }
}

fn wait_ready(endpoint: &Endpoint, limit: Duration, servers: &[Server]) -> anyhow::Result<()> {
    let deadline = Instant::now() + limit;
    let request = endpoint.get("/health/ready", false);
    loop {
        match endpoint.once(&request) {
            Ok((200, _)) => return Ok(()),
            result if Instant::now() > deadline => {
                let logs = servers
                    .iter()
                    .map(|s| {
                        format!(
                            "{} server log: {}",
                            s.name,
                            std::fs::read_to_string(&s.log).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                bail!("{} is not ready after {limit:?} ({:?})\n{logs}", endpoint.address, result.map(|r| r.0))
            }
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

fn timeslots_body(offer: &str, day: NaiveDate) -> String {
    format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>\
         <GetSelfbookTimeslotsRequest xmlns=\"urn:planner:dfdg:ExternalBookingService:3\">\
         <PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier>\
         <InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>\
         <BookingOptionIntervalStartTime>{day}T00:00:00</BookingOptionIntervalStartTime>\
         <BookingOptionIntervalEndTime>{day}T23:59:59</BookingOptionIntervalEndTime>\
         </GetSelfbookTimeslotsRequest></s:Body></s:Envelope>"
    )
}

/// The first working day after today (Copenhagen) with free times; the response sizes per mode.
fn pick_day(plain: &Endpoint, mtls: &Endpoint, offer: &str) -> anyhow::Result<(NaiveDate, usize, usize)> {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let mut day = today;
    for _ in 0..21 {
        day = day.succ_opt().context("date overflow")?;
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let body = timeslots_body(offer, day);
        let (status, answer) = plain.once(&plain.soap_request(&body))?;
        ensure!(
            status == 200,
            "plain GetSelfbookTimeslots answered {status}: {}",
            String::from_utf8_lossy(&answer)
        );
        if contains(&answer, MARKER) {
            let (status, secure) = mtls.once(&mtls.soap_request(&body))?;
            ensure!(
                status == 200 && contains(&secure, MARKER),
                "mTLS GetSelfbookTimeslots answered {status}: {}",
                String::from_utf8_lossy(&secure)
            );
            return Ok((day, answer.len(), secure.len()));
        }
    }
    bail!("no working day in the next three weeks has free times for offer {offer}")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The figures of one timed run.
struct Run {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: usize,
    errors: usize,
}

impl Run {
    fn new(mut latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Self {
        latencies.sort_unstable();
        let pct = |p: f64| {
            if latencies.is_empty() {
                return f64::NAN;
            }
            let index = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
            latencies[index].as_secs_f64() * 1000.0
        };
        Self {
            rps: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: pct(0.50),
            p99_ms: pct(0.99),
            requests: latencies.len(),
            errors,
        }
    }

    fn line(&self) -> String {
        format!(
            "{:.0}/s p50 {:.2} ms p99 {:.2} ms ({} done, {} errors)",
            self.rps, self.p50_ms, self.p99_ms, self.requests, self.errors
        )
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// `connections` keep-alive connections on `threads` threads, one request in flight on each, for
/// `duration`. A response counts when it is complete before the deadline, has status 200 and the
/// expected length; requests still in flight at the deadline are read but not counted.
fn keep_alive(
    endpoint: &Endpoint,
    request: &[u8],
    expected_len: usize,
    connections: usize,
    threads: usize,
    duration: Duration,
) -> anyhow::Result<Run> {
    let barrier = Barrier::new(threads + 1);
    let (latencies, errors) = std::thread::scope(|scope| -> anyhow::Result<_> {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let count = connections / threads + usize::from(t < connections % threads);
                let barrier = &barrier;
                scope.spawn(move || -> io::Result<(Vec<Duration>, usize)> {
                    let connected: io::Result<Vec<Http>> = (0..count).map(|_| endpoint.connect()).collect();
                    barrier.wait();
                    let deadline = Instant::now() + duration;
                    let mut conns = connected?;
                    let mut latencies = Vec::with_capacity(1 << 16);
                    let mut errors = 0;
                    let mut sent = Vec::with_capacity(conns.len());
                    for conn in &mut conns {
                        sent.push(Instant::now());
                        conn.stream.write_all(request)?;
                    }
                    let mut pending = vec![true; conns.len()];
                    while pending.iter().all(|&p| p) {
                        for ((conn, sent), pending) in conns.iter_mut().zip(&mut sent).zip(&mut pending) {
                            if !*pending {
                                continue;
                            }
                            let (status, body) = conn.read_response()?;
                            let done = Instant::now();
                            if done > deadline {
                                *pending = false;
                                continue;
                            }
                            if status == 200 && body.len() == expected_len {
                                latencies.push(done - *sent);
                            } else {
                                errors += 1;
                            }
                            *sent = Instant::now();
                            conn.stream.write_all(request)?;
                        }
                    }
                    // Read what is still in flight, uncounted, so the next round starts idle.
                    for (conn, pending) in conns.iter_mut().zip(&pending) {
                        if *pending {
                            conn.read_response()?;
                        }
                    }
                    Ok((latencies, errors))
                })
            })
            .collect();
        barrier.wait();
        let mut latencies = Vec::new();
        let mut errors = 0;
        for worker in workers {
            let (mut l, e) = worker.join().map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
            latencies.append(&mut l);
            errors += e;
        }
        Ok((latencies, errors))
    })?;
    Ok(Run::new(latencies, errors, duration))
}

/// New connections per second: each connects (over TLS: a full handshake with the client
/// certificate, no resumption), sends `GET /health/live` with `Connection: close`, reads the
/// response, waits for the server to close (so TIME_WAIT stays on the server side) and ends.
fn new_connections(endpoint: &Endpoint, threads: usize, duration: Duration) -> anyhow::Result<Run> {
    let request = endpoint.get("/health/live", true);
    let barrier = Barrier::new(threads + 1);
    let (latencies, errors) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (barrier, request) = (&barrier, &request);
                scope.spawn(move || {
                    barrier.wait();
                    let deadline = Instant::now() + duration;
                    let mut latencies = Vec::with_capacity(1 << 16);
                    let mut errors = 0usize;
                    loop {
                        let began = Instant::now();
                        if began >= deadline {
                            break;
                        }
                        let outcome = (|| -> io::Result<u16> {
                            let mut http = endpoint.connect()?;
                            if let Stream::Tls(stream) = &http.stream {
                                if stream.conn.handshake_kind() != Some(HandshakeKind::Full) {
                                    return Err(io::Error::other("not a full handshake"));
                                }
                            }
                            http.stream.write_all(request)?;
                            let (status, _) = http.read_response()?;
                            // The server closes; a missing close_notify is no error here.
                            let mut rest = [0u8; 512];
                            while matches!(http.stream.read(&mut rest), Ok(n) if n > 0) {}
                            Ok(status)
                        })();
                        let done = Instant::now();
                        match outcome {
                            Ok(200) if done <= deadline => latencies.push(done - began),
                            Ok(200) => {}
                            _ => errors += 1,
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        barrier.wait();
        let mut latencies = Vec::new();
        let mut errors = 0;
        for worker in workers {
            match worker.join() {
                Ok((mut l, e)) => {
                    latencies.append(&mut l);
                    errors += e;
                }
                Err(_) => errors += 1,
            }
        }
        (latencies, errors)
    });
    Ok(Run::new(latencies, errors, duration))
}
