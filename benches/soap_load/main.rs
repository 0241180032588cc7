//! Load benchmark of ExternalBookingService over plain HTTP and over mutual TLS, side by side in
//! one run (issue 5): GetSelfbookTimeslots for one offer over one whole local day, the request of
//! `tools/loadbench/timeslots.lua`, with keep-alive connections; then new connections per second,
//! each a full mTLS handshake (no session resumption) and one `GET /health/live`, with plain TCP
//! connections as the reference; then the same from clients that connect anew for every call
//! but resume their TLS session (one agent per client thread, `Connection: close`).
//!
//! wrk cannot present a client certificate, so this is a small closed-loop load generator of its
//! own on ureq 3 (the HTTP client the planner uses for its outgoing calls; rustls 0.23 with ring):
//! one std thread per keep-alive connection, each with its own ureq agent that keeps one
//! connection, one request in flight at a time; a request's latency runs from sending it to
//! reading its whole answer. For new connections, every connection gets a new agent, so its TLS
//! session cache is empty and the handshake is a full one; for resumed ones, each client thread
//! keeps one agent, whose session cache offers the ticket of its previous connection.
//! The modes alternate (plain, mTLS, plain, mTLS, ...) so that drift on the shared machine hits
//! both alike; figures are medians of the rounds.
//!
//! Environment: by default the benchmark prepares everything itself in a temporary directory with
//! the `planner` binary of this build (`certs dev`, `demo-data`, `callers add`, and two servers of
//! the same binary on the same SQLite database, one `--insecure-http`, one with mTLS) and stops the
//! servers at the end. To measure servers started elsewhere, set `LOADBENCH_PLAIN` and
//! `LOADBENCH_MTLS` (IP:PORT), `LOADBENCH_CERTS` (a directory with `ca.pem`, `dfdg.pem`,
//! `dfdg-key.pem`) and `LOADBENCH_OFFER` (the offer id; `LOADBENCH_CALLER` names the plain-HTTP
//! caller). `LOADBENCH_OFFER_NAME` picks another demo offer by name (default "Jobsamtale";
//! "CV-samtale" draws on rooms). Knobs: `LOADBENCH_ROUNDS` (3), `LOADBENCH_SECONDS` (5, per round
//! and mode), `LOADBENCH_CONNECTIONS` (16, one client thread each), `LOADBENCH_HANDSHAKE_SECONDS`
//! (3), `LOADBENCH_HANDSHAKE_THREADS` (4).
//!
//! Server CPU (issue 19): every measured phase also reads the server process's user and system
//! time from `/proc` before and after, and prints it per request answered (keep-alive) and per
//! new connection (`cpu.rs`); for servers started elsewhere, give their process ids in
//! `LOADBENCH_PLAIN_PID` and `LOADBENCH_MTLS_PID`. `LOADBENCH_PEER=node-soap` adds node's `soap`
//! package serving the planner's answer canned over mTLS as a third keep-alive mode in the same
//! rounds (`peer.rs`, `node_soap_peer.js`; skipped with a message when node or the package is
//! missing).
//!
//! Large data (issue 19): `LOADBENCH_SEED=large` (default `demo`: the demo data as it is) makes
//! the measured offer's data large after `demo-data`, with the `planner` CLI only (`seed.rs`): a
//! new offer like the demo offer `LOADBENCH_OFFER_NAME`, served by that offer's counselors and
//! new ones with weekday hours, 50 in all, and 5,000 bookings among them from bulk summons, at
//! most 200 a working day from tomorrow on, so the measured day keeps free times. It prints a
//! `seed large:` line with what it made and how long it took; the `machine:` line gives the
//! measured answer's size and how many free times of how many counselors it holds. Only for the
//! database the benchmark prepares itself (not with `LOADBENCH_PLAIN`).
//!
//! Server memory (issue 19; target: under 64 MiB idle and under 150 MiB under load, as VmHWM):
//! `RESULT memory` lines give each server's `VmHWM` (peak resident set) and `VmRSS` (resident set
//! now) from `/proc/PID/status`, in kB and MiB (`cpu.rs`): once idle, after the set-up and the
//! first requests (picking the day) and before any load, and once after all keep-alive rounds;
//! each says whether its VmHWM met the target. For servers started elsewhere they need
//! `LOADBENCH_PLAIN_PID` and `LOADBENCH_MTLS_PID` too.
//!
//! Run: `cargo bench --bench soap_load` (with the load: `LOADBENCH_SEED=large
//! LOADBENCH_CONNECTIONS=32 cargo bench --bench soap_load`). Prints `RESULT` lines; exits
//! non-zero on any error.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use ureq::tls::{Certificate, ClientCert, PemItem, PrivateKey, RootCerts, TlsConfig};
use ureq::Agent;

mod client;
mod cpu;
mod peer;
mod seed;
mod setup;

use client::*;
use cpu::*;
use seed::Seed;
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
    let handshake_seconds = knob("LOADBENCH_HANDSHAKE_SECONDS", 3)?;
    let handshake_threads = knob("LOADBENCH_HANDSHAKE_THREADS", 4)?;
    let with_peer = peer::wanted()?;

    let seed = Seed::from_env()?;
    let target = match std::env::var("LOADBENCH_PLAIN").ok().filter(|value| !value.is_empty()) {
        Some(_) if seed == Seed::Large => {
            bail!("LOADBENCH_SEED=large seeds the database the benchmark prepares; unset LOADBENCH_PLAIN")
        }
        Some(plain) => prepared(&plain)?,
        None => prepare(seed)?,
    };
    let tls = Tls::new(&target.certs)?;
    let plain = Endpoint::plain(target.plain, target.caller.clone());
    let mtls = Endpoint::mtls(target.mtls, &tls);
    wait_ready(&plain, Duration::from_secs(20), &target._servers)?;
    wait_ready(&mtls, Duration::from_secs(20), &target._servers)?;
    let plain_cpu = target.plain_pid.map(CpuMeter::new).transpose()?;
    let mtls_cpu = target.mtls_pid.map(CpuMeter::new).transpose()?;

    // The next working day (Copenhagen) whose whole day has free times: at this hour tomorrow may
    // be inside the offer's minimum notice, and an empty answer would measure nothing.
    let (day, plain_len, mtls_answer) = pick_day(&plain, &mtls, &target.offer)?;
    let mtls_len = mtls_answer.len();
    let body = timeslots_body(&target.offer, day);
    println!(
        "machine: {} cores shared by both servers (default workers) and this client; window day {day}; \
         response {plain_len} bytes (plain), {mtls_len} bytes (mTLS): {} free times of {} counselors; \
         {connections} keep-alive connections, one client thread each; {rounds} rounds x {seconds} s per mode",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        occurrences(&mtls_answer, b"<BookingTimeslot>"),
        occurrences(&mtls_answer, b"<CaseWorkerTimeslot>"),
    );

    // Memory once idle: after the set-up and the first requests (picking the day), before any load.
    let idle = memories(&target)?;

    let peer_dir = tempfile::tempdir()?;
    let peer = match with_peer {
        true => peer::start(&target.certs, &mtls_answer, peer_dir.path())?,
        false => None,
    };
    let peer = match peer {
        Some((address, server)) => {
            let endpoint = Endpoint::mtls(address, &tls);
            let (status, answer) = endpoint.soap(&endpoint.agent(), &body)?;
            ensure!(
                status == 200 && contains(&answer, MARKER),
                "node-soap answered {status}: {}",
                String::from_utf8_lossy(&answer)
            );
            println!("peer node-soap: response {} bytes (mTLS)", answer.len());
            let meter = CpuMeter::new(server.child.id())?;
            Some((endpoint, answer.len(), meter, server))
        }
        None => None,
    };

    // Warm-up (not reported): connections, caches, the servers' worker threads.
    keep_alive(&plain, &body, plain_len, connections, Duration::from_secs(1), None)?;
    keep_alive(&mtls, &body, mtls_len, connections, Duration::from_secs(1), None)?;
    if let Some((endpoint, len, _, _)) = &peer {
        keep_alive(endpoint, &body, *len, connections, Duration::from_secs(1), None)?;
    }

    let mut plain_rounds = Vec::new();
    let mut mtls_rounds = Vec::new();
    let mut peer_rounds = Vec::new();
    let duration = Duration::from_secs(seconds as u64);
    for round in 1..=rounds {
        let p = keep_alive(&plain, &body, plain_len, connections, duration, plain_cpu.as_ref())?;
        println!("round {round} plain: {}", p.line());
        let m = keep_alive(&mtls, &body, mtls_len, connections, duration, mtls_cpu.as_ref())?;
        println!("round {round} mtls:  {}  (mtls/plain {:.3})", m.line(), m.rps / p.rps);
        if let Some((endpoint, len, meter, _)) = &peer {
            let n = keep_alive(endpoint, &body, *len, connections, duration, Some(meter))?;
            println!("round {round} node-soap mtls: {}", n.line());
            peer_rounds.push(n);
        }
        plain_rounds.push(p);
        mtls_rounds.push(m);
    }
    let loaded = memories(&target)?;

    let mut plain_handshakes = Vec::new();
    let mut mtls_handshakes = Vec::new();
    let mut mtls_resumed = Vec::new();
    let duration = Duration::from_secs(handshake_seconds as u64);
    for round in 1..=rounds {
        let p = new_connections(&plain, handshake_threads, duration, plain_cpu.as_ref(), Session::New)?;
        println!("round {round} new plain connections: {}", p.line());
        let m = new_connections(&mtls, handshake_threads, duration, mtls_cpu.as_ref(), Session::New)?;
        println!("round {round} new mTLS handshakes:   {}", m.line());
        let r = new_connections(&mtls, handshake_threads, duration, mtls_cpu.as_ref(), Session::Resumed)?;
        println!("round {round} resumed mTLS sessions: {}", r.line());
        plain_handshakes.push(p);
        mtls_handshakes.push(m);
        mtls_resumed.push(r);
    }

    let errors: usize =
        plain_rounds.iter().chain(&mtls_rounds).chain(&peer_rounds).map(|r| r.errors).sum::<usize>()
            + plain_handshakes
                .iter()
                .chain(&mtls_handshakes)
                .chain(&mtls_resumed)
                .map(|r| r.errors)
                .sum::<usize>();
    let ratios: Vec<f64> = plain_rounds.iter().zip(&mtls_rounds).map(|(p, m)| m.rps / p.rps).collect();
    let ratio = median(ratios);
    for (mode, rounds) in [("plain", &plain_rounds), ("mtls", &mtls_rounds), ("node-soap mtls", &peer_rounds)]
    {
        if rounds.is_empty() {
            continue;
        }
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
    for (mode, rounds) in [("plain", &plain_rounds), ("mtls", &mtls_rounds), ("node-soap mtls", &peer_rounds)]
    {
        if rounds.is_empty() {
            continue;
        }
        println!(
            "RESULT server_cpu_per_request {mode} keep-alive us={:.0} (rounds {}; utime+stime of the server process / requests answered, {connections} connections, median of {} rounds)",
            median(rounds.iter().map(|r| r.cpu_us).collect()),
            rounds.iter().map(|r| format!("{:.0}", r.cpu_us)).collect::<Vec<_>>().join(", "),
            rounds.len(),
        );
    }
    for ((mode, idle), (_, loaded)) in idle.iter().zip(&loaded) {
        println!(
            "RESULT memory {mode} idle {} target=VmHWM<64MiB {} (seed {seed}; after the set-up and the first requests, before any load)",
            idle.figures(),
            met(idle.hwm_kb < 64 * 1024),
        );
        println!(
            "RESULT memory {mode} keep-alive {} target=VmHWM<150MiB {} (seed {seed}; after {rounds} rounds x {seconds} s of {connections} connections)",
            loaded.figures(),
            met(loaded.hwm_kb < 150 * 1024),
        );
    }
    println!(
        "RESULT mtls/plain throughput ratio={ratio:.3} mtls_cost={:.1}% target=<30% {}",
        (1.0 - ratio) * 100.0,
        met(ratio > 0.7)
    );
    let connection_runs = [
        ("plain_connections", &plain_handshakes),
        ("mtls_handshakes", &mtls_handshakes),
        ("mtls_resumed", &mtls_resumed),
    ];
    for (what, rounds) in connection_runs {
        println!(
            "RESULT {what} per_s={:.0} p50_ms={:.2} p99_ms={:.2} errors={} (new connection + GET /health/live + close, {handshake_threads} threads, median of {} rounds)",
            median(rounds.iter().map(|r| r.rps).collect()),
            median(rounds.iter().map(|r| r.p50_ms).collect()),
            median(rounds.iter().map(|r| r.p99_ms).collect()),
            rounds.iter().map(|r| r.errors).sum::<usize>(),
            rounds.len(),
        );
        println!(
            "RESULT server_cpu_per_new_connection {what} us={:.0} (rounds {}; utime+stime / connections: accept, handshake, GET /health/live, close; median of {} rounds)",
            median(rounds.iter().map(|r| r.cpu_us).collect()),
            rounds.iter().map(|r| format!("{:.0}", r.cpu_us)).collect::<Vec<_>>().join(", "),
            rounds.len(),
        );
    }
    ensure!(errors == 0, "{errors} request(s) failed; see the lines above");
    Ok(())
}

/// `met` or `MISSED`, as the `RESULT` lines end.
fn met(target_met: bool) -> &'static str {
    if target_met {
        "met"
    } else {
        "MISSED"
    }
}

/// The memory of the servers whose process ids are known: plain, then mTLS.
fn memories(target: &Target) -> anyhow::Result<Vec<(&'static str, Memory)>> {
    [("plain", target.plain_pid), ("mtls", target.mtls_pid)]
        .into_iter()
        .filter_map(|(mode, pid)| pid.map(|pid| Memory::read(pid).map(|memory| (mode, memory))))
        .collect()
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

/// The first working day after today (Copenhagen) with free times; the plain response's size
/// and the mTLS answer itself.
fn pick_day(plain: &Endpoint, mtls: &Endpoint, offer: &str) -> anyhow::Result<(NaiveDate, usize, Vec<u8>)> {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let mut day = today;
    for _ in 0..21 {
        day = day.succ_opt().context("date overflow")?;
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let body = timeslots_body(offer, day);
        let (status, answer) = plain.soap(&plain.agent(), &body)?;
        ensure!(
            status == 200,
            "plain GetSelfbookTimeslots answered {status}: {}",
            String::from_utf8_lossy(&answer)
        );
        if contains(&answer, MARKER) {
            let (status, secure) = mtls.soap(&mtls.agent(), &body)?;
            ensure!(
                status == 200 && contains(&secure, MARKER),
                "mTLS GetSelfbookTimeslots answered {status}: {}",
                String::from_utf8_lossy(&secure)
            );
            return Ok((day, answer.len(), secure));
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
    /// Server CPU (user + system) per request answered in the phase, in microseconds.
    cpu_us: f64,
}

impl Run {
    fn new(mut latencies: Vec<Duration>, errors: usize, elapsed: Duration, cpu_us: f64) -> Self {
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
            cpu_us,
        }
    }

    fn line(&self) -> String {
        format!(
            "{:.0}/s p50 {:.2} ms p99 {:.2} ms ({} done, {} errors), server CPU {:.0} us each",
            self.rps, self.p50_ms, self.p99_ms, self.requests, self.errors, self.cpu_us
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

/// `connections` keep-alive connections, each on its own thread with one request in flight, for
/// `duration`. A response counts when it is complete before the deadline, has status 200 and the
/// expected length; a request still in flight at the deadline is read but not counted in the
/// throughput. The server's CPU (`meter`) is read when the clock starts and after the last
/// answer, and divided by every answer read in between.
fn keep_alive(
    endpoint: &Endpoint,
    body: &str,
    expected_len: usize,
    connections: usize,
    duration: Duration,
    meter: Option<&CpuMeter>,
) -> anyhow::Result<Run> {
    let barrier = Barrier::new(connections + 1);
    let (latencies, errors, cpu_us) = std::thread::scope(|scope| -> anyhow::Result<_> {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                let barrier = &barrier;
                scope.spawn(move || -> Result<(Vec<Duration>, usize, usize), ureq::Error> {
                    let agent = endpoint.agent();
                    // Connect (and shake hands) before the clock starts.
                    let connected = endpoint.get(&agent, "/health/live", false);
                    barrier.wait();
                    connected?;
                    let deadline = Instant::now() + duration;
                    let mut latencies = Vec::with_capacity(1 << 16);
                    let mut errors = 0;
                    let mut answered = 0;
                    loop {
                        let sent = Instant::now();
                        let (status, answer) = endpoint.soap(&agent, body)?;
                        let done = Instant::now();
                        answered += 1;
                        if done > deadline {
                            break;
                        }
                        if status == 200 && answer.len() == expected_len {
                            latencies.push(done - sent);
                        } else {
                            errors += 1;
                        }
                    }
                    Ok((latencies, errors, answered))
                })
            })
            .collect();
        barrier.wait();
        let cpu = CpuSpan::start(meter);
        let mut latencies = Vec::new();
        let mut errors = 0;
        let mut answered = 0;
        for worker in workers {
            let (mut l, e, a) = worker.join().map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
            latencies.append(&mut l);
            errors += e;
            answered += a;
        }
        Ok((latencies, errors, cpu.micros_per(answered)))
    })?;
    Ok(Run::new(latencies, errors, duration, cpu_us))
}

/// Whether a new connection may resume a TLS session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    /// A new agent for every connection: nothing to resume, a full handshake.
    New,
    /// One agent per client thread: each connection offers its previous connection's ticket.
    Resumed,
}

/// New connections per second: each connects (over TLS: a full handshake with the client
/// certificate from a new agent, or a resumed one from the thread's agent, as `session` says),
/// sends `GET /health/live` with `Connection: close`, reads the answer, and ends with the
/// connection the server closes. The server's CPU (`meter`) is divided by every connection made.
fn new_connections(
    endpoint: &Endpoint,
    threads: usize,
    duration: Duration,
    meter: Option<&CpuMeter>,
    session: Session,
) -> anyhow::Result<Run> {
    let barrier = Barrier::new(threads + 1);
    let (latencies, errors, cpu_us) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let kept = endpoint.agent();
                    if session == Session::Resumed {
                        // A first full handshake before the clock starts leaves a ticket.
                        let _ = endpoint.get(&kept, "/health/live", true);
                    }
                    barrier.wait();
                    let deadline = Instant::now() + duration;
                    let mut latencies = Vec::with_capacity(1 << 16);
                    let mut errors = 0usize;
                    let mut made = 0usize;
                    loop {
                        let began = Instant::now();
                        if began >= deadline {
                            break;
                        }
                        let outcome = match session {
                            Session::New => endpoint.get(&endpoint.agent(), "/health/live", true),
                            Session::Resumed => endpoint.get(&kept, "/health/live", true),
                        };
                        let outcome = outcome.map(|(status, _)| status);
                        let done = Instant::now();
                        made += 1;
                        match outcome {
                            Ok(200) if done <= deadline => latencies.push(done - began),
                            Ok(200) => {}
                            _ => errors += 1,
                        }
                    }
                    (latencies, errors, made)
                })
            })
            .collect();
        barrier.wait();
        let cpu = CpuSpan::start(meter);
        let mut latencies = Vec::new();
        let mut errors = 0;
        let mut made = 0;
        for worker in workers {
            match worker.join() {
                Ok((mut l, e, m)) => {
                    latencies.append(&mut l);
                    errors += e;
                    made += m;
                }
                Err(_) => errors += 1,
            }
        }
        (latencies, errors, cpu.micros_per(made))
    });
    Ok(Run::new(latencies, errors, duration, cpu_us))
}
