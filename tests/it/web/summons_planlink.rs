//! The case system's plan-link lands in the staff web app, over real HTTP on both backends: a
//! link whose caseworker maps to an account signs that person in and opens the summons form
//! for the person it names (the CPR masked, never in a URL); a link opens once, before it
//! expires, and a changed link is refused; a link without an account asks to sign in and then
//! continues to the form.

use std::collections::BTreeMap;

use chrono::Duration;
use planner::adapters::settings::Secret;
use planner::domain::absence::{AbsenceReport, PersonNumber};
use planner::domain::people::{Cluster, Role};
use planner::edge::planlink::{sign, Keys};
use planner::store::{AbsenceMessage, IntakeOutcome};

use super::authorization::person;
use super::browser::WebApp;
use super::invitation::enrol;
use super::sign_in::sign_in;
use super::summons_one::{world, World};
use crate::support::backends::{both_backends, OnDatabase};
use crate::support::db::TestDb;
use crate::support::store::cpr;

/// The plan-link's shared key in these tests.
pub(super) const TOKEN: &str = "planlink-web-token-0123456789";

/// A web app that takes plan-links.
pub(super) struct LinkApp(pub WebApp);

impl OnDatabase for LinkApp {
    fn on(db: TestDb) -> Self {
        LinkApp(WebApp::with(db, |settings, _| settings.adapters.planlink.token = Some(Secret::new(TOKEN))))
    }
}

/// The query of a link for `person` and `caseworker`, made at the app's clock moved by `shift`.
pub(super) fn link(app: &WebApp, person: &str, caseworker: &str, shift: Duration) -> String {
    let keys = Keys::new(TOKEN, None, Duration::minutes(5));
    format!("/planlink?{}", sign(&keys, person, caseworker, app.clock.now() + shift).unwrap())
}

/// The absence intake's person of citizen `n` (the reference a plan-link names).
pub(super) fn absence_person(app: &WebApp, n: usize) -> String {
    let day = app.clock.now().date_naive();
    let message = AbsenceMessage {
        key: format!("XS/planlink-{n}"),
        body_sha256: format!("hash-{n}"),
        reports: vec![AbsenceReport {
            employer: "WG-1".into(),
            employee: format!("E-{n}"),
            person_number: Some(PersonNumber::Cpr(cpr(n))),
            case_id: format!("V-{n}"),
            sequence: 1,
            effective_on: day,
            first_day: day,
            percentage_hundredths: 10_000,
            ended: false,
            recovered_on: None,
        }],
    };
    let IntakeOutcome::Recorded(receipt) =
        app.store.record_absence_message(&message, &BTreeMap::new(), app.clock.now()).unwrap()
    else {
        panic!("recorded")
    };
    receipt["reports"][0]["person_id"].as_str().unwrap().to_owned()
}

fn outcomes(app: &WebApp, operation: &str) -> Vec<String> {
    let mut rows: Vec<_> = app.store.audit_tail(1000).unwrap();
    rows.retain(|row| row.entry.operation == operation);
    rows.sort_by_key(|row| row.id);
    rows.into_iter().map(|row| row.entry.outcome).collect()
}

/// The caseworker: a summoner whose account has the first counselor's e-mail address.
fn caseworker(app: &WebApp, w: &World) -> String {
    let counselor = &w.seed.counselors[0];
    person(app, &counselor.email, Role::Summoner, Cluster::Jobcenter(w.jobcenter.clone()));
    counselor.caseworker.as_str().to_owned()
}

fn a_link_signs_the_caseworker_in_and_opens_the_form_once(app: &LinkApp) {
    let app = &app.0;
    let w = world(app);
    let reference = absence_person(app, 80);
    let caseworker = caseworker(app, &w);
    let path = link(app, &reference, &caseworker, Duration::zero());
    let mut browser = app.browser();
    let opened = browser.get(&path);
    assert_eq!((opened.status, opened.location()), (303, "/summons/planlink"), "{}", opened.body);
    assert!(browser.cookies.contains_key("__Host-planner-session"), "signed in");
    assert!(browser.cookies.contains_key("__Host-planner-planlink"));
    let form = browser.get("/summons/planlink");
    assert_eq!(form.status, 200, "{}", form.body);
    for seen in ["Indkald en borger", "Borger: <strong>250190-****</strong>", "Find ledige tider"] {
        assert!(form.body.contains(seen), "{seen} not in {}", form.body);
    }
    assert!(!form.body.contains(cpr(80).expose_for_admin()) && !form.body.contains("name=\"cpr\""));
    assert!(!browser.cookies.contains_key("__Host-planner-planlink"), "the landing is used once");
    let offer = format!("tilbud:{}", w.seed.offer.id.as_str());
    let fields = [
        ("csrf", form.field("csrf")),
        ("borger", form.field("borger")),
        ("hvad", offer),
        ("fra", "2027-03-15".into()),
        ("til", "2027-03-19".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let proposals = browser.post("/summons/proposals", &fields);
    assert_eq!(proposals.status, 200, "{}", proposals.body);
    assert!(proposals.body.contains("250190-****") && proposals.body.contains("Mandag 15.03.2027"));
    let again = app.browser().get(&path);
    assert_eq!(again.status, 403);
    assert!(again.body.contains("allerede brugt"), "{}", again.body);
    let expired = app.browser().get(&link(app, &reference, &caseworker, Duration::minutes(-6)));
    assert_eq!(expired.status, 403);
    assert!(expired.body.contains("udløbet"), "{}", expired.body);
    let other = absence_person(app, 81);
    let tampered = link(app, &reference, &caseworker, Duration::zero()).replace(&reference, &other);
    let changed = app.browser().get(&tampered);
    assert_eq!(changed.status, 403);
    assert!(changed.body.contains("ugyldigt"), "{}", changed.body);
    assert!(!app.browser().cookies.contains_key("__Host-planner-session"));
    assert_eq!(outcomes(app, "web.planlink.open"), ["ok", "replayed", "refused", "refused"]);
    assert_eq!(outcomes(app, "web.planlink.sign_in"), ["ok"]);
    assert_eq!(outcomes(app, "web.planlink.land"), ["ok"]);
    let audit = format!("{:?}", app.store.audit_tail(1000).unwrap());
    assert!(!audit.contains(cpr(80).expose_for_admin()));
}

fn a_link_without_an_account_asks_to_sign_in_and_continues(app: &LinkApp) {
    let app = &app.0;
    let w = world(app);
    let reference = absence_person(app, 82);
    let grant =
        planner::domain::people::Grant::new(Role::Summoner, vec![Cluster::Jobcenter(w.jobcenter.clone())]);
    let email = planner::domain::people::Email::parse("sagsbehandler@kk.dk").unwrap();
    let (_, secret) = app.store.people().invite(&email, &grant.unwrap(), "test", app.clock.now()).unwrap();
    let someone = enrol(app, &mut app.browser(), &secret, "sagsbehandler@kk.dk", "Sara Sagsbehandler");
    let mut browser = app.browser();
    let opened = browser.get(&link(app, &reference, "CVR:12345678-FID:ukendt", Duration::zero()));
    assert_eq!((opened.status, opened.location()), (303, "/login"));
    assert!(!browser.cookies.contains_key("__Host-planner-session"));
    assert_eq!(browser.get("/summons/planlink").location(), "/login");
    assert_eq!(sign_in(app, &mut browser, &someone), "/summons/planlink");
    let form = browser.get("/summons/planlink");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("Borger: <strong>270190-****</strong>"), "{}", form.body);
    // Once used, the landing is gone.
    assert_eq!(browser.get("/summons/planlink").status, 403);
    // A reader lands nowhere.
    let mut reader = person(app, "laeser@kk.dk", Role::Reader, Cluster::Jobcenter(w.jobcenter.clone()));
    let reference = absence_person(app, 83);
    assert_eq!(
        reader.get(&link(app, &reference, "ukendt", Duration::zero())).location(),
        "/summons/planlink"
    );
    assert_eq!(reader.get("/summons/planlink").status, 403);
}

both_backends!(
    a_link_signs_the_caseworker_in_and_opens_the_form_once,
    a_link_without_an_account_asks_to_sign_in_and_continues
);
