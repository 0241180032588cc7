//! People and invitations in the set-up pages: an administrator invites a colleague (the link
//! shown once without a mail server; mailed through the real SMTP server with one), revokes an
//! invitation, disables and enables an account (whose session ends at once); a bad form names
//! its fields and makes nothing; an administrator of one team invites only to that team; a
//! summoner, a reader and another jobcenter's administrator are refused.

use planner::domain::people::{Cluster, InvitationState, Role};
use planner::domain::JobCenterCode;
use planner::store::InvitationRecord;

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::mail::Rig;
use crate::support::backends::{both_backends, OnDatabase};
use crate::support::db::TestDb;
use crate::support::smtp;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

/// The invitations of the jobcenter not yet used (the test people's own are used).
fn invitations(app: &WebApp) -> Vec<InvitationRecord> {
    let all = app.store.people().invitations(Some(&JobCenterCode::parse(JOBCENTER).unwrap())).unwrap();
    all.into_iter().filter(|record| record.account.is_none()).collect()
}

fn invitation_to(app: &WebApp, email: &str) -> InvitationRecord {
    invitations(app).into_iter().find(|r| r.invitation.email.as_str() == email).expect("invited")
}

fn an_administrator_invites_revokes_disables_and_enables(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let mut colleague = signed_in(app, "ind@kk.dk", Role::Summoner, JOBCENTER);
    let page = admin.get("/setup/00101/people");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("ind@kk.dk") && page.body.contains("Indkalder: hele jobcenter 00101"));
    assert!(!page.body.contains("kontoen for adm@kk.dk"), "no button to lock oneself out");

    let fields =
        [("email", "mette@kk.dk"), ("rolle", "summoner"), ("gaelder", "jobcenter"), ("sprog", "da-DK")];
    let shown = post(&mut admin, "/setup/00101/invitations", &fields);
    assert_eq!(shown.status, 200, "{}", shown.body);
    let link = shown.text_of("link-once");
    assert!(link.starts_with(&format!("https://{}/invitation/", app.web)), "{link}");
    let secret = link.rsplit('/').next().unwrap();
    let found = app.store.people().invitation_by_secret(secret).expect("the link opens the invitation");
    assert_eq!(
        (found.invitation.grant.role, found.invitation.email.as_str()),
        (Role::Summoner, "mette@kk.dk")
    );
    let page = admin.get("/setup/00101/people");
    assert!(page.body.contains("mette@kk.dk") && page.body.contains("Sendt"), "{}", page.body);

    let revoke = format!("/setup/00101/invitations/{}/revoke", found.invitation.id);
    let page = submit(&mut admin, &revoke, &[]);
    assert!(page.body.contains("Invitationen er tilbagekaldt.") && page.body.contains("Tilbagekaldt"));
    let state = invitation_to(app, "mette@kk.dk").invitation.state(app.clock.now());
    assert_eq!(state, InvitationState::Revoked);
    let again = post(&mut admin, &revoke, &[]);
    assert_eq!(again.status, 409);
    assert!(again.body.contains("allerede brugt eller tilbagekaldt"), "{}", again.body);

    let id = app.store.people().accounts(None).unwrap().into_iter().find(|a| a.email.as_str() == "ind@kk.dk");
    let id = id.unwrap().id;
    assert_eq!(colleague.get("/").status, 200);
    let page = submit(&mut admin, &format!("/setup/00101/people/{id}/disable"), &[]);
    assert!(page.body.contains("Kontoen er spærret.") && page.body.contains("Spærret"), "{}", page.body);
    assert!(app.store.people().account(&id).unwrap().disabled);
    assert_eq!(colleague.get("/").location(), "/login", "the session ended at once");
    let page = submit(&mut admin, &format!("/setup/00101/people/{id}/enable"), &[]);
    assert!(page.body.contains("Kontoen er åbnet igen."), "{}", page.body);
    assert!(!app.store.people().account(&id).unwrap().disabled);
    let me = app.store.people().accounts(None).unwrap().into_iter().find(|a| a.email.as_str() == "adm@kk.dk");
    let own = post(&mut admin, &format!("/setup/00101/people/{}/disable", me.unwrap().id), &[]);
    assert_eq!(own.status, 403);
    assert_eq!(outcomes(app, "web.setup.invitation.create"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.invitation.revoke"), ["ok", "conflict"]);
    assert_eq!(outcomes(app, "web.setup.account.disable"), ["ok", "forbidden"]);
    assert_eq!(outcomes(app, "web.setup.account.enable"), ["ok"]);
    let rows = format!("{:?}", app.store.audit_tail(1000).unwrap());
    assert!(!rows.contains("mette@kk.dk") && !rows.contains(secret), "no address or secret in the audit");
}

fn a_bad_invitation_names_its_fields_and_makes_nothing(app: &WebApp) {
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields = [("email", "ikke en adresse"), ("rolle", ""), ("gaelder", "team:noget"), ("sprog", "da-DK")];
    let page = post(&mut admin, "/setup/00101/invitations", &fields);
    names_fields(&page, &["inv-email", "inv-rolle", "inv-gaelder"]);
    assert!(page.body.contains("value=\"ikke en adresse\""), "what was typed is kept");
    assert!(invitations(app).is_empty(), "nothing was made");
    assert_eq!(outcomes(app, "web.setup.invitation.create"), ["invalid"]);
}

fn only_administrators_where_their_role_applies_manage_people(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let team_a = format!("team:{}", teams[0].as_str());
    let invite = |place: &str| {
        [("email", "ny@kk.dk"), ("rolle", "counselor"), ("gaelder", place), ("sprog", "da-DK")]
            .map(|(k, v)| (k, v.to_owned()))
    };
    let send = |browser: &mut crate::web::browser::Browser, place: &str| {
        let fields = invite(place);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post(browser, "/setup/00101/invitations", &fields).status
    };
    let mut whole = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, teams[0].clone()));
    let page = of_team.get("/setup/00101/people");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("value=\"jobcenter\""), "only their team is offered: {}", page.body);
    assert_eq!(send(&mut of_team, "jobcenter"), 403, "not beyond their team");
    assert_eq!(send(&mut of_team, &team_a), 200);
    let accounts = app.store.people().accounts(None).unwrap();
    let wide = accounts.iter().find(|a| a.email.as_str() == "adm@kk.dk").unwrap().id.clone();
    assert_eq!(post(&mut of_team, &format!("/setup/00101/people/{wide}/disable"), &[]).status, 403);
    let made = invitation_to(app, "ny@kk.dk").invitation.id;
    assert_eq!(send(&mut whole, &team_a), 200, "the jobcenter's administrator covers the team");
    for (who, role, code) in [
        ("ind@kk.dk", Role::Summoner, JOBCENTER),
        ("leder@kk.dk", Role::Reader, JOBCENTER),
        ("adm@andet.dk", Role::Administrator, OTHER),
    ] {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/people").status, 403, "{who}");
        assert_eq!(send(&mut browser, "jobcenter"), 403, "{who}");
        let revoke = format!("/setup/00101/invitations/{made}/revoke");
        assert_eq!(post(&mut browser, &revoke, &[]).status, 403, "{who}");
        assert_eq!(post(&mut browser, &format!("/setup/00101/people/{wide}/disable"), &[]).status, 403);
    }
    assert_eq!(invitations(app).len(), 2, "only the two allowed invitations were made");
    assert!(!app.store.people().account(&wide).unwrap().disabled);
    assert_eq!(invitation_to(app, "ny@kk.dk").invitation.state(app.clock.now()), InvitationState::Sent);
}

/// The web app configured to mail through a real SMTP server (`None` without aiosmtpd).
struct Mailing(Option<(Rig, WebApp)>);

impl OnDatabase for Mailing {
    fn on(db: TestDb) -> Self {
        let Some(rig) = Rig::start(Default::default()) else { return Mailing(None) };
        let mail = smtp::settings(rig.port, &rig.pki, Default::default());
        let app = WebApp::with(db, |settings, _| settings.mail = mail);
        Mailing(Some((rig, app)))
    }
}

fn an_invitation_from_the_page_arrives_by_mail(mailing: &Mailing) {
    let Some((rig, app)) = &mailing.0 else { return };
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields =
        [("email", "mette@kk.dk"), ("rolle", "reader"), ("gaelder", "jobcenter"), ("sprog", "da-DK")];
    // Without a confirmed sender nothing can be mailed, and nothing is made.
    let refused = post(&mut admin, "/setup/00101/invitations", &fields);
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("ingen bekræftet afsenderadresse"), "{}", refused.body);
    assert!(invitations(app).is_empty());
    rig.confirmed_sender(&app.store, "booking@kk.dk", app.clock.now());
    let page = submit(&mut admin, "/setup/00101/invitations", &fields);
    assert!(page.body.contains("Invitationen er sendt med mail."), "{}", page.body);
    assert!(!page.body.contains("/invitation/"), "the link is in the mail only");
    rig.drain(&app.store, app.clock.now());
    let mail =
        rig.inbox.mails().into_iter().find(|m| m.rcpt_tos == ["mette@kk.dk"]).expect("the mail arrived");
    assert_eq!(mail.subject, "Invitation til Planner");
    let link = mail.body.split_whitespace().find(|w| w.contains("/invitation/")).expect("the link");
    assert!(link.starts_with(&format!("https://{}/invitation/", app.web)), "{link}");
    let found = app.store.people().invitation_by_secret(link.rsplit('/').next().unwrap()).unwrap();
    assert_eq!(found.invitation.email.as_str(), "mette@kk.dk");
}

both_backends!(
    an_administrator_invites_revokes_disables_and_enables,
    a_bad_invitation_names_its_fields_and_makes_nothing,
    only_administrators_where_their_role_applies_manage_people,
    an_invitation_from_the_page_arrives_by_mail,
);
