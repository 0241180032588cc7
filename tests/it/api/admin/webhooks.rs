//! `/admin/v1/webhooks`: recipients scoped to the admin's jobcenters, problem+json on bad input,
//! secrets never returned, the delivery log (kept after disable and remove) and redeliver, with
//! deliveries made by the real outbox step to a real local receiver.

use serde_json::{json, Value};

use super::support::{booking, invalid, ok, problem, seed, ADMIN, DFDG, OTHER_ADMIN};
use crate::support::app::{spawn_app, TestApp};
use crate::support::receiver::Receiver;

const SECRET: &str = "webhook-secret-never-returned";

fn websub(name: &str, url: &str) -> Value {
    json!({
        "name": name,
        "url": url,
        "topics": ["BookingCreated", "BookingCancelled"],
        "jobcenters": ["00101"],
        "auth": {"kind": "websub", "secret": SECRET},
    })
}

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    *body.pointer_mut(pointer).unwrap() = value;
    body
}

fn without(mut body: Value, object: &str, key: &str) -> Value {
    body.pointer_mut(object).unwrap().as_object_mut().unwrap().remove(key);
    body
}

fn create(app: &TestApp, body: &Value) -> Value {
    ok(&app.admin_post(ADMIN, "/admin/v1/webhooks", body), 201)
}

#[test]
fn recipients_are_created_and_listed_within_the_admins_jobcenters_without_secrets() {
    let app = spawn_app();
    seed(&app);
    let created = create(&app, &websub("xs", "https://xs.example/hooks"));
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["auth"], json!({"kind": "websub"}));
    assert_eq!((created["enabled"].clone(), created["jobcenters"].clone()), (json!(true), json!(["00101"])));
    let oauth2 = json!({
        "name": "xs-oauth", "url": "http://127.0.0.1:9/hooks", "topics": ["*"], "jobcenters": ["00101"],
        "auth": {"kind": "oauth2", "token_url": "https://idp.example/token", "client_id": "planner",
                 "client_secret": SECRET, "scope": "webhooks"},
    });
    let created = create(&app, &oauth2);
    assert_eq!(
        created["auth"],
        json!({"kind": "oauth2", "token_url": "https://idp.example/token", "client_id": "planner", "scope": "webhooks"})
    );

    let list = app.admin_get(ADMIN, "/admin/v1/webhooks");
    let listed = ok(&list, 200);
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["xs", "xs-oauth"]);
    let one = app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{id}"));
    assert_eq!(ok(&one, 200)["name"], "xs");
    for body in [&list.body, &one.body] {
        assert!(!body.contains(SECRET), "a secret was returned: {body}");
    }
    assert!(!app.store.audit_tail(50).unwrap().iter().any(|row| format!("{row:?}").contains(SECRET)));

    // Another jobcenter's admin neither sees nor touches it; a non-admin is refused.
    assert_eq!(ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/webhooks"), 200), json!([]));
    problem(&app.admin_get(OTHER_ADMIN, &format!("/admin/v1/webhooks/{id}")), 403);
    problem(&app.admin_post(OTHER_ADMIN, &format!("/admin/v1/webhooks/{id}/disable"), &json!({})), 403);
    problem(&app.admin_get(DFDG, "/admin/v1/webhooks"), 403);
    problem(&app.admin_post(DFDG, "/admin/v1/webhooks", &websub("dfdg", "https://x.example/")), 403);
    problem(
        &app.admin_post(
            ADMIN,
            "/admin/v1/webhooks",
            &with(websub("grab", "https://x/"), "/jobcenters", json!(["00147"])),
        ),
        403,
    );
    problem(&app.admin_get(ADMIN, "/admin/v1/webhooks/999999"), 404);
    problem(&app.admin_get(ADMIN, "/admin/v1/webhooks/not-a-number"), 404);

    // An installation-wide recipient from the CLI is not the API's to manage.
    let cli = app
        .store
        .add_webhook_recipient("cli", "http://127.0.0.1:9/", &["*".to_owned()], "s", chrono::Utc::now())
        .unwrap();
    problem(&app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{cli}")), 403);
    assert_eq!(ok(&app.admin_get(ADMIN, "/admin/v1/webhooks"), 200).as_array().unwrap().len(), 2);
}

#[test]
fn bad_recipients_are_refused_naming_the_field_and_nothing_is_stored() {
    let app = spawn_app();
    seed(&app);
    let good = websub("xs", "https://xs.example/hooks");
    let post = |body: &Value| app.admin_post(ADMIN, "/admin/v1/webhooks", body);
    invalid(&post(&with(good.clone(), "/topics", json!(["BookingCreated", "Accounts.Create"]))), "topics[1]");
    invalid(&post(&with(good.clone(), "/topics", json!([]))), "topics");
    invalid(&post(&with(good.clone(), "/url", json!("ftp://xs.example/"))), "url");
    invalid(&post(&with(good.clone(), "/url", json!("https://user@xs.example/"))), "url");
    invalid(&post(&without(good.clone(), "/auth", "secret")), "auth.secret");
    invalid(&post(&with(good.clone(), "/auth/secret", json!(""))), "auth.secret");
    invalid(&post(&with(good.clone(), "/auth/kind", json!("basic"))), "auth.kind");
    invalid(&post(&with(good.clone(), "/name", json!("has spaces"))), "name");
    invalid(&post(&with(good.clone(), "/jobcenters", json!(["1"]))), "jobcenters[0]");
    invalid(&post(&with(good.clone(), "/jobcenters", json!([]))), "jobcenters");
    invalid(&post(&without(good.clone(), "", "url")), "url");
    let oauth2 =
        with(good.clone(), "/auth", json!({"kind": "oauth2", "client_id": "c", "client_secret": "s"}));
    invalid(&post(&oauth2), "auth.token_url");
    let auth =
        json!({"kind": "oauth2", "token_url": "https://idp/t", "client_id": "c", "client_secret": "s"});
    let oauth2 = with(good.clone(), "/auth", auth);
    invalid(&post(&without(oauth2.clone(), "/auth", "client_secret")), "auth.client_secret");
    invalid(&post(&without(oauth2, "/auth", "client_id")), "auth.client_id");
    problem(&app.admin(ADMIN, "POST", "/admin/v1/webhooks", None), 400);
    assert!(app.store.list_webhook_recipients().unwrap().is_empty(), "nothing stored on bad input");

    create(&app, &good);
    problem(&post(&good), 409);
}

#[test]
fn the_log_shows_each_delivery_and_redeliver_queues_it_again() {
    let app = spawn_app();
    let seeded = seed(&app);
    let receiver = Receiver::scripted(&[503]);
    let url = format!("{}/hooks", receiver.base);
    let id = create(&app, &websub("xs", &url))["id"].as_i64().unwrap();
    booking(&app, 1, &seeded.counselors[0].caseworker, &seeded.jobcenter, 3);
    // An event of another jobcenter is not sent to a recipient of 00101.
    let other = json!({"booking_id": "b-other", "jobcenter": "00147"});
    app.store
        .enqueue_event(planner::store::Topic::BookingCreated, "b-other", &other, chrono::Utc::now())
        .unwrap();

    assert_eq!(app.deliver_webhooks(), 1, "one attempt, answered 503 and retried later");
    let log = ok(&app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{id}/deliveries")), 200);
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    let entry = &entries[0];
    assert_eq!(
        (entry["status"].as_str(), entry["http_status"].as_i64(), entry["attempts"].as_i64()),
        (Some("failed"), Some(503), Some(1))
    );
    assert_eq!(entry["topic"], "BookingCreated");
    assert!(entry["next_attempt_at"].is_string() && entry["last_attempt_at"].is_string(), "{entry}");
    let sent = receiver.received();
    assert_eq!(entry["request_body"].as_str(), Some(sent[0].text().as_str()));
    let delivery = entry["id"].as_i64().unwrap();
    let redeliver = format!("/admin/v1/webhooks/{id}/deliveries/{delivery}/redeliver");
    problem(&app.admin_post(ADMIN, &redeliver, &json!({})), 409);

    // Given up (no retries left), then redelivered by hand and delivered.
    let outcome = planner::store::AttemptOutcome::Failure { http_status: Some(503), error: "test".into() };
    app.store.record_attempt(delivery, &outcome, chrono::Utc::now(), &[], Default::default()).unwrap();
    let queued = ok(&app.admin_post(ADMIN, &redeliver, &json!({})), 200);
    assert_eq!((queued["status"].as_str(), queued["attempts"].as_i64()), (Some("pending"), Some(2)));
    problem(&app.admin_post(OTHER_ADMIN, &redeliver, &json!({})), 403);
    problem(
        &app.admin_post(ADMIN, &format!("/admin/v1/webhooks/{id}/deliveries/999999/redeliver"), &json!({})),
        404,
    );
    assert_eq!(app.deliver_webhooks(), 1);
    let entry = &ok(&app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{id}/deliveries?limit=10")), 200)[0];
    assert_eq!(
        (entry["status"].as_str(), entry["http_status"].as_i64(), entry["attempts"].as_i64()),
        (Some("delivered"), Some(200), Some(3))
    );
    assert!(entry["next_attempt_at"].is_null());
    assert_eq!(receiver.received().len(), 2);
    invalid(&app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{id}/deliveries?limit=0")), "limit");

    // Disabled, then removed: the log stays readable, the recipient is listed only on request.
    let disabled = ok(&app.admin_post(ADMIN, &format!("/admin/v1/webhooks/{id}/disable"), &json!({})), 200);
    assert_eq!(disabled["enabled"], false);
    problem(&app.admin_post(ADMIN, &redeliver, &json!({})), 409);
    ok(&app.admin_post(ADMIN, &format!("/admin/v1/webhooks/{id}/enable"), &json!({})), 200);
    let removed = ok(&app.admin(ADMIN, "DELETE", &format!("/admin/v1/webhooks/{id}"), None), 200);
    assert!(removed["removed_at"].is_string() && removed["enabled"] == false, "{removed}");
    problem(&app.admin(ADMIN, "DELETE", &format!("/admin/v1/webhooks/{id}"), None), 409);
    problem(&app.admin_post(ADMIN, &format!("/admin/v1/webhooks/{id}/enable"), &json!({})), 409);
    assert_eq!(ok(&app.admin_get(ADMIN, "/admin/v1/webhooks"), 200), json!([]));
    assert_eq!(ok(&app.admin_get(ADMIN, "/admin/v1/webhooks?include_removed=true"), 200)[0]["id"], id);
    let kept = ok(&app.admin_get(ADMIN, &format!("/admin/v1/webhooks/{id}/deliveries")), 200);
    assert_eq!(kept.as_array().unwrap().len(), 1, "the log is kept after removal");
    booking(&app, 2, &seeded.counselors[0].caseworker, &seeded.jobcenter, 4);
    assert_eq!(app.deliver_webhooks(), 0, "a removed recipient gets nothing new");
    problem(&app.admin_post(ADMIN, "/admin/v1/webhooks", &websub("xs", &url)), 409);
}
