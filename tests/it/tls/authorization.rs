//! Completed handshakes that the dispatcher refuses with fault 4575, each leaving an audit row
//! with the certificate identity: an unregistered caller, a disabled one, a caseworker system
//! calling a DFDG operation, and a caller acting for a jobcenter it does not serve. Also: the
//! identity comes from the certificate only, never from the plain-HTTP caller header.

use planner::domain::Role;
use planner::tls::IdentityAttribute;

use crate::support::seed::{register, seed};
use crate::tls::app::{spawn, spawn_with, Options};
use crate::tls::pki::Pki;
use crate::tls::{case_workers_fields, DFDG, KSS};

#[test]
fn an_unregistered_caller_gets_4575_and_an_audit_row() {
    let app = spawn();
    let seeded = seed(&app.store);
    let stranger = "CVR:11111111-UUID:2d3e4f50-6172-4839-8a4b-5c6d7e8f9012";
    let cert = app.pki.client(stranger);
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.status, 500);
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].entry.caller, stranger);
    assert_eq!(audit[0].entry.outcome, "4575");
    assert_eq!(audit[0].entry.operation, "GetSelfbookCaseWorkers");
}

#[test]
fn the_caller_header_is_ignored_over_tls() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], true);
    let stranger = "CVR:11111111-UUID:3e4f5061-7283-494a-9b5c-6d7e8f901234";
    let cert = app.pki.client(stranger);
    let mut connection =
        app.connect(crate::tls::app::client_config(&app.pki, Some(&cert), None, &[])).unwrap();
    let fields = case_workers_fields(&seeded.offer.id);
    let response = connection.soap("GetSelfbookCaseWorkers", &fields, &[("X-Planner-Caller", DFDG)]).unwrap();
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    assert_eq!(app.store.audit_tail(10).unwrap()[0].entry.caller, stranger);
}

#[test]
fn a_disabled_caller_gets_4575() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.jobcenter], false);
    let cert = app.pki.client(DFDG);
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!((audit[0].entry.caller.as_str(), audit[0].entry.outcome.as_str()), (DFDG, "4575"));
}

#[test]
fn a_caseworker_system_may_not_call_a_dfdg_operation() {
    let app = spawn();
    let seeded = seed(&app.store);
    register(&app.store, KSS, Role::CaseworkerSystem, &[&seeded.jobcenter], true);
    let cert = app.pki.client(KSS);
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    let audit = app.store.audit_tail(10).unwrap();
    assert_eq!((audit[0].entry.caller.as_str(), audit[0].entry.outcome.as_str()), (KSS, "4575"));
}

#[test]
fn a_caller_may_not_act_for_a_jobcenter_it_does_not_serve() {
    let app = spawn();
    let seeded = seed(&app.store);
    // Registered for 00147 only; the offer belongs to 00101.
    register(&app.store, DFDG, Role::Dfdg, &[&seeded.other_jobcenter], true);
    let cert = app.pki.client(DFDG);
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    // Its own jobcenter's offer works on the same certificate.
    let response = app
        .soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.other_offer.id))
        .unwrap();
    assert_eq!(response.status, 200, "{}", response.body);
    let outcomes: Vec<String> =
        app.store.audit_tail(10).unwrap().into_iter().map(|row| row.entry.outcome).collect();
    assert_eq!(outcomes, ["4575", "ok"]);
}

#[test]
fn a_certificate_without_the_identity_attribute_gets_4575() {
    let app = spawn();
    let seeded = seed(&app.store);
    let cert = app.pki.client_with_organization(None, "NTRDK-55568510");
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.fault_code(), Some(4575), "{}", response.body);
    assert_eq!(app.store.audit_tail(10).unwrap()[0].entry.caller, "-");
}

#[test]
fn the_identity_attribute_can_be_organization_identifier() {
    let app = spawn_with(
        Pki::new(),
        Options { attribute: IdentityAttribute::OrganizationIdentifier, ..Options::default() },
    );
    let seeded = seed(&app.store);
    register(&app.store, "NTRDK-55568510", Role::Dfdg, &[&seeded.jobcenter], true);
    let cert = app.pki.client_with_organization(Some(DFDG), "NTRDK-55568510");
    let response =
        app.soap_as(Some(&cert), "GetSelfbookCaseWorkers", &case_workers_fields(&seeded.offer.id)).unwrap();
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(app.store.audit_tail(10).unwrap()[0].entry.caller, "NTRDK-55568510");
}
