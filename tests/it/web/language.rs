//! Danish by default, English as a choice, over real HTTP on both backends: the switch on every
//! page (a form with the form cookie's token) keeps the choice in a `__Host-lang` cookie and
//! leads back only to a path of this site; before any choice the browser's `Accept-Language`
//! decides; `<html lang>` follows; texts from templates and from Rust (field errors, refusals)
//! are shown in English on the pages converted.

use planner::domain::people::{Cluster, Role};
use planner::domain::JobCenterCode;

use super::authorization::person;
use super::browser::{Browser, Page, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request};

/// The `lang` of the page's `<html>`.
fn html_lang(page: &Page) -> &str {
    let at = page.body.find("<html lang=\"").unwrap_or_else(|| panic!("no <html lang> in {}", page.body));
    page.body[at + 12..].split('"').next().unwrap()
}

/// Posts the switch of `page` choosing `lang`, leading back to `back`.
fn switch(browser: &mut Browser, page: &Page, lang: &str, back: &str) -> Page {
    let token = page.field("token");
    browser.post("/language", &[("token", &token), ("lang", lang), ("back", back)])
}

fn an_administrator(app: &WebApp) -> Browser {
    let jobcenter = JobCenterCode::parse(planner::demo::JOBCENTER).unwrap();
    person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(jobcenter))
}

fn danish_is_the_default_and_english_a_choice_kept_in_a_cookie(app: &WebApp) {
    let mut browser = an_administrator(app);
    let home = browser.get("/");
    assert_eq!((home.status, html_lang(&home)), (200, "da"));
    assert!(home.body.contains("Dine roller") && home.body.contains("Log ud"), "{}", home.body);
    assert!(home.body.contains("lang=\"en\">English</button>"), "the switch offers English: {}", home.body);
    assert_eq!(home.field("back"), "/");

    let chosen = switch(&mut browser, &home, "en", "/follow-up/audit");
    assert_eq!((chosen.status, chosen.location()), (303, "/follow-up/audit"));
    let cookie = chosen.header("set-cookie").expect("the language cookie");
    assert!(cookie.starts_with("__Host-lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );

    let home = browser.get("/");
    assert_eq!(html_lang(&home), "en");
    for text in ["Your roles", "Sign out", "Skip to content", "Audit log", "Start page – Planner"] {
        assert!(home.body.contains(text), "{text}: {}", home.body);
    }
    assert!(!home.body.contains("Dine roller"));
    assert!(home.body.contains("lang=\"da\">Dansk</button>"), "the switch offers Danish: {}", home.body);

    // The audit search, its field errors from Rust and its results, in English.
    let audit = browser.get("/follow-up/audit");
    assert_eq!(html_lang(&audit), "en");
    assert!(audit.body.contains("Who (optional)") && audit.body.contains("Rows found"), "{}", audit.body);
    assert_eq!(audit.field("back"), "/follow-up/audit");
    let csrf = audit.field("csrf");
    let wrong = browser.post("/follow-up/audit", &[("csrf", &csrf), ("actor", "ingen@kk.dk")]);
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("No person has that e-mail address."), "{}", wrong.body);
    assert!(wrong.body.contains("Correct what is marked"));

    // The booking search, with the names of statuses and channels.
    let bookings = browser.get("/follow-up/bookings");
    for text in ["Search bookings", "Channel", "Self-booked", "No-show", "To and including day (optional)"] {
        assert!(bookings.body.contains(text), "{text}: {}", bookings.body);
    }

    let calendars = browser.get("/calendar");
    assert!(calendars.body.contains("<h1>Calendars</h1>"), "{}", calendars.body);

    // A refusal from Rust, in English.
    let mut reader =
        person(app, "leder@kk.dk", Role::Reader, Cluster::Jobcenter(JobCenterCode::parse("00101").unwrap()));
    let page = reader.get("/");
    let _ = switch(&mut reader, &page, "en", "/");
    let refused = reader.get("/follow-up/audit");
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("You do not have access to that"), "{}", refused.body);
    assert!(refused.body.contains("The audit log is for administrators of a whole jobcenter."));

    // And back to Danish.
    let back = switch(&mut browser, &home, "da", "/");
    assert_eq!(back.location(), "/");
    let home = browser.get("/");
    assert_eq!(html_lang(&home), "da");
    assert!(home.body.contains("Dine roller"));
}

fn accept_language_decides_before_a_choice(app: &WebApp) {
    let mut anonymous = app.browser();
    let danish = anonymous.get("/login");
    assert_eq!(html_lang(&danish), "da");
    assert!(danish.body.contains("Adgangskode"));

    let mut english = app.browser();
    let header = [("Accept-Language", "en-GB,en;q=0.9,da;q=0.5")];
    let login = english.send("GET", "/login", &header, b"");
    assert_eq!(html_lang(&login), "en");
    assert!(login.body.contains("Password") && login.body.contains("E-mail address"), "{}", login.body);
    let csrf = login.field("csrf");
    assert_eq!(login.field("token"), csrf, "the switch uses the sign-in form's token");
    let body =
        serde_urlencoded::to_string([("csrf", csrf.as_str()), ("email", "x@kk.dk"), ("password", "nej")])
            .unwrap();
    let form = [("Content-Type", "application/x-www-form-urlencoded"), header[0]];
    let failed = english.send("POST", "/login", &form, body.as_bytes());
    assert_eq!(failed.status, 401);
    assert!(failed.body.contains("The e-mail address or the password is wrong."), "{}", failed.body);

    let danish_first = app.browser().send("GET", "/login", &[("Accept-Language", "da, en;q=0.8")], b"");
    assert_eq!(html_lang(&danish_first), "da");

    // A choice wins over the header, before signing in too.
    let chosen = switch(&mut english, &login, "da", "/login");
    assert_eq!((chosen.status, chosen.location()), (303, "/login"));
    let again = english.send("GET", "/login", &header, b"");
    assert_eq!(html_lang(&again), "da");
}

fn the_switch_leads_back_only_to_this_site_and_checks_its_token(app: &WebApp) {
    let mut browser = an_administrator(app);
    let home = browser.get("/");
    let elsewhere =
        ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""];
    for back in elsewhere {
        let page = switch(&mut browser, &home, "en", back);
        assert_eq!((page.status, page.location()), (303, "/"), "{back:?}");
    }
    let kept = switch(&mut browser, &home, "en", "/calendar?week=2027-03-08");
    assert_eq!(kept.location(), "/calendar?week=2027-03-08");

    let unknown = switch(&mut browser, &home, "de", "/");
    assert_eq!(unknown.status, 400);
    assert!(unknown.header("set-cookie").is_none_or(|c| !c.starts_with("__Host-lang")));

    let forged = browser.post("/language", &[("token", "0000"), ("lang", "en"), ("back", "/")]);
    assert_eq!(forged.status, 403);
    assert!(forged.header("set-cookie").is_none_or(|c| !c.starts_with("__Host-lang")));
}

/// `browser`, having chosen English on its start page.
pub(super) fn in_english(mut browser: Browser) -> Browser {
    let home = browser.get("/");
    let _ = switch(&mut browser, &home, "en", "/");
    browser
}

/// Asserts that `page` answered `status` and holds each of `texts`.
pub(super) fn shows(page: &Page, status: u16, texts: &[&str]) {
    assert_eq!(page.status, status, "{}", page.body);
    for text in texts {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
}

fn a_team_day_moving_a_meeting_and_a_cpr_number_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let team = planner::domain::team::Team {
        id: seeds::guid(planner::domain::TeamId::parse),
        jobcenter: seed.jobcenter.clone(),
        name: "Team A".into(),
    };
    app.store.teams().create(&team, now()).unwrap();
    let counselor = &seed.counselors[0];
    app.store.teams().add_member(&team.id, &counselor.id, local(1, 0, 0).date_naive()).unwrap();
    let citizen = cpr(90);
    let held =
        app.store.reserve(&request(&citizen, &seed.offer, counselor, local(10, 10, 0)), now()).unwrap();
    let booking = app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut browser = in_english(person(app, "indkalder@kk.dk", Role::Summoner, whole));

    let day = browser.get(&format!("/calendar/team/{}?day=2027-03-10", team.id.as_str()));
    let texts = ["Team A, Wednesday 10.03.2027", "Previous day", "Working hours", "Booked", "Self-booked"];
    shows(&day, 200, &texts);
    assert!(!day.body.contains("Arbejdstid"), "{}", day.body);

    let path = format!("/calendar/{}/bookings/{}/move", counselor.id.as_str(), booking.id.as_str());
    let choose = browser.get(&format!("{path}?week=2027-03-08"));
    let texts =
        ["<h1>Move the meeting</h1>", "The meeting is wednesday 10.03.2027 at 10:00–10:45.", "Another time"];
    shows(&choose, 200, &texts);
    let csrf = choose.field("csrf");
    let wrong = browser.post(&format!("{path}/confirm"), &[("csrf", &csrf), ("date", "11/3"), ("time", "")]);
    shows(&wrong, 422, &["Give the date as yyyy-mm-dd, e.g. 2027-03-10.", "Give the time as hh:mm"]);
    let start = local(11, 10, 0).to_rfc3339();
    let confirm = browser.post(&format!("{path}/confirm"), &[("csrf", &csrf), ("start", &start)]);
    shows(&confirm, 200, &["<h1>Confirm the move</h1>", "<dt>New time</dt>", "Choose another time"]);
    let late = local(11, 18, 0).to_rfc3339();
    let refused = browser.post(&path, &[("csrf", &csrf), ("start", &late)]);
    shows(
        &refused,
        409,
        &["The change was not made", "outside the counselor&#39;s working hours", ">Back</a>"],
    );

    let reveal = format!("/calendar/{}/bookings/{}/cpr", counselor.id.as_str(), booking.id.as_str());
    let shown = browser.post(&reveal, &[("csrf", &csrf)]);
    shows(
        &shown,
        200,
        &["<h1>CPR number</h1>", "The citizen in the meeting 10.03.2027 at 10:00 has CPR number"],
    );
}

fn the_summons_pages_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut browser = in_english(person(app, "indkalder@kk.dk", Role::Summoner, whole));
    let one = browser.get("/summons");
    shows(
        &one,
        200,
        &[
            "<h1>Summon a citizen</h1>",
            "The citizen&#39;s CPR number",
            "Offer or template",
            "Find free times",
        ],
    );
    let csrf = one.field("csrf");
    let offer = format!("tilbud:{}", seed.offer.id.as_str());
    let mut form = vec![("csrf", csrf.as_str()), ("cpr", ""), ("hvad", offer.as_str()), ("hvem", "")];
    form.extend([("fra", "2027-03-15"), ("til", "15/3")]);
    let wrong = browser.post("/summons/proposals", &form);
    shows(
        &wrong,
        422,
        &["Type the citizen&#39;s CPR number.", "Type the last day. Type the date as yyyy-mm-dd"],
    );
    let citizen = cpr(70).expose_for_admin().to_owned();
    form[1].1 = &citizen;
    form[5].1 = "2027-03-19";
    let proposals = browser.post("/summons/proposals", &form);
    shows(&proposals, 200, &["<h1>Choose a time</h1>", "The first free times", "15.03.2027 to 19.03.2027"]);
    let upload = browser.get("/summons/batches/new");
    shows(
        &upload,
        200,
        &["<h1>Bulk summons</h1>", "CSV file of the citizens", "Spread evenly over the counselors"],
    );
    assert!(upload.body.contains("<option value=\"spread\""), "the values posted stay as they are");
    let batches = browser.get("/summons/batches");
    shows(&batches, 200, &["There are no bulk summonses yet.", "New bulk summons"]);
}

fn the_follow_up_pages_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let citizen = cpr(91);
    let counselor = &seed.counselors[0];
    let held =
        app.store.reserve(&request(&citizen, &seed.offer, counselor, local(10, 10, 0)), now()).unwrap();
    let booking = app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut browser = in_english(person(app, "adm@kk.dk", Role::Administrator, whole));
    let history = browser.get(&format!("/follow-up/bookings/{}", booking.id.as_str()));
    let texts =
        ["<h1>Booking Wednesday 10.03.2027 at 10:00–10:45</h1>", "The booking&#39;s id", "Booked", "History"];
    shows(&history, 200, &texts);
    let conflicts = browser.get("/follow-up/conflicts");
    shows(
        &conflicts,
        200,
        &["There are no open conflicts in the calendars you have access to.", "Show resolved conflicts too"],
    );
    let messages = browser.get("/follow-up/dfdg/messages");
    shows(&messages, 200, &["There are no messages.", "<option value=\"applied\">Applied</option>"]);
    let wrong = browser.get("/follow-up/dfdg/messages?outcome=x");
    shows(&wrong, 422, &["Choose Applied, Rejected or All."]);
    let reports = browser.get("/follow-up/dfdg/fejlmeldinger");
    shows(&reports, 200, &["There are no error reports.", "DFDG&#39;s message log"]);
    let webhooks = browser.get("/follow-up/webhooks");
    shows(&webhooks, 200, &["There are no deliveries.", "<label for=\"recipient\">Recipient</label>"]);
}

fn the_reports_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let citizen = cpr(92);
    let held = app
        .store
        .reserve(&request(&citizen, &seed.offer, &seed.counselors[0], local(10, 10, 0)), now())
        .unwrap();
    app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut browser = in_english(person(app, "laeser@kk.dk", Role::Reader, whole));
    let path =
        format!("/reports?report=channel&scope=jobcenter:{}&from=2027-03-01&to=2027-03-31", seed.jobcenter);
    let report = browser.get(&path);
    let texts = [
        "<h1>Reports</h1>",
        "<h2 id=\"rapport-titel\">Bookings per channel</h2>",
        "<th scope=\"col\">No-shows (%)</th>",
        "<th scope=\"row\">Total</th>",
        "Other reports for the same period",
        "<option value=\"channel\" selected>Bookings per channel</option>",
    ];
    shows(&report, 200, &texts);
    let wrong = browser
        .get(&format!("/reports?report=channel&scope=jobcenter:{}&from=x&to=2027-03-31", seed.jobcenter));
    shows(&wrong, 422, &["Type the first day as a date, e.g. 2027-03-01."]);
}

both_backends!(
    danish_is_the_default_and_english_a_choice_kept_in_a_cookie,
    the_reports_in_english,
    the_follow_up_pages_in_english,
    the_summons_pages_in_english,
    a_team_day_moving_a_meeting_and_a_cpr_number_in_english,
    accept_language_decides_before_a_choice,
    the_switch_leads_back_only_to_this_site_and_checks_its_token
);
