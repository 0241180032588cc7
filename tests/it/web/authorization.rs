//! Binding is seeing, over real HTTP on both backends: for every role and cluster, which
//! counselors' calendars a person sees and whose CPR they may show. A summoner of team A sees
//! and reveals nothing of team B; an administrator sees calendars but no CPR; a counselor sees
//! only their own; a reader sees none; nobody sees another jobcenter's. Every reveal is
//! audited without the CPR; a refused one changes nothing and says nothing about existence.

use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::team::Team;
use planner::domain::{Booking, JobCenterCode, TeamId};
use planner::store::{AcceptAs, NewAccount};

use super::browser::{Browser, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request};

/// What a person gets of team A's and team B's calendar (or CPR): the status, and whether the
/// page offers (or shows) the CPR.
type Expected = [(u16, bool); 2];

/// The week the bookings lie in (Monday 1 March 2027).
const WEEK: &str = "2027-03-01";

struct World {
    jobcenter: JobCenterCode,
    team_a: TeamId,
    team_b: TeamId,
    /// Counselor of team A, with a booking.
    in_a: (String, Booking),
    /// Counselor of team B, with a booking.
    in_b: (String, Booking),
    /// The e-mail address of the counselor of team A.
    email_a: String,
    /// The CPRs of the two citizens, as the CPR page shows them.
    cprs: Vec<String>,
}

fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let jobcenter = seed.jobcenter.clone();
    let mut teams = two_teams(app, &seed);
    let (mut booked, mut cprs) = (Vec::new(), Vec::new());
    for (n, counselor) in seed.counselors.iter().enumerate() {
        let citizen = cpr(40 + n);
        cprs.push(citizen.expose_for_admin().to_owned());
        let held =
            app.store.reserve(&request(&citizen, &seed.offer, counselor, local(2, 10, 0)), now()).unwrap();
        let booking = app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
        booked.push((counselor.id.as_str().to_owned(), booking));
    }
    let other = JobCenterCode::parse("00202").unwrap();
    app.store.upsert_jobcenter(&other, "Jobcenter Andetsteds").unwrap();
    let in_b = booked.pop().unwrap();
    let in_a = booked.pop().unwrap();
    World {
        jobcenter,
        team_b: teams.pop().unwrap(),
        team_a: teams.pop().unwrap(),
        in_a,
        in_b,
        email_a: seed.counselors[0].email.clone(),
        cprs,
    }
}

/// A browser signed in as a new account `email` holding `role` in `cluster` (the session is
/// started in the store; signing in itself is tested in `sign_in.rs`).
/// Teams A and B of the seed's jobcenter, the seed's first counselor a member of A and its
/// second of B since 1 March.
pub(super) fn two_teams(app: &WebApp, seed: &seeds::Seed) -> Vec<TeamId> {
    let mut teams = Vec::new();
    for (name, counselor) in [("Team A", &seed.counselors[0]), ("Team B", &seed.counselors[1])] {
        let team =
            Team { id: seeds::guid(TeamId::parse), jobcenter: seed.jobcenter.clone(), name: name.into() };
        app.store.teams().create(&team, now()).unwrap();
        app.store.teams().add_member(&team.id, &counselor.id, local(1, 0, 0).date_naive()).unwrap();
        teams.push(team.id);
    }
    teams
}

pub(super) fn person(app: &WebApp, email: &str, role: Role, cluster: Cluster) -> Browser {
    let grant = Grant::new(role, vec![cluster]).unwrap();
    let address = Email::parse(email).unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    let new = NewAccount {
        name: email.into(),
        password_hash: Some("$argon2id$unused".into()),
        ..Default::default()
    };
    let account = app.store.people().accept(&secret, &AcceptAs::New(new), app.clock.now()).unwrap();
    let session = app.store.people().start_session(&account.id, true, app.clock.now()).unwrap();
    let mut browser = app.browser();
    browser.cookies.insert("__Host-planner-session".into(), session.secret);
    browser
}

/// What `browser` gets of the calendar of `counselor`: its status, and whether it offers the CPR.
fn calendar(browser: &mut Browser, world: &World, counselor: &str) -> (u16, bool) {
    let page = browser.get(&format!("/calendar/{counselor}?week={WEEK}"));
    if page.status == 200 {
        assert!(page.body.contains("Jobsamtale") && page.body.contains("10:00–10:45"), "{}", page.body);
        assert!(world.cprs.iter().all(|cpr| !page.body.contains(cpr)), "no CPR on the calendar page");
    }
    (page.status, page.body.contains("Vis CPR"))
}

/// The status of showing the CPR of `booking` through the calendar of `counselor`, and
/// whether the answer holds the CPR.
fn reveal(browser: &mut Browser, world: &World, counselor: &str, booking: &Booking) -> (u16, bool) {
    let csrf = browser.get("/").field("csrf");
    let path = format!("/calendar/{counselor}/bookings/{}/cpr", booking.id.as_str());
    let page = browser.post(&path, &[("csrf", &csrf)]);
    let index = usize::from(booking.id != world.in_a.1.id);
    (page.status, page.body.contains(&world.cprs[index]))
}

fn every_role_sees_and_reveals_only_what_its_clusters_hold(app: &WebApp) {
    let w = world(app);
    let (a, b) = (&w.in_a, &w.in_b);
    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    let elsewhere = Cluster::Jobcenter(JobCenterCode::parse("00202").unwrap());
    let cases: Vec<(&str, Browser, Expected, Expected)> = vec![
        (
            "summoner of team A",
            person(app, "ia@kk.dk", Role::Summoner, Cluster::Team(w.jobcenter.clone(), w.team_a.clone())),
            [(200, true), (403, false)],
            [(200, true), (403, false)],
        ),
        (
            "summoner of team B",
            person(app, "ib@kk.dk", Role::Summoner, Cluster::Team(w.jobcenter.clone(), w.team_b.clone())),
            [(403, false), (200, true)],
            [(403, false), (200, true)],
        ),
        (
            "summoner of the jobcenter",
            person(app, "ij@kk.dk", Role::Summoner, whole.clone()),
            [(200, true), (200, true)],
            [(200, true), (200, true)],
        ),
        (
            "administrator",
            person(app, "adm@kk.dk", Role::Administrator, whole.clone()),
            [(200, false), (200, false)],
            [(403, false), (403, false)],
        ),
        (
            "counselor of team A, on their own calendar",
            person(app, &w.email_a, Role::Counselor, whole.clone()),
            [(200, true), (403, false)],
            [(200, true), (403, false)],
        ),
        (
            "reader",
            person(app, "leder@kk.dk", Role::Reader, whole),
            [(403, false), (403, false)],
            [(403, false), (403, false)],
        ),
        (
            "summoner of another jobcenter",
            person(app, "ix@kk.dk", Role::Summoner, elsewhere),
            [(404, false), (404, false)],
            [(404, false), (404, false)],
        ),
    ];
    for (who, mut browser, seen, revealed) in cases {
        let got = [calendar(&mut browser, &w, &a.0), calendar(&mut browser, &w, &b.0)];
        assert_eq!(got, seen, "{who}: calendars");
        let got = [reveal(&mut browser, &w, &a.0, &a.1), reveal(&mut browser, &w, &b.0, &b.1)];
        assert_eq!(got, revealed, "{who}: CPR");
        // A booking of team B through the path of team A's calendar is not found (or the
        // calendar is refused, for those who may not see it).
        let refused = if seen[0].0 == 403 { 403 } else { 404 };
        assert_eq!(
            reveal(&mut browser, &w, &a.0, &b.1).0,
            refused,
            "{who}: a booking under another calendar"
        );
        let listed = browser.get("/calendar").body;
        let ids_seen = [listed.contains(&a.0), listed.contains(&b.0)];
        assert_eq!(ids_seen, [seen[0].0 == 200, seen[1].0 == 200], "{who}: the list of calendars");
    }
    let audit = app.store.audit_tail(500).unwrap();
    let reveals: Vec<_> = audit.iter().filter(|row| row.entry.operation == "web.cpr.reveal").collect();
    // A reveal that reached a visible calendar is audited, shown (summoners of A, of B, twice
    // of the jobcenter, the counselor) or forbidden (the administrator, twice); a refused
    // calendar of the jobcenter is audited as forbidden too (the summoners of one team and the
    // counselor once each, the summoner of team B and the reader once more through team A's
    // path, the reader twice), while another jobcenter's staff and bookings under another
    // calendar leave no row.
    let shown = reveals.iter().filter(|row| row.entry.outcome == "ok").count();
    let forbidden = reveals.iter().filter(|row| row.entry.outcome == "forbidden").count();
    assert_eq!((shown, forbidden), (5, 9));
    let rows = format!("{reveals:?}");
    assert!(w.cprs.iter().all(|cpr| !rows.contains(cpr)), "no CPR in the audit");
    assert!(reveals.iter().filter(|row| row.entry.outcome == "ok").all(|row| row.entry.detail.is_some()));
}

both_backends!(every_role_sees_and_reveals_only_what_its_clusters_hold);
