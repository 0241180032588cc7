//! Jobcenters, counselors, working hours, exceptions and busy blocks over the admin API.

use serde_json::json;

use super::support::{invalid, ok, problem, seed, ADMIN};
use crate::support::app::spawn_app;

fn new_counselor() -> serde_json::Value {
    json!({
        "caseworker_id": "CVR:64942212-UUID:new-counselor",
        "given_name": "Karen",
        "surname": "Holm",
        "email": "karen.holm@jobcenter.example",
        "jobcenter": "00101"
    })
}

#[test]
fn jobcenters_list_and_upsert() {
    let app = spawn_app();
    seed(&app);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/jobcenters"), 200);
    assert_eq!(list, json!([{"code": "00101", "name": "Jobcenter København"}]));
    let renamed =
        ok(&app.admin_put(ADMIN, "/admin/v1/jobcenters/00101", &json!({"name": "JC København"})), 200);
    assert_eq!(renamed["name"], "JC København");
    problem(&app.admin_put(ADMIN, "/admin/v1/jobcenters/00147", &json!({"name": "Mine"})), 403);
    invalid(&app.admin_put(ADMIN, "/admin/v1/jobcenters/0101", &json!({"name": "x"})), "code");
    invalid(&app.admin_put(ADMIN, "/admin/v1/jobcenters/00101", &json!({"name": " "})), "name");
}

#[test]
fn counselors_are_created_listed_read_and_deactivated() {
    let app = spawn_app();
    seed(&app);
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/counselors", &new_counselor()), 201);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["active"], true);
    let read = ok(&app.admin_get(ADMIN, &format!("/admin/v1/counselors/{id}")), 200);
    assert_eq!(read, created);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/counselors?jobcenter=00101"), 200);
    assert_eq!(list.as_array().unwrap().len(), 4);
    problem(&app.admin_post(ADMIN, "/admin/v1/counselors", &new_counselor()), 409);
    let deactivated =
        ok(&app.admin_post(ADMIN, &format!("/admin/v1/counselors/{id}/deactivate"), &json!({})), 200);
    assert_eq!(deactivated["active"], false);
    let mut foreign = new_counselor();
    foreign["jobcenter"] = json!("00147");
    problem(&app.admin_post(ADMIN, "/admin/v1/counselors", &foreign), 403);
    let mut bad = new_counselor();
    bad["email"] = json!("no-at-sign");
    invalid(&app.admin_post(ADMIN, "/admin/v1/counselors", &bad), "email");
    let mut missing = new_counselor();
    missing.as_object_mut().unwrap().remove("surname");
    invalid(&app.admin_post(ADMIN, "/admin/v1/counselors", &missing), "surname");
}

#[test]
fn working_hours_round_trip_and_overlaps_name_the_field() {
    let app = spawn_app();
    let seeded = seed(&app);
    let path = format!("/admin/v1/counselors/{}/working-hours", seeded.counselors[0].id);
    let week = json!({"periods": [
        {"weekday": "mon", "start": "08:00", "end": "12:00"},
        {"weekday": "mon", "start": "12:30", "end": "15:30"},
        {"weekday": "fri", "start": "09:00", "end": "13:00"}
    ]});
    ok(&app.admin_put(ADMIN, &path, &week), 200);
    // The gap between Monday's periods reads back as a break.
    let mut stored = week.clone();
    stored["breaks"] = json!([{"weekday": "mon", "start": "12:00", "end": "12:30"}]);
    assert_eq!(ok(&app.admin_get(ADMIN, &path), 200), stored);
    let overlapping = json!({"periods": [
        {"weekday": "tue", "start": "08:00", "end": "12:00"},
        {"weekday": "tue", "start": "11:00", "end": "14:00"}
    ]});
    let problem = invalid(&app.admin_put(ADMIN, &path, &overlapping), "periods[1]");
    assert!(problem["detail"].as_str().unwrap().contains("periods[1]"), "{problem}");
    let reversed = json!({"periods": [{"weekday": "tue", "start": "12:00", "end": "08:00"}]});
    invalid(&app.admin_put(ADMIN, &path, &reversed), "periods[0].end");
    let bad_day = json!({"periods": [{"weekday": "someday", "start": "08:00", "end": "09:00"}]});
    invalid(&app.admin_put(ADMIN, &path, &bad_day), "periods[0].weekday");
    assert_eq!(ok(&app.admin_get(ADMIN, &path), 200), stored, "refused changes leave the template");
}

#[test]
fn breaks_are_taken_out_of_the_working_day_and_out_of_free_times() {
    // Monday 1 March 2027, 07:00 UTC; Tuesday 2 March is read.
    let app = crate::support::app::spawn_app_at(crate::support::store::now());
    let seeded = seed(&app);
    let counselor = &seeded.counselors[0];
    let path = format!("/admin/v1/counselors/{}/working-hours", counselor.id);
    let days = ["mon", "tue", "wed", "thu", "fri"];
    let periods: Vec<_> =
        days.iter().map(|d| json!({"weekday": d, "start": "08:00", "end": "16:00"})).collect();
    let breaks: Vec<_> =
        days.iter().map(|d| json!({"weekday": d, "start": "12:00", "end": "12:30"})).collect();
    let stored = ok(&app.admin_put(ADMIN, &path, &json!({"periods": periods, "breaks": breaks})), 200);
    assert_eq!(stored["breaks"], json!(breaks));
    assert_eq!(
        stored["periods"].as_array().unwrap()[0..2],
        [
            json!({"weekday": "mon", "start": "08:00", "end": "12:00"}),
            json!({"weekday": "mon", "start": "12:30", "end": "16:00"})
        ]
    );
    // Sent back unchanged, the answer is the same week.
    assert_eq!(ok(&app.admin_put(ADMIN, &path, &stored), 200), stored);
    let tuesday = planner::domain::Interval::new(
        crate::support::store::local(2, 0, 0),
        crate::support::store::local(3, 0, 0),
    )
    .unwrap();
    let starts: Vec<String> = app
        .store
        .free_times(&seeded.offer.id, tuesday, None, app.now())
        .unwrap()
        .iter()
        .filter(|t| t.counselor == counselor.id)
        .map(|t| t.interval.start().with_timezone(&planner::domain::ZONE).format("%H:%M").to_string())
        .collect();
    assert_eq!(
        starts,
        ["08:00", "09:00", "10:00", "11:00", "12:30", "13:30", "14:30"],
        "no meeting across the break"
    );
    let outside =
        json!({"periods": periods, "breaks": [{"weekday": "sat", "start": "12:00", "end": "12:30"}]});
    invalid(&app.admin_put(ADMIN, &path, &outside), "breaks[0]");
    assert_eq!(ok(&app.admin_get(ADMIN, &path), 200), stored, "a refused break leaves the week");
}

#[test]
fn exceptions_and_busy_blocks() {
    let app = spawn_app();
    let seeded = seed(&app);
    let base = format!("/admin/v1/counselors/{}", seeded.counselors[1].id);
    let day_off = json!({"date": "2030-12-24", "periods": []});
    ok(&app.admin_put(ADMIN, &format!("{base}/exceptions"), &day_off), 200);
    let overlapping = json!({"date": "2030-12-23", "periods": [
        {"start": "08:00", "end": "10:00"}, {"start": "09:00", "end": "11:00"}
    ]});
    invalid(&app.admin_put(ADMIN, &format!("{base}/exceptions"), &overlapping), "periods[1]");
    invalid(
        &app.admin_put(ADMIN, &format!("{base}/exceptions"), &json!({"date": "24-12-2030", "periods": []})),
        "date",
    );
    let block = json!({"start": "2030-03-04T09:00:00+01:00", "end": "2030-03-04T11:00:00+01:00"});
    let created = ok(&app.admin_post(ADMIN, &format!("{base}/blocks"), &block), 201);
    assert_eq!(created["source"], "manual");
    assert_eq!(created["start"], "2030-03-04T08:00:00+00:00");
    let list = ok(&app.admin_get(ADMIN, &format!("{base}/blocks")), 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let window = "from=2030-03-05T00:00:00Z&to=2030-03-06T00:00:00Z";
    assert_eq!(ok(&app.admin_get(ADMIN, &format!("{base}/blocks?{window}")), 200), json!([]));
    let reversed = json!({"start": "2030-03-04T11:00:00Z", "end": "2030-03-04T09:00:00Z"});
    invalid(&app.admin_post(ADMIN, &format!("{base}/blocks"), &reversed), "end");
    invalid(
        &app.admin_post(ADMIN, &format!("{base}/blocks"), &json!({"start": "monday", "end": "x"})),
        "start",
    );
    let block_path = format!("{base}/blocks/{}", created["id"].as_str().unwrap());
    assert_eq!(app.admin(ADMIN, "DELETE", &block_path, None).status, 204);
    problem(&app.admin(ADMIN, "DELETE", &block_path, None), 404);
    assert_eq!(ok(&app.admin_get(ADMIN, &format!("{base}/blocks")), 200), json!([]));
}
