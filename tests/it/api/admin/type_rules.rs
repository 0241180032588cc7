//! Interview type rules over the admin API: set and listed per jobcenter, a no-show follow-up
//! type refused for a summons (409), a required mobile number named when missing (422), bad
//! values named by field, another jobcenter's administrator refused.

use serde_json::json;

use super::support::{cpr, invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::spawn_app_at;

#[test]
fn rules_are_set_listed_and_enforced_on_summons() {
    // Monday 1 March 2027, 07:00 UTC.
    let app = spawn_app_at(crate::support::store::now());
    let seeded = seed(&app);
    let path = format!("/admin/v1/interview-types/{}", seeded.offer.interview_type);
    let follow_up = json!({"jobcenter": "00101", "no_show_follow_up": true});
    let set = ok(&app.admin_put(ADMIN, &path, &follow_up), 200);
    assert_eq!(
        (set["no_show_follow_up"].as_bool(), set["requires_contact"].as_str()),
        (Some(true), Some("none"))
    );
    let listed = ok(&app.admin_get(ADMIN, "/admin/v1/interview-types?jobcenter=00101"), 200);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let summons = |phone: Option<&str>| {
        json!({"cpr": cpr(1), "offer": seeded.offer.id.as_str(), "from": "2027-03-02T00:00:00Z",
               "to": "2027-03-05T00:00:00Z", "phone": phone})
    };
    let refused = problem(&app.admin_post(ADMIN, "/admin/v1/summons", &summons(None)), 409);
    assert!(refused["detail"].as_str().unwrap().contains("no-show follow-up"), "{refused}");

    let phone = json!({"jobcenter": "00101", "requires_contact": "phone"});
    ok(&app.admin_put(ADMIN, &path, &phone), 200);
    let missing = invalid(&app.admin_post(ADMIN, "/admin/v1/summons", &summons(None)), "contact");
    assert!(missing["detail"].as_str().unwrap().contains("mobile number"), "{missing}");
    ok(&app.admin_post(ADMIN, "/admin/v1/summons", &summons(Some("20304050"))), 201);

    invalid(
        &app.admin_put(ADMIN, &path, &json!({"jobcenter": "00101", "requires_contact": "fax"})),
        "requires_contact",
    );
    problem(&app.admin_put(ADMIN, "/admin/v1/interview-types/0", &phone), 404);
    problem(&app.admin_put(OTHER_ADMIN, &path, &phone), 403);
    problem(&app.admin_get(OTHER_ADMIN, "/admin/v1/interview-types?jobcenter=00101"), 403);
}
