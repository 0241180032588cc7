//! The rest of the set-up pages in a real browser (headless Chromium, see `chromium.rs`): closing
//! days (a form error, a day added over a booking, which is listed; a customary day opened), a
//! counselor's working hours (a bad break named, the week saved, an exception), a counselor's
//! attributes, teams, summons templates, calendar feeds and webhook recipients, each reached from the jobcenter's set-up page with a
//! form error first. Every page state passes axe's WCAG 2.1 AA rules and is saved as screenshots
//! at both sizes.
//!
//! SQLite only: the HTTP tests in `setup/` cover each page on both backends.

use planner::domain::people::{Cluster, Email, Grant, Role};

use super::browser::WebApp;
use super::chromium::{sign_in, Chromium};
use super::invitation::{enrol, Person};
use crate::support::db::fresh_sqlite;
use crate::support::store as seeds;

/// An administrator of the seed's jobcenter, with a password and an authenticator.
fn administrator(app: &WebApp, jobcenter: planner::domain::JobCenterCode) -> Person {
    let grant = Grant::new(Role::Administrator, vec![Cluster::Jobcenter(jobcenter)]).unwrap();
    let address = Email::parse("lone@kommune.dk").unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, "lone@kommune.dk", "Lone Berg")
}

/// From the jobcenter's set-up page to the subject `name`; checks it as `step`.
fn subject(chromium: &mut Chromium, name: &str, step: &str) -> super::chromium::Seen {
    assert_eq!(chromium.goto("/setup/00101"), 200);
    assert_eq!(chromium.click("link", name), 200);
    chromium.check(step)
}

/// Asserts that the page answered 422 and its error summary says `text`.
fn refused(chromium: &mut Chromium, button: &str, step: &str, text: &str) {
    assert_eq!(chromium.click("button", button), 422, "{step}");
    let seen = chromium.check(step);
    assert!(seen.alerts.join(" ").contains(text), "{step}: {seen:?}");
}

#[test]
fn an_administrator_keeps_closing_days_hours_counselors_teams_templates_and_calendars() {
    let app = WebApp::with(fresh_sqlite(), |_, _| {});
    let seed = seeds::seed(&app.store, 1);
    seeds::book(&app.store, &seed, &seeds::cpr(1), seeds::local(15, 9, 0), app.clock.now());
    let lone = administrator(&app, seed.jobcenter.clone());
    let Some(mut chromium) = Chromium::start(&app, "setup2") else { return };
    sign_in(&mut chromium, &app, &lone);

    let closing = subject(&mut chromium, "Lukkedage", "closing");
    assert!(closing.text.contains("Påskedag") && closing.text.contains("Søndag 28.03.2027"), "{closing:?}");
    chromium.fill("Navn", "Personaledag");
    refused(&mut chromium, "Tilføj lukkedagen", "closing-errors", "Angiv datoen");
    chromium.fill("Dato", "2027-03-15");
    assert_eq!(chromium.click("button", "Tilføj lukkedagen"), 200);
    let added = chromium.check("closing-bookings");
    assert!(added.text.contains("Mandag 15.03.2027 09:00–09:45"), "the booking on it: {added:?}");
    assert_eq!(chromium.click("button", "Hold åbent Juleaftensdag"), 200);
    let opened = chromium.check("closing-customary");
    assert!(opened.text.contains("Juleaftensdag\tFredag 24.12.2027\tÅbent"), "{opened:?}");

    subject(&mut chromium, "Arbejdstider", "hours-list");
    assert_eq!(chromium.click("link", "Rådgiver0 Jensen"), 200);
    chromium.check("hours");
    chromium.fill("Mandag, pauser", "frokost");
    refused(&mut chromium, "Gem arbejdstiderne", "hours-errors", "Skriv pauserne");
    chromium.fill("Mandag, pauser", "12:00-12:30");
    chromium.fill("Tirsdag, start", "");
    chromium.fill("Tirsdag, slut", "");
    assert_eq!(chromium.click("button", "Gem arbejdstiderne"), 200);
    let saved = chromium.check("hours-saved");
    assert!(saved.alerts.iter().any(|a| a == "Arbejdstiderne er gemt."), "{saved:?}");
    chromium.fill("Dato", "2027-03-19");
    chromium.fill("Arbejder fra", "09:00");
    chromium.fill("Arbejder til", "12:00");
    assert_eq!(chromium.click("button", "Gem undtagelsen"), 200);
    let exception = chromium.check("hours-exception");
    assert!(exception.text.contains("Fredag 19.03.2027"), "{exception:?}");

    subject(&mut chromium, "Vejledere", "counselors");
    assert_eq!(chromium.click("link", "Ret egenskaber for Rådgiver0 Jensen"), 200);
    chromium.check("counselor");
    chromium.fill("Kompetencer", &"x".repeat(51));
    refused(&mut chromium, "Gem egenskaberne", "counselor-errors", "Skriv kompetencerne");
    chromium.fill("Kompetencer", "Ledighed, Sygedagpenge");
    assert_eq!(chromium.click("button", "Gem egenskaberne"), 200);
    chromium.check("counselor-saved");

    subject(&mut chromium, "Teams", "teams-none");
    refused(&mut chromium, "Opret teamet", "teams-errors", "Giv teamet et navn");
    chromium.fill("Navn", "Team Nord");
    assert_eq!(chromium.click("button", "Opret teamet"), 200);
    let teams = chromium.check("teams");
    assert!(teams.text.contains("Team Nord") && teams.text.contains("Tilføj et medlem"), "{teams:?}");

    subject(&mut chromium, "Skabeloner til indkaldelser", "templates-none");
    assert_eq!(chromium.click("link", "Opret skabelon"), 200);
    chromium.check("template-new");
    refused(&mut chromium, "Opret skabelonen", "template-errors", "Vælg et tilbud eller en samtaletype");
    chromium.fill("Navn", "Sygedagpenge");
    let focused = chromium.press("Tab").expect("the offer has the focus");
    assert_eq!(focused.name, "Tilbud eller samtaletype", "{focused:?}");
    chromium.type_text("Jobs");
    assert_eq!(chromium.click("button", "Opret skabelonen"), 200);
    let templates = chromium.check("templates");
    assert!(
        templates.text.contains("Sygedagpenge") && templates.text.contains("Jobsamtale"),
        "{templates:?}"
    );

    subject(&mut chromium, "Kalenderfeeds og import", "calendars");
    assert_eq!(chromium.click("link", "Kalender for Rådgiver0 Jensen"), 200);
    chromium.check("calendar");
    chromium.fill("ICS-adresse", "webcal://kalender.example.com/x.ics");
    refused(&mut chromium, "Gem adressen", "calendar-errors", "https://");
    assert_eq!(chromium.click("button", "Opret et feed"), 200);
    let feed = chromium.check("calendar-feed");
    assert!(feed.text.contains("/calendar/") && feed.text.contains("vises kun denne ene gang"), "{feed:?}");

    subject(&mut chromium, "Webhook-modtagere", "webhooks-none");
    chromium.fill("Navn", "xs prod");
    chromium.fill("Adresse", "https://hooks.example.org/planner");
    refused(&mut chromium, "Opret modtageren", "webhooks-errors", "Giv modtageren et navn");
    chromium.fill("Navn", "xs-prod");
    chromium.press("Tab");
    let focused = chromium.press("Tab").expect("the first topic has the focus");
    assert_eq!(focused.name, "Alle hændelser", "{focused:?}");
    chromium.press(" ");
    assert_eq!(chromium.click("button", "Opret modtageren"), 200);
    let made = chromium.check("webhooks");
    assert!(made.text.contains("xs-prod") && made.text.contains("Den kan ikke vises igen"), "{made:?}");
}
