//! Invitations and accounts over the admin API (issue 17): an invitation answers its link once,
//! is listed with its state, extended and revoked; the caller must act for every jobcenter it
//! touches; accounts are listed by jobcenter and disabled; bad bodies name the field.

use serde_json::json;

use super::support::{invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::spawn_app_at;

#[test]
fn invitations_are_made_listed_extended_and_revoked_within_the_callers_jobcenters() {
    let app = spawn_app_at(crate::support::store::now());
    seed(&app);
    let body = json!({"email": "Anne@KK.dk", "role": "summoner", "jobcenters": ["00101"]});
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/invitations", &body), 201);
    assert_eq!((created["email"].as_str(), created["state"].as_str()), (Some("anne@kk.dk"), Some("sent")));
    assert_eq!(created["clusters"], json!([{"jobcenter": "00101", "team": null}]));
    let link = created["link"].as_str().unwrap();
    let secret = link.strip_prefix("https://127.0.0.1:8444/invitation/").unwrap_or_else(|| panic!("{link}"));
    let id = created["id"].as_str().unwrap().to_owned();

    let listed = ok(&app.admin_get(ADMIN, "/admin/v1/invitations?jobcenter=00101"), 200);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        listed[0].get("link").is_none() && !listed.to_string().contains(secret),
        "the link is answered once"
    );
    problem(&app.admin_get(OTHER_ADMIN, "/admin/v1/invitations?jobcenter=00101"), 403);
    problem(&app.admin_post(OTHER_ADMIN, &format!("/admin/v1/invitations/{id}/revoke"), &json!({})), 403);

    // Another jobcenter's administrator cannot hand out roles here, nor over both.
    problem(&app.admin_post(OTHER_ADMIN, "/admin/v1/invitations", &body), 403);
    let both = json!({"email": "b@kk.dk", "role": "reader", "jobcenters": ["00101", "00147"]});
    problem(&app.admin_post(ADMIN, "/admin/v1/invitations", &both), 403);

    for (bad, field) in [
        (json!({"email": "nope", "role": "reader", "jobcenters": ["00101"]}), "email"),
        (json!({"email": "b@kk.dk", "role": "root", "jobcenters": ["00101"]}), "role"),
        (json!({"email": "b@kk.dk", "role": "reader"}), "jobcenters"),
        (json!({"email": "b@kk.dk", "role": "reader", "jobcenters": ["1"]}), "jobcenters[0]"),
        (json!({"email": "b@kk.dk", "role": "reader", "teams": ["x"]}), "teams[0]"),
        (json!({"email": "b@kk.dk", "role": "reader", "jobcenters": ["00101"], "extra": 1}), "extra"),
    ] {
        invalid(&app.admin_post(ADMIN, "/admin/v1/invitations", &bad), field);
    }

    let revoked = ok(&app.admin_post(ADMIN, &format!("/admin/v1/invitations/{id}/revoke"), &json!({})), 200);
    assert_eq!(revoked["state"], "revoked");
    problem(&app.admin_post(ADMIN, &format!("/admin/v1/invitations/{id}/extend"), &json!({})), 409);
    problem(&app.admin_post(ADMIN, "/admin/v1/invitations/unknown/extend", &json!({})), 404);

    // Accepted through the store (the web app's sign-up comes next): listed as an account.
    let second = ok(&app.admin_post(ADMIN, "/admin/v1/invitations", &body), 201);
    let secret = second["link"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let new = planner::store::NewAccount { name: "Anne Jensen".into(), ..Default::default() };
    let account = app.store.people().accept(&secret, &planner::store::AcceptAs::New(new), app.now()).unwrap();
    let accounts = ok(&app.admin_get(ADMIN, "/admin/v1/accounts?jobcenter=00101"), 200);
    assert_eq!(accounts[0]["email"], "anne@kk.dk");
    assert_eq!(
        accounts[0]["roles"],
        json!([{"role": "summoner", "clusters": [{"jobcenter": "00101", "team": null}]}])
    );
    assert!(ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/accounts?jobcenter=00147"), 200)
        .as_array()
        .unwrap()
        .is_empty());
    problem(
        &app.admin_post(OTHER_ADMIN, &format!("/admin/v1/accounts/{}/disable", account.id), &json!({})),
        403,
    );
    let disabled =
        ok(&app.admin_post(ADMIN, &format!("/admin/v1/accounts/{}/disable", account.id), &json!({})), 200);
    assert_eq!(disabled["disabled"], true);
    let listed = ok(&app.admin_get(ADMIN, "/admin/v1/invitations?jobcenter=00101"), 200);
    // Both states are listed (their order, newest first, is the store test's: here both were
    // sent within the same moment).
    let mut states: Vec<&str> =
        listed.as_array().unwrap().iter().map(|i| i["state"].as_str().unwrap()).collect();
    states.sort_unstable();
    assert_eq!(states, ["accepted", "revoked"]);
}
