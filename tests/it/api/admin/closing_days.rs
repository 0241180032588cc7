//! Closing days over the admin API: the year's list (holidays, customary days, the jobcenter's
//! own), a closing day added over a booking lists it and cancels nothing and takes the day's
//! free times away, customary days switched off and on, bad input named by field, and another
//! jobcenter's administrator refused.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::support::{booking, invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::{spawn_app_at, TestApp};

/// The server starts on Monday 1 March 2027, 07:00 UTC.
fn app() -> TestApp {
    spawn_app_at(crate::support::store::now())
}

fn dates(list: &Value, source: &str) -> Vec<String> {
    list["closures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"] == source)
        .map(|c| c["date"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_year_lists_holidays_customary_and_own_days() {
    let app = app();
    seed(&app);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2026"), 200);
    assert_eq!(
        dates(&list, "holiday"),
        [
            "2026-01-01",
            "2026-04-02",
            "2026-04-03",
            "2026-04-05",
            "2026-04-06",
            "2026-05-14",
            "2026-05-24",
            "2026-05-25",
            "2026-12-25",
            "2026-12-26"
        ]
    );
    assert_eq!(dates(&list, "customary"), ["2026-05-15", "2026-06-05", "2026-12-24", "2026-12-31"]);
    let grundlovsdag =
        list["closures"].as_array().unwrap().iter().find(|c| c["date"] == "2026-06-05").unwrap();
    assert_eq!((grundlovsdag["from"].as_str(), grundlovsdag["until"].as_str()), (Some("12:00"), None));
    assert!(list["closing_days"].as_array().unwrap().is_empty());
    // Another jobcenter's administrator sees nothing of 00101.
    problem(&app.admin_get(OTHER_ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2026"), 403);
    invalid(&app.admin_get(ADMIN, "/admin/v1/closing-days?year=2026"), "jobcenter");
    invalid(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=1900"), "year");
}

fn free_on(app: &TestApp, offer: &planner::domain::OfferId, day: DateTime<Utc>) -> usize {
    let window = planner::domain::Interval::new(day, day + Duration::days(1)).unwrap();
    app.store.free_times(offer, window, None, app.now()).unwrap().len()
}

#[test]
fn a_closing_day_over_a_booking_lists_it_and_cancels_nothing() {
    let app = app();
    let seeded = seed(&app);
    let counselor = app.store.counselors_of_jobcenter(&seeded.jobcenter).unwrap().remove(0);
    // A registered booking at 09:00 UTC on Thursday 4 March 2027 (three days after "now").
    let booked = booking(&app, 1, &counselor.caseworker, &seeded.jobcenter, 3);
    let thursday = DateTime::parse_from_rfc3339("2027-03-03T23:00:00Z").unwrap().with_timezone(&Utc);
    assert!(free_on(&app, &seeded.offer.id, thursday) > 0);

    let body = json!({"jobcenter": "00101", "name": "Personaledag", "date": "2027-03-04"});
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/closing-days", &body), 201);
    assert_eq!(
        (created["name"].as_str(), created["date"].as_str()),
        (Some("Personaledag"), Some("2027-03-04"))
    );
    let listed: Vec<&str> =
        created["bookings_to_move"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(listed, [booked.as_str()]);
    let still = ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{booked}")), 200);
    assert_eq!(still["status"], "Booked", "adding a closing day cancels nothing");
    assert_eq!(free_on(&app, &seeded.offer.id, thursday), 0, "no free time on the closing day");
    let to_move = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days/bookings-to-move?jobcenter=00101"), 200);
    assert_eq!(to_move["bookings"][0]["id"], booked.as_str());

    let id = created["id"].as_str().unwrap();
    problem(
        &app.admin(OTHER_ADMIN, "DELETE", &format!("/admin/v1/closing-days/{id}?jobcenter=00101"), None),
        403,
    );
    assert_eq!(
        app.admin(ADMIN, "DELETE", &format!("/admin/v1/closing-days/{id}?jobcenter=00101"), None).status,
        204
    );
    problem(&app.admin(ADMIN, "DELETE", &format!("/admin/v1/closing-days/{id}?jobcenter=00101"), None), 404);
    assert!(free_on(&app, &seeded.offer.id, thursday) > 0, "open again");

    let audit = app.admin_get(ADMIN, "/admin/v1/audit?limit=50").body;
    assert!(
        audit.contains("admin.closing_days.create") && audit.contains("admin.closing_days.delete"),
        "{audit}"
    );
}

#[test]
fn customary_days_are_switched_off_and_on() {
    let app = app();
    seed(&app);
    let off = json!({"jobcenter": "00101", "closed": false});
    let answer = ok(&app.admin_put(ADMIN, "/admin/v1/closing-days/customary/juleaftensdag", &off), 200);
    assert_eq!((answer["key"].as_str(), answer["closed"].as_bool()), (Some("juleaftensdag"), Some(false)));
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2027"), 200);
    assert_eq!(dates(&list, "customary"), ["2027-05-07", "2027-06-05", "2027-12-31"]);
    let on = json!({"jobcenter": "00101", "closed": true});
    ok(&app.admin_put(ADMIN, "/admin/v1/closing-days/customary/juleaftensdag", &on), 200);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2027"), 200);
    assert!(dates(&list, "customary").contains(&"2027-12-24".to_owned()));
    problem(&app.admin_put(ADMIN, "/admin/v1/closing-days/customary/juledag", &off), 404);
    problem(&app.admin_put(OTHER_ADMIN, "/admin/v1/closing-days/customary/juleaftensdag", &off), 403);
}

#[test]
fn bad_closing_days_are_refused_by_field_and_change_nothing() {
    let app = app();
    seed(&app);
    let post = |body: Value| app.admin_post(ADMIN, "/admin/v1/closing-days", &body);
    let base = |extra: Value| {
        let mut body = json!({"jobcenter": "00101", "name": "Lukket"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    invalid(&post(base(json!({}))), "date");
    invalid(&post(base(json!({"date": "2027-03-04", "yearly": "03-04"}))), "date");
    invalid(&post(base(json!({"date": "2027-02-30"}))), "date");
    invalid(&post(base(json!({"yearly": "02-30"}))), "yearly");
    invalid(&post(base(json!({"yearly": "2-3"}))), "yearly");
    invalid(&post(base(json!({"easter_offset": 400}))), "easter_offset");
    invalid(&post(base(json!({"date": "2027-03-04", "from": "25:00"}))), "from");
    invalid(&post(base(json!({"date": "2027-03-04", "from": "13:00", "until": "12:00"}))), "until");
    invalid(&post(json!({"jobcenter": "00101", "name": "", "date": "2027-03-04"})), "name");
    invalid(&post(json!({"jobcenter": "00101", "name": "a\u{1}b", "date": "2027-03-04"})), "name");
    problem(&post(json!({"jobcenter": "00147", "name": "Lukket", "date": "2027-03-04"})), 403);
    invalid(&post(base(json!({"date": "2027-03-04", "colour": "red"}))), "colour");
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2027"), 200);
    assert!(list["closing_days"].as_array().unwrap().is_empty(), "nothing was added");
    // A yearly part-day closing and one that moves with Easter are stored as given.
    let yearly = ok(&post(base(json!({"yearly": "10-02", "until": "10:30"}))), 201);
    assert_eq!((yearly["yearly"].as_str(), yearly["until"].as_str()), (Some("10-02"), Some("10:30")));
    let easter = ok(&post(base(json!({"easter_offset": 2}))), 201);
    assert_eq!(easter["easter_offset"], 2);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/closing-days?jobcenter=00101&year=2027"), 200);
    assert_eq!(dates(&list, "local"), ["2027-03-30", "2027-10-02"]);
}
