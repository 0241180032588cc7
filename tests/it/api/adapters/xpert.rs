//! The Xpert Suite sync against a fake XS server started in the test: one login with a TOTP code
//! the server checks, the token reused, appointment create/reschedule/cancel/complete/no-show/
//! lapse bodies; and status changes posted by XS, applied through the planner's rules.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::adapters::settings::{AdapterSettings, Secret, XpertSettings};
use planner::adapters::webhooks::{sign, WebhookClient};
use planner::adapters::xpert;
use planner::domain::{Action, BookingId, Cpr, Originator};
use planner::store::ReserveRequest;

use super::fake_xs::{FakeXs, CLIENT_ID, CLIENT_SECRET, TOTP_SECRET};
use super::support::{ok, problem, spawn, Adapted, Seeded, XS};
use crate::api::soap::support::cpr;

const WEBHOOK_SECRET: &str = "xs-webhook-secret-0123456789";

fn xpert_settings(base_url: String) -> XpertSettings {
    XpertSettings {
        base_url,
        token_path: "/oauth2/token".into(),
        appointments_path: "/api/v1/appointments".into(),
        client_id: CLIENT_ID.into(),
        client_secret: Secret::new(CLIENT_SECRET),
        totp_secret: Secret::new(TOTP_SECRET),
        webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
        consultation_type: "Spreekuur bedrijfsarts".into(),
        provider: "Jobcenter København".into(),
        trajectory_type: "Verzuim".into(),
        task_codes: vec!["PASignaal_LG".into(), "PrintTaak".into()],
        field_prefix: "PAVeld_".into(),
    }
}

fn start(fake: &FakeXs) -> (Adapted, Dispatcher) {
    let url = fake.url();
    let adapted = spawn(move |_: &Seeded, adapters: &mut AdapterSettings| {
        adapters.xpert = Some(xpert_settings(url));
    });
    let settings = adapted.app.store.clone();
    let dispatcher = Dispatcher::new(
        WebhookClient::default(),
        vec![StdDuration::from_secs(1)],
        StdDuration::from_secs(60),
    );
    let xs = xpert_settings(fake.url());
    let dispatcher = xpert::configure(&settings, Some(&xs), dispatcher, Utc::now()).unwrap();
    (adapted, dispatcher)
}

/// Free starts of the seeded offer with its first counselor, each at least three hours after
/// the one before.
fn starts(adapted: &Adapted) -> Vec<DateTime<Utc>> {
    let now = Utc::now();
    let window = planner::domain::Interval::new(now + Duration::days(3), now + Duration::days(10)).unwrap();
    let counselor = &adapted.seeded.counselors[0];
    let times = adapted
        .app
        .store
        .offer_times(&adapted.seeded.offer.id, window, Some(&counselor.caseworker), now)
        .unwrap();
    let mut starts: Vec<DateTime<Utc>> = Vec::new();
    for time in &times.times {
        let start = time.interval.start();
        if starts.last().is_none_or(|last| start >= *last + Duration::hours(3)) {
            starts.push(start);
        }
    }
    starts
}

/// Self-books citizen `n` at `start` (with the first counselor); returns the booking id.
fn book(adapted: &Adapted, n: usize, start: DateTime<Utc>, rebooking: Option<&BookingId>) -> BookingId {
    let store = &adapted.app.store;
    let citizen = Cpr::parse(&cpr(n)).unwrap();
    let request = ReserveRequest {
        cpr: citizen.clone(),
        offer: Some(adapted.seeded.offer.id.clone()),
        caseworker: adapted.seeded.counselors[0].caseworker.clone(),
        start,
        contact_type: None,
        rebooking: rebooking.cloned(),
    };
    let reservation = store.reserve(&request, Utc::now()).unwrap();
    let booking = match rebooking {
        Some(id) => store.reschedule(&citizen, id, &reservation.id, Utc::now()).unwrap(),
        None => store
            .confirm(&citizen, &reservation.id, Originator { code: 101, type_id: 8 }, Utc::now())
            .unwrap(),
    };
    booking.id
}

fn deliver_all(adapted: &Adapted, dispatcher: &Dispatcher) {
    deliver_due(adapted, dispatcher, Utc::now());
}

/// Delivers every event due at `now`.
fn deliver_due(adapted: &Adapted, dispatcher: &Dispatcher, now: DateTime<Utc>) {
    loop {
        match try_deliver_next(&adapted.app.store, dispatcher, now).unwrap() {
            Outcome::Delivered { .. } => {}
            Outcome::Failed { delivery_id } => panic!("delivery {delivery_id} failed"),
            Outcome::Nothing => break,
        }
    }
}

#[test]
fn bookings_reach_xs_as_appointments_with_one_login() {
    let fake = FakeXs::start();
    let (adapted, dispatcher) = start(&fake);
    let starts = starts(&adapted);
    let (first, later) = (starts[0], starts[1]);
    let store = &adapted.app.store;

    let booking = book(&adapted, 1, first, None);
    deliver_all(&adapted, &dispatcher);
    let calls = fake.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!((calls[0].method.as_str(), calls[0].path.as_str()), ("POST", "/api-base/api/v1/appointments"));
    assert_eq!(calls[0].authorization.as_deref(), Some("Bearer tok-1"));
    let created = calls[0].json();
    assert_eq!(created["externalId"], booking.as_str());
    assert_eq!(created["consultationType"], "Spreekuur bedrijfsarts");
    assert_eq!(created["provider"], "Jobcenter København");
    assert_eq!(created["trajectoryType"], "Verzuim");
    assert_eq!(created["status"], "Ingepland");
    assert_eq!(created["durationHours"], "0.75");
    assert_eq!(created["fields"]["PAVeld_BookingId"], booking.as_str());
    assert_eq!(created["fields"]["PAVeld_Jobcenter"], "00101");
    let local_start = first.with_timezone(&planner::domain::ZONE).to_rfc3339();
    assert_eq!(created["start"], local_start.as_str());
    assert!(!calls[0].body.contains(&cpr(1)), "never the CPR: {}", calls[0].body);

    book(&adapted, 1, later, Some(&booking));
    deliver_all(&adapted, &dispatcher);
    let moved = fake.calls()[1].clone();
    assert_eq!((moved.method.as_str(), moved.path.as_str()), ("PUT", "/api-base/api/v1/appointments/XS-1"));
    assert_eq!(moved.json()["previousStart"], local_start.as_str(), "a reschedule carries the old time");
    assert_eq!(moved.json()["start"], later.with_timezone(&planner::domain::ZONE).to_rfc3339().as_str());

    // Marked held once the meeting has begun; its event is due from then.
    let held_at = later + Duration::minutes(1);
    store.staff_action(&booking, Action::Complete, None, held_at).unwrap();
    deliver_due(&adapted, &dispatcher, held_at);
    let completed = fake.calls()[2].clone();
    assert_eq!(completed.path, "/api-base/api/v1/appointments/XS-1/complete");
    assert_eq!(completed.json()["taskCodes"], serde_json::json!(["PASignaal_LG", "PrintTaak"]));
    assert_eq!(completed.json()["status"], "Voltooid");

    let other = book(&adapted, 2, first, None);
    store.staff_action(&other, Action::Cancel, None, Utc::now()).unwrap();
    let third = book(&adapted, 3, first, None);
    let begun = first + Duration::minutes(1);
    store.staff_action(&third, Action::NoShow, None, begun).unwrap();
    store.staff_action(&third, Action::CorrectNoShow, None, begun).unwrap();
    store.staff_action(&third, Action::MarkLapsed, Some("sygdom"), begun).unwrap();
    deliver_due(&adapted, &dispatcher, begun);
    let rest: Vec<(String, String)> =
        fake.calls()[3..].iter().map(|s| (s.method.clone(), s.path.clone())).collect();
    let base = "/api-base/api/v1/appointments";
    let expected = [
        ("POST", base.to_owned()),
        ("DELETE", format!("{base}/XS-1")),
        ("POST", base.to_owned()),
        ("POST", format!("{base}/XS-1/noshow")),
        ("POST", format!("{base}/XS-1/noshow-correction")),
        ("POST", format!("{base}/XS-1/lapse")),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(m, p)| ((*m).to_owned(), p.clone())).collect();
    assert_eq!(rest, expected);
    assert_eq!(fake.calls().last().unwrap().json()["reason"], "sygdom");
    assert_eq!(fake.logins(), 1, "the token is fetched once and reused: {:?}", fake.seen());
}

fn post_change(adapted: &Adapted, delivery: &str, body: &serde_json::Value) -> crate::support::app::Response {
    let body = body.to_string();
    let signature = sign(WEBHOOK_SECRET.as_bytes(), body.as_bytes());
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Planner-Caller", XS),
        ("X-Hub-Signature", signature.as_str()),
        ("X-Delivery-Id", delivery),
    ];
    adapted.app.request("POST", "/adapters/xpert/webhook", &headers, body.as_bytes())
}

#[test]
fn status_changes_from_xs_follow_the_planner_rules_in_both_directions() {
    let fake = FakeXs::start();
    let (adapted, _dispatcher) = start(&fake);
    let starts = starts(&adapted);
    let (first, later) = (starts[0], starts[1]);
    let store = &adapted.app.store;
    let status = |id: &BookingId| store.booking(id, None).unwrap().status.as_str();

    let done = book(&adapted, 1, first, None);
    let complete = serde_json::json!({ "externalId": done.as_str(), "status": "Voltooid" });
    let answer = ok(&post_change(&adapted, "d-1", &complete), 200);
    assert_eq!(answer["status"], "Completed");
    assert_eq!(
        ok(&post_change(&adapted, "d-1", &complete), 200),
        answer,
        "a redelivery gets the same answer"
    );
    let moved =
        serde_json::json!({ "externalId": done.as_str(), "status": "Verplaatst", "start": local(starts[3]) });
    let refused = problem(&post_change(&adapted, "d-2", &moved), 409);
    assert!(refused["detail"].as_str().unwrap().contains("Completed"), "{refused}");
    assert_eq!(status(&done), "Completed", "a completed booking is locked");

    let billed = book(&adapted, 2, later, None);
    store.mark_billed(&billed, Utc::now()).unwrap();
    let events = store.pending_events(1000).unwrap().len();
    for (delivery, change) in [("d-3", "Verwijderd"), ("d-4", "Verplaatst")] {
        let body =
            serde_json::json!({ "externalId": billed.as_str(), "status": change, "start": local(starts[3]) });
        let refused = problem(&post_change(&adapted, delivery, &body), 409);
        assert!(refused["detail"].as_str().unwrap().contains("billing"), "{change}: {refused}");
        let again = problem(&post_change(&adapted, delivery, &body), 409);
        assert_eq!(again["detail"], refused["detail"], "a refused redelivery gets the same answer");
    }
    assert_eq!(status(&billed), "Booked");
    assert_eq!(store.pending_events(1000).unwrap().len(), events, "refused changes change nothing");
    let lapse = serde_json::json!({ "externalId": billed.as_str(), "status": "Vervallen", "reason": "ziek" });
    assert_eq!(
        ok(&post_change(&adapted, "d-5", &lapse), 200)["status"],
        "Lapsed",
        "a billed booking only lapses"
    );

    let absent = book(&adapted, 3, starts[2], None);
    let no_show =
        serde_json::json!({ "externalId": absent.as_str(), "status": "No-show", "noShowType": "01" });
    assert_eq!(ok(&post_change(&adapted, "d-6", &no_show), 200)["status"], "NoShow");
    let corrected = serde_json::json!({ "externalId": absent.as_str(), "status": "NoShowGecorrigeerd" });
    assert_eq!(ok(&post_change(&adapted, "d-7", &corrected), 200)["status"], "Booked");

    // A wrong signature is refused before anything is read.
    let body = serde_json::json!({ "externalId": absent.as_str(), "status": "Voltooid" }).to_string();
    let headers = [("X-Planner-Caller", XS), ("X-Hub-Signature", "sha256=00"), ("X-Delivery-Id", "d-8")];
    problem(&adapted.app.request("POST", "/adapters/xpert/webhook", &headers, body.as_bytes()), 403);
    assert_eq!(status(&absent), "Booked");
}

#[test]
fn a_revoked_token_fails_one_attempt_and_the_retry_logs_in_again() {
    let fake = FakeXs::start();
    let (adapted, dispatcher) = start(&fake);
    let starts = starts(&adapted);
    book(&adapted, 1, starts[0], None);
    deliver_all(&adapted, &dispatcher);
    fake.revoke();
    book(&adapted, 2, starts[1], None);
    let store = &adapted.app.store;
    let failed = try_deliver_next(store, &dispatcher, Utc::now()).unwrap();
    assert!(matches!(failed, Outcome::Failed { .. }), "{failed:?}");
    assert_eq!(fake.calls().last().unwrap().status, 401);
    // The retry is due a second later (the test schedule); it logs in again and succeeds.
    let retried = try_deliver_next(store, &dispatcher, Utc::now() + Duration::seconds(2)).unwrap();
    assert!(matches!(retried, Outcome::Delivered { .. }), "{retried:?}");
    assert_eq!(fake.logins(), 2, "{:?}", fake.seen());
    assert_eq!(fake.calls().last().unwrap().status, 201);
}

fn local(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&planner::domain::ZONE).to_rfc3339()
}

fn rescheduled_events(adapted: &Adapted) -> usize {
    let events = adapted.app.store.pending_events(1000).unwrap();
    events.iter().filter(|e| e.topic == "BookingRescheduled").count()
}

#[test]
fn a_move_made_in_xs_is_accepted_while_planned_and_unbilled_and_not_echoed() {
    let fake = FakeXs::start();
    let (adapted, dispatcher) = start(&fake);
    let starts = starts(&adapted);
    let store = &adapted.app.store;
    let booking = book(&adapted, 1, starts[0], None);
    deliver_all(&adapted, &dispatcher);
    assert_eq!(fake.calls().len(), 1, "created in XS");

    // Bad input is refused naming the field, and not remembered.
    let no_start = serde_json::json!({ "externalId": booking.as_str(), "status": "Verplaatst" });
    assert_eq!(problem(&post_change(&adapted, "m-1", &no_start), 422)["errors"][0]["field"], "start");
    let longer = serde_json::json!({
        "externalId": booking.as_str(), "status": "Verplaatst",
        "start": local(starts[1]), "end": local(starts[1] + Duration::minutes(90)),
    });
    assert_eq!(problem(&post_change(&adapted, "m-1", &longer), 422)["errors"][0]["field"], "end");

    let moved = serde_json::json!({
        "externalId": booking.as_str(), "status": "Verplaatst",
        "start": local(starts[1]), "end": local(starts[1] + Duration::minutes(45)),
    });
    let answer = ok(&post_change(&adapted, "m-1", &moved), 200);
    assert_eq!(answer["status"], "Booked");
    assert_eq!(store.booking(&booking, None).unwrap().interval.start(), starts[1]);
    assert_eq!(ok(&post_change(&adapted, "m-1", &moved), 200), answer, "a redelivery gets the same answer");
    assert_eq!(rescheduled_events(&adapted), 1, "applied once");
    // XS made the move itself: nothing is sent back.
    deliver_all(&adapted, &dispatcher);
    assert_eq!(fake.calls().len(), 1, "no echo: {:?}", fake.calls());

    // A planner move afterwards is sent once, with the time XS holds as the previous one.
    let to = planner::store::StaffMove { start: starts[2], counselor: None };
    store.reschedule_by_staff(&booking, &to, Utc::now()).unwrap();
    deliver_all(&adapted, &dispatcher);
    let calls = fake.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(
        (calls[1].method.as_str(), calls[1].path.as_str()),
        ("PUT", "/api-base/api/v1/appointments/XS-1")
    );
    assert_eq!(calls[1].json()["previousStart"], local(starts[1]).as_str());
    assert_eq!(calls[1].json()["start"], local(starts[2]).as_str());
    deliver_all(&adapted, &dispatcher);
    assert_eq!(fake.calls().len(), 2, "exactly once");

    // Onto a taken time: 409 with the reason, nothing changes, and the same on redelivery.
    book(&adapted, 2, starts[3], None);
    let events = store.pending_events(1000).unwrap().len();
    let clash = serde_json::json!({ "externalId": booking.as_str(), "status": "Verplaatst", "start": local(starts[3]) });
    let refused = problem(&post_change(&adapted, "m-2", &clash), 409);
    assert!(refused["detail"].as_str().unwrap().contains("no longer available"), "{refused}");
    assert_eq!(problem(&post_change(&adapted, "m-2", &clash), 409)["detail"], refused["detail"]);
    assert_eq!(store.booking(&booking, None).unwrap().interval.start(), starts[2]);
    assert_eq!(store.pending_events(1000).unwrap().len(), events, "refused moves change nothing");
}
