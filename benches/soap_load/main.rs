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

mod client;
mod setup;

use client::*;
use setup::*;

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
