//! Teams over the admin API: created once per name, members joining and leaving with the history
//! kept, an offer that names a team, a bulk summons drawing its pool from a team, and another
//! jobcenter's administrator refused.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::support::{cpr, invalid, ok, problem, seed, Seeded, ADMIN, OTHER_ADMIN};
use crate::support::app::{spawn_app_at, TestApp};

fn offer_with_team(team: &str) -> Value {
    json!({
        "jobcenter": "00101", "name": "Teamsamtale", "interview_type": 7, "form": "individual",
        "contact_types": [1], "duration_minutes": 30, "buffer_minutes": 0, "min_notice_minutes": 60,
        "horizon_days": 21, "team": team
    })
}

fn create_team(app: &TestApp, name: &str) -> String {
    let created =
        ok(&app.admin_post(ADMIN, "/admin/v1/teams", &json!({"jobcenter": "00101", "name": name})), 201);
    created["id"].as_str().unwrap().to_owned()
}

fn join(app: &TestApp, team: &str, counselor: &str) -> Value {
    ok(&app.admin_put(ADMIN, &format!("/admin/v1/teams/{team}/members/{counselor}"), &json!({})), 200)
}

#[test]
fn teams_keep_their_members_over_time_and_offers_follow_them() {
    // Monday 1 March 2027, 07:00 UTC.
    let app = spawn_app_at(crate::support::store::now());
    let seeded: Seeded = seed(&app);
    let [a, b] = [seeded.counselors[0].id.as_str(), seeded.counselors[1].id.as_str()];
    let team = create_team(&app, "Team Nord");
    problem(
        &app.admin_post(ADMIN, "/admin/v1/teams", &json!({"jobcenter": "00101", "name": "Team Nord"})),
        409,
    );
    invalid(&app.admin_post(ADMIN, "/admin/v1/teams", &json!({"jobcenter": "00101", "name": ""})), "name");
    problem(&app.admin_post(ADMIN, "/admin/v1/teams", &json!({"jobcenter": "00147", "name": "X"})), 403);
    join(&app, &team, a);
    let answer = join(&app, &team, b);
    assert_eq!(answer["members"].as_array().unwrap().len(), 2);

    let offer = ok(&app.admin_post(ADMIN, "/admin/v1/offers", &offer_with_team(&team)), 201);
    assert_eq!(offer["team"], team.as_str());
    let mut counselors: Vec<&str> =
        offer["counselors"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    counselors.sort_unstable();
    let mut expected = vec![a, b];
    expected.sort_unstable();
    assert_eq!(counselors, expected);
    let mut both = offer_with_team(&team);
    both["counselors"] = json!([a]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &both), "team");

    // b leaves on 1 March: the offer keeps a only, and the team remembers b's period.
    let left = ok(
        &app.admin_post(
            ADMIN,
            &format!("/admin/v1/teams/{team}/members/{b}/end"),
            &json!({"until": "2027-03-01"}),
        ),
        200,
    );
    assert_eq!(left["members"], json!([a]));
    let periods = left["memberships"].as_array().unwrap();
    assert!(periods.iter().any(|m| m["counselor_id"] == b && m["until"] == "2027-03-01"), "{left}");
    let offer_id = offer["id"].as_str().unwrap();
    let now = ok(&app.admin_get(ADMIN, &format!("/admin/v1/offers/{offer_id}")), 200);
    assert_eq!(now["counselors"], json!([a]));

    // A bulk summons naming the team places everyone with its remaining member.
    let citizens: Vec<Value> = (0..4).map(|n| json!({"cpr": cpr(n)})).collect();
    let batch = json!({
        "key": "team-batch", "offer": offer_id, "team": team,
        "from": "2027-03-02T00:00:00Z", "to": "2027-03-04T00:00:00Z", "citizens": citizens
    });
    let report = ok(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch), 200);
    assert_eq!(report["placed"], 4, "{report}");
    let placed_with: HashSet<&str> =
        report["items"].as_array().unwrap().iter().filter_map(|i| i["counselor"].as_str()).collect();
    assert_eq!(placed_with, HashSet::from([seeded.counselors[0].caseworker.as_str()]));
    let mut both = batch.clone();
    both["key"] = json!("team-batch-2");
    both["pool"] = json!([seeded.counselors[1].caseworker.as_str()]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &both), "team");

    problem(&app.admin_get(OTHER_ADMIN, &format!("/admin/v1/teams/{team}")), 403);
    let listed = ok(&app.admin_get(ADMIN, "/admin/v1/teams?jobcenter=00101"), 200);
    assert_eq!(listed[0]["name"], "Team Nord");
}

#[test]
fn counselor_attributes_and_offers_requiring_competencies() {
    let app = spawn_app_at(crate::support::store::now());
    let seeded: Seeded = seed(&app);
    let [a, b] = [seeded.counselors[0].id.as_str(), seeded.counselors[1].id.as_str()];
    let path = |id: &str| format!("/admin/v1/counselors/{id}/attributes");
    let defaults = ok(&app.admin_get(ADMIN, &path(a)), 200);
    assert_eq!(defaults, json!({"self_booking": true, "summons": true, "competencies": []}));
    let set = ok(&app.admin_put(ADMIN, &path(b), &json!({"summons": false, "competencies": ["tolk"]})), 200);
    assert_eq!(set, json!({"self_booking": true, "summons": false, "competencies": ["tolk"]}));
    invalid(&app.admin_put(ADMIN, &path(b), &json!({"competencies": [""]})), "competencies");
    problem(&app.admin_put(OTHER_ADMIN, &path(b), &json!({})), 403);

    let mut offer = offer_with_team("unused");
    offer.as_object_mut().unwrap().remove("team");
    offer["competencies"] = json!(["tolk"]);
    let created = ok(&app.admin_post(ADMIN, "/admin/v1/offers", &offer), 201);
    assert_eq!(
        (created["counselors"].clone(), created["competencies"].clone()),
        (json!([b]), json!(["tolk"]))
    );
    offer["competencies"] = json!(["sjældent sprog"]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &offer), "competencies");
    offer["counselors"] = json!([a]);
    invalid(&app.admin_post(ADMIN, "/admin/v1/offers", &offer), "competencies");
}
