//! Meeting rooms over the admin API: created once per name, closed for a period, drawn from by
//! an offer (a foreign or unknown room refused before anything is written), and another
//! jobcenter's administrator refused.

use serde_json::json;

use super::support::{invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::spawn_app_at;

#[test]
fn rooms_are_created_closed_and_drawn_from_by_offers() {
    let app = spawn_app_at(crate::support::store::now());
    let seeded = seed(&app);
    let body = json!({"jobcenter": "00101", "name": "Mødelokale 1", "address": "Kultorvet 2, 1175 København K", "capacity": 1});
    let room = ok(&app.admin_post(ADMIN, "/admin/v1/rooms", &body), 201);
    let id = room["id"].as_str().unwrap().to_owned();
    problem(&app.admin_post(ADMIN, "/admin/v1/rooms", &body), 409);
    let mut zero = body.clone();
    zero["name"] = json!("Tomt");
    zero["capacity"] = json!(0);
    invalid(&app.admin_post(ADMIN, "/admin/v1/rooms", &zero), "capacity");
    problem(&app.admin_get(OTHER_ADMIN, &format!("/admin/v1/rooms/{id}")), 403);
    assert_eq!(ok(&app.admin_get(ADMIN, "/admin/v1/rooms?jobcenter=00101"), 200)[0]["name"], "Mødelokale 1");

    let closure = json!({"from": "2027-03-02T07:00:00Z", "to": "2027-03-02T11:00:00Z", "note": "maling"});
    ok(&app.admin_post(ADMIN, &format!("/admin/v1/rooms/{id}/closures"), &closure), 201);
    invalid(
        &app.admin_post(
            ADMIN,
            &format!("/admin/v1/rooms/{id}/closures"),
            &json!({"from": "2027-03-02T11:00:00Z", "to": "2027-03-02T07:00:00Z"}),
        ),
        "to",
    );

    let offer = json!({
        "jobcenter": "00101", "name": "Samtale i lokale", "interview_type": 7, "form": "individual",
        "contact_types": [1], "duration_minutes": 30, "horizon_days": 21,
        "counselors": [seeded.counselors[0].id.as_str()], "rooms": [id]
    });
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/offers", &offer), 201);
    assert_eq!(created["rooms"], json!([id]));
    let mut foreign = offer.clone();
    foreign["name"] = json!("Andet lokale");
    foreign["rooms"] = json!(["00000000-0000-4000-8000-000000000000"]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &foreign), "rooms");
    let offers = ok(&app.admin_get(ADMIN, "/admin/v1/offers?jobcenter=00101"), 200);
    assert!(offers.as_array().unwrap().iter().all(|o| o["name"] != "Andet lokale"), "nothing was written");
}
