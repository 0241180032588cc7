//! The mail paths of the admin API, against the real SMTP server: a sender is added and
//! confirmed with the code mailed to it (a wrong code is refused), an invitation made over the
//! API is mailed instead of answering its link, the link in the mail opens the invitation, and
//! the mail log shows it delivered.

use planner::config::Settings;
use serde_json::json;

use super::Rig;
use crate::api::admin::support::{invalid, ok, problem, seed, ADMIN};
use crate::support::app::spawn_app_configured;
use crate::support::db::fresh_sqlite;
use crate::support::smtp;

#[test]
fn senders_and_invitations_over_the_admin_api_go_out_by_mail() {
    let Some(rig) = Rig::start(Default::default()) else { return };
    let mail = smtp::settings(rig.port, &rig.pki, Default::default());
    let app = spawn_app_configured(fresh_sqlite(), None, |settings: &mut Settings| {
        settings.mail = mail;
        settings.clock = planner::edge::clock::Clock::starting_at(crate::support::store::now());
    });
    seed(&app);
    // No confirmed sender yet: an invitation cannot be mailed, and nothing is made.
    let invitation = json!({"email": "mette@kk.dk", "role": "summoner", "jobcenters": ["00101"]});
    problem(&app.admin_post(ADMIN, "/admin/v1/invitations", &invitation), 409);
    let listed = ok(&app.admin_get(ADMIN, "/admin/v1/invitations?jobcenter=00101"), 200);
    assert_eq!(listed, json!([]), "the refused invitation was not made");
    let body = json!({"address": "booking@kk.dk", "display_name": "Jobcenter København"});
    let sender = ok(&app.admin_post(ADMIN, "/admin/v1/mail/senders", &body), 201);
    assert_eq!(sender["state"], "pending");
    let id = sender["id"].as_i64().unwrap();
    rig.drain(&app.store, app.now());
    let code = rig.code_for("booking@kk.dk");
    let confirm = format!("/admin/v1/mail/senders/{id}/confirm");
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    problem(&app.admin_post(ADMIN, &confirm, &json!({"code": wrong})), 422);
    invalid(&app.admin_post(ADMIN, &confirm, &json!({"code": code, "extra": 1})), "extra");
    let confirmed = ok(&app.admin_post(ADMIN, &confirm, &json!({"code": code})), 200);
    assert_eq!(confirmed["state"], "confirmed");

    let made = ok(&app.admin_post(ADMIN, "/admin/v1/invitations", &invitation), 201);
    assert!(made.get("link").is_none_or(|link| link.is_null()), "mailed, not answered: {made}");
    let mail_id = made["mail_id"].as_str().expect("the mail's id").to_owned();
    rig.drain(&app.store, app.now());
    let received: Vec<_> =
        rig.inbox.mails().into_iter().filter(|mail| mail.rcpt_tos == ["mette@kk.dk"]).collect();
    assert_eq!(received.len(), 1);
    let link = received[0]
        .body
        .split_whitespace()
        .find(|word| word.contains("/invitation/"))
        .expect("the link in the mail");
    let secret = link.rsplit('/').next().unwrap();
    let found = app.store.people().invitation_by_secret(secret).expect("the link opens the invitation");
    assert_eq!(found.invitation.id, made["id"].as_str().unwrap());

    let log = ok(&app.admin_get(ADMIN, "/admin/v1/mail/log"), 200);
    let entry = log.as_array().unwrap().iter().find(|entry| entry["id"] == mail_id.as_str()).expect("logged");
    assert_eq!((entry["status"].as_str(), entry["to"].as_str()), (Some("delivered"), Some("mette@kk.dk")));
    assert!(!log.to_string().contains(secret), "the log never holds the link");
}
