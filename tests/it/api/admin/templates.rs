//! Summons templates over the admin API, and the bulk summons of issue 16's list, on SQLite and
//! on PostgreSQL: by team with a template, a no-show follow-up type refused, citizens without the
//! contact data their interview type requires reported; a template changed afterwards leaves
//! the bookings made as they were.

use serde_json::{json, Value};

use super::support::{cpr, invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::{spawn_app_on_at, TestApp};

#[test]
fn a_bulk_summons_by_team_with_a_template_on_sqlite() {
    by_team_with_a_template(&spawn_app_on_at(
        crate::support::db::fresh_sqlite(),
        crate::support::store::now(),
    ));
}

#[test]
fn a_bulk_summons_by_team_with_a_template_on_postgres() {
    let Some(db) = crate::support::postgres::database() else { return };
    by_team_with_a_template(&spawn_app_on_at(db, crate::support::store::now()));
}

fn template(offer: Value, team: &str, cancel_before_hours: Option<i64>) -> Value {
    let mut body = json!({
        "jobcenter": "00101", "name": "Indkald om 1-3 dage", "team": team, "window_start_days": 1,
        "window_days": 3, "strategy": "spread", "cancel_before_hours": cancel_before_hours
    });
    body.as_object_mut().unwrap().extend(offer.as_object().unwrap().clone());
    body
}

fn by_team_with_a_template(app: &TestApp) {
    // Monday 1 March 2027, 07:00 UTC: the template's window is Tuesday to Thursday.
    let seeded = seed(app);
    let counselor = &seeded.counselors[0];
    let team = ok(
        &app.admin_post(ADMIN, "/admin/v1/teams", &json!({"jobcenter": "00101", "name": "Team Nord"})),
        201,
    );
    let team = team["id"].as_str().unwrap().to_owned();
    ok(&app.admin_put(ADMIN, &format!("/admin/v1/teams/{team}/members/{}", counselor.id), &json!({})), 200);
    let phone_rule = json!({"jobcenter": "00101", "requires_contact": "phone"});
    ok(
        &app.admin_put(
            ADMIN,
            &format!("/admin/v1/interview-types/{}", seeded.offer.interview_type),
            &phone_rule,
        ),
        200,
    );

    let offer = json!({"offer": seeded.offer.id.as_str()});
    let created = ok(
        &app.admin_post(ADMIN, "/admin/v1/summons-templates", &template(offer.clone(), &team, Some(24))),
        201,
    );
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!((created["strategy"].as_str(), created["window_days"].as_u64()), (Some("spread"), Some(3)));
    problem(
        &app.admin_post(ADMIN, "/admin/v1/summons-templates", &template(offer.clone(), &team, None)),
        409,
    );
    problem(&app.admin_get(OTHER_ADMIN, &format!("/admin/v1/summons-templates/{id}")), 403);

    let citizens: Vec<Value> = [Some("20304050"), None, Some("20304051")]
        .iter()
        .enumerate()
        .map(|(n, phone)| json!({"cpr": cpr(n), "phone": phone}))
        .collect();
    let batch = json!({"key": "template-batch", "template": id, "citizens": citizens});
    let report = ok(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch), 200);
    let items = report["items"].as_array().unwrap();
    let statuses: Vec<&str> = items.iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["placed", "not_placed", "placed"], "{report}");
    assert!(items[1]["reason"].as_str().unwrap().contains("contact data"), "{report}");
    for item in [&items[0], &items[2]] {
        assert_eq!(item["counselor"], counselor.caseworker.as_str(), "the team's member");
        let start = item["start"].as_str().unwrap();
        assert!(
            ("2027-03-01T23:00:00Z".."2027-03-04T23:00:00Z").contains(&start),
            "in the template's window: {start}"
        );
    }
    let booking = items[0]["booking_id"].as_str().unwrap().to_owned();

    // The template changes; the booking made from it does not.
    ok(
        &app.admin_put(ADMIN, &format!("/admin/v1/summons-templates/{id}"), &template(offer, &team, None)),
        200,
    );
    let stored = ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{booking}")), 200);
    assert_eq!(stored["cancel_possible"], true, "the booking keeps the deadline it was made with");

    // A no-show follow-up type is refused for the whole batch.
    let follow_up = json!({"jobcenter": "00101", "no_show_follow_up": true});
    ok(&app.admin_put(ADMIN, "/admin/v1/interview-types/8", &follow_up), 200);
    let mut offer8 = json!({
        "jobcenter": "00101", "name": "Opfølgning på udeblivelse", "interview_type": 8, "form": "individual",
        "contact_types": [1], "duration_minutes": 30, "horizon_days": 21, "counselors": [counselor.id.as_str()]
    });
    ok(&app.admin_post(ADMIN, "/admin/v1/offers", &offer8), 201);
    offer8 = template(json!({"interview_type": 8}), &team, None);
    offer8["name"] = json!("Opfølgning");
    let by_type = ok(&app.admin_post(ADMIN, "/admin/v1/summons-templates", &offer8), 201);
    let batch = json!({"key": "follow-up-batch", "template": by_type["id"], "citizens": [{"cpr": cpr(9), "phone": "20304059"}]});
    let refused = problem(&app.admin_post(ADMIN, "/admin/v1/summons/batches", &batch), 409);
    assert!(refused["detail"].as_str().unwrap().contains("no-show follow-up"), "{refused}");

    invalid(
        &app.admin_post(
            ADMIN,
            "/admin/v1/summons/batches",
            &json!({"key": "k", "citizens": [{"cpr": cpr(1)}]}),
        ),
        "offer",
    );
    let both = template(
        json!({"offer": seeded.offer.id.as_str(), "pool": [counselor.caseworker.as_str()]}),
        &team,
        None,
    );
    invalid(&app.admin_post(ADMIN, "/admin/v1/summons-templates", &both), "team");
    assert_eq!(app.admin(ADMIN, "DELETE", &format!("/admin/v1/summons-templates/{id}"), None).status, 204);
    problem(&app.admin_get(ADMIN, &format!("/admin/v1/summons-templates/{id}")), 404);
}
