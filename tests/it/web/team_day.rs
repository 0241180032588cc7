//! The team day view (`/calendar/team/{team}?day=`) over real HTTP: the team's counselors side
//! by side with their working hours, the jobcenter's closures, busy time (manual and synced,
//! told apart in words), meetings with status, channel and room, and group sessions with their
//! seats; who may see it; and the local hours of the two 2027 daylight-saving days.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use planner::domain::closing::{ClosedPart, ClosingDay, Recurrence};
use planner::domain::people::{Cluster, Role};
use planner::domain::room::Room;
use planner::domain::team::Team;
use planner::domain::{BlockSource, BusyBlock, DayException, Interval, JobCenterCode, TeamId};

use super::authorization::person;
use super::browser::{Page, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request, Seed};

/// A team of the seed's counselors (all three), and a second team of nobody.
fn teams(app: &WebApp, seed: &Seed) -> (TeamId, TeamId) {
    let mut ids = Vec::new();
    for name in ["Team A", "Team B"] {
        let team =
            Team { id: seeds::guid(TeamId::parse), jobcenter: seed.jobcenter.clone(), name: name.into() };
        app.store.teams().create(&team, now()).unwrap();
        ids.push(team.id);
    }
    let first = local(1, 0, 0).date_naive();
    for counselor in seed.counselors.iter().chain([&seed.group_counselor]) {
        app.store.teams().add_member(&ids[0], &counselor.id, first).unwrap();
    }
    let b = ids.pop().unwrap();
    (ids.pop().unwrap(), b)
}

/// The row labels of the day's table, in order.
fn hours(page: &Page) -> Vec<String> {
    let marker = "<th scope=\"row\" class=\"time\">";
    page.body
        .match_indices(marker)
        .map(|(at, _)| page.body[at + marker.len()..].split('<').next().unwrap().to_owned())
        .collect()
}

/// The table row of the hour labelled `label`.
fn hour<'a>(page: &'a Page, label: &str) -> &'a str {
    let at =
        page.body.find(&format!("class=\"time\">{label}</th>")).unwrap_or_else(|| panic!("no row {label}"));
    &page.body[at..at + page.body[at..].find("</tr>").unwrap()]
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn block(
    app: &WebApp,
    seed: &Seed,
    (start, end): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    note: Option<&str>,
) {
    let block = BusyBlock { interval: Interval::new(start, end).unwrap(), source: BlockSource::Manual };
    app.store.add_block_noted(&seed.counselors[0].id, &block, None, note, now()).unwrap();
}

fn a_team_day_shows_hours_closures_busy_time_meetings_groups_and_rooms(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let (team, team_b) = teams(app, &seed);
    let room = Room {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: seed.jobcenter.clone(),
        name: "Mødelokale 1".into(),
        address: "Vesterbrogade 1".into(),
        capacity: 4,
        active: true,
    };
    app.store.rooms().create(&room, now()).unwrap();
    app.store.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&room.id)).unwrap();
    let mut cprs = Vec::new();
    let mut book = |n: usize, offer, counselor, start| {
        let citizen = cpr(80 + n);
        cprs.push(citizen.expose_for_admin().to_owned());
        let held = app.store.reserve(&request(&citizen, offer, counselor, start), now()).unwrap();
        app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap()
    };
    book(0, &seed.offer, &seed.counselors[0], local(10, 10, 0));
    book(1, &seed.group, &seed.group_counselor, local(10, 11, 0));
    book(2, &seed.group, &seed.group_counselor, local(10, 11, 0));
    block(app, &seed, (local(10, 13, 0), local(10, 14, 0)), Some("Kursus"));
    let synced = BusyBlock {
        interval: Interval::new(local(10, 14, 0), local(10, 15, 0)).unwrap(),
        source: BlockSource::CalendarSync,
    };
    app.store.add_block(&seed.counselors[0].id, &synced, Some("outlook-1"), now()).unwrap();
    let date = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
    app.store.set_exception(&seed.counselors[1].id, &DayException::new(date, Vec::new()).unwrap()).unwrap();
    let meeting = ClosingDay {
        id: String::new(),
        name: "Personalemøde".into(),
        recurrence: Recurrence::Once(date),
        part: ClosedPart::new(NaiveTime::from_hms_opt(15, 0, 0), None).unwrap(),
    };
    app.store.closing().add(&seed.jobcenter, meeting, now()).unwrap();

    let whole = Cluster::Jobcenter(seed.jobcenter.clone());
    let mut summoner =
        person(app, "ia@kk.dk", Role::Summoner, Cluster::Team(seed.jobcenter.clone(), team.clone()));
    let path = format!("/calendar/team/{}?day=2027-03-10", team.as_str());
    let page = summoner.get(&path);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<caption id=\"dag-tabel\">Team A, Onsdag 10.03.2027"), "{}", page.body);
    for counselor in seed.counselors.iter().chain([&seed.group_counselor]) {
        let link =
            format!("<th scope=\"col\"><a href=\"/calendar/{}?week=2027-03-10\">", counselor.id.as_str());
        assert!(page.body.contains(&link), "a column per counselor, linking to the week");
    }
    let working = hour_row(&page, "Arbejdstid");
    assert_eq!(working.matches("08:00–16:00").count(), 2, "{working}");
    assert!(working.contains("<td>Fri</td>"), "the day off");
    assert_eq!(hours(&page), ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]);
    let ten = hour(&page, "10:00");
    for text in [
        "10:00–10:45</span> Jobsamtale",
        "<li>Booket</li>",
        "<li>Selvbooket</li>",
        "<li>Lokale: Mødelokale 1</li>",
    ] {
        assert!(ten.contains(text), "{text}: {ten}");
    }
    let eleven = hour(&page, "11:00");
    assert!(eleven.contains("class=\"item group\"") && eleven.contains("Informationsmøde"), "{eleven}");
    assert!(
        eleven.contains("<li>Gruppemøde: 2 af 3 pladser taget</li>") && eleven.contains("<li>Booket: 2</li>")
    );
    let one = hour(&page, "13:00");
    assert!(
        one.contains("class=\"item manual\"") && one.contains("<li>Indtastet i Planner</li><li>Kursus</li>")
    );
    let two = hour(&page, "14:00");
    assert!(two.contains("class=\"item synced\"") && two.contains("<li>Fra vejlederens kalender</li>"));
    assert!(page.body.contains("Personalemøde (jobcentrets lukkedag, fra 15:00)"));
    assert!(hour(&page, "15:00").contains("<span class=\"tag\">Lukket</span>") && !two.contains("Lukket"));
    assert!(cprs.iter().all(|cpr| !page.body.contains(cpr)), "no CPR on the day view");
    assert!(summoner
        .get("/calendar")
        .body
        .contains(&format!("/calendar/team/{}?day=2027-03-09", team.as_str())));

    let admin = person(app, "adm@kk.dk", Role::Administrator, whole.clone());
    let other = JobCenterCode::parse("00202").unwrap();
    app.store.upsert_jobcenter(&other, "Jobcenter Andetsteds").unwrap();
    let elsewhere = Cluster::Jobcenter(other);
    let seen = [
        ("an administrator", admin, 200),
        (
            "a counselor of the team",
            person(app, &seed.counselors[0].email, Role::Counselor, whole.clone()),
            403,
        ),
        ("a reader", person(app, "leder@kk.dk", Role::Reader, whole), 403),
        (
            "a summoner of team B",
            person(app, "ib@kk.dk", Role::Summoner, Cluster::Team(seed.jobcenter.clone(), team_b)),
            403,
        ),
        ("a summoner of another jobcenter", person(app, "ix@kk.dk", Role::Summoner, elsewhere), 404),
    ];
    for (who, mut browser, status) in seen {
        let page = browser.get(&path);
        assert_eq!(page.status, status, "{who}");
        assert_eq!(page.body.contains("Informationsmøde"), status == 200, "{who}: the day only when shown");
    }
    let refused: Vec<_> = app
        .store
        .audit_tail(100)
        .unwrap()
        .into_iter()
        .filter(|r| r.entry.operation == "web.team_day.view")
        .collect();
    assert_eq!(
        refused.len(),
        3,
        "the three refusals in the jobcenter are audited, not the other jobcenter's"
    );
    assert!(refused.iter().all(|r| r.entry.outcome == "forbidden"
        && r.entry.detail.as_deref() == Some(format!("team.id={}", team.as_str()).as_str())));
    let unknown = format!("/calendar/team/{}?day=2027-03-10", uuid::Uuid::new_v4());
    assert_eq!(summoner.get(&unknown).status, 404);
    assert_eq!(summoner.get(&format!("/calendar/team/{}?day=10.3.", team.as_str())).status, 400);
}

fn hour_row<'a>(page: &'a Page, label: &str) -> &'a str {
    let at = page.body.find(&format!("<th scope=\"row\">{label}</th>")).unwrap();
    &page.body[at..at + page.body[at..].find("</tr>").unwrap()]
}

fn the_days_of_the_daylight_saving_changes_show_their_real_local_hours(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let (team, _) = teams(app, &seed);
    let mut browser = person(app, "ij@kk.dk", Role::Summoner, Cluster::Jobcenter(seed.jobcenter.clone()));
    // Easter Sunday 2027, the night summer time begins: 02:00 CET becomes 03:00 CEST.
    block(app, &seed, (utc(2027, 3, 27, 22, 30), utc(2027, 3, 27, 23, 30)), Some("Over midnat"));
    block(app, &seed, (utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1, 30)), None);
    block(app, &seed, (utc(2027, 3, 28, 8, 0), utc(2027, 3, 28, 9, 0)), None);
    block(app, &seed, (utc(2027, 3, 28, 22, 30), utc(2027, 3, 28, 23, 0)), Some("Efter midnat"));
    let spring = browser.get(&format!("/calendar/team/{}?day=2027-03-28", team.as_str()));
    assert_eq!(spring.status, 200);
    let rows = ["00:00", "01:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00"];
    assert_eq!(hours(&spring), rows, "a 23-hour day has no 02:00");
    assert!(hour(&spring, "00:00").contains("27.03. 23:30–00:30</span> Optaget"), "{}", spring.body);
    assert!(hour(&spring, "01:00").contains("01:30–03:30</span> Optaget"));
    assert!(hour(&spring, "10:00").contains("10:00–11:00</span> Optaget"));
    assert!(!spring.body.contains("Efter midnat"), "00:30 on 29 March is the next day's");
    assert!(spring.body.contains("Påskedag (helligdag, hele dagen)"));
    assert!(hour(&spring, "03:00").contains("Lukket"));

    // The night summer time ends: 03:00 CEST becomes 02:00 CET, and 02:00-03:00 comes twice.
    block(app, &seed, (utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30)), None);
    block(app, &seed, (utc(2027, 10, 31, 8, 0), utc(2027, 10, 31, 9, 0)), None);
    let autumn = browser.get(&format!("/calendar/team/{}?day=2027-10-31", team.as_str()));
    assert_eq!(autumn.status, 200);
    let rows = [
        "02:00 (sommertid)",
        "02:00 (vintertid)",
        "03:00",
        "04:00",
        "05:00",
        "06:00",
        "07:00",
        "08:00",
        "09:00",
    ];
    assert_eq!(hours(&autumn), rows, "a 25-hour day has 02:00 twice");
    assert!(hour(&autumn, "02:00 (sommertid)").contains("02:30 (sommertid)–02:30 (vintertid)</span> Optaget"));
    assert!(hour(&autumn, "09:00").contains("09:00–10:00</span> Optaget"), "{}", autumn.body);
    assert!(!autumn.body.contains("Lukket"), "an ordinary Sunday");
}

both_backends!(
    a_team_day_shows_hours_closures_busy_time_meetings_groups_and_rooms,
    the_days_of_the_daylight_saving_changes_show_their_real_local_hours,
);
