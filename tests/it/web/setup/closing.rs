//! Closing days in the set-up pages: the year's public holidays shown; a closing day added over
//! a booking lists the booking (not cancelled) and is removed again; a customary day opened; a
//! bad form names its fields and changes nothing; who is refused.

use planner::domain::people::{Cluster, Role};
use planner::domain::{BookingStatus, JobCenterCode};

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

fn calendar(app: &WebApp) -> planner::domain::closing::ClosingCalendar {
    app.store.closing().calendar(&JobCenterCode::parse(JOBCENTER).unwrap()).unwrap()
}

fn an_administrator_adds_a_closing_day_over_a_booking_and_removes_it(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let booking = seeds::book(&app.store, &seed, &seeds::cpr(1), seeds::local(15, 9, 0), app.clock.now());
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let page = admin.get("/setup/00101/closing-days");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Helligdage 2027"), "the clock's year");
    assert!(page.body.contains("Påskedag</th><td>Søndag 28.03.2027"), "{}", page.body);
    assert!(!page.body.contains("Store bededag"), "not a holiday after 2023");
    let earlier = admin.get("/setup/00101/closing-days?year=2023").body;
    assert!(earlier.contains("Store bededag</th><td>Fredag 05.05.2023"), "{earlier}");

    let fields = [("navn", "Personaledag"), ("dato", "2027-03-15"), ("fra", ""), ("til", "")];
    let page = post(&mut admin, "/setup/00101/closing-days", &fields);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("de er ikke aflyst"), "{}", page.body);
    let listed = format!("/follow-up/bookings/{}", booking.id.as_str());
    assert!(
        page.body.contains("Mandag 15.03.2027 09:00–09:45") && page.body.contains(&listed),
        "{}",
        page.body
    );
    assert!(page.body.contains("Rådgiver0") && page.body.contains("Booket"), "{}", page.body);
    assert_eq!(app.store.booking(&booking.id, None).unwrap().status, BookingStatus::Booked, "not cancelled");
    let day = calendar(app).local.pop().expect("the closing day");
    assert_eq!(day.name, "Personaledag");

    // A yearly part of a day without bookings: back to the page.
    let fields = [("navn", "Fyraften"), ("dato", "2027-03-17"), ("hvert-aar", "on"), ("fra", "12:00")];
    let page = submit(&mut admin, "/setup/00101/closing-days", &fields);
    assert!(page.body.contains("Der er ingen bookede møder på den."), "{}", page.body);
    assert!(
        page.body.contains("Hvert år den 17.03.") && page.body.contains("Fra kl. 12:00"),
        "{}",
        page.body
    );

    let page = submit(&mut admin, &format!("/setup/00101/closing-days/{}/delete", day.id), &[]);
    assert!(page.body.contains("Lukkedagen er fjernet.") && !page.body.contains("Personaledag"));
    assert_eq!(calendar(app).local.len(), 1);

    let page = submit(&mut admin, "/setup/00101/closing-days/customary/juleaftensdag", &[("lukket", "nej")]);
    assert!(page.body.contains("Juleaftensdag</th><td>Fredag 24.12.2027</td><td>Åbent"), "{}", page.body);
    assert!(calendar(app).customary_off.contains("juleaftensdag"));
    assert_eq!(outcomes(app, "web.setup.closing_day.create"), ["ok", "ok"]);
    assert_eq!(outcomes(app, "web.setup.closing_day.delete"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.closing_day.customary"), ["ok"]);
}

fn bad_closing_day_forms_name_their_fields_and_change_nothing(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields = [("navn", " "), ("dato", "15/3"), ("fra", "9"), ("til", "")];
    let page = post(&mut admin, "/setup/00101/closing-days", &fields);
    names_fields(&page, &["navn", "dato", "fra"]);
    let fields = [("navn", "Kursus"), ("dato", "2027-03-16"), ("fra", "12:00"), ("til", "10:00")];
    let page = post(&mut admin, "/setup/00101/closing-days", &fields);
    names_fields(&page, &["til"]);
    assert!(page.body.contains("value=\"Kursus\""), "what was typed is kept");
    let page = post(&mut admin, "/setup/00101/closing-days/customary/juleaftensdag", &[("lukket", "maaske")]);
    assert_eq!(page.status, 400);
    assert!(calendar(app).local.is_empty() && calendar(app).customary_off.is_empty());
    assert_eq!(outcomes(app, "web.setup.closing_day.create"), ["invalid", "invalid"]);
}

fn only_the_jobcenters_administrators_change_closing_days(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    submit(&mut admin, "/setup/00101/closing-days", &[("navn", "A"), ("dato", "2027-04-20")]);
    let id = calendar(app).local[0].id.clone();
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, teams[0].clone()));
    let page = of_team.get("/setup/00101/closing-days");
    assert_eq!(page.status, 200, "a team's administrator reads");
    assert!(!page.body.contains("Tilføj lukkedagen") && !page.body.contains("Hold åbent"), "{}", page.body);
    let mut others = vec![of_team];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/closing-days").status, 403, "{who}");
        others.push(browser);
    }
    for browser in &mut others {
        let add = post(browser, "/setup/00101/closing-days", &[("navn", "B"), ("dato", "2027-04-21")]);
        assert_eq!(add.status, 403);
        assert_eq!(post(browser, &format!("/setup/00101/closing-days/{id}/delete"), &[]).status, 403);
        let open = post(browser, "/setup/00101/closing-days/customary/juleaftensdag", &[("lukket", "nej")]);
        assert_eq!(open.status, 403);
    }
    assert_eq!(calendar(app).local.len(), 1, "nothing changed");
    assert!(calendar(app).customary_off.is_empty());
    let forbidden = ["forbidden"; 3];
    assert_eq!(outcomes(app, "web.setup.closing_day.create")[1..], forbidden);
    assert_eq!(outcomes(app, "web.setup.closing_day.delete"), forbidden);
    assert_eq!(outcomes(app, "web.setup.closing_day.customary"), forbidden);
}

both_backends!(
    an_administrator_adds_a_closing_day_over_a_booking_and_removes_it,
    bad_closing_day_forms_name_their_fields_and_change_nothing,
    only_the_jobcenters_administrators_change_closing_days,
);
