//! Bookings over the admin API: search (jobcenter required; counselor, period, status, channel;
//! by citizen only with the CPR in a POST body, never in a URL), the CPR only in the
//! single-booking read, and the staff actions with their outbox events.

use serde_json::json;

use super::support::{booking, cpr, invalid, ok, problem, seed, topics, ADMIN};
use crate::support::app::spawn_app;

#[test]
fn search_filters_and_shows_the_cpr_only_in_the_single_read() {
    let app = spawn_app();
    let seeded = seed(&app);
    let first = booking(&app, 1, &seeded.counselors[0].caseworker, &seeded.jobcenter, 2);
    let second = booking(&app, 2, &seeded.counselors[1].caseworker, &seeded.jobcenter, 5);
    let all = ok(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101"), 200);
    let ids: Vec<&str> = all.as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    assert!(all.as_array().unwrap().iter().all(|b| b.get("cpr").is_none()), "no CPR in searches");
    let by_counselor = format!("/admin/v1/bookings?jobcenter=00101&counselor={}", seeded.counselors[1].id);
    assert_eq!(ok(&app.admin_get(ADMIN, &by_counselor), 200)[0]["id"], second.as_str());
    // A CPR travels in a body, never in a URL.
    let by_citizen = json!({"jobcenter": "00101", "cpr": cpr(1)});
    let found = ok(&app.admin_post(ADMIN, "/admin/v1/bookings/search", &by_citizen), 200);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], first.as_str());
    assert!(found[0].get("cpr").is_none(), "no CPR in searches");
    let refused = app.admin_get(ADMIN, &format!("/admin/v1/bookings?jobcenter=00101&cpr={}", cpr(1)));
    let refused = invalid(&refused, "cpr");
    assert!(refused.to_string().contains("POST /admin/v1/bookings/search"), "{refused}");
    let by_body = |body: serde_json::Value| app.admin_post(ADMIN, "/admin/v1/bookings/search", &body);
    let everything = ok(&by_body(json!({"jobcenter": "00101", "status": "Booked"})), 200);
    assert_eq!(everything.as_array().unwrap().len(), 2);
    invalid(&by_body(json!({"jobcenter": "00101", "cpr": "12345"})), "cpr");
    invalid(&by_body(json!({"cpr": cpr(1)})), "jobcenter");
    invalid(&by_body(json!({"jobcenter": "00101", "limit": "many"})), "limit");
    let channel = ok(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&channel=SelfBooking"), 200);
    assert_eq!(channel, json!([]));
    let status = ok(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&status=Booked"), 200);
    assert_eq!(status.as_array().unwrap().len(), 2);
    let far = "/admin/v1/bookings?jobcenter=00101&from=2099-01-01T00:00:00Z&to=2099-02-01T00:00:00Z";
    assert_eq!(ok(&app.admin_get(ADMIN, far), 200), json!([]));

    let one = ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{first}")), 200);
    assert_eq!(one["cpr"], cpr(1));
    assert_eq!(one["channel"], "CaseworkerSystem");

    invalid(&app.admin_get(ADMIN, "/admin/v1/bookings"), "jobcenter");
    invalid(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&status=Gone"), "status");
    invalid(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&from=2030-01-01T00:00:00Z"), "to");
}

#[test]
fn staff_actions_change_the_status_and_emit_events() {
    let app = spawn_app();
    let seeded = seed(&app);
    let caseworker = &seeded.counselors[0].caseworker;
    let act = |id: &str, action: &str| {
        app.admin_post(ADMIN, &format!("/admin/v1/bookings/{id}/{action}"), &json!({}))
    };

    let held = booking(&app, 1, caseworker, &seeded.jobcenter, 2).to_string();
    let absent = booking(&app, 2, caseworker, &seeded.jobcenter, 3).to_string();
    // Attendance is recorded once a meeting has begun, not before.
    let early = problem(&act(&held, "complete"), 409);
    assert!(early["detail"].as_str().unwrap().contains("before it begins"), "{early}");
    problem(&act(&absent, "no-show"), 409);
    app.clock.advance(chrono::Duration::days(4));
    assert_eq!(ok(&act(&held, "complete"), 200)["status"], "Completed");
    problem(&act(&held, "no-show"), 409);

    assert_eq!(ok(&act(&absent, "no-show"), 200)["status"], "NoShow");
    assert_eq!(ok(&act(&absent, "no-show/correct"), 200)["status"], "Booked");

    let lapsed = booking(&app, 3, caseworker, &seeded.jobcenter, 4).to_string();
    let path = format!("/admin/v1/bookings/{lapsed}/lapse");
    invalid(&app.admin_post(ADMIN, &path, &json!({"reason": "  "})), "reason");
    invalid(&app.admin_post(ADMIN, &path, &json!({})), "reason");
    let marked = ok(&app.admin_post(ADMIN, &path, &json!({"reason": "counselor ill"})), 200);
    assert_eq!(
        (marked["status"].as_str(), marked["lapsed_reason"].as_str()),
        (Some("Lapsed"), Some("counselor ill"))
    );

    let cancelled = booking(&app, 4, caseworker, &seeded.jobcenter, 5).to_string();
    assert_eq!(ok(&act(&cancelled, "cancel"), 200)["status"], "Cancelled");
    problem(&act(&cancelled, "cancel"), 409);

    assert_eq!(topics(&app, &held), ["BookingCreated", "BookingCompleted"]);
    assert_eq!(topics(&app, &absent), ["BookingCreated", "BookingNoShow", "BookingNoShowCorrected"]);
    assert_eq!(topics(&app, &lapsed), ["BookingCreated", "BookingLapsed"]);
    assert_eq!(topics(&app, &cancelled), ["BookingCreated", "BookingCancelled"]);
    problem(&act("0f8fad5b-d9cb-469f-a165-70867728950e", "complete"), 404);
}

#[test]
fn staff_reschedule_moves_a_planned_booking_and_refuses_the_rest() {
    use super::support::{KSS, OTHER_ADMIN, STRANGER};
    use chrono::{Duration, Utc};

    let app = spawn_app();
    let seeded = seed(&app);
    let caseworker = &seeded.counselors[0].caseworker;
    let first = booking(&app, 1, caseworker, &seeded.jobcenter, 2).to_string();
    let second = booking(&app, 2, caseworker, &seeded.jobcenter, 3).to_string();
    let path = |id: &str| format!("/admin/v1/bookings/{id}/reschedule");
    // 12:00 UTC (13:00 or 14:00 in Copenhagen), inside the seeded 06:00-22:00 hours.
    let noon =
        |days: i64| (Utc::now() + Duration::days(days)).date_naive().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let target = noon(4);

    // Bad input names the field and changes nothing.
    invalid(&app.admin_post(ADMIN, &path(&first), &json!({})), "start");
    invalid(&app.admin_post(ADMIN, &path(&first), &json!({"start": "tomorrow"})), "start");
    invalid(&app.admin_post(ADMIN, &path(&first), &json!({"start": target.to_rfc3339(), "room": 1})), "room");
    let stranger = json!({"start": target.to_rfc3339(), "caseworker_id": "CVR:1-UUID:nobody"});
    invalid(&app.admin_post(ADMIN, &path(&first), &stranger), "caseworker_id");
    let elsewhere = app.store.counselor(&seeded.other_offer.counselors[0]).unwrap().caseworker;
    let elsewhere = json!({"start": target.to_rfc3339(), "caseworker_id": elsewhere.as_str()});
    invalid(&app.admin_post(ADMIN, &path(&first), &elsewhere), "caseworker_id");
    // Only the booking's jobcenter's admins.
    let body = json!({"start": target.to_rfc3339()});
    problem(&app.admin_post(OTHER_ADMIN, &path(&first), &body), 403);
    problem(&app.admin_post(STRANGER, &path(&first), &body), 403);
    problem(&app.admin_post(KSS, &path(&first), &body), 403);
    problem(&app.admin_post(ADMIN, &path("0f8fad5b-d9cb-469f-a165-70867728950e"), &body), 404);
    assert_eq!(topics(&app, &first), ["BookingCreated"]);

    let moved = ok(&app.admin_post(ADMIN, &path(&first), &body), 200);
    assert_eq!(moved["id"], first.as_str());
    assert_eq!(moved["start"], target.to_rfc3339());
    assert_eq!(moved["end"], (target + Duration::minutes(30)).to_rfc3339());
    assert_eq!(moved["version"], 2);
    assert_eq!(topics(&app, &first), ["BookingCreated", "BookingRescheduled"]);
    // To another counselor of the jobcenter.
    let other = seeded.counselors[1].caseworker.as_str();
    let to_other = json!({"start": target.to_rfc3339(), "caseworker_id": other});
    let moved = ok(&app.admin_post(ADMIN, &path(&first), &to_other), 200);
    assert_eq!(moved["counselor_id"], seeded.counselors[1].id.as_str());

    // The second booking cannot take the first one's time, nor move into the past.
    let taken = json!({"start": target.to_rfc3339(), "caseworker_id": other});
    let refused = problem(&app.admin_post(ADMIN, &path(&second), &taken), 409);
    assert!(refused["detail"].as_str().unwrap().contains("no longer available"), "{refused}");
    let past = json!({"start": (Utc::now() - Duration::hours(1)).to_rfc3339()});
    problem(&app.admin_post(ADMIN, &path(&second), &past), 409);
    // A completed booking is locked.
    app.clock.advance(Duration::days(4));
    ok(&app.admin_post(ADMIN, &format!("/admin/v1/bookings/{second}/complete"), &json!({})), 200);
    let refused =
        problem(&app.admin_post(ADMIN, &path(&second), &json!({"start": noon(5).to_rfc3339()})), 409);
    assert!(refused["detail"].as_str().unwrap().contains("Completed"), "{refused}");
    assert_eq!(topics(&app, &second), ["BookingCreated", "BookingCompleted"]);
    // Every call, refused or not, is audited with the booking id and never a CPR.
    let rows = ok(&app.admin_get(ADMIN, "/admin/v1/audit?limit=200"), 200);
    let moves: Vec<&serde_json::Value> =
        rows.as_array().unwrap().iter().filter(|r| r["operation"] == "admin.bookings.reschedule").collect();
    assert!(moves.len() >= 10, "{rows}");
    assert!(moves.iter().all(|r| !r.to_string().contains(&super::support::cpr(1))), "{rows}");
    assert!(moves.iter().any(|r| r.to_string().contains(&first)), "{rows}");
}
