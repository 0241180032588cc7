//! The audit-trail search over the admin API: by operation (exact and prefix), booking, citizen
//! (the CPR in the body, found through the keyed hash of their bookings), outcome and time; only
//! the caller's jobcenters; the CPR never appears in the trail.

use serde_json::{json, Value};

use super::support::{cpr, invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::spawn_app_at;

fn operations(rows: &Value) -> Vec<String> {
    rows.as_array().unwrap().iter().map(|r| r["operation"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_trail_is_searched_by_every_field_within_the_callers_jobcenters() {
    let app = spawn_app_at(crate::support::store::now());
    let seeded = seed(&app);
    let summon = |n: usize| json!({"cpr": cpr(n), "offer": seeded.offer.id.as_str(), "from": "2027-03-02T00:00:00Z", "to": "2027-03-05T00:00:00Z"});
    let first = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &summon(1)), 201);
    let second = ok(&app.admin_post(ADMIN, "/admin/v1/summons", &summon(2)), 201);
    let (first, second) =
        (first["id"].as_str().unwrap().to_owned(), second["id"].as_str().unwrap().to_owned());
    ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{first}")), 200);
    problem(&app.admin_get(ADMIN, "/admin/v1/bookings/00000000-0000-4000-8000-000000000000"), 404);

    let search = |body: Value| ok(&app.admin_post(ADMIN, "/admin/v1/audit/search", &body), 200);
    assert_eq!(operations(&search(json!({"operation": "admin.summons.create"}))).len(), 2);
    let by_prefix = operations(&search(json!({"operation": "admin.bookings.*"})));
    assert!(
        by_prefix.iter().all(|o| o.starts_with("admin.bookings.")) && by_prefix.len() == 2,
        "{by_prefix:?}"
    );
    let about_first = search(json!({"booking": first}));
    assert_eq!(operations(&about_first), ["admin.bookings.get", "admin.summons.create"], "newest first");
    let by_citizen = search(json!({"cpr": cpr(2)}));
    assert_eq!(operations(&by_citizen), ["admin.summons.create"]);
    assert!(by_citizen[0]["detail"].as_str().unwrap().contains(&second));
    let not_found = search(json!({"outcome": "404"}));
    assert_eq!(operations(&not_found), ["admin.bookings.get"], "{not_found}");
    assert!(search(json!({"from": "2030-01-01T00:00:00Z"})).as_array().unwrap().is_empty());
    assert_eq!(search(json!({"operation": "admin.summons.create", "limit": 1})).as_array().unwrap().len(), 1);

    // Another jobcenter's administrator sees none of these rows, and may not name 00101.
    let other = ok(
        &app.admin_post(OTHER_ADMIN, "/admin/v1/audit/search", &json!({"operation": "admin.summons.create"})),
        200,
    );
    assert!(other.as_array().unwrap().is_empty(), "{other}");
    problem(&app.admin_post(OTHER_ADMIN, "/admin/v1/audit/search", &json!({"jobcenter": "00101"})), 403);
    invalid(&app.admin_post(ADMIN, "/admin/v1/audit/search", &json!({"cpr": "123"})), "cpr");
    invalid(&app.admin_post(ADMIN, "/admin/v1/audit/search", &json!({"booking": "nope"})), "booking");

    let everything = app.admin_get(ADMIN, "/admin/v1/audit?limit=1000").body;
    assert!(!everything.contains(&cpr(1)) && !everything.contains(&cpr(2)), "no CPR in the trail");
}
