//! The web app in a real browser (headless Chromium, see `chromium.rs`): signing in to a
//! booking's CPR, another team's calendar refused, moving a meeting and the team's day, a
//! counselor marking meetings held and no-show, an invitation made into an account, and signing in (and choosing English) by keyboard alone.
//! Every page state a test reaches passes axe's WCAG 2.1 AA rules and is saved as screenshots.
//!
//! These run on SQLite only: the pages are the same on both backends, and the HTTP tests beside
//! them cover each flow on both.

use chrono::{DateTime, Duration, Utc};
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::team::Team;
use planner::domain::{Counselor, TeamId};

use super::browser::{totp_code, WebApp};
use super::chromium::Chromium;
use super::invitation::{enrol, Person, PASSWORD};
use crate::support::backends::OnDatabase;
use crate::support::db::fresh_sqlite;
use crate::support::store::{self as seeds, cpr, local, now, request};

/// The week the booking lies in (Monday 1 March 2027; the server's clock is a week later).
const WEEK: &str = "2027-03-01";

/// A planner of its own, on a database of its own.
fn app() -> WebApp {
    WebApp::on(fresh_sqlite())
}

/// Books the seed's individual offer with `counselor` on Tuesday 2 March 2027, 10:00; answers
/// the citizen's CPR as the CPR page shows it.
fn booking(app: &WebApp, seed: &seeds::Seed, counselor: &Counselor, n: usize) -> String {
    let citizen = cpr(n);
    let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, local(2, 10, 0)), now()).unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    citizen.expose_for_admin().to_owned()
}

/// A person with a password and an authenticator who holds `role` in `cluster`.
fn person(app: &WebApp, email: &str, name: &str, role: Role, cluster: Cluster) -> Person {
    let grant = Grant::new(role, vec![cluster]).unwrap();
    let address = Email::parse(email).unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, email, name)
}

/// A six-digit code the authenticator of `key` does not show around `now`.
fn wrong_code(key: &str, now: DateTime<Utc>) -> String {
    let valid: Vec<String> =
        (-2..=2).map(|step| totp_code(key, now + Duration::seconds(30 * step))).collect();
    (0..).map(|n| format!("{n:06}")).find(|code| !valid.contains(code)).unwrap()
}

/// Signs `chromium` in as `person` through the pages, with the authenticator's next code (the
/// current one was used when the person enrolled).
fn sign_in(chromium: &mut Chromium, app: &WebApp, person: &Person) {
    assert_eq!(chromium.goto("/login"), 200);
    chromium.fill("E-mailadresse", &person.email);
    chromium.fill("Adgangskode", PASSWORD);
    assert_eq!(chromium.click("button", "Log ind"), 200);
    chromium.fill(
        "Kode fra din godkendelsesapp",
        &totp_code(&person.key, app.clock.now() + Duration::seconds(30)),
    );
    assert_eq!(chromium.click("button", "Fortsæt"), 200);
    assert!(chromium.read().heading.is_some_and(|h| h.starts_with("Velkommen")));
}

#[test]
fn a_summoner_signs_in_finds_a_booking_and_shows_its_cpr() {
    let app = app();
    let seed = seeds::seed(&app.store, 1);
    let shown = booking(&app, &seed, &seed.counselors[0], 40);
    let anne =
        person(&app, "anne@kommune.dk", "Anne Jensen", Role::Summoner, Cluster::Jobcenter(seed.jobcenter));
    let Some(mut chromium) = Chromium::start(&app, "sign_in") else { return };
    assert_eq!(chromium.goto("/"), 200, "sent on to the sign-in page");
    let login = chromium.check("login");
    assert_eq!((login.url.as_str(), login.heading.as_deref()), ("/login", Some("Log ind")));
    chromium.fill("E-mailadresse", &anne.email);
    chromium.fill("Adgangskode", PASSWORD);
    assert_eq!(chromium.click("button", "Log ind"), 200);
    let code = chromium.check("code");
    assert_eq!(code.heading.as_deref(), Some("Bekræft, at det er dig, Anne Jensen"));
    chromium.fill("Kode fra din godkendelsesapp", &wrong_code(&anne.key, app.clock.now()));
    assert_eq!(chromium.click("button", "Fortsæt"), 401);
    let wrong = chromium.check("code-wrong");
    assert!(wrong.alerts.iter().any(|alert| alert.contains("Koden er forkert")), "{wrong:?}");
    let next = totp_code(&anne.key, app.clock.now() + Duration::seconds(30));
    chromium.fill("Kode fra din godkendelsesapp", &next);
    assert_eq!(chromium.click("button", "Fortsæt"), 200);
    let home = chromium.check("home");
    assert_eq!((home.url.as_str(), home.heading.as_deref()), ("/", Some("Velkommen, Anne Jensen")));
    assert!(home.text.contains("Indkalder"), "{home:?}");
    assert_eq!(chromium.click("link", "Kalendere"), 200);
    let list = chromium.check("calendars");
    assert!(list.text.contains("Rådgiver0 Jensen"), "{list:?}");
    assert_eq!(chromium.click("link", "Rådgiver0 Jensen"), 200);
    let this_week = chromium.check("week-now");
    assert_eq!(this_week.heading.as_deref(), Some("Rådgiver0 Jensen, uge 10"));
    assert!(!this_week.text.contains("Jobsamtale"), "{this_week:?}");
    assert_eq!(chromium.click("link", "Forrige uge"), 200);
    let week = chromium.check("week-booked");
    assert_eq!(week.heading.as_deref(), Some("Rådgiver0 Jensen, uge 9"));
    assert!(week.url.ends_with(&format!("?week={WEEK}")), "{week:?}");
    for seen in ["Tirsdag 02.03.2027", "10:00–10:45", "Jobsamtale", "Booket", "CPR skjult"] {
        assert!(week.text.contains(seen), "{seen} not in {week:?}");
    }
    assert!(!week.text.contains(&shown), "the CPR is hidden on the calendar");
    assert_eq!(chromium.click("button", "Vis CPR for 10:00–10:45"), 200);
    let revealed = chromium.check("cpr");
    assert_eq!(revealed.heading.as_deref(), Some("CPR-nummer"));
    assert!(revealed.text.contains(&shown) && revealed.text.contains("02.03.2027 kl. 10:00"), "{revealed:?}");
}

#[test]
fn a_summoner_of_one_team_is_refused_another_teams_calendar() {
    let app = app();
    let seed = seeds::seed(&app.store, 2);
    let mut teams = Vec::new();
    for (name, counselor) in [("Team A", &seed.counselors[0]), ("Team B", &seed.counselors[1])] {
        let team =
            Team { id: seeds::guid(TeamId::parse), jobcenter: seed.jobcenter.clone(), name: name.into() };
        app.store.teams().create(&team, now()).unwrap();
        app.store.teams().add_member(&team.id, &counselor.id, local(1, 0, 0).date_naive()).unwrap();
        teams.push(team.id);
    }
    booking(&app, &seed, &seed.counselors[1], 41);
    let team_a = Cluster::Team(seed.jobcenter.clone(), teams[0].clone());
    let ida = person(&app, "ida@kommune.dk", "Ida Holm", Role::Summoner, team_a);
    let Some(mut chromium) = Chromium::start(&app, "other_team") else { return };
    sign_in(&mut chromium, &app, &ida);
    assert_eq!(chromium.goto("/calendar"), 200);
    let list = chromium.check("calendars");
    assert!(list.text.contains("Rådgiver0 Jensen") && !list.text.contains("Rådgiver1"), "{list:?}");
    let other = seed.counselors[1].id.as_str();
    // Another team's calendar is refused in the page, and shows nothing of the week.
    assert_eq!(chromium.goto(&format!("/calendar/{other}?week={WEEK}")), 403);
    let refused = chromium.check("refused");
    assert_eq!(refused.heading.as_deref(), Some("Det har du ikke adgang til"));
    assert!(refused.text.contains("Dine roller giver ikke adgang til denne kalender"), "{refused:?}");
    assert!(!refused.text.contains("Mandag") && !refused.text.contains("Jobsamtale"), "{refused:?}");
    assert_eq!(chromium.click("link", "Til kalenderne"), 200);
    assert_eq!(chromium.read().heading.as_deref(), Some("Kalendere"));
}

#[test]
fn an_invitation_becomes_an_account_in_the_browser() {
    let app = app();
    let secret = app.invite("mette@kommune.dk", Role::Counselor);
    let Some(mut chromium) = Chromium::start(&app, "invitation") else { return };
    assert_eq!(chromium.goto(&format!("/invitation/{secret}")), 200);
    let step1 = chromium.check("step1");
    assert_eq!(
        (step1.url.as_str(), step1.heading.as_deref()),
        ("/invitation", Some("Du er inviteret til Planner"))
    );
    assert!(step1.text.contains("Trin 1 af 3") && step1.text.contains("mette@kommune.dk"), "{step1:?}");
    chromium.fill("Dit navn", "Mette Frederiksen");
    chromium.fill("Adgangskode", PASSWORD);
    chromium.fill("Adgangskode igen", "noget helt andet end før");
    assert_eq!(chromium.click("button", "Fortsæt"), 422);
    let mismatch = chromium.check("step1-error");
    assert!(mismatch.alerts.iter().any(|alert| alert.contains("Ret det, der er markeret")), "{mismatch:?}");
    chromium.fill("Adgangskode", PASSWORD);
    chromium.fill("Adgangskode igen", PASSWORD);
    assert_eq!(chromium.click("button", "Fortsæt"), 200);
    let step2 = chromium.check("step2");
    assert_eq!(step2.heading.as_deref(), Some("Trin 2 af 3: Godkendelsesapp"));
    let qr = chromium.texts(".qr [role=img]");
    assert_eq!(qr, ["QR-kode, der tilføjer din konto i en godkendelsesapp"], "a QR code, named in Danish");
    let key = chromium.texts(".key").pop().expect("the key in text");
    chromium.fill("Koden, appen viser", &totp_code(&key, app.clock.now()));
    assert_eq!(chromium.click("button", "Opret konto"), 200);
    let step3 = chromium.check("step3");
    assert_eq!(step3.heading.as_deref(), Some("Trin 3 af 3: Gem dine gendannelseskoder"));
    let codes = chromium.texts(".codes li");
    assert_eq!(codes.len(), 10, "{codes:?}");
    assert!(codes.iter().all(|code| !code.trim().is_empty()), "{codes:?}");
    assert_eq!(chromium.click("link", "Jeg har gemt koderne – fortsæt til forsiden"), 200);
    let home = chromium.check("home");
    assert_eq!(home.heading.as_deref(), Some("Velkommen, Mette Frederiksen"));
    assert!(home.text.contains("Vejleder"), "{home:?}");
}

#[test]
fn a_summoner_moves_a_meeting_and_reads_the_team_day() {
    let app = app();
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let id = seeds::guid(TeamId::parse);
    let team = Team { id: id.clone(), jobcenter: seed.jobcenter.clone(), name: "Team Nord".into() };
    app.store.teams().create(&team, now()).unwrap();
    app.store.teams().add_member(&id, &counselor.id, local(1, 0, 0).date_naive()).unwrap();
    let citizen = cpr(42);
    let held =
        app.store.reserve(&request(&citizen, &seed.offer, counselor, local(11, 10, 0)), now()).unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let ida = person(&app, "ida@kommune.dk", "Ida Holm", Role::Summoner, whole);
    let Some(mut chromium) = Chromium::start(&app, "calendar_actions") else { return };
    sign_in(&mut chromium, &app, &ida);
    assert_eq!(chromium.goto(&format!("/calendar/{}?week=2027-03-08", counselor.id.as_str())), 200);
    let week = chromium.check("week");
    assert!(week.text.contains("10:00–10:45") && week.text.contains("Tilføj optaget tid"), "{week:?}");
    assert_eq!(chromium.click("link", "Flyt mødet torsdag 11.03.2027 10:00–10:45"), 200);
    assert_eq!(chromium.check("move").heading.as_deref(), Some("Flyt mødet"));
    chromium.fill("Dato", "2027-03-11");
    chromium.fill("Klokkeslæt", "13:00");
    assert_eq!(chromium.click("button", "Fortsæt"), 200);
    let confirm = chromium.check("move-confirm");
    assert_eq!(confirm.heading.as_deref(), Some("Bekræft flytning"));
    assert_eq!(chromium.click("button", "Flyt mødet"), 200);
    let moved = chromium.check("moved");
    assert!(moved.alerts.iter().any(|alert| alert == "Mødet er flyttet."), "{moved:?}");
    assert!(moved.text.contains("13:00–13:45") && !moved.text.contains("10:00–10:45"), "{moved:?}");
    assert_eq!(chromium.goto(&format!("/calendar/team/{}?day=2027-03-11", id.as_str())), 200);
    let day = chromium.check("team-day");
    assert!(day.heading.as_deref().is_some_and(|h| h.starts_with("Team Nord")), "{day:?}");
    assert!(day.text.contains("Rådgiver0 Jensen") && day.text.contains("13:00"), "{day:?}");
}

#[test]
fn a_counselor_marks_one_meeting_held_and_another_a_no_show() {
    let app = app();
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    booking(&app, &seed, counselor, 50);
    let citizen = cpr(51);
    let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, local(3, 10, 0)), now()).unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    // The counselor's own account: the same e-mail address as their calendar.
    let own = Cluster::Jobcenter(seed.jobcenter.clone());
    let mette = person(&app, counselor.email.as_str(), "Rådgiver0 Jensen", Role::Counselor, own);
    let Some(mut chromium) = Chromium::start(&app, "attendance") else { return };
    sign_in(&mut chromium, &app, &mette);
    assert_eq!(chromium.goto(&format!("/calendar/{}?week={WEEK}", counselor.id.as_str())), 200);
    let week = chromium.check("own-week");
    assert_eq!(week.text.matches("Booket").count(), 2, "{week:?}");
    assert_eq!(chromium.click("button", "Afholdt (mødet tirsdag 02.03.2027 10:00–10:45)"), 200);
    let marked = chromium.check("held");
    assert!(marked.alerts.iter().any(|alert| alert == "Mødet er markeret som afholdt."), "{marked:?}");
    assert_eq!(chromium.click("button", "Udeblevet (mødet onsdag 03.03.2027 10:00–10:45)"), 200);
    let absent = chromium.check("no-show");
    assert!(absent.alerts.iter().any(|alert| alert == "Borgeren er markeret som udeblevet."), "{absent:?}");
    assert!(!absent.text.contains("Booket"), "both meetings have their outcome: {absent:?}");
    let statuses = app.store.bookings_of(&citizen, None, None).unwrap();
    assert_eq!(
        statuses.iter().map(|b| b.status).collect::<Vec<_>>(),
        [planner::domain::BookingStatus::NoShow]
    );
    let first = app.store.bookings_of(&cpr(50), None, None).unwrap();
    assert_eq!(
        first.iter().map(|b| b.status).collect::<Vec<_>>(),
        [planner::domain::BookingStatus::Completed]
    );
}

/// Presses Tab; asserts that the focus lands on the `tag` named `name` and shows (an outline
/// with 3:1 contrast to what is around it, WCAG 1.4.11).
fn tab_to(chromium: &mut Chromium, tag: &str, name: &str) {
    let focused = chromium.press("Tab").expect("something has the focus");
    assert_eq!((focused.tag.as_str(), focused.name.as_str()), (tag, name), "{focused:?}");
    assert!(focused.outlined && focused.contrast >= 3.0, "the focus does not show: {focused:?}");
}

#[test]
fn signing_in_works_by_keyboard_alone() {
    let app = app();
    let secret = app.invite("bo@kommune.dk", Role::Reader);
    let bo = enrol(&app, &mut app.browser(), &secret, "bo@kommune.dk", "Bo Lund");
    let Some(mut chromium) = Chromium::start(&app, "keyboard") else { return };
    assert_eq!(chromium.goto("/login"), 200);
    tab_to(&mut chromium, "a", "Gå til indholdet");
    chromium.check("skip-link");
    // The skip link moves the focus to main (which takes no outline), so Tab goes on from there.
    assert_eq!(chromium.press("Enter").map(|f| f.tag), Some("main".to_owned()));
    tab_to(&mut chromium, "input", "E-mailadresse");
    chromium.type_text(&bo.email);
    tab_to(&mut chromium, "input", "Adgangskode");
    chromium.type_text(PASSWORD);
    tab_to(&mut chromium, "button", "Log ind");
    chromium.check("login-button");
    assert_eq!(chromium.press_to_load("Enter"), 200);
    assert_eq!(chromium.read().heading.as_deref(), Some("Bekræft, at det er dig, Bo Lund"));
    tab_to(&mut chromium, "a", "Gå til indholdet");
    tab_to(&mut chromium, "button", "English");
    tab_to(&mut chromium, "input", "Kode fra din godkendelsesapp");
    chromium.type_text(&totp_code(&bo.key, app.clock.now() + Duration::seconds(30)));
    chromium.check("code-field");
    assert_eq!(chromium.press_to_load("Enter"), 200, "Enter in the field submits the code");
    let home = chromium.check("home");
    assert_eq!((home.url.as_str(), home.heading.as_deref()), ("/", Some("Velkommen, Bo Lund")));
    tab_to(&mut chromium, "a", "Gå til indholdet");
    // The language switch, by keyboard: the page comes back in English, and offers Danish.
    tab_to(&mut chromium, "button", "English");
    chromium.check("language-button");
    assert_eq!(chromium.press_to_load("Enter"), 200, "Enter on the switch chooses English");
    let english = chromium.check("home-english");
    assert_eq!((english.url.as_str(), english.heading.as_deref()), ("/", Some("Welcome, Bo Lund")));
    tab_to(&mut chromium, "a", "Skip to content");
    tab_to(&mut chromium, "button", "Dansk");
    tab_to(&mut chromium, "button", "Sign out");
    chromium.check("sign-out-button");
}

/// The harness's own test: the checks find what they are for on a page made to fail them.
#[test]
fn the_checks_find_a_missing_label_and_language_a_faint_focus_and_a_page_too_wide() {
    let app = app();
    let Some(mut chromium) = Chromium::start(&app, "harness") else { return };
    let faulty = "data:text/html,<title>x</title><style>input:focus{outline:3px solid %23f2a900}</style>\
                  <main><h1>Uden etiket</h1><input id=x><p style='width:600px'>bred</p></main>";
    chromium.open(faulty);
    assert_eq!(chromium.screenshots("faulty"), [390], "600 pixels scroll sideways on a phone");
    let found = chromium.violations().join("\n");
    for rule in ["html-has-lang", "label"] {
        assert!(found.contains(&format!("  {rule} (")), "axe missed {rule}: {found}");
    }
    assert!(found.contains("at #x") && found.contains("https://dequeuniversity.com/rules/axe/"), "{found}");
    let focused = chromium.press("Tab").expect("the field has the focus");
    assert!(focused.outlined && focused.contrast < 3.0, "amber on white is faint: {focused:?}");
}
