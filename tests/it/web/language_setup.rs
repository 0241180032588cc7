//! The set-up of offers, templates, counselors, working hours and calendars in English, over
//! real HTTP on both backends: an administrator who chose English reads each page in English
//! (names from the database as they are), and a bad form's field errors come back in English,
//! those found on the blocking pool too.

use planner::domain::people::Role;

use super::browser::{Browser, Page, WebApp};
use super::language::{in_english, shows};
use super::setup::{post, signed_in, JOBCENTER};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, Seed};

/// Asserts that `page` answered 200, holds each of `texts` and none of `danish`.
fn in_english_only(page: &Page, texts: &[&str], danish: &[&str]) {
    shows(page, 200, texts);
    for text in danish {
        assert!(!page.body.contains(text), "Danish {text:?} left: {}", page.body);
    }
}

/// An administrator of the seed's jobcenter, having chosen English.
fn administrator(app: &WebApp) -> Browser {
    in_english(signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER))
}

fn the_offer_pages_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut browser = administrator(app);
    let subjects = browser.get("/setup/00101");
    let texts = [
        "Set-up of jobcenter 00101 – Planner",
        "<h1>Set-up of jobcenter 00101</h1>",
        "All jobcenters",
        ">Offers</a>",
    ];
    in_english_only(&subjects, &texts, &["Opsætning af jobcenter", "Alle jobcentre"]);
    let list = browser.get("/setup/00101/offers");
    let texts = [
        "Offers, jobcenter 00101 – Planner",
        "<h1>Offers</h1>",
        "Create an offer",
        "<th scope=\"col\">Interview type</th>",
        "<th scope=\"col\">Meeting format</th>",
        "Group, 3 seats",
        "45 min.",
        "Free times",
        "Deactivate",
        "<th scope=\"row\">Jobsamtale</th>",
    ];
    in_english_only(&list, &texts, &["Opret tilbud", "Mødeform", "Ledige tider"]);

    let form = browser.get(&format!("/setup/00101/offers/{}", seed.offer.id.as_str()));
    let texts = [
        "<h1>Edit the offer</h1>",
        "Who holds the meetings",
        "<label for=\"varighed\">Length of the meeting (minutes)</label>",
        "Separated by commas, e.g. sickness benefit, young people",
        ">In person</label>",
        "Follow-up interview (4)",
        "Compulsory attendance",
        "Save the offer",
        "value=\"Jobsamtale\"",
    ];
    in_english_only(&form, &texts, &["Hvem holder møderne", "Mødets længde", "Personligt fremmøde"]);

    let times = browser.get(&format!("/setup/00101/offers/{}/times?week=2027-03-08", seed.offer.id.as_str()));
    let texts = [
        "<h1>Free times for Jobsamtale, week 10</h1>",
        "This is how the citizen sees the offer&#39;s free times when self-booking.",
        "Previous week",
        "Show the week with the date",
        " in week 10.",
    ];
    in_english_only(&times, &texts, &["Sådan ser borgeren", " i uge 10."]);
}

fn the_template_pages_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut browser = administrator(app);
    let list = browser.get("/setup/00101/templates");
    let texts = ["<h1>Summons templates</h1>", "Create a template", "The jobcenter has no templates yet."];
    in_english_only(&list, &texts, &["Opret skabelon", "ingen skabeloner"]);

    let form = browser.get("/setup/00101/templates/new");
    let texts = [
        "<h1>Create a template</h1>",
        "<label for=\"strategi\">Distribution of the times</label>",
        "Earliest times first",
        "<optgroup label=\"Interview types\">",
        "Job interview (7)",
        "The period lasts this many days",
    ];
    in_english_only(&form, &texts, &["Fordeling af tiderne", "Tidsrummet varer"]);

    // Made twice: the second is refused by the store on the blocking pool, and shown in English.
    let offer = format!("offer:{}", seed.offer.id.as_str());
    let fields = [
        ("navn", "Opfølgning"),
        ("tilbud", offer.as_str()),
        ("vindue-start", "7"),
        ("vindue-dage", "14"),
        ("strategi", "earliest"),
    ];
    let made = post(&mut browser, "/setup/00101/templates", &fields);
    assert_eq!(made.status, 303, "{}", made.body);
    let listed = browser.get(made.location());
    in_english_only(&listed, &["The template has been created.", "From 7 days after, for 14 days"], &[]);
    let again = post(&mut browser, "/setup/00101/templates", &fields);
    shows(&again, 422, &["The jobcenter already has a template with that name.", "Correct what is marked"]);
    assert!(!again.body.contains("Jobcentret har allerede"), "{}", again.body);
}

fn the_counselor_pages_in_english(app: &WebApp) {
    let seed: Seed = seeds::seed(&app.store, 2);
    let counselor = seed.counselors[0].id.as_str();
    let mut browser = administrator(app);
    let list = browser.get("/setup/00101/counselors");
    let texts =
        ["<h1>Counselors</h1>", "<th scope=\"col\">Teams today</th>", "Self-booking", "Can be summoned"];
    in_english_only(&list, &texts, &["Teams i dag", "Kan indkaldes til møder"]);

    let hours = browser.get(&format!("/setup/00101/hours/{counselor}"));
    let texts = [
        "Working hours of",
        "The week&#39;s working hours",
        "<th scope=\"row\">Monday</th>",
        "Monday, start",
        "Add an exception",
        "Off all day",
        "Save the working hours",
    ];
    in_english_only(&hours, &texts, &["Ugens arbejdstider", "Mandag", "Tilføj en undtagelse"]);

    let calendars = browser.get("/setup/00101/calendars");
    in_english_only(&calendars, &["<h1>Calendar feeds and import</h1>", "Calendar of"], &["Kalender for"]);
    let calendar = browser.get(&format!("/setup/00101/calendars/{counselor}"));
    let texts = [
        "<h2 id=\"feeds\">Calendar feeds</h2>",
        "The counselor has no feeds.",
        "Create a feed",
        "No busy time is fetched for the counselor.",
        "ICS address",
    ];
    in_english_only(&calendar, &texts, &["Opret et feed", "Kalenderfeeds<"]);
}

fn bad_set_up_forms_name_their_fields_in_english(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut browser = administrator(app);
    let offer = [("navn", ""), ("samtaletype", "7"), ("kilde", "vejledere"), ("varighed", "x")];
    let page = post(&mut browser, "/setup/00101/offers", &offer);
    let texts = [
        "Correct what is marked",
        "Give the offer a name of 1-100 characters.",
        "Give the length of the meeting in whole minutes, 0-525600.",
        "Choose at least one contact form.",
        "Choose at least one counselor, or choose a team or competencies.",
    ];
    shows(&page, 422, &texts);
    assert!(!page.body.contains("Giv tilbuddet et navn"), "{}", page.body);

    let counselor = seed.counselors[0].id.as_str();
    let exception = [("undtagelse-dato", "x"), ("undtagelse-fra", "9")];
    let page = post(&mut browser, &format!("/setup/00101/hours/{counselor}/exceptions"), &exception);
    shows(
        &page,
        422,
        &["Give the date as yyyy-mm-dd, e.g. 2027-03-19.", "Give the time as hh:mm, or tick off all day."],
    );
}

both_backends!(
    the_offer_pages_in_english,
    the_template_pages_in_english,
    the_counselor_pages_in_english,
    bad_set_up_forms_name_their_fields_in_english
);
