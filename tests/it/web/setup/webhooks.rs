//! Webhook recipients in the set-up pages: one made (its secret shown on that answer only,
//! never again, never audited), paused, resumed and removed; a bad form names its fields and
//! makes nothing; installation-wide recipients and those of jobcenters the person does not
//! administer are not theirs; who is refused.

use planner::domain::people::{Cluster, Role};
use planner::domain::JobCenterCode;
use planner::store::{NewRecipient, WebhookRecipient};

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

fn recipients(app: &WebApp) -> Vec<WebhookRecipient> {
    app.store.list_webhook_recipients().unwrap()
}

/// A recipient made in the store for `jobcenters` (none: installation-wide).
fn made(app: &WebApp, name: &str, jobcenters: &[&str]) -> i64 {
    let codes: Vec<JobCenterCode> = jobcenters.iter().map(|c| JobCenterCode::parse(c).unwrap()).collect();
    for code in &codes {
        app.store.upsert_jobcenter(code, "Jobcenter").unwrap();
    }
    let topics = ["*".to_owned()];
    let new = NewRecipient {
        name,
        url: "https://hooks.example.org/x",
        topics: &topics,
        secret: "s",
        kind: "websub",
        settings: "{}",
    };
    app.store.create_webhook_recipient(&new, &codes, app.clock.now()).unwrap().unwrap().id
}

fn an_administrator_makes_pauses_and_removes_a_recipient(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    assert!(admin.get("/setup/00101/webhooks").body.contains("Jobcentret har ingen webhook-modtagere."));
    let fields = [
        ("hook-navn", "xs-prod"),
        ("hook-url", "https://hooks.example.org/planner"),
        ("hook-emne", "BookingCreated"),
        ("hook-emne", "BookingCancelled"),
    ];
    let page = post(&mut admin, "/setup/00101/webhooks", &fields);
    assert_eq!(page.status, 200, "the secret is shown on this answer: {}", page.body);
    let secret = page.body.split("<p class=\"link-once\">").nth(1).and_then(|r| r.split('<').next()).unwrap();
    assert_eq!(secret.len(), 64, "{}", page.body);
    let made = recipients(app).pop().expect("the recipient");
    assert_eq!((made.name.as_str(), made.kind.as_str(), made.enabled), ("xs-prod", "websub", true));
    assert_eq!((made.topics.len(), made.jobcenters[0].as_str()), (2, JOBCENTER));
    let again = admin.get("/setup/00101/webhooks").body;
    assert!(!again.contains(secret) && again.contains("BookingCreated, BookingCancelled"), "shown once only");
    let audit = app.store.audit_tail(1000).unwrap();
    assert!(audit.iter().all(|row| !row.entry.detail.clone().unwrap_or_default().contains(secret)));

    let base = format!("/setup/00101/webhooks/{}", made.id);
    let page = submit(&mut admin, &format!("{base}/disable"), &[]);
    assert!(page.body.contains("<td>På pause</td>"), "{}", page.body);
    assert!(!recipients(app)[0].enabled);
    let page = submit(&mut admin, &format!("{base}/enable"), &[]);
    assert!(page.body.contains("<td>Aktiv</td>"), "{}", page.body);
    let page = submit(&mut admin, &format!("{base}/remove"), &[]);
    assert!(page.body.contains("<td>Fjernet</td>"), "{}", page.body);
    assert!(recipients(app)[0].removed_at.is_some());
    assert_eq!(post(&mut admin, &format!("{base}/enable"), &[]).status, 409, "removed for good");
    assert_eq!(outcomes(app, "web.setup.webhook.create"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.webhook.disable"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.webhook.enable"), ["ok", "conflict"]);
    assert_eq!(outcomes(app, "web.setup.webhook.remove"), ["ok"]);
}

fn a_bad_recipient_names_its_fields_and_makes_nothing(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let page =
        post(&mut admin, "/setup/00101/webhooks", &[("hook-navn", "has space"), ("hook-url", "ftp://x")]);
    names_fields(&page, &["hook-navn", "hook-url", "hook-emne-1"]);
    assert!(page.body.contains("value=\"ftp://x\""), "what was typed is kept");
    made(app, "taken", &[JOBCENTER]);
    let fields = [("hook-navn", "taken"), ("hook-url", "https://h.example/x"), ("hook-emne", "*")];
    names_fields(&post(&mut admin, "/setup/00101/webhooks", &fields), &["hook-navn"]);
    assert_eq!(recipients(app).len(), 1);
    assert_eq!(outcomes(app, "web.setup.webhook.create"), ["invalid", "invalid"]);
}

fn only_administrators_of_all_its_jobcenters_change_a_recipient(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    let ours = made(app, "ours", &[JOBCENTER]);
    let shared = made(app, "shared", &[JOBCENTER, OTHER]);
    let everywhere = made(app, "everywhere", &[]);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let page = admin.get("/setup/00101/webhooks").body;
    assert!(page.contains("ours") && !page.contains("shared") && !page.contains("everywhere"), "{page}");
    for id in [shared, everywhere] {
        assert_eq!(post(&mut admin, &format!("/setup/00101/webhooks/{id}/disable"), &[]).status, 404);
    }
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, teams[0].clone()));
    let page = of_team.get("/setup/00101/webhooks");
    assert!(page.status == 200 && page.body.contains("ours") && !page.body.contains("Opret modtageren"));
    let mut others = vec![of_team];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/webhooks").status, 403, "{who}");
        others.push(browser);
    }
    let fields = [("hook-navn", "new"), ("hook-url", "https://h.example/x"), ("hook-emne", "*")];
    for browser in &mut others {
        assert_eq!(post(browser, "/setup/00101/webhooks", &fields).status, 403);
        assert_eq!(post(browser, &format!("/setup/00101/webhooks/{ours}/disable"), &[]).status, 403);
    }
    assert_eq!(recipients(app).len(), 3, "nothing made");
    assert!(recipients(app).iter().all(|r| r.enabled), "nothing paused");
    assert_eq!(outcomes(app, "web.setup.webhook.create"), ["forbidden"; 3]);
    assert_eq!(outcomes(app, "web.setup.webhook.disable"), ["forbidden"; 3]);
}

both_backends!(
    an_administrator_makes_pauses_and_removes_a_recipient,
    a_bad_recipient_names_its_fields_and_makes_nothing,
    only_administrators_of_all_its_jobcenters_change_a_recipient,
);
