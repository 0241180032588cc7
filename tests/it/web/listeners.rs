//! The wall between the listeners: machine routes do not answer on the people listener, not
//! even with a session; the web app's pages do not answer on the machines' listener, not even
//! with a function certificate. Every page carries the security headers.

use planner::domain::people::Role;

use super::browser::WebApp;
use super::invitation::enrol;
use super::sign_in::sign_in;
use crate::support::backends::both_backends;
use crate::tls::app::{client_config, connect_to};

fn machine_routes_are_not_on_the_people_listener_and_pages_not_on_the_machines(app: &WebApp) {
    let secret = app.invite("hans@kommune.dk", Role::Administrator);
    let person = enrol(app, &mut app.browser(), &secret, "hans@kommune.dk", "Hans Christian");
    let mut browser = app.browser();
    sign_in(app, &mut browser, &person);
    for (method, path) in [
        ("GET", "/ExternalBookingService?wsdl"),
        ("POST", "/ExternalBookingService"),
        ("GET", "/admin/v1/invitations"),
        ("GET", "/admin/v1/openapi.json"),
        ("GET", "/metrics"),
    ] {
        let answer = browser.send(method, path, &[], b"");
        assert_eq!(answer.status, 404, "{method} {path} on the people listener: {}", answer.body);
    }
    let cert = app.pki.client("CVR:12345678-FID:1");
    let config = client_config(&app.pki, Some(&cert), None, &[b"http/1.1"]);
    for path in ["/", "/login", "/invitation", "/static/app.css"] {
        let mut connection = connect_to(app.main, config.clone()).expect("a mutual TLS connection");
        let answer = connection.request("GET", path, &[], "").expect("an answer");
        assert_eq!(answer.status, 404, "GET {path} on the machines' listener");
    }
}

fn pages_carry_the_security_headers(app: &WebApp) {
    let page = app.browser().get("/login");
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").expect("a content security policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains("<html lang=\"da\">"), "{}", page.body);
}

both_backends!(
    machine_routes_are_not_on_the_people_listener_and_pages_not_on_the_machines,
    pages_carry_the_security_headers,
);
