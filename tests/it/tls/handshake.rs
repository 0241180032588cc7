//! Which client certificates the handshake refuses: none, foreign CA, expired, not yet valid,
//! revoked (also after a CRL reload without restart), and without EKU clientAuth. A refused
//! handshake never reaches a handler, so it leaves no audit row.

use std::time::{Duration, Instant};

use planner::domain::Role;

use crate::support::seed::{register, seed};
use crate::tls::app::{client_config, spawn, spawn_with, Options, TlsApp};
use crate::tls::pki::{ClientCert, Kind, Pki};
use crate::tls::{case_workers_fields, DFDG};

/// Asserts that a GET with `cert` fails in the TLS layer, and returns the error text.
#[track_caller]
fn refused(app: &TlsApp, cert: Option<&ClientCert>) -> String {
    match app.request_as(cert, "GET", "/health/live", "") {
        Ok(response) => panic!("expected a refused handshake, got HTTP {}", response.status),
        Err(error) => {
            let text = error.to_string();
            assert!(
                text.contains("alert") || error.kind() == std::io::ErrorKind::UnexpectedEof,
                "a TLS refusal, not some other failure: {text}"
            );
            text
        }
    }
}

#[test]
fn a_valid_dfdg_certificate_calls_succeed_on_tls_1_2_and_1_3() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], true);
    let cert = app.pki.client(DFDG);
    // The client (rustls' defaults) prefers AES-256-GCM; the server's order decides: AES-128-GCM.
    let suites = [
        (&rustls::version::TLS13, rustls::CipherSuite::TLS13_AES_128_GCM_SHA256),
        (&rustls::version::TLS12, rustls::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
    ];
    for (version, suite) in suites {
        let mut connection = app.connect(client_config(&app.pki, Some(&cert), Some(version), &[])).unwrap();
        assert_eq!(connection.protocol_version(), Some(version.version));
        assert_eq!(connection.cipher_suite(), Some(suite));
        let response =
            connection.soap("GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id), &[]).unwrap();
        assert_eq!(response.status, 200, "{}", response.body);
        assert!(response.body.contains("Jensen"), "{}", response.body);
    }
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|row| row.entry.caller == DFDG && row.entry.outcome == "ok"), "{audit:?}");
}

#[test]
fn refuses_a_client_without_a_certificate() {
    let app = spawn();
    refused(&app, None);
    assert!(app.store.audit_tail(10).unwrap().is_empty());
}

#[test]
fn refuses_certificates_from_a_foreign_ca_expired_not_yet_valid_or_without_client_auth() {
    let app = spawn();
    let seeded = seed(&app.store);
    // Registered identities, so that only the certificate itself can be the reason.
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], true);
    let cases = [
        ("foreign CA", app.pki.foreign_client(DFDG), "UnknownCA"),
        ("expired", app.pki.client_of_kind(DFDG, Kind::Expired), "CertificateExpired"),
        ("not yet valid", app.pki.client_of_kind(DFDG, Kind::NotYetValid), "CertificateExpired"),
        ("no EKU clientAuth", app.pki.client_of_kind(DFDG, Kind::ServerAuthOnly), "UnsupportedCertificate"),
    ];
    for (name, cert, alert) in &cases {
        let text = refused(&app, Some(cert));
        assert!(text.contains(alert), "{name}: {text}");
    }
    assert!(app.store.audit_tail(10).unwrap().is_empty(), "refused handshakes reach no handler");
    // The same identity with a good certificate still gets in.
    let good = app.pki.client(DFDG);
    assert_eq!(app.request_as(Some(&good), "GET", "/health/live", "").unwrap().status, 200);
}

#[test]
fn refuses_a_revoked_certificate_and_picks_up_a_new_crl_without_restart() {
    let pki = Pki::new();
    let revoked = pki.client(DFDG);
    let later = pki.client(DFDG);
    let good = pki.client(DFDG);
    let crl = pki.path("crl.pem");
    pki.write_crl(&crl, 1, &[&revoked]);
    let options =
        Options { crl: Some(crl.clone()), crl_check_interval: Some(CRL_CHECK), ..Options::default() };
    let app = spawn_with(pki, options);
    let text = refused(&app, Some(&revoked));
    assert!(text.contains("CertificateRevoked"), "{text}");
    assert_eq!(app.request_as(Some(&later), "GET", "/health/live", "").unwrap().status, 200);
    // The operator publishes a new CRL; the running server refuses the newly revoked one.
    app.pki.write_crl(&crl, 2, &[&revoked, &later]);
    let text = refused_soon(&app, &later);
    assert!(text.contains("CertificateRevoked"), "{text}");
    assert_eq!(app.request_as(Some(&good), "GET", "/health/live", "").unwrap().status, 200);
    // A broken CRL update keeps the previous CRLs in force. Once a check interval has passed
    // since the write, the next handshake looks at the file: nothing to poll for, it stays refused.
    std::fs::write(&crl, b"not a crl").unwrap();
    std::thread::sleep(CRL_CHECK * 2);
    refused(&app, Some(&revoked));
    assert_eq!(app.request_as(Some(&good), "GET", "/health/live", "").unwrap().status, 200);
}

#[test]
fn a_client_resumes_its_session_until_the_server_reads_a_crl_that_revokes_it() {
    let pki = Pki::new();
    let cert = pki.client(DFDG);
    let crl = pki.path("crl.pem");
    pki.write_crl(&crl, 1, &[]);
    let options =
        Options { crl: Some(crl.clone()), crl_check_interval: Some(CRL_CHECK), ..Options::default() };
    let app = spawn_with(pki, options);
    for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
        // One client, one session cache, a new connection for each call.
        let config = client_config(&app.pki, Some(&cert), Some(version), &[b"http/1.1"]);
        let kinds: Vec<_> = (0..3)
            .map(|_| {
                let mut connection = app.connect(config.clone()).unwrap();
                let response = connection.request("GET", "/health/live", &[("Connection", "close")], "");
                assert_eq!(response.unwrap().status, 200);
                connection.handshake_kind()
            })
            .collect();
        let (full, resumed) = (Some(rustls::HandshakeKind::Full), Some(rustls::HandshakeKind::Resumed));
        assert_eq!(kinds, [full, resumed, resumed], "{version:?}");
    }
    // The operator revokes the certificate. Until the server has read the new CRL the client may
    // resume; then its session is void, and the full handshake meets the verifier.
    let config = client_config(&app.pki, Some(&cert), Some(&rustls::version::TLS13), &[b"http/1.1"]);
    let mut connection = app.connect(config.clone()).unwrap();
    assert_eq!(connection.request("GET", "/health/live", &[], "").unwrap().status, 200);
    app.pki.write_crl(&crl, 2, &[&cert]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let error = loop {
        let answer = app.connect(config.clone()).and_then(|mut connection| {
            let response = connection.request("GET", "/health/live", &[("Connection", "close")], "")?;
            Ok((response.status, connection.handshake_kind()))
        });
        match answer {
            Ok((200, Some(rustls::HandshakeKind::Resumed))) => {}
            Ok(other) => panic!("only a resumed session may still get in: {other:?}"),
            Err(error) => break error.to_string(),
        }
        assert!(Instant::now() < deadline, "the server did not pick up the new CRL within 30 s");
        std::thread::sleep(CRL_CHECK);
    };
    assert!(error.contains("CertificateRevoked"), "{error}");
    // Its session is gone for good: the next attempt is a full handshake, refused again.
    let again =
        app.connect(config).and_then(|mut connection| connection.request("GET", "/health/live", &[], ""));
    assert!(again.unwrap_err().to_string().contains("CertificateRevoked"));
}

/// How often the server under test looks at its CRL file.
const CRL_CHECK: Duration = Duration::from_millis(50);

/// Retries a GET with `cert` (which succeeds until the server has read a new CRL) until the
/// handshake is refused, for at most 30 s; returns the error text.
#[track_caller]
fn refused_soon(app: &TlsApp, cert: &ClientCert) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Ok(response) = app.request_as(Some(cert), "GET", "/health/live", "") {
        assert_eq!(response.status, 200);
        assert!(Instant::now() < deadline, "the server did not pick up the new CRL within 30 s");
        std::thread::sleep(CRL_CHECK);
    }
    refused(app, Some(cert))
}
