//! The administrators' pages in English, over real HTTP on both backends: the set-up of closing
//! days, rooms, teams, people and invitations, and webhook recipients, with their notices, field
//! errors and refusals; an invitation's landing and enrolment pages for a browser whose
//! `Accept-Language` is English; and the texts built with values: a report's chart, a report's
//! longest period, the conflict queue's times and a summons refused over closing days.

use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::people::{Cluster, Role};
use planner::domain::summons::Strategy;
use planner::domain::templates::{SummonsTemplate, TemplateOffer};
use planner::store::PushMode;

use super::authorization::person;
use super::browser::{totp_code, Browser, Page, WebApp};
use super::invitation::PASSWORD;
use super::language::{in_english, shows};
use super::setup::{signed_in, JOBCENTER};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request, window};

/// The browser's `Accept-Language`: English first.
const ENGLISH: (&str, &str) = ("Accept-Language", "en-GB,en;q=0.9,da;q=0.5");

/// An administrator of the seed's jobcenter who chose English.
fn administrator(app: &WebApp) -> Browser {
    in_english(signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER))
}

/// POSTs `fields` with the session's anti-forgery token to `path`.
fn post(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    super::setup::post(browser, path, fields)
}

/// POSTs `fields` to `path` and follows the redirect.
fn submit(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    super::setup::submit(browser, path, fields)
}

/// Asserts that `page` holds none of `texts` (the Danish it no longer shows).
fn lacks(page: &Page, texts: &[&str]) {
    for text in texts {
        assert!(!page.body.contains(text), "{text} is still there: {}", page.body);
    }
}

fn closing_days_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    seeds::book(&app.store, &seed, &cpr(1), local(15, 9, 0), app.clock.now());
    let mut admin = administrator(app);
    let page = admin.get("/setup/00101/closing-days");
    let texts = [
        "<h1>Closing days 2027</h1>",
        "Public holidays 2027",
        "Easter Sunday</th><td>Sunday 28.03.2027",
        "Customary closing days",
        "Christmas Eve",
        "Stay open",
        "Add the closing day",
        "Time hh:mm; empty: from the start of the day",
    ];
    shows(&page, 200, &texts);
    lacks(&page, &["Helligdage", "Påskedag", "Tilføj lukkedagen"]);

    let wrong = post(&mut admin, "/setup/00101/closing-days", &[("navn", ""), ("dato", "15/3")]);
    let texts = [
        "Correct what is marked",
        "Give the closing day a name of 1-100 characters.",
        "Give the date as yyyy-mm-dd, e.g. 2027-05-07.",
    ];
    shows(&wrong, 422, &texts);

    let fields = [("navn", "Personaledag"), ("dato", "2027-03-15"), ("fra", ""), ("til", "")];
    let listed = post(&mut admin, "/setup/00101/closing-days", &fields);
    let texts = [
        "Booked meetings on closed time",
        "they have not been cancelled, so move them",
        "Monday 15.03.2027 09:00–09:45",
        "Personaledag</th><td>Monday 15.03.2027</td><td>All day",
    ];
    shows(&listed, 200, &texts);
    let fields = [("navn", "Fyraften"), ("dato", "2027-03-17"), ("hvert-aar", "on"), ("fra", "12:00")];
    let page = submit(&mut admin, "/setup/00101/closing-days", &fields);
    shows(&page, 200, &["There are no booked meetings on it.", "Every year on 17.03.", "From 12:00"]);
}

fn rooms_and_teams_in_english(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = administrator(app);
    let page = admin.get("/setup/00101/rooms");
    shows(
        &page,
        200,
        &["<h1>Meeting rooms</h1>", "The jobcenter has no meeting rooms yet.", "Create the room"],
    );
    lacks(&page, &["Mødelokaler", "Opret lokalet"]);
    let wrong =
        post(&mut admin, "/setup/00101/rooms", &[("navn", ""), ("adresse", "Vej 1"), ("pladser", "4")]);
    shows(&wrong, 422, &["Correct what is marked", "Give the room a name of 1-100 characters."]);
    lacks(&wrong, &["Giv lokalet et navn"]);
    let fields = [("navn", "Lokale 1"), ("adresse", "Vej 1"), ("pladser", "4")];
    let page = submit(&mut admin, "/setup/00101/rooms", &fields);
    shows(&page, 200, &["The meeting room has been created.", "Close a room for a period", "Active"]);

    let page = admin.get("/setup/00101/teams");
    shows(&page, 200, &["<h1>Teams</h1>", "The jobcenter has no teams yet.", "Create the team"]);
    lacks(&page, &["Jobcentret har ingen teams endnu."]);
    let page = submit(&mut admin, "/setup/00101/teams", &[("team-navn", "Team Nord")]);
    shows(&page, 200, &["The team has been created.", "The team has no members.", "Add a member"]);
    let wrong = post(&mut admin, "/setup/00101/teams", &[("team-navn", "Team Nord")]);
    shows(&wrong, 422, &["The jobcenter already has a team with that name."]);
}

fn people_and_webhooks_in_english(app: &WebApp) {
    seeds::seed(&app.store, 1);
    signed_in(app, "ind@kk.dk", Role::Summoner, JOBCENTER);
    let mut admin = administrator(app);
    let page = admin.get("/setup/00101/people");
    let texts = [
        "<h1>People and invitations</h1>",
        "Invite a colleague",
        "Language of the e-mail",
        "Summoner: all of jobcenter 00101",
        "All of jobcenter 00101",
        "the account of ind@kk.dk",
    ];
    shows(&page, 200, &texts);
    lacks(&page, &["Inviter en kollega", "Personer og invitationer"]);
    let fields = [("email", "mette"), ("rolle", ""), ("gaelder", "jobcenter"), ("sprog", "da-DK")];
    let wrong = post(&mut admin, "/setup/00101/invitations", &fields);
    shows(&wrong, 422, &["Give an e-mail address, e.g. name@kommune.dk.", "Choose a role."]);
    let fields =
        [("email", "mette@kk.dk"), ("rolle", "summoner"), ("gaelder", "jobcenter"), ("sprog", "en-GB")];
    let shown = post(&mut admin, "/setup/00101/invitations", &fields);
    shows(&shown, 200, &["The invitation has been created", "Back to people and invitations"]);
    let page = admin.get("/setup/00101/people");
    shows(&page, 200, &["<td>Sent</td>", "Revoke", "the invitation to mette@kk.dk"]);

    let page = admin.get("/setup/00101/webhooks");
    let texts = ["<h1>Webhook recipients</h1>", "The jobcenter has no webhook recipients.", "All events"];
    shows(&page, 200, &texts);
    lacks(&page, &["Opret modtageren"]);
    let fields = [("hook-navn", "xs-prod"), ("hook-url", "https://hooks.example.org/planner")];
    let wrong = post(&mut admin, "/setup/00101/webhooks", &fields);
    shows(&wrong, 422, &["Choose at least one kind of event."]);
    let fields = [("hook-navn", "xs-prod"), ("hook-url", "https://hooks.example.org/x"), ("hook-emne", "*")];
    let made = post(&mut admin, "/setup/00101/webhooks", &fields);
    shows(&made, 200, &["Copy the secret now", "Pause", "Remove"]);

    let mut reader = in_english(signed_in(app, "laeser@kk.dk", Role::Reader, JOBCENTER));
    let refused = reader.get("/setup/00101/rooms");
    let text = "Your roles do not give access to this part of the set-up of jobcenter 00101.";
    shows(&refused, 403, &["You do not have access to that", text]);
}

/// POSTs `fields` to `path` from a browser whose `Accept-Language` is English.
fn post_in_english(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ENGLISH];
    browser.send("POST", path, &headers, body.as_bytes())
}

fn an_invitation_in_english_by_accept_language(app: &WebApp) {
    let secret = app.invite("mette@kommune.dk", Role::Summoner);
    let mut browser = app.browser();
    browser.get(&format!("/invitation/{secret}"));
    let landing = browser.send("GET", "/invitation", &[ENGLISH], b"");
    let texts = [
        "<h1>You are invited to Planner</h1>",
        "the role <strong>Summoner</strong>",
        "Step 1 of 3: Name and password",
        "Your name",
        "At least 10 characters.",
    ];
    shows(&landing, 200, &texts);
    lacks(&landing, &["Du er inviteret", "Dit navn"]);
    let csrf = landing.field("csrf");
    let weak = [("name", "Mette"), ("password", "kort"), ("password2", "kort"), ("csrf", csrf.as_str())];
    shows(&post_in_english(&mut browser, "/invitation/account", &weak), 422, &["The password is too short."]);
    let fields =
        [("name", "Mette"), ("password", PASSWORD), ("password2", PASSWORD), ("csrf", csrf.as_str())];
    let enrol = post_in_english(&mut browser, "/invitation/account", &fields);
    let texts = [
        "<h1>Step 2 of 3: Authenticator app</h1>",
        "Open your authenticator app",
        "QR code that adds your account to an authenticator app",
        "Create the account",
    ];
    shows(&enrol, 200, &texts);
    lacks(&enrol, &["Godkendelsesapp", "Opret konto"]);
    let state = enrol.field("state");
    let wrong = [("state", state.as_str()), ("code", "000000"), ("csrf", csrf.as_str())];
    let refused = post_in_english(&mut browser, "/invitation/enrol", &wrong);
    shows(&refused, 422, &["The code does not match. Type the six digits the app shows now."]);
    let code = totp_code(&enrol.text_of("key"), app.clock.now());
    let right = [("state", state.as_str()), ("code", code.as_str()), ("csrf", csrf.as_str())];
    let done = post_in_english(&mut browser, "/invitation/enrol", &right);
    shows(&done, 200, &["Step 3 of 3: Save your recovery codes"]);
}

fn reports_with_values_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let citizen = cpr(93);
    let held = app
        .store
        .reserve(&request(&citizen, &seed.offer, &seed.counselors[0], local(10, 10, 0)), now())
        .unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let mut browser =
        in_english(person(app, "laeser@kk.dk", Role::Reader, Cluster::Jobcenter(seed.jobcenter.clone())));
    let scope = format!("scope=jobcenter:{}", seed.jobcenter);
    let weekly = browser.get(&format!("/reports?report=weekly&{scope}&from=2027-03-01&to=2027-03-31"));
    let texts = [
        "The figures are in the table beside it.",
        "(the whole jobcenter)",
        ">Week 10</text>",
        ">No-shows (%)</text>",
    ];
    shows(&weekly, 200, &texts);
    lacks(&weekly, &["Tallene står", "hele jobcentret", ">Uge 10<"]);
    let empty = browser.get(&format!("/reports?report=channel&{scope}&from=2027-06-01&to=2027-06-30"));
    shows(&empty, 200, &["No data in the period"]);
    let long = browser.get(&format!("/reports?report=day&{scope}&from=2027-01-01&to=2028-06-30"));
    shows(&long, 422, &["A report covers at most 366 days. Choose a shorter period."]);
    lacks(&long, &["En rapport dækker"]);
}

fn conflicts_and_closing_days_of_a_summons_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let citizen = cpr(94);
    let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, local(3, 11, 0)), now()).unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let event = ExternalEvent {
        key: EventKey::parse("outlook-en").unwrap(),
        resource: counselor.email.clone(),
        interval: window(local(3, 11, 30), local(3, 12, 30)),
    };
    let scope = [seed.jobcenter.clone()];
    app.store.push_events("connector", &scope, PushMode::Create, &[event], now()).unwrap();
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut browser = in_english(person(app, "indkalder@kk.dk", Role::Summoner, whole));
    let queue = browser.get("/follow-up/conflicts");
    shows(&queue, 200, &["Rådgiver0 Jensen: Wednesday 03.03.2027 at 11:30–12:30"]);
    lacks(&queue, &["Onsdag", " kl. "]);

    // A counselor's week, read on the blocking pool: the days' names and busy time.
    let path = format!("/calendar/{}", counselor.id.as_str());
    let csrf = browser.get("/").field("csrf");
    let long = "x".repeat(201);
    let fields = [("csrf", csrf.as_str()), ("week", "2027-03-01"), ("date", "2027-03-05")];
    let wrong = [("start", "08:00"), ("end", "09:00"), ("note", long.as_str())];
    let refused = browser.post(&format!("{path}/blocks"), &[&fields[..], &wrong[..]].concat());
    shows(&refused, 422, &["Write at most 200 characters in the note, without line breaks."]);
    let busy = [("start", "08:00"), ("end", "09:00"), ("note", "Kursus")];
    let added = browser.post(&format!("{path}/blocks"), &[&fields[..], &busy[..]].concat());
    assert_eq!(added.status, 303, "{}", added.body);
    let week = browser.get(&format!("{path}?week=2027-03-01"));
    shows(
        &week,
        200,
        &["Wednesday 03.03.2027", "Friday 05.03.2027", "Busy: Kursus", "Busy (from the calendar)"],
    );
    lacks(&week, &["Onsdag", "Optaget"]);

    // Maundy Thursday and Good Friday 2027: nothing is free.
    let csrf = browser.get("/summons").field("csrf");
    let citizen = cpr(95).expose_for_admin().to_owned();
    let offer = format!("tilbud:{}", seed.offer.id.as_str());
    let fields = [
        ("csrf", csrf.as_str()),
        ("cpr", citizen.as_str()),
        ("hvad", offer.as_str()),
        ("hvem", ""),
        ("fra", "2027-03-25"),
        ("til", "2027-03-26"),
    ];
    let closed = browser.post("/summons/proposals", &fields);
    let texts = [
        "There are no free times in the period",
        "The jobcenter is closed in the period: Maundy Thursday 25.03.2027, Good Friday 26.03.2027.",
    ];
    shows(&closed, 409, &texts);
    lacks(&closed, &["Skærtorsdag", "Jobcentret har lukket"]);

    // The plan's words, read on the blocking pool, on the page of free times.
    let fields = [
        ("csrf", csrf.as_str()),
        ("cpr", citizen.as_str()),
        ("hvad", offer.as_str()),
        ("hvem", ""),
        ("fra", "2027-03-15"),
        ("til", "2027-03-19"),
    ];
    let proposals = browser.post("/summons/proposals", &fields);
    shows(&proposals, 200, &["<dt>With</dt><dd>All counselors of the offer</dd>", "Monday 15.03.2027"]);

    // A template by interview type, named on the form with its type.
    let template = SummonsTemplate {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: seed.jobcenter.clone(),
        name: "Opfølgning".into(),
        offer: TemplateOffer::InterviewType(7),
        team: None,
        pool: Vec::new(),
        window_start_days: 1,
        window_days: 14,
        strategy: Strategy::EarliestFirst,
        rebook_before_hours: None,
        cancel_before_hours: None,
    };
    app.store.templates().save(&template, now()).unwrap();
    shows(&browser.get("/summons"), 200, &["Opfølgning, interview type 7</option>"]);
}

both_backends!(
    closing_days_in_english,
    rooms_and_teams_in_english,
    people_and_webhooks_in_english,
    an_invitation_in_english_by_accept_language,
    reports_with_values_in_english,
    conflicts_and_closing_days_of_a_summons_in_english
);
