//! The webhook delivery log over real HTTP on both backends: an administrator of a whole
//! jobcenter sees the deliveries to its recipients (not another jobcenter's, nor the
//! installation's), pages back through them, and redelivers a given-up one through the admin
//! API's store function, audited; one still queued or of a disabled recipient is refused (409)
//! and another jobcenter's is not found (404), nothing changed; other roles get 403. Deliveries
//! are made through the outbox's store functions, so no worker runs.

use planner::domain::people::{Cluster, Role};
use planner::domain::JobCenterCode;
use planner::store::{AttemptOutcome, NewRecipient, Topic};

use super::authorization::person;
use super::browser::{Browser, Page, WebApp};
use super::integration_logs::{at, refused_to_others, world};
use super::reports::table;
use crate::support::backends::both_backends;

/// A websub recipient `name` of `jobcenters`; answers its id.
fn recipient(app: &WebApp, name: &str, jobcenters: &[JobCenterCode]) -> i64 {
    let topics = vec!["*".to_owned()];
    let new = NewRecipient {
        name,
        url: "http://127.0.0.1:9/hooks",
        topics: &topics,
        secret: "s3cret-for-tests",
        kind: "websub",
        settings: "{}",
    };
    app.store.create_webhook_recipient(&new, jobcenters, at(0)).unwrap().unwrap().id
}

/// Writes a BookingCreated event of `jobcenter`; fanned out to its recipients.
fn event(app: &WebApp, booking: &str, jobcenter: &JobCenterCode) {
    let payload = serde_json::json!({ "booking_id": booking, "jobcenter": jobcenter.as_str() });
    app.store.enqueue_event(Topic::BookingCreated, booking, &payload, at(1)).unwrap();
    while app.store.fan_out_pending(at(1)).unwrap() > 0 {}
}

/// The newest delivery of recipient `id`, given up after one failed attempt.
fn given_up(app: &WebApp, id: i64) -> i64 {
    let delivery = app.store.webhook_log_of(id, 1, None).unwrap()[0].id;
    let failure = AttemptOutcome::Failure { http_status: Some(503), error: "svarede 503".into() };
    app.store.record_attempt(delivery, &failure, at(2), &[], Default::default()).unwrap();
    delivery
}

fn redeliver(browser: &mut Browser, delivery: i64) -> Page {
    let csrf = browser.get("/").field("csrf");
    browser.post(&format!("/follow-up/webhooks/deliveries/{delivery}/redeliver"), &[("csrf", &csrf)])
}

fn status_of(app: &WebApp, delivery: i64) -> (String, i32) {
    let entry = app.store.webhook_delivery(delivery).unwrap().unwrap();
    (entry.status.as_str().to_owned(), entry.attempts)
}

fn a_given_up_delivery_is_redelivered_by_an_administrator(app: &WebApp) {
    let w = world(app);
    let ours = recipient(app, "xs", std::slice::from_ref(&w.seed.jobcenter));
    let theirs = recipient(app, "andet", std::slice::from_ref(&w.other));
    app.store
        .add_webhook_recipient("hele-installationen", "http://127.0.0.1:9/", &["*".into()], "s3cret", at(0))
        .unwrap();
    event(app, "b-1", &w.seed.jobcenter);
    event(app, "b-2", &w.other);
    let delivery = given_up(app, ours);
    let foreign = given_up(app, theirs);

    let mut admin =
        person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(w.seed.jobcenter.clone()));
    let log = admin.get("/follow-up/webhooks");
    assert_eq!(log.status, 200, "{}", log.body);
    let rows = table(&log);
    assert_eq!(rows.len(), 1, "neither another jobcenter's recipient nor the installation's: {rows:?}");
    assert_eq!(
        rows[0][..8],
        [
            delivery.to_string(),
            "xs".into(),
            format!("BookingCreated nr. {}", app.store.webhook_delivery(delivery).unwrap().unwrap().event_id),
            "Opgivet".into(),
            "1".into(),
            "503".into(),
            "09.03.2027 08:00".into(),
            "svarede 503".into()
        ]
    );
    assert!(rows[0][8].contains("Send igen<span class=\"visually-hidden\"> levering"), "{rows:?}");
    assert!(!log.body.contains("s3cret") && !log.body.contains("127.0.0.1:9"), "no secret, no address");
    assert_eq!(admin.get(&format!("/follow-up/webhooks?recipient={theirs}")).status, 404);
    assert_eq!(admin.get("/follow-up/webhooks?recipient=x").status, 404);
    assert_eq!(table(&admin.get(&format!("/follow-up/webhooks?recipient={ours}"))).len(), 1);

    let done = redeliver(&mut admin, delivery);
    assert_eq!(
        (done.status, done.location()),
        (303, format!("/follow-up/webhooks?recipient={ours}&done=redelivered").as_str())
    );
    assert_eq!(status_of(app, delivery), ("pending".into(), 1), "queued again, its attempts kept");
    let after = admin.get(done.location());
    assert!(after.body.contains("Leveringen er sat i kø igen og sendes om lidt."), "{}", after.body);
    assert_eq!(table(&after)[0][3..5], ["Venter", "1"]);
    assert_eq!(table(&after)[0][8], "–", "a queued delivery is not offered again");

    let again = redeliver(&mut admin, delivery);
    assert_eq!(again.status, 409);
    assert!(again.body.contains("Leveringen er stadig i kø"));
    assert_eq!(redeliver(&mut admin, foreign).status, 404, "another jobcenter's delivery");
    assert_eq!(status_of(app, foreign), ("given_up".into(), 1), "unchanged");
    assert_eq!(redeliver(&mut admin, 999_999).status, 404);
    let forged =
        admin.post(&format!("/follow-up/webhooks/deliveries/{delivery}/redeliver"), &[("csrf", "x")]);
    assert_eq!(forged.status, 403);

    let mut summoner = person(app, "ind@kk.dk", Role::Summoner, Cluster::Jobcenter(w.seed.jobcenter.clone()));
    assert_eq!(redeliver(&mut summoner, foreign).status, 403);
    refused_to_others(app, &w, &["/follow-up/webhooks"]);

    let audit = app.store.audit_tail(100).unwrap();
    let rows: Vec<_> = audit.iter().filter(|r| r.entry.operation == "web.webhooks.redeliver").collect();
    let outcomes: Vec<&str> = rows.iter().map(|r| r.entry.outcome.as_str()).collect();
    assert_eq!(outcomes, ["ok", "conflict"], "what is not found or not theirs writes no row");
    assert_eq!(
        rows[0].entry.detail.as_deref(),
        Some(format!("webhook.id={ours} delivery.id={delivery}").as_str())
    );
    assert_eq!(rows[0].entry.jobcenter.as_deref(), Some("00101"));
    assert!(rows[0].entry.caller.starts_with("account:"));
}

fn a_disabled_recipient_is_not_redelivered_and_the_log_is_paged(app: &WebApp) {
    let w = world(app);
    let ours = recipient(app, "xs", std::slice::from_ref(&w.seed.jobcenter));
    for n in 0..52 {
        event(app, &format!("b-{n}"), &w.seed.jobcenter);
    }
    let delivery = given_up(app, ours);
    let mut admin =
        person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(w.seed.jobcenter.clone()));
    let first = admin.get("/follow-up/webhooks");
    let rows = table(&first);
    assert_eq!((rows.len(), rows[0][0].clone()), (50, delivery.to_string()));
    let last = rows[49][0].clone();
    let older = format!("href=\"/follow-up/webhooks?recipient=&amp;before={last}\">Ældre leveringer</a>");
    assert!(first.body.contains(&older), "{}", first.body);
    let second = admin.get(&format!("/follow-up/webhooks?recipient=&before={last}"));
    assert_eq!(table(&second).len(), 2);
    assert!(second.body.contains("Nyeste leveringer") && !second.body.contains("Ældre leveringer"));

    assert!(app.store.set_webhook_recipient_enabled(ours, false).unwrap());
    let shown = admin.get("/follow-up/webhooks");
    assert!(shown.body.contains("xs (slået fra)"));
    assert_eq!(table(&shown)[0][8], "–", "not offered while disabled");
    let refused = redeliver(&mut admin, delivery);
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("slået fra eller fjernet"));
    assert_eq!(status_of(app, delivery), ("given_up".into(), 1));
}

both_backends!(
    a_given_up_delivery_is_redelivered_by_an_administrator,
    a_disabled_recipient_is_not_redelivered_and_the_log_is_paged,
);
