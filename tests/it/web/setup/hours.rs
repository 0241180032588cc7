//! Working hours in the set-up pages: a counselor's week edited as a table (breaks taken out of
//! the day), exceptions (a day off, other hours) listed and respected by the free times; bad
//! fields named with nothing saved; who is refused.

use chrono::{NaiveTime, Weekday};
use planner::domain::people::{Cluster, Role};
use planner::domain::{JobCenterCode, LocalPeriod};

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// The week form's fields: Monday as given, Tuesday off, the rest 08:00-16:00.
fn week(monday: (&'static str, &'static str, &'static str)) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for key in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        let (start, end, breaks) = match key {
            "mon" => monday,
            "tue" | "sat" | "sun" => ("", "", ""),
            _ => ("08:00", "16:00", ""),
        };
        for (part, value) in [("start", start), ("end", end), ("breaks", breaks)] {
            fields.push((format!("hours-{key}-{part}"), value.to_owned()));
        }
    }
    fields
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn an_administrator_edits_a_week_and_adds_exceptions(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let list = admin.get("/setup/00101/hours");
    let path = format!("/setup/00101/hours/{}", counselor.id.as_str());
    assert!(list.body.contains(&format!("href=\"{path}\"")), "{}", list.body);
    let page = admin.get(&path);
    assert!(page
        .body
        .contains("id=\"hours-mon-start\" name=\"hours-mon-start\" type=\"time\" value=\"08:00\""));

    let fields = week(("08:00", "15:00", "12:00-12:30"));
    let page = submit(&mut admin, &path, &pairs(&fields));
    assert!(page.body.contains("Arbejdstiderne er gemt."), "{}", page.body);
    assert!(page.body.contains("value=\"15:00\"") && page.body.contains("value=\"12:00-12:30\""));
    let stored = app.store.working_hours(&counselor.id).unwrap();
    let monday =
        [LocalPeriod::new(hm(8, 0), hm(12, 0)).unwrap(), LocalPeriod::new(hm(12, 30), hm(15, 0)).unwrap()];
    assert_eq!(stored.periods(Weekday::Mon), monday);
    assert!(stored.periods(Weekday::Tue).is_empty(), "Tuesday off");

    let exceptions = format!("{path}/exceptions");
    let page =
        submit(&mut admin, &exceptions, &[("undtagelse-dato", "2027-03-19"), ("undtagelse-fri", "on")]);
    assert!(
        page.body.contains("Undtagelsen er gemt.") && page.body.contains("Fredag 19.03.2027</th><td>Fri")
    );
    let other = [("undtagelse-dato", "2027-03-22"), ("undtagelse-fra", "09:00"), ("undtagelse-til", "12:00")];
    let page = submit(&mut admin, &exceptions, &other);
    assert!(page.body.contains("Mandag 22.03.2027</th><td>09:00–12:00"), "{}", page.body);
    let now = app.clock.now();
    assert!(seeds::free_starts(&app.store, &seed.offer, seeds::day(19), now).is_empty(), "a day off");
    let monday = seeds::free_starts(&app.store, &seed.offer, seeds::day(22), now);
    assert_eq!(
        (monday.first(), monday.last()),
        (Some(&seeds::local(22, 9, 0)), Some(&seeds::local(22, 11, 0)))
    );
    assert_eq!(outcomes(app, "web.setup.hours.set"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.exception.set"), ["ok", "ok"]);
}

fn bad_hours_name_their_fields_and_change_nothing(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let before = app.store.working_hours(&counselor.id).unwrap();
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let path = format!("/setup/00101/hours/{}", counselor.id.as_str());
    let mut fields = week(("8", "16:00", ""));
    fields[3].1 = "08:00".into(); // Tuesday starts, never ends
    fields[8].1 = "frokost".into(); // Wednesday's breaks
    fields[9].1 = "16:00".into(); // Thursday starts after it ends
    fields[10].1 = "08:00".into();
    let page = post(&mut admin, &path, &pairs(&fields));
    names_fields(&page, &["hours-mon-start", "hours-tue-end", "hours-wed-breaks", "hours-thu-end"]);
    assert!(page.body.contains("value=\"frokost\""), "what was typed is kept");
    assert_eq!(app.store.working_hours(&counselor.id).unwrap(), before, "nothing saved");
    let page = post(&mut admin, &format!("{path}/exceptions"), &[("undtagelse-dato", "fredag")]);
    names_fields(&page, &["undtagelse-dato", "undtagelse-fra", "undtagelse-til"]);
    let first = seeds::local(1, 0, 0).date_naive();
    assert!(app.store.exceptions_from(&counselor.id, first).unwrap().is_empty());
    assert_eq!(admin.get("/setup/00101/hours/not-a-counselor").status, 404);
    assert_eq!(outcomes(app, "web.setup.hours.set"), ["invalid"]);
    assert_eq!(outcomes(app, "web.setup.exception.set"), ["invalid"]);
}

fn only_the_jobcenters_administrators_change_hours(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    let counselor = &seed.counselors[0];
    let before = app.store.working_hours(&counselor.id).unwrap();
    let path = format!("/setup/00101/hours/{}", counselor.id.as_str());
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, teams[0].clone()));
    let page = of_team.get(&path);
    assert_eq!(page.status, 200, "a team's administrator reads");
    assert!(
        page.body.contains("<td>08:00</td>") && !page.body.contains("Gem arbejdstiderne"),
        "{}",
        page.body
    );
    let mut others = vec![of_team];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/hours").status, 403, "{who}");
        assert_eq!(browser.get(&path).status, 403, "{who}");
        others.push(browser);
    }
    let fields = week(("09:00", "10:00", ""));
    for browser in &mut others {
        assert_eq!(post(browser, &path, &pairs(&fields)).status, 403);
        let off = [("undtagelse-dato", "2027-03-19"), ("undtagelse-fri", "on")];
        assert_eq!(post(browser, &format!("{path}/exceptions"), &off).status, 403);
    }
    assert_eq!(app.store.working_hours(&counselor.id).unwrap(), before, "nothing saved");
    assert_eq!(outcomes(app, "web.setup.hours.set"), ["forbidden"; 3]);
    assert_eq!(outcomes(app, "web.setup.exception.set"), ["forbidden"; 3]);
}

both_backends!(
    an_administrator_edits_a_week_and_adds_exceptions,
    bad_hours_name_their_fields_and_change_nothing,
    only_the_jobcenters_administrators_change_hours,
);
