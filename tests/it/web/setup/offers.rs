//! Offers in the set-up pages: an administrator creates, edits, previews and deactivates one,
//! each change shown on the page afterwards and audited; a bad form names its fields and
//! changes nothing; summoners read but change nothing, readers and another jobcenter's
//! administrator are refused.

use chrono::{Duration, NaiveDate};
use planner::domain::people::Role;
use planner::domain::{Interval, JobCenterCode, Offer};
use planner::web::calendar::local_days;

use super::{followed, names_fields, outcomes, post, signed_in, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, Seed};
use crate::web::browser::{Browser, WebApp};

fn offers(app: &WebApp) -> Vec<Offer> {
    app.store.offers_of_jobcenter(&JobCenterCode::parse(JOBCENTER).unwrap()).unwrap()
}

fn named(app: &WebApp, name: &str) -> Offer {
    offers(app).into_iter().find(|offer| offer.name == name).unwrap_or_else(|| panic!("no offer {name}"))
}

/// A complete offer form with `name`, `minutes` long, with the seed's first counselor.
fn form<'a>(seed: &'a Seed, name: &'a str, minutes: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("navn", name),
        ("samtaletype", "7"),
        ("moedeform", "individuel"),
        ("pladser", ""),
        ("kontaktform", "1"),
        ("kontaktform", "2"),
        ("kilde", "vejledere"),
        ("vejledere", seed.counselors[0].id.as_str()),
        ("varighed", minutes),
        ("buffer", "0"),
        ("varsel", "0"),
        ("horisont", "60"),
        ("gade", "Vesterbrogade"),
        ("husnr", "12"),
        ("postnr", "1620"),
        ("by", "København V"),
        ("aflys", "ja"),
    ]
}

/// The number of free times `store.offer_times` lists of `offer` in the week of `monday`.
fn listed(app: &WebApp, offer: &Offer, monday: NaiveDate) -> usize {
    let week = local_days(monday, monday + Duration::days(7)).unwrap();
    let window = Interval::new(week.start().max(app.clock.now()), week.end()).unwrap();
    app.store.offer_times(&offer.id, window, None, app.clock.now()).unwrap().times.len()
}

fn an_administrator_creates_edits_previews_and_deactivates_an_offer(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    assert!(admin.get("/").body.contains("href=\"/setup\">Opsætning"), "the start page links to it");
    assert!(admin.get("/setup").body.contains("href=\"/setup/00101\""));
    let subjects = admin.get("/setup/00101");
    for subject in ["Tilbud", "Personer og invitationer", "Mødelokaler"] {
        assert!(subjects.body.contains(subject), "{subject}: {}", subjects.body);
    }
    let list = admin.get("/setup/00101/offers");
    assert!(list.body.contains("Jobsamtale") && list.body.contains("Opret tilbud"), "{}", list.body);
    assert_eq!(admin.get("/setup/00101/offers/new").status, 200);

    let created = post(&mut admin, "/setup/00101/offers", &form(&seed, "Samtale om job", "30"));
    let page = followed(&mut admin, &created);
    assert!(page.body.contains("Tilbuddet er oprettet.") && page.body.contains("Samtale om job"));
    let offer = named(app, "Samtale om job");
    assert_eq!((offer.slots.duration, offer.contact_types.clone()), (Duration::minutes(30), vec![1, 2]));
    assert_eq!(offer.counselors, [seed.counselors[0].id.clone()]);
    assert!(offer.changes.cancel_possible && !offer.changes.rebook_possible);
    assert_eq!(offer.location.as_ref().map(|l| l.post_code.as_str()), Some("1620"));

    let path = format!("/setup/00101/offers/{}", offer.id.as_str());
    let edit = admin.get(&path);
    assert!(edit.body.contains("value=\"Samtale om job\"") && edit.body.contains("Gem tilbuddet"));
    let updated = post(&mut admin, &path, &form(&seed, "Kort samtale om job", "20"));
    let page = followed(&mut admin, &updated);
    assert!(page.body.contains("Tilbuddet er gemt.") && page.body.contains("Kort samtale om job"));
    assert_eq!(named(app, "Kort samtale om job").slots.duration, Duration::minutes(20));

    // The preview lists what self-booking would: the same free times as the store's listing.
    let monday = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
    let expected = listed(app, &offer, monday);
    assert!(expected > 0);
    let preview = admin.get(&format!("{path}/times?week=2027-03-17"));
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains(&format!("{expected} ledige tider i uge 11")), "{}", preview.body);
    assert!(preview.body.contains("08:00–08:20 – Rådgiver0 Jensen"), "{}", preview.body);
    assert!(preview.body.contains("Mandag 15.03.2027"), "{}", preview.body);

    let deactivated = post(&mut admin, &format!("{path}/deactivate"), &[]);
    let page = followed(&mut admin, &deactivated);
    assert!(page.body.contains("Tilbuddet er deaktiveret.") && page.body.contains("Deaktiveret"));
    assert!(!named(app, "Kort samtale om job").active);
    let preview = admin.get(&format!("{path}/times?week=2027-03-17"));
    assert!(preview.body.contains("Ingen ledige tider i uge 11"), "{}", preview.body);
    for operation in ["create", "update", "deactivate"] {
        assert_eq!(outcomes(app, &format!("web.setup.offer.{operation}")), ["ok"], "{operation}");
    }
}

fn a_bad_offer_form_names_its_fields_and_changes_nothing(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let before = offers(app);
    let mut bad = form(&seed, "", "x");
    bad.retain(|(name, _)| !matches!(*name, "kontaktform" | "vejledere" | "horisont" | "postnr"));
    bad.extend([("horisont", "999"), ("postnr", "12"), ("moedeform", "gruppe")]);
    let page = post(&mut admin, "/setup/00101/offers", &bad);
    names_fields(&page, &["navn", "varighed", "horisont", "postnr", "kontaktform-1", "vejledere"]);
    assert!(page.body.contains("Giv tilbuddet et navn på 1-100 tegn."), "{}", page.body);
    assert!(page.body.contains("value=\"Vesterbrogade\""), "what was typed is kept");
    assert_eq!(offers(app), before, "nothing was made");

    let path = format!("/setup/00101/offers/{}", seed.offer.id.as_str());
    let mut bad = form(&seed, "Jobsamtale", "30");
    bad.retain(|(name, _)| *name != "pladser");
    bad.push(("pladser", "4"));
    let page = post(&mut admin, &path, &bad);
    names_fields(&page, &["pladser"]);
    assert_eq!(offers(app), before, "the offer is as it was");
    assert_eq!(outcomes(app, "web.setup.offer.create"), ["invalid"]);
    assert_eq!(outcomes(app, "web.setup.offer.update"), ["invalid"]);
}

/// What `browser` gets of the list, the new form, the preview, and a create and deactivate.
fn tries(browser: &mut Browser, seed: &Seed) -> [u16; 5] {
    let path = format!("/setup/00101/offers/{}", seed.offer.id.as_str());
    [
        browser.get("/setup/00101/offers").status,
        browser.get("/setup/00101/offers/new").status,
        browser.get(&format!("{path}/times")).status,
        post(browser, "/setup/00101/offers", &form(seed, "Forbudt", "30")).status,
        post(browser, &format!("{path}/deactivate"), &[]).status,
    ]
}

fn summoners_read_offers_and_others_are_refused(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let mut summoner = signed_in(app, "ind@kk.dk", Role::Summoner, JOBCENTER);
    assert_eq!(tries(&mut summoner, &seed), [200, 403, 200, 403, 403]);
    let list = summoner.get("/setup/00101/offers").body;
    assert!(list.contains("Jobsamtale") && !list.contains("Opret tilbud") && !list.contains("Deaktiver"));
    let shown = summoner.get(&format!("/setup/00101/offers/{}", seed.offer.id.as_str())).body;
    assert!(shown.contains(" disabled") && !shown.contains("Gem tilbuddet"), "read only: {shown}");
    assert!(!summoner.get("/setup/00101").body.contains("Personer og invitationer"));
    let mut reader = signed_in(app, "leder@kk.dk", Role::Reader, JOBCENTER);
    assert_eq!(tries(&mut reader, &seed), [403; 5]);
    assert!(!reader.get("/").body.contains("Opsætning"), "no link where nothing opens");
    assert_eq!(reader.get("/setup/00101").status, 403);
    let mut stranger = signed_in(app, "adm@andet.dk", Role::Administrator, OTHER);
    assert_eq!(tries(&mut stranger, &seed), [403; 5]);
    // Their own jobcenter's path does not reach this jobcenter's offer either.
    let path = format!("/setup/{OTHER}/offers/{}", seed.offer.id.as_str());
    assert_eq!(stranger.get(&path).status, 404);
    assert_eq!(post(&mut stranger, &format!("{path}/deactivate"), &[]).status, 404);
    assert!(offers(app).iter().all(|offer| offer.active && offer.name != "Forbudt"), "nothing changed");
    assert_eq!(outcomes(app, "web.setup.offer.create"), ["forbidden"; 3]);
    assert_eq!(outcomes(app, "web.setup.offer.deactivate"), ["forbidden"; 3]);
    // A form without the session's token is refused before anything is read.
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let forged = admin.post("/setup/00101/offers", &form(&seed, "Forfalsket", "30"));
    assert_eq!(forged.status, 403);
    assert!(offers(app).iter().all(|offer| offer.name != "Forfalsket"));
}

both_backends!(
    an_administrator_creates_edits_previews_and_deactivates_an_offer,
    a_bad_offer_form_names_its_fields_and_changes_nothing,
    summoners_read_offers_and_others_are_refused,
);
