//! Offers over the admin API: create with counselors, read, list, replace (bookings stay) and
//! deactivate; an offer without counselors, or with a foreign one, is a 422 naming `counselors`.

use serde_json::{json, Value};

use super::support::{invalid, ok, problem, seed, Seeded, ADMIN};
use crate::support::app::spawn_app;

fn offer_body(seeded: &Seeded) -> Value {
    json!({
        "jobcenter": "00101",
        "name": "Opfølgningssamtale",
        "interview_type": 7,
        "form": "individual",
        "contact_types": [1, 2],
        "location": {
            "street_name": "Kultorvet", "building": "2", "post_code": "1175", "district": "København K"
        },
        "duration_minutes": 30,
        "buffer_minutes": 10,
        "min_notice_minutes": 60,
        "horizon_days": 21,
        "contact_groups": [1],
        "rebook_possible": true,
        "rebook_deadline_minutes": 1440,
        "cancel_possible": true,
        "compulsory": true,
        "counselors": [seeded.counselors[0].id.as_str(), seeded.counselors[1].id.as_str()]
    })
}

#[test]
fn offers_are_created_read_listed_replaced_and_deactivated() {
    let app = spawn_app();
    let seeded = seed(&app);
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/offers", &offer_body(&seeded)), 201);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["active"], true);
    assert_eq!(created["duration_minutes"], 30);
    assert_eq!(created["counselors"].as_array().unwrap().len(), 2);
    let path = format!("/admin/v1/offers/{id}");
    assert_eq!(ok(&app.admin_get(ADMIN, &path), 200), created);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/offers?jobcenter=00101"), 200);
    assert_eq!(list.as_array().unwrap().len(), 3, "two seeded offers and the new one");

    let mut replaced = offer_body(&seeded);
    replaced["name"] = json!("Opfølgning (ny)");
    replaced["counselors"] = json!([seeded.counselors[2].id.as_str()]);
    let updated = ok(&app.admin_put(ADMIN, &path, &replaced), 200);
    assert_eq!(updated["name"], "Opfølgning (ny)");
    assert_eq!(updated["counselors"], json!([seeded.counselors[2].id.as_str()]));
    let offer = app.store.offer(&planner::domain::OfferId::parse(&id).unwrap()).unwrap();
    assert_eq!(offer.counselors, vec![seeded.counselors[2].id.clone()]);

    let deactivated = ok(&app.admin_post(ADMIN, &format!("{path}/deactivate"), &json!({})), 200);
    assert_eq!(deactivated["active"], false);
    assert_eq!(
        ok(&app.admin_put(ADMIN, &path, &replaced), 200)["active"],
        false,
        "replacing keeps it inactive"
    );
}

#[test]
fn replacing_an_offer_keeps_its_bookings() {
    let app = spawn_app();
    let seeded = seed(&app);
    let booking = super::support::booking(&app, 3, &seeded.counselors[0].caseworker, &seeded.jobcenter, 4);
    let mut body = offer_body(&seeded);
    body["counselors"] = json!([seeded.counselors[0].id.as_str()]);
    ok(&app.admin_put(ADMIN, &format!("/admin/v1/offers/{}", seeded.offer.id), &body), 200);
    let kept = ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{booking}")), 200);
    assert_eq!(kept["status"], "Booked");
}

#[test]
fn bad_offers_name_the_field() {
    let app = spawn_app();
    let seeded = seed(&app);
    let mut empty = offer_body(&seeded);
    empty["counselors"] = json!([]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &empty), "counselors");
    let mut foreign = offer_body(&seeded);
    foreign["counselors"] = json!([seeded.counselors[0].id.as_str(), "0f8fad5b-d9cb-469f-a165-70867728950e"]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &foreign), "counselors");
    let mut group = offer_body(&seeded);
    group["form"] = json!("group");
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &group), "seats");
    let mut duration = offer_body(&seeded);
    duration["duration_minutes"] = json!(0);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &duration), "duration_minutes");
    let mut contact = offer_body(&seeded);
    contact["contact_types"] = json!([]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &contact), "contact_types");
    let mut other = offer_body(&seeded);
    other["jobcenter"] = json!("00147");
    problem(&app.admin_post(ADMIN, "/admin/v1/offers", &other), 403);
    let mut moved = offer_body(&seeded);
    moved["jobcenter"] = json!("00147");
    problem(&app.admin_put(ADMIN, &format!("/admin/v1/offers/{}", seeded.offer.id), &moved), 422);
}
