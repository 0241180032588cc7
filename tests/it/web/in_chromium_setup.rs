//! The administrator's set-up flow in a real browser (headless Chromium, see `chromium.rs`):
//! from the start page to the jobcenter's offers, an offer created (after a form error) by
//! mouse and keyboard, its free times as a citizen would see them, and a colleague invited
//! whose invitation arrives at the test SMTP server (aiosmtpd, `support/smtp.rs`) when the
//! outbox's mail lane is stepped; and a meeting room made. Every page state passes axe's WCAG 2.1 AA rules and is saved
//! as screenshots at both sizes.
//!
//! SQLite only: the HTTP tests in `setup/` cover each page on both backends.

use chrono::Duration;
use planner::domain::people::{Cluster, Email, Grant, Role};

use super::browser::{totp_code, WebApp};
use super::chromium::Chromium;
use super::invitation::{enrol, Person, PASSWORD};
use crate::mail::Rig;
use crate::support::db::fresh_sqlite;
use crate::support::smtp;
use crate::support::store as seeds;

/// An administrator of the seed's jobcenter, with a password and an authenticator.
fn administrator(app: &WebApp, jobcenter: planner::domain::JobCenterCode) -> Person {
    let grant = Grant::new(Role::Administrator, vec![Cluster::Jobcenter(jobcenter)]).unwrap();
    let address = Email::parse("lone@kommune.dk").unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, "lone@kommune.dk", "Lone Berg")
}

/// Presses Tab; asserts that the focus lands on the `tag` named `name`.
fn tab_to(chromium: &mut Chromium, tag: &str, name: &str) {
    let focused = chromium.press("Tab").expect("something has the focus");
    assert_eq!((focused.tag.as_str(), focused.name.as_str()), (tag, name), "{focused:?}");
    assert!(focused.outlined, "the focus does not show: {focused:?}");
}

#[test]
fn an_administrator_creates_an_offer_and_invites_a_colleague_by_mail() {
    let Some(rig) = Rig::start(Default::default()) else { return };
    let mail = smtp::settings(rig.port, &rig.pki, Default::default());
    let app = WebApp::with(fresh_sqlite(), |settings, _| settings.mail = mail);
    let seed = seeds::seed(&app.store, 2);
    rig.confirmed_sender(&app.store, "booking@kommune.dk", app.clock.now());
    let lone = administrator(&app, seed.jobcenter.clone());
    let Some(mut chromium) = Chromium::start(&app, "setup") else { return };
    assert_eq!(chromium.goto("/login"), 200);
    chromium.fill("E-mailadresse", &lone.email);
    chromium.fill("Adgangskode", PASSWORD);
    assert_eq!(chromium.click("button", "Log ind"), 200);
    let code = totp_code(&lone.key, app.clock.now() + Duration::seconds(30));
    chromium.fill("Kode fra din godkendelsesapp", &code);
    assert_eq!(chromium.click("button", "Fortsæt"), 200);

    assert_eq!(chromium.click("link", "Opsætning"), 200);
    assert_eq!(chromium.check("index").heading.as_deref(), Some("Opsætning"));
    assert_eq!(chromium.click("link", "Jobcenter Test (00101)"), 200);
    let subjects = chromium.check("subjects");
    assert_eq!(subjects.heading.as_deref(), Some("Opsætning af jobcenter 00101"));
    assert_eq!(chromium.click("link", "Tilbud"), 200);
    let offers = chromium.check("offers");
    assert!(offers.text.contains("Jobsamtale") && offers.text.contains("Informationsmøde"), "{offers:?}");
    assert_eq!(chromium.click("link", "Opret tilbud"), 200);
    assert_eq!(chromium.check("offer-new").heading.as_deref(), Some("Opret tilbud"));
    // No name and no counselor: the page names both, and nothing is made.
    assert_eq!(chromium.click("button", "Opret tilbuddet"), 422);
    let refused = chromium.check("offer-errors");
    let summary = refused.alerts.join(" ");
    assert!(
        summary.contains("Giv tilbuddet et navn") && summary.contains("Vælg mindst én vejleder"),
        "{refused:?}"
    );
    chromium.fill("Navn", "Samtale om job");
    chromium.fill("Mødets længde (minutter)", "30");
    // The counselor by keyboard: from the seats field over the contact forms and the choice of
    // who holds the meetings to the first counselor, ticked with the space bar.
    chromium.fill("Pladser pr. gruppemøde", "");
    tab_to(&mut chromium, "input", "Personligt fremmøde");
    tab_to(&mut chromium, "input", "Telefon");
    tab_to(&mut chromium, "input", "Video");
    tab_to(&mut chromium, "input", "De valgte vejledere");
    tab_to(&mut chromium, "input", "Rådgiver0 Jensen");
    chromium.press(" ");
    chromium.check("offer-filled");
    assert_eq!(chromium.click("button", "Opret tilbuddet"), 200);
    let created = chromium.check("offer-created");
    assert!(created.alerts.iter().any(|a| a == "Tilbuddet er oprettet."), "{created:?}");
    assert!(created.text.contains("Samtale om job"), "{created:?}");
    assert_eq!(chromium.click("link", "Ledige tider for Samtale om job"), 200);
    let times = chromium.check("offer-times");
    assert_eq!(times.heading.as_deref(), Some("Ledige tider for Samtale om job, uge 10"));
    assert_eq!(chromium.click("link", "Næste uge"), 200);
    let next = chromium.check("offer-times-next");
    assert!(next.text.contains("Mandag 15.03.2027") && next.text.contains("08:00–08:30 – Rådgiver0 Jensen"));

    assert_eq!(chromium.goto("/setup/00101"), 200);
    assert_eq!(chromium.click("link", "Mødelokaler"), 200);
    assert_eq!(chromium.check("rooms-none").heading.as_deref(), Some("Mødelokaler"));
    chromium.fill("Navn", "Mødelokale 1");
    chromium.fill("Adresse", "Vesterbrogade 12, 1620 København V");
    chromium.fill("Pladser", "4");
    assert_eq!(chromium.click("button", "Opret lokalet"), 200);
    let rooms = chromium.check("rooms");
    assert!(rooms.alerts.iter().any(|a| a == "Mødelokalet er oprettet."), "{rooms:?}");
    assert!(rooms.text.contains("Luk et lokale i en periode"), "{rooms:?}");

    assert_eq!(chromium.goto("/setup/00101"), 200);
    assert_eq!(chromium.click("link", "Personer og invitationer"), 200);
    let people = chromium.check("people");
    assert!(people.text.contains("lone@kommune.dk"), "{people:?}");
    chromium.fill("E-mailadresse", "mette@kommune.dk");
    tab_to(&mut chromium, "select", "Rolle");
    chromium.type_text("L");
    assert_eq!(chromium.click("button", "Send invitationen"), 200);
    let invited = chromium.check("invited");
    assert!(invited.alerts.iter().any(|a| a == "Invitationen er sendt med mail."), "{invited:?}");
    assert!(invited.text.contains("mette@kommune.dk") && invited.text.contains("Læser"), "{invited:?}");

    // The mail lane is stepped as the mail worker would: the invitation arrives, over TLS.
    rig.drain(&app.store, app.clock.now());
    let arrived: Vec<_> =
        rig.inbox.mails().into_iter().filter(|m| m.rcpt_tos == ["mette@kommune.dk"]).collect();
    assert_eq!(arrived.len(), 1, "one invitation mail");
    assert!(arrived[0].tls && arrived[0].subject == "Invitation til Planner", "{:?}", arrived[0]);
    let link = arrived[0].body.split_whitespace().find(|w| w.contains("/invitation/")).expect("the link");
    let secret = link.rsplit('/').next().unwrap();
    let record = app.store.people().invitation_by_secret(secret).expect("the link opens the invitation");
    assert_eq!(
        (record.invitation.grant.role, record.invitation.email.as_str()),
        (Role::Reader, "mette@kommune.dk")
    );
}
