//! Summoning one citizen in the staff web app, over real HTTP on both backends: the earliest
//! fitting times proposed, the chosen one booked and shown; the refusals in Danish (closing
//! days, the no-show follow-up type, missing contact data, a time taken meanwhile, bad input)
//! with nothing booked; and who may summon into whose calendars (a reader and a counselor get
//! 403, a summoner of team A gets 404 for team B's team and counselors). The CPR is never in
//! a page after it was typed, nor in a URL or an audit row.

use planner::domain::people::{Cluster, Role};
use planner::domain::type_rules::{ContactRequirement, TypeRule};
use planner::domain::{Booking, Channel, JobCenterCode, TeamId};

use super::authorization::{person, two_teams};
use super::browser::{Browser, Page, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request, Seed};

pub(super) struct World {
    pub seed: Seed,
    pub jobcenter: JobCenterCode,
    pub teams: Vec<TeamId>,
}

pub(super) fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    World { jobcenter: seed.jobcenter.clone(), seed, teams }
}

pub(super) fn summoner(app: &WebApp, world: &World) -> Browser {
    person(app, "indkalder@kk.dk", Role::Summoner, Cluster::Jobcenter(world.jobcenter.clone()))
}

/// The values of the radio buttons named `tid`, in page order.
fn times(page: &Page) -> Vec<String> {
    page.body
        .match_indices("name=\"tid\" id=\"")
        .map(|(at, _)| {
            let rest = &page.body[at..];
            let value = rest.find("value=\"").unwrap() + "value=\"".len();
            rest[value..].split('"').next().unwrap().to_owned()
        })
        .collect()
}

/// Posts the first step for citizen `n` with `fields` over the defaults (the individual offer,
/// every counselor, the week of 15 March).
fn propose(browser: &mut Browser, world: &World, n: usize, fields: &[(&str, &str)]) -> Page {
    let csrf = browser.get("/").field("csrf");
    let citizen = cpr(n).expose_for_admin().to_owned();
    let offer = format!("tilbud:{}", world.seed.offer.id.as_str());
    let mut all: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("cpr", &citizen),
        ("hvad", &offer),
        ("hvem", ""),
        ("fra", "2027-03-15"),
        ("til", "2027-03-19"),
    ];
    for (name, value) in fields {
        all.retain(|(key, _)| key != name);
        all.push((name, value));
    }
    let page = browser.post("/summons/proposals", &all);
    assert!(!page.body.contains(&citizen), "the CPR is not shown again");
    page
}

/// Books time `tid` from `proposals` (its hidden fields carried as the page carries them).
fn book(browser: &mut Browser, proposals: &Page, tid: &str) -> Page {
    let names =
        ["csrf", "borger", "email", "mobil", "hvad", "hvem", "fra", "til", "flyt_timer", "aflys_timer"];
    let values: Vec<(&str, String)> = names.iter().map(|name| (*name, proposals.field(name))).collect();
    let mut fields: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    fields.push(("tid", tid));
    browser.post("/summons/book", &fields)
}

fn summons_bookings(app: &WebApp, world: &World) -> Vec<Booking> {
    let week = seeds::window(local(15, 0, 0), local(27, 0, 0));
    let mut found = Vec::new();
    for counselor in &world.seed.counselors {
        found.extend(app.store.counselor_calendar(&counselor.id, week).unwrap());
    }
    found.into_iter().filter(|b| b.channel == Channel::Summons).collect()
}

fn outcomes(app: &WebApp, operation: &str) -> Vec<String> {
    let mut rows: Vec<_> = app.store.audit_tail(1000).unwrap();
    rows.retain(|row| row.entry.operation == operation);
    rows.sort_by_key(|row| row.id);
    rows.into_iter().map(|row| row.entry.outcome).collect()
}

fn a_summoner_is_proposed_the_earliest_times_and_books_one(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let form = browser.get("/summons");
    assert_eq!(form.status, 200, "{}", form.body);
    for seen in ["Indkald en borger", "Jobsamtale", "Team A", "Team B", "Rådgiver1 Jensen", "åååå-mm-dd"]
    {
        assert!(form.body.contains(seen), "{seen} not in {}", form.body);
    }
    let proposals = propose(&mut browser, &w, 70, &[]);
    assert_eq!(proposals.status, 200, "{}", proposals.body);
    for seen in [
        "Vælg en tid",
        "150190-****",
        "Mandag 15.03.2027",
        "08:00–08:45 hos Rådgiver0 Jensen",
        "08:00–08:45 hos Rådgiver1 Jensen",
        "11:00–11:45",
    ] {
        assert!(proposals.body.contains(seen), "{seen} not in {}", proposals.body);
    }
    let offered = times(&proposals);
    assert_eq!(offered.len(), 8, "{offered:?}");
    assert!(!proposals.body.contains("12:00–12:45"), "only the eight earliest");
    assert!(summons_bookings(app, &w).is_empty(), "proposing books nothing");
    // The third time: 09:00 with the first counselor.
    let booked = book(&mut browser, &proposals, &offered[2]);
    assert_eq!(booked.status, 303, "{}", booked.body);
    let done = browser.get(booked.location());
    assert_eq!(done.status, 200, "{}", done.body);
    for seen in [
        "Borgeren er indkaldt",
        "150190-****",
        "Mandag 15.03.2027 kl. 09:00–09:45",
        "Rådgiver0 Jensen",
        "Jobsamtale",
    ] {
        assert!(done.body.contains(seen), "{seen} not in {}", done.body);
    }
    let made = summons_bookings(app, &w);
    assert_eq!(made.len(), 1);
    assert_eq!((made[0].interval.start(), &made[0].counselor), (local(15, 9, 0), &w.seed.counselors[0].id));
    assert!(!made[0].changes.rebook_possible && !made[0].changes.cancel_possible);
    let by = app.store.booking_summoner(&made[0].id).unwrap().unwrap();
    assert_eq!((by.identity(), by.user()), ("planner-web", Some("indkalder@kk.dk")));
    assert!(booked.location().contains(made[0].id.as_str()) && !booked.location().contains("1501900070"));
    // The same citizen again: booked already.
    let again = propose(&mut browser, &w, 70, &[]);
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("allerede en kommende tid"), "{}", again.body);
    assert_eq!(outcomes(app, "web.summons.propose"), ["ok", "refused"]);
    assert_eq!(outcomes(app, "web.summons.create"), ["ok"]);
    let audit = format!("{:?}", app.store.audit_tail(1000).unwrap());
    assert!(!audit.contains("1501900070") && audit.contains(made[0].id.as_str()));
}

fn refusals_are_said_in_danish_and_book_nothing(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    // Skærtorsdag and Langfredag 2027.
    let closed = propose(&mut browser, &w, 71, &[("fra", "2027-03-25"), ("til", "2027-03-26")]);
    assert_eq!(closed.status, 409, "{}", closed.body);
    assert!(closed.body.contains("ingen ledige tider"), "{}", closed.body);
    assert!(closed.body.contains("Skærtorsdag 25.03.2027, Langfredag 26.03.2027"), "{}", closed.body);
    assert!(closed.body.contains("150190-****") || closed.body.contains("160190-****"), "the citizen kept");
    let bad = propose(&mut browser, &w, 71, &[("cpr", "12345"), ("fra", "15-03-2027"), ("flyt_timer", "x")]);
    assert_eq!(bad.status, 422, "{}", bad.body);
    for seen in [
        "gyldigt CPR-nummer",
        "href=\"#cpr\"",
        "åååå-mm-dd, fx 2027-03-15",
        "href=\"#fra\"",
        "href=\"#flyt_timer\"",
    ] {
        assert!(bad.body.contains(seen), "{seen} not in {}", bad.body);
    }
    assert!(!bad.body.contains("12345"), "the typed CPR is not echoed");
    let backwards = propose(&mut browser, &w, 71, &[("fra", "2027-03-19"), ("til", "2027-03-15")]);
    assert_eq!(backwards.status, 422);
    assert!(backwards.body.contains("før den første"), "{}", backwards.body);
    let kind = w.seed.offer.interview_type;
    let contact =
        TypeRule { interview_type: kind, requires_contact: ContactRequirement::Email, ..TypeRule::default() };
    app.store.type_rules().set(&w.jobcenter, &contact).unwrap();
    let no_mail = propose(&mut browser, &w, 71, &[]);
    assert_eq!(no_mail.status, 422, "{}", no_mail.body);
    assert!(
        no_mail.body.contains("kræver borgerens e-mailadresse") && no_mail.body.contains("href=\"#email\"")
    );
    let with_mail = propose(&mut browser, &w, 71, &[("email", "borger@eksempel.dk")]);
    assert_eq!(with_mail.status, 200, "{}", with_mail.body);
    // The chosen time is taken before it is booked.
    let first = times(&with_mail)[0].clone();
    let other = cpr(72);
    let held = app
        .store
        .reserve(&request(&other, &w.seed.offer, &w.seed.counselors[0], local(15, 8, 0)), now())
        .unwrap();
    app.store.confirm(&other, &held.id, seeds::originator(), now()).unwrap();
    let taken = book(&mut browser, &with_mail, &first);
    assert_eq!(taken.status, 409, "{}", taken.body);
    assert!(taken.body.contains("ikke længere ledig"), "{}", taken.body);
    assert!(!taken.body.contains("08:00–08:45 hos Rådgiver0 Jensen"), "the times as they are now");
    let none = book(&mut browser, &with_mail, "");
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Vælg en af tiderne") && none.body.contains("href=\"#tid\""));
    let follow_up = TypeRule { interview_type: kind, no_show_follow_up: true, ..TypeRule::default() };
    app.store.type_rules().set(&w.jobcenter, &follow_up).unwrap();
    let refused = propose(&mut browser, &w, 71, &[("email", "borger@eksempel.dk")]);
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("opfølgning på udeblivelser"), "{}", refused.body);
    assert!(summons_bookings(app, &w).is_empty(), "nothing summoned");
}

fn only_summoners_of_the_calendars_may_summon(app: &WebApp) {
    let w = world(app);
    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    for (email, role) in [("laeser@kk.dk", Role::Reader), ("vejleder@kk.dk", Role::Counselor)] {
        let mut browser = person(app, email, role, whole.clone());
        let form = browser.get("/summons");
        assert_eq!(form.status, 403, "{email}: {}", form.body);
        assert!(form.body.contains("kræver rollen indkalder"));
        assert_eq!(propose(&mut browser, &w, 73, &[]).status, 403, "{email}");
    }
    let team_a = Cluster::Team(w.jobcenter.clone(), w.teams[0].clone());
    let mut ida = person(app, "ida@kk.dk", Role::Summoner, team_a);
    let form = ida.get("/summons");
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Team A") && form.body.contains("Rådgiver0 Jensen"), "{}", form.body);
    assert!(!form.body.contains("Team B") && !form.body.contains("Rådgiver1"), "{}", form.body);
    let team_b = format!("team:{}", w.teams[1].as_str());
    assert_eq!(propose(&mut ida, &w, 73, &[("hvem", &team_b)]).status, 404);
    let counselor_b = format!("vejleder:{}", w.seed.counselors[1].id.as_str());
    assert_eq!(propose(&mut ida, &w, 73, &[("hvem", &counselor_b)]).status, 404);
    let everybody = propose(&mut ida, &w, 73, &[]);
    assert_eq!(everybody.status, 422);
    assert!(everybody.body.contains("Vælg dit team"), "{}", everybody.body);
    let team_a = format!("team:{}", w.teams[0].as_str());
    let own = propose(&mut ida, &w, 73, &[("hvem", &team_a)]);
    assert_eq!(own.status, 200, "{}", own.body);
    assert!(own.body.contains("Rådgiver0 Jensen") && !own.body.contains("Rådgiver1"), "{}", own.body);
    // Booking a time of team B's counselor from team A's proposals is refused as unknown.
    let foreign = format!("{}|{}", w.seed.counselors[1].id.as_str(), local(15, 8, 0).to_rfc3339());
    assert_eq!(book(&mut ida, &own, &foreign).status, 404);
    let other = JobCenterCode::parse("00202").unwrap();
    app.store.upsert_jobcenter(&other, "Jobcenter Andetsteds").unwrap();
    let mut stranger = person(app, "fremmed@kk.dk", Role::Summoner, Cluster::Jobcenter(other));
    assert_eq!(propose(&mut stranger, &w, 73, &[]).status, 404, "another jobcenter's offer");
    assert!(summons_bookings(app, &w).is_empty());
    assert_eq!(outcomes(app, "web.summons.propose").iter().filter(|o| *o == "forbidden").count(), 2);
}

both_backends!(
    a_summoner_is_proposed_the_earliest_times_and_books_one,
    refusals_are_said_in_danish_and_book_nothing,
    only_summoners_of_the_calendars_may_summon,
);
