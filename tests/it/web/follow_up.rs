//! The booking search and a booking's page over real HTTP on both backends: a CPR searched for
//! in a POST body and never shown or audited, the results limited to the calendars a person
//! sees, a booking's history of audit rows with who did what, the CPR masked, and the
//! refusals (403 for roles without calendars or CPRs, 404 outside one's clusters, 422 for a
//! field that cannot be read, 403 without the form's token).

use planner::domain::people::{Cluster, Role};
use planner::domain::{Booking, JobCenterCode};

use super::authorization::{person, two_teams};
use super::browser::{Browser, Page, WebApp};
use super::reports::table;
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request};

/// The seed's jobcenter, a booking in team A's calendar and one in team B's, with the CPRs.
struct World {
    jobcenter: JobCenterCode,
    team_a: planner::domain::TeamId,
    in_a: Booking,
    in_b: Booking,
    cprs: [String; 2],
}

fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let mut teams = two_teams(app, &seed);
    let book = |n: usize| {
        let citizen = cpr(40 + n);
        let start = local(2, 10 + n as u32, 0);
        let held =
            app.store.reserve(&request(&citizen, &seed.offer, &seed.counselors[n], start), now()).unwrap();
        (app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap(), citizen)
    };
    let ((in_a, a), (in_b, b)) = (book(0), book(1));
    app.store.upsert_jobcenter(&JobCenterCode::parse("00202").unwrap(), "Jobcenter Andetsteds").unwrap();
    teams.pop();
    World {
        jobcenter: seed.jobcenter,
        team_a: teams.pop().unwrap(),
        in_a,
        in_b,
        cprs: [a.expose_for_admin().to_owned(), b.expose_for_admin().to_owned()],
    }
}

/// Posts the search form with `fields` (and the page's token) as `browser`.
fn search(browser: &mut Browser, fields: &[(&str, &str)]) -> Page {
    let form = browser.get("/follow-up/bookings");
    assert_eq!(form.status, 200, "{}", form.body);
    let csrf = form.field("csrf");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    browser.post("/follow-up/bookings", &all)
}

fn booking_path(booking: &Booking) -> String {
    format!("/follow-up/bookings/{}", booking.id.as_str())
}

fn a_summoner_finds_a_citizen_by_cpr_and_reads_the_booking_history(app: &WebApp) {
    let w = world(app);
    let mut summoner = person(app, "ij@kk.dk", Role::Summoner, Cluster::Jobcenter(w.jobcenter.clone()));
    let found = search(&mut summoner, &[("jobcenter", w.jobcenter.as_str()), ("cpr", &w.cprs[0])]);
    assert_eq!(found.status, 200, "{}", found.body);
    let rows = table(&found);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0][0].contains("02.03.2027 10:00"), "{rows:?}");
    assert_eq!(rows[0][1..], ["Rådgiver0 Jensen", "Jobsamtale", "Booket", "Selvbooket"]);
    assert!(found.body.contains(&booking_path(&w.in_a)));
    assert!(found.body.contains("1 bookinger for det søgte CPR-nummer"));
    assert!(w.cprs.iter().all(|cpr| !found.body.contains(cpr)), "the CPR is not put back into the page");
    let every = search(&mut summoner, &[("jobcenter", w.jobcenter.as_str()), ("status", "Booked")]);
    assert_eq!(table(&every).len(), 2);
    let none = search(&mut summoner, &[("jobcenter", w.jobcenter.as_str()), ("status", "Completed")]);
    assert!(none.body.contains("Ingen bookinger passer til søgningen"));

    let week = format!("/calendar/{}?week=2027-03-01", w.in_a.counselor.as_str());
    let csrf = summoner.get(&week).field("csrf");
    let path = format!("/calendar/{}/bookings/{}/complete", w.in_a.counselor.as_str(), w.in_a.id.as_str());
    assert_eq!(summoner.post(&path, &[("csrf", &csrf), ("week", "2027-03-01")]).status, 303);
    let page = summoner.get(&booking_path(&w.in_a));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h1>Booking Tirsdag 02.03.2027 kl. 10:00–10:45</h1>"), "{}", page.body);
    assert!(page.body.contains("<dd>Afholdt</dd>") && page.body.contains("******-****"));
    assert!(page.body.contains("Vis CPR") && !page.body.contains(&w.cprs[0]));
    let history = table(&page);
    assert_eq!(history[0][1..], ["Markeret som afholdt (web.booking.complete)", "ij@kk.dk", "ok"]);
    assert!(history[0][0].starts_with("09.03.2027"), "the app's clock: {history:?}");

    let audit = app.store.audit_tail(100).unwrap();
    let searches: Vec<_> = audit.iter().filter(|r| r.entry.operation == "web.bookings.search").collect();
    assert_eq!(searches.len(), 3);
    assert!(searches.iter().any(|r| r.entry.detail.as_deref() == Some("jobcenter.code=00101 by_cpr=true")));
    let viewed = audit.iter().filter(|r| r.entry.operation == "web.booking.view").count();
    assert_eq!(viewed, 1);
    for row in &audit {
        let text = format!("{:?}", row.entry);
        assert!(w.cprs.iter().all(|cpr| !text.contains(cpr)), "no CPR in the audit: {text}");
    }
}

fn each_role_searches_and_opens_only_what_its_clusters_hold(app: &WebApp) {
    let w = world(app);
    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    let code = w.jobcenter.as_str();
    let mut in_a =
        person(app, "ia@kk.dk", Role::Summoner, Cluster::Team(w.jobcenter.clone(), w.team_a.clone()));
    let found = search(&mut in_a, &[("jobcenter", code)]);
    assert_eq!(table(&found).len(), 1, "team A's booking only");
    assert_eq!(in_a.get(&booking_path(&w.in_a)).status, 200);
    assert_eq!(in_a.get(&booking_path(&w.in_b)).status, 404, "team B's booking is not found");
    assert_eq!(search(&mut in_a, &[("jobcenter", "00202")]).status, 404, "another jobcenter");
    assert_eq!(in_a.get("/follow-up/bookings/not-a-booking").status, 404);

    let mut admin = person(app, "adm@kk.dk", Role::Administrator, whole.clone());
    let form = admin.get("/follow-up/bookings");
    assert!(!form.body.contains("name=\"cpr\""), "no CPR field for an administrator");
    assert_eq!(table(&search(&mut admin, &[("jobcenter", code)])).len(), 2);
    assert_eq!(search(&mut admin, &[("jobcenter", code), ("cpr", &w.cprs[0])]).status, 403);
    let page = admin.get(&booking_path(&w.in_b));
    assert!(page.status == 200 && !page.body.contains("Vis CPR"), "{}", page.body);

    for role in [Role::Reader, Role::Counselor] {
        let mut browser = person(app, &format!("{}@kk.dk", role.as_str()), role, whole.clone());
        assert_eq!(browser.get("/follow-up/bookings").status, 403, "{role:?}");
        assert_eq!(browser.get(&booking_path(&w.in_a)).status, 403, "{role:?}");
    }

    let mut summoner = person(app, "ij@kk.dk", Role::Summoner, whole);
    let bad = search(&mut summoner, &[("jobcenter", code), ("from", "2027-13-01"), ("cpr", "12")]);
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("<p class=\"field-error\" id=\"from-fejl\">"));
    assert!(bad.body.contains("<p class=\"field-error\" id=\"cpr-fejl\">"));
    assert!(bad.body.contains("aria-describedby=\"cpr-hjaelp cpr-fejl\" aria-invalid=\"true\">"));
    assert!(!bad.body.contains("<tbody>"), "no results");
    let backwards =
        search(&mut summoner, &[("jobcenter", code), ("from", "2027-03-05"), ("to", "2027-03-01")]);
    assert!(backwards.status == 422 && backwards.body.contains("id=\"to-fejl\""));
    let forged =
        summoner.post("/follow-up/bookings", &[("csrf", "forged"), ("jobcenter", code), ("cpr", &w.cprs[0])]);
    assert_eq!(forged.status, 403);
}

both_backends!(
    a_summoner_finds_a_citizen_by_cpr_and_reads_the_booking_history,
    each_role_searches_and_opens_only_what_its_clusters_hold,
);
