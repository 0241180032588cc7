//! The follow-up pages in a real browser (headless Chromium, see `chromium.rs`), walked by an
//! administrator of the jobcenter from the start page: the booking search and its results, a
//! booking's page, the calendar conflict queue with a conflict resolved, DFDG's WSRM log (with a
//! filter that does not read) and error reports, the webhook delivery log with a redeliver, and
//! the audit search with its results and a field's error. Every page state passes axe's WCAG
//! 2.1 AA rules and is saved as screenshots at both sizes.
//!
//! SQLite only: the pages are the same on both backends, and the HTTP tests beside them
//! (`follow_up.rs`, `conflicts.rs`, `integration_logs.rs`, `audit_search.rs`) cover both.

use chrono::Duration;
use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::store::{AttemptOutcome, DfdgChange, DfdgMessage, ErrorReport, NewRecipient, PushMode, Topic};

use super::browser::WebApp;
use super::chromium::{sign_in, Chromium};
use super::invitation::{enrol, Person};
use crate::support::backends::OnDatabase;
use crate::support::db::fresh_sqlite;
use crate::support::store::{self as seeds, cpr, local, now, request, window};

/// Two bookings (10:00 and 11:00), the first overlapped by a counselor's own calendar, DFDG's messages and reports, and
/// a webhook delivery given up; answers the given-up delivery's id.
fn world(app: &WebApp, seed: &seeds::Seed) -> i64 {
    for (n, counselor) in seed.counselors.iter().enumerate() {
        let citizen = cpr(60 + n);
        let start = local(2, 10 + n as u32, 0);
        let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, start), now()).unwrap();
        app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    }
    let event = ExternalEvent {
        key: EventKey::parse("outlook-1").unwrap(),
        resource: seed.counselors[0].email.clone(),
        interval: window(local(2, 10, 30), local(2, 11, 30)),
    };
    let scope = [seed.jobcenter.clone()];
    app.store.push_events("connector", &scope, PushMode::Create, &[event], now()).unwrap();
    let received = app.clock.now() - Duration::hours(1);
    let messages = [
        DfdgChange::Create(seeds::registration(seed, &cpr(70), local(16, 10, 0))),
        DfdgChange::Unreadable("JobCenterCode must be 5 digits".into()),
    ];
    for (n, change) in messages.into_iter().enumerate() {
        let message = DfdgMessage {
            id: uuid::Uuid::new_v4().to_string(),
            service: "IndkaldelseMessageService".into(),
            change,
        };
        app.store.apply_dfdg_message(&message, received + Duration::seconds(n as i64)).unwrap();
    }
    let report = ErrorReport {
        offer: Some(seed.offer.id.clone()),
        booking: None,
        code: 120,
        text: Some("Mødetilbuddet findes ikke hos Jobnet".into()),
        origin: 32,
        reported_at: received,
    };
    app.store.record_error_report("CVR:55568510-FID:dfdg", &report, received).unwrap();
    let topics = vec!["*".to_owned()];
    let new = NewRecipient {
        name: "xs-sagssystem",
        url: "http://127.0.0.1:9/hooks",
        topics: &topics,
        secret: "s3cret-for-tests",
        kind: "websub",
        settings: "{}",
    };
    let recipient = app.store.create_webhook_recipient(&new, &scope, received).unwrap().unwrap();
    let payload = serde_json::json!({ "booking_id": "b-1", "jobcenter": seed.jobcenter.as_str() });
    app.store.enqueue_event(Topic::BookingCreated, "b-1", &payload, received).unwrap();
    app.store.fan_out_pending(received).unwrap();
    let delivery = app.store.webhook_log_of(recipient.id, 1, None).unwrap()[0].id;
    let failure = AttemptOutcome::Failure { http_status: Some(503), error: "svarede 503".into() };
    app.store.record_attempt(delivery, &failure, received, &[], Default::default()).unwrap();
    delivery
}

/// An administrator of the whole jobcenter with a password and an authenticator.
fn administrator(app: &WebApp, seed: &seeds::Seed) -> Person {
    let grant = Grant::new(Role::Administrator, vec![Cluster::Jobcenter(seed.jobcenter.clone())]).unwrap();
    let email = "ada@kommune.dk";
    let (_, secret) =
        app.store.people().invite(&Email::parse(email).unwrap(), &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, email, "Ada Administrator")
}

#[test]
fn an_administrator_follows_up_on_bookings_integrations_and_the_audit() {
    let app = WebApp::on(fresh_sqlite());
    let seed = seeds::seed(&app.store, 2);
    let delivery = world(&app, &seed);
    let ada = administrator(&app, &seed);
    let Some(mut chromium) = Chromium::start(&app, "followup") else { return };
    sign_in(&mut chromium, &app, &ada);
    let home = chromium.check("home");
    assert!(home.text.contains("Revisionslog") && home.text.contains("Webhook-leveringer"), "{home:?}");

    assert_eq!(chromium.click("link", "Søg bookinger"), 200);
    chromium.check("booking-search");
    assert_eq!(chromium.click("button", "Søg"), 200);
    let results = chromium.check("booking-results");
    assert!(results.text.contains("3 bookinger"), "two booked here, one from DFDG's queue: {results:?}");
    assert_eq!(chromium.texts("table tbody tr").len(), 3);
    assert_eq!(chromium.click("link", "02.03.2027 10:00"), 200);
    let booking = chromium.check("booking");
    assert_eq!(booking.heading.as_deref(), Some("Booking Tirsdag 02.03.2027 kl. 10:00–10:45"));

    assert_eq!(chromium.goto("/"), 200);
    assert_eq!(chromium.click("link", "Kalenderkonflikter"), 200);
    let queue = chromium.check("conflicts");
    assert!(queue.text.contains("Rådgiver0 Jensen: Tirsdag 02.03.2027 kl. 10:30–11:30"), "{queue:?}");
    chromium.fill("Hvad er gjort?", "Vejlederen har flyttet sin egen aftale");
    assert_eq!(chromium.click("button", "Markér som løst"), 200);
    let resolved = chromium.check("conflict-resolved");
    assert!(resolved.alerts.iter().any(|a| a == "Konflikten er markeret som løst."), "{resolved:?}");

    assert_eq!(chromium.goto("/"), 200);
    assert_eq!(chromium.click("link", "DFDG's beskedlog"), 200);
    let log = chromium.check("dfdg-messages");
    assert!(
        log.text.contains("Gennemført") && log.text.contains("JobCenterCode must be 5 digits"),
        "{log:?}"
    );
    assert_eq!(chromium.goto("/follow-up/dfdg/messages?outcome=lost"), 422);
    let refused = chromium.check("dfdg-messages-error");
    assert!(refused.alerts.iter().any(|a| a.contains("Vælg Gennemført, Afvist eller Alle.")), "{refused:?}");
    assert_eq!(chromium.click("link", "DFDG's fejlmeldinger"), 200);
    let reports = chromium.check("dfdg-reports");
    assert!(reports.text.contains("Mødetilbuddet findes ikke hos Jobnet"), "{reports:?}");

    assert_eq!(chromium.goto("/"), 200);
    assert_eq!(chromium.click("link", "Webhook-leveringer"), 200);
    let deliveries = chromium.check("webhooks");
    assert!(deliveries.text.contains("Opgivet") && deliveries.text.contains("svarede 503"), "{deliveries:?}");
    assert_eq!(chromium.click("button", &format!("Send igen levering {delivery}")), 200);
    let redelivered = chromium.check("webhooks-redelivered");
    assert!(
        redelivered.alerts.iter().any(|a| a.starts_with("Leveringen er sat i kø igen")),
        "{redelivered:?}"
    );
    assert!(redelivered.text.contains("Venter"));
    let entry = app.store.webhook_delivery(delivery).unwrap().unwrap();
    assert_eq!(entry.status.as_str(), "pending");

    assert_eq!(chromium.goto("/"), 200);
    assert_eq!(chromium.click("link", "Revisionslog"), 200);
    chromium.check("audit");
    chromium.fill("Handling (valgfri)", "web.webhooks.*");
    assert_eq!(chromium.click("button", "Søg"), 200);
    let found = chromium.check("audit-results");
    assert!(
        found.text.contains("web.webhooks.redeliver") && found.text.contains("Ada Administrator"),
        "{found:?}"
    );
    chromium.fill("Udfald (valgfri)", "<ok>");
    assert_eq!(chromium.click("button", "Søg"), 422);
    let wrong = chromium.check("audit-error");
    assert!(wrong.alerts.iter().any(|a| a.contains("Skriv et udfald som fx ok")), "{wrong:?}");
}
