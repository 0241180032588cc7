//! SIGTERM under load: `planner serve` on the dev PKI is stopped several times while concurrent
//! mTLS clients send requests on keep-alive connections. Every request whose bytes were written
//! must be answered. A client may see its new connection refused, or its connection closed after
//! an answer that says `Connection: close`; neither is a lost request.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore};

use crate::tls::app::connect_to;
use crate::tls::served::Served;

/// Shutdowns in the test.
const ROUNDS: usize = 5;
/// Concurrent clients in each.
const CLIENTS: usize = 8;
/// Requests one client sends at most per round (bounds the load).
const MAX_PER_CLIENT: usize = 300;
/// Answers seen before SIGTERM, so that it lands under load.
const ANSWERS_BEFORE_SIGTERM: usize = 60;

/// What one client saw in one round.
#[derive(Debug, Default)]
struct Tally {
    answered: usize,
    /// Answers that said `Connection: close`.
    closed: usize,
    /// Connections refused, or closed before a request could be written.
    refused: usize,
    /// Requests written that got no answer.
    lost: Vec<String>,
}

/// A client configuration with the dev PKI's admin certificate.
fn admin_client(directory: &Path) -> Arc<ClientConfig> {
    let dir = directory.join("certs/dev");
    let mut roots = RootCertStore::empty();
    roots.add(CertificateDer::from_pem_file(dir.join("ca.pem")).unwrap()).unwrap();
    let chain: Vec<CertificateDer> =
        CertificateDer::pem_file_iter(dir.join("admin.pem")).unwrap().map(Result::unwrap).collect();
    let key = PrivateKeyDer::from_pem_file(dir.join("admin-key.pem")).unwrap();
    let mut config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// Sends requests on keep-alive connections until `stop` (or its bound), reconnecting after a
/// closing answer or a refusal.
fn client(
    address: std::net::SocketAddr,
    config: Arc<ClientConfig>,
    stop: Arc<AtomicBool>,
    progress: Arc<AtomicUsize>,
) -> Tally {
    let mut tally = Tally::default();
    let mut sent = 0;
    while !stop.load(Ordering::SeqCst) && sent < MAX_PER_CLIENT {
        let Ok(mut connection) = connect_to(address, config.clone()) else {
            tally.refused += 1;
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        while !stop.load(Ordering::SeqCst) && sent < MAX_PER_CLIENT {
            // A cheap route and one that reads the database.
            let path = if sent % 2 == 0 { "/health/live" } else { "/admin/v1/jobcenters" };
            sent += 1;
            if connection.send("GET", path, &[], "").is_err() {
                tally.refused += 1;
                break;
            }
            match connection.read_response() {
                Ok(response) => {
                    tally.answered += 1;
                    progress.fetch_add(1, Ordering::SeqCst);
                    assert_eq!(response.status, 200, "{path}: {}", response.body);
                    if response.header("connection") == Some("close") {
                        tally.closed += 1;
                        break;
                    }
                }
                Err(error) => {
                    tally.lost.push(format!("{path}: {error}"));
                    break;
                }
            }
        }
    }
    tally
}

/// One shutdown under load; what the clients saw.
fn one_round(directory: &Path, config: &Arc<ClientConfig>) -> Vec<Tally> {
    let mut served = Served::start(directory, &["--listen", "127.0.0.1:0"], &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let progress = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (config, stop, progress) = (config.clone(), stop.clone(), progress.clone());
            let address = served.address;
            std::thread::spawn(move || client(address, config, stop, progress))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while progress.load(Ordering::SeqCst) < ANSWERS_BEFORE_SIGTERM && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    served.signal_terminate();
    let status = served.wait(Duration::from_secs(60));
    stop.store(true, Ordering::SeqCst);
    let tallies: Vec<Tally> = clients.into_iter().map(|client| client.join().unwrap()).collect();
    assert!(status.success(), "serve exits 0 after draining: {status:?}\n{}", served.log().join("\n"));
    tallies
}

#[test]
fn sigterm_under_load_answers_every_request_it_received() {
    let directory = tempfile::tempdir().unwrap();
    let created = crate::support::binary::run(directory.path(), &["certs", "dev"]);
    crate::support::binary::stdout(&created);
    let config = admin_client(directory.path());
    let (mut answered, mut closed, mut refused, mut lost) = (0, 0, 0, Vec::new());
    for round in 0..ROUNDS {
        for tally in one_round(directory.path(), &config) {
            answered += tally.answered;
            closed += tally.closed;
            refused += tally.refused;
            lost.extend(tally.lost.into_iter().map(|what| format!("round {round}: {what}")));
        }
    }
    eprintln!(
        "{ROUNDS} shutdowns: {answered} answered, {closed} with Connection: close, {refused} refused, {} lost",
        lost.len()
    );
    assert!(lost.is_empty(), "requests written and never answered: {lost:#?}");
    assert!(answered >= ROUNDS * ANSWERS_BEFORE_SIGTERM, "the load ran: {answered}");
    assert!(closed > 0, "keep-alive connections were told to close while draining");
}
