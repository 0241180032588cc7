//! The calendar feed listener (`feed_listen`): calendar apps subscribe without a client
//! certificate, over TLS with the server's certificate, and that listener serves the feeds and
//! nothing else; the main listener still refuses connections without one.

use chrono::Utc;

use crate::support::seed::seed;
use crate::tls::app::{client_config, connect_to, spawn_with, Options};
use crate::tls::pki::Pki;

#[test]
fn calendar_apps_subscribe_without_a_client_certificate_and_reach_nothing_else() {
    let app = spawn_with(Pki::new(), Options { feed: true, ..Options::default() });
    let seeded = seed(&app.store);
    let counselor = seeded.offer.counselors[0].clone();
    let (_, token) = app.store.create_calendar_feed(&counselor, Utc::now()).unwrap();
    let feed = app.feed_address.expect("the feed listener is bound");
    assert_ne!(feed.port(), app.address.port());
    let no_cert = client_config(&app.pki, None, None, &[b"http/1.1"]);

    let mut connection = connect_to(feed, no_cert.clone()).expect("TLS without a client certificate");
    let calendar = connection.request("GET", &format!("/calendar/{token}.ics"), &[], "").unwrap();
    assert_eq!(calendar.status, 200, "{}", calendar.body);
    assert_eq!(calendar.header("content-type"), Some("text/calendar; charset=utf-8"));
    assert!(calendar.body.starts_with("BEGIN:VCALENDAR"), "{}", calendar.body);
    assert!(calendar.body.contains("Planner: Anne"), "the counselor's own feed");

    let unknown = connection.request("GET", &format!("/calendar/{}.ics", "0".repeat(64)), &[], "").unwrap();
    assert_eq!(unknown.status, 404);
    for (method, path) in [
        ("GET", "/ExternalBookingService?wsdl"),
        ("POST", "/ExternalBookingService"),
        ("GET", "/admin/v1/jobcenters"),
        ("GET", "/health/ready"),
    ] {
        let response = connection.request(method, path, &[], "").unwrap();
        assert_eq!(response.status, 404, "{method} {path} must not be served without a certificate");
    }

    // The main listener still asks for a client certificate and refuses the connection.
    let refused = connect_to(app.address, no_cert)
        .and_then(|mut connection| connection.request("GET", "/health/live", &[], ""));
    assert!(refused.is_err(), "the main listener served a client without a certificate: {refused:?}");
}
