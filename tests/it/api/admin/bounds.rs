//! The admin API keeps the same bounds as SOAP (issue 14): a summons window, exact start or staff
//! move beyond the booking horizon is a 422 naming the field, and a CPR with spaces is a 422
//! naming `cpr`; nothing is stored.

use chrono::{Duration, Utc};
use serde_json::json;

use super::support::{cpr, invalid, ok, seed, ADMIN};
use crate::support::app::spawn_app;

#[test]
fn summons_beyond_the_horizon_or_with_a_padded_cpr_are_refused() {
    let app = spawn_app();
    let seeded = seed(&app);
    let from = Utc::now() + Duration::days(1);
    let body = |cpr: &str, to: &str| json!({"cpr": cpr, "offer": seeded.offer.id.as_str(), "from": from.to_rfc3339(), "to": to});
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &body(&cpr(1), "9999-12-31T00:00:00Z")), "to");
    let padded = format!("{} ", cpr(1));
    let refused =
        invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &body(&padded, &from.to_rfc3339())), "cpr");
    assert!(!refused.to_string().contains(&cpr(1)), "the CPR is not echoed: {refused}");
    let batch = json!({
        "key": "far", "offer": seeded.offer.id.as_str(), "from": from.to_rfc3339(),
        "to": "9999-12-31T00:00:00Z", "citizens": [{"cpr": cpr(2)}],
    });
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch), "to");
    let bookings = ok(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101"), 200);
    assert_eq!(bookings.as_array().unwrap().len(), 0, "nothing stored: {bookings}");
}

#[test]
fn a_staff_move_beyond_the_horizon_is_refused() {
    let app = spawn_app();
    let seeded = seed(&app);
    let from = Utc::now() + Duration::days(1);
    let body = json!({"cpr": cpr(3), "offer": seeded.offer.id.as_str(), "from": from.to_rfc3339(),
                      "to": (from + Duration::days(3)).to_rfc3339()});
    let booked = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &body), 201);
    let id = booked["id"].as_str().unwrap();
    let far = json!({"start": "9999-03-01T09:00:00+01:00"});
    invalid(&app.admin_post(ADMIN, &format!("/admin/v1/bookings/{id}/reschedule"), &far), "start");
    let after = ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{id}")), 200);
    assert_eq!(after["start"], booked["start"], "the booking did not move");
}
