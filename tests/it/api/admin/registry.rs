//! The caller registry and the audit tail over the admin API.

use serde_json::json;

use super::support::{invalid, ok, problem, seed, ADMIN, DFDG, OTHER_ADMIN};
use crate::support::app::spawn_app;

#[test]
fn callers_are_listed_added_and_disabled_within_the_admins_jobcenters() {
    let app = spawn_app();
    seed(&app);
    let list = ok(&app.admin_get(ADMIN, "/admin/v1/callers"), 200);
    let identities: Vec<&str> =
        list.as_array().unwrap().iter().map(|c| c["identity"].as_str().unwrap()).collect();
    assert!(identities.contains(&DFDG) && identities.contains(&ADMIN), "{list}");
    assert!(!identities.contains(&OTHER_ADMIN), "another jobcenter's admin is not listed: {list}");

    let new =
        json!({"identity": "CVR:12345678-FID:new-kss", "role": "caseworker-system", "jobcenters": ["00101"]});
    let added = ok(&app.admin_post(ADMIN, "/admin/v1/callers", &new), 200);
    assert_eq!(added["enabled"], true);
    let grab =
        json!({"identity": "CVR:12345678-FID:grab", "role": "admin", "jobcenters": ["00101", "00147"]});
    problem(&app.admin_post(ADMIN, "/admin/v1/callers", &grab), 403);
    invalid(
        &app.admin_post(
            ADMIN,
            "/admin/v1/callers",
            &json!({"identity": "x", "role": "root", "jobcenters": ["00101"]}),
        ),
        "role",
    );
    invalid(
        &app.admin_post(
            ADMIN,
            "/admin/v1/callers",
            &json!({"identity": "x", "role": "dfdg", "jobcenters": []}),
        ),
        "jobcenters",
    );

    let disabled =
        ok(&app.admin_post(ADMIN, "/admin/v1/callers/CVR:12345678-FID:new-kss/disable", &json!({})), 200);
    assert_eq!(disabled["enabled"], false);
    problem(&app.admin_post(ADMIN, &format!("/admin/v1/callers/{OTHER_ADMIN}/disable"), &json!({})), 403);
    problem(&app.admin_post(ADMIN, "/admin/v1/callers/CVR:0-FID:nobody/disable", &json!({})), 404);
    // Its own registration is not the admin's to change: it would lock itself out.
    problem(&app.admin_post(ADMIN, &format!("/admin/v1/callers/{ADMIN}/disable"), &json!({})), 409);
    let demote = json!({"identity": ADMIN, "role": "dfdg", "jobcenters": ["00101"]});
    problem(&app.admin_post(ADMIN, "/admin/v1/callers", &demote), 409);
    assert!(app.store.caller(ADMIN).unwrap().unwrap().enabled);
    assert!(!app.store.caller("CVR:12345678-FID:new-kss").unwrap().unwrap().enabled);
}

#[test]
fn the_audit_tail_shows_the_admins_jobcenters() {
    let app = spawn_app();
    seed(&app);
    ok(&app.admin_get(ADMIN, "/admin/v1/counselors?jobcenter=00101"), 200);
    ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/counselors?jobcenter=00147"), 200);
    let rows = ok(&app.admin_get(ADMIN, "/admin/v1/audit?limit=50"), 200);
    let operations: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["operation"].as_str().unwrap(), r["caller"].as_str().unwrap()))
        .collect();
    assert_eq!(operations, [("admin.counselors.list", ADMIN)], "the other admin's row is not shown");
    invalid(&app.admin_get(ADMIN, "/admin/v1/audit?limit=0"), "limit");
}
