//! Connections with client certificates: HTTP/1.1 keep-alive (several requests, one handshake)
//! and HTTP/2 negotiated by ALPN.

use planner::domain::Role;

use crate::support::seed::{register, seed};
use crate::tls::app::{client_config, envelope, spawn, NS};
use crate::tls::{case_workers_fields, DFDG};

#[test]
fn http_1_1_keep_alive_serves_several_requests_on_one_connection() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], true);
    let cert = app.pki.client(DFDG);
    let mut connection = app.connect(client_config(&app.pki, Some(&cert), None, &[b"http/1.1"])).unwrap();
    let wsdl = connection.request("GET", "/ExternalBookingService?wsdl", &[], "").unwrap();
    assert_eq!(wsdl.status, 200);
    assert!(wsdl.body.contains("https://"), "the WSDL names the https address");
    for _ in 0..2 {
        let response =
            connection.soap("GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id), &[]).unwrap();
        assert_eq!(response.status, 200, "{}", response.body);
        assert_ne!(response.header("connection"), Some("close"));
    }
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|row| row.entry.caller == DFDG), "the identity holds for every request");
}

#[test]
fn http_2_works_with_client_certificates() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], true);
    let cert = app.pki.client(DFDG);
    let config = client_config(&app.pki, Some(&cert), None, &[b"h2"]);
    let base = format!("https://127.0.0.1:{}", app.address.port());
    let body = envelope("GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id));
    let results = actix_web::rt::System::new().block_on(async move {
        let client = awc::Client::builder().connector(awc::Connector::new().rustls_0_23(config)).finish();
        let mut results = Vec::new();
        let metrics_url = format!("{base}/metrics");
        for _ in 0..2 {
            let mut response = client
                .post(format!("{base}/ExternalBookingService"))
                .insert_header(("Content-Type", "text/xml; charset=utf-8"))
                .insert_header(("SOAPAction", format!("\"{NS}/GetSelfbookCaseWorkers\"")))
                .send_body(body.clone())
                .await
                .expect("an HTTP/2 request");
            let text = String::from_utf8_lossy(&response.body().await.unwrap()).into_owned();
            results.push((response.version(), response.status().as_u16(), text));
        }
        let mut metrics = client.get(metrics_url).send().await.expect("metrics over HTTP/2");
        let metrics = String::from_utf8_lossy(&metrics.body().await.unwrap()).into_owned();
        (results, metrics)
    });
    let (results, metrics) = results;
    // The connection counts as HTTP/2 (so shutdown waits for its requests, not for it to close).
    assert!(metrics.contains("planner_open_connections{protocol=\"http2\"} 1\n"), "{metrics}");
    for (version, status, text) in results {
        assert_eq!(version, awc::http::Version::HTTP_2);
        assert_eq!(status, 200, "{text}");
        assert!(text.contains("Jensen"), "{text}");
    }
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|row| row.entry.caller == DFDG && row.entry.outcome == "ok"), "{audit:?}");
}
