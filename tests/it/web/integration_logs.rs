//! DFDG's WSRM log and error reports over real HTTP on both backends: administrators of a whole
//! jobcenter see its rows (rows of no jobcenter only when they administer every jobcenter), page
//! through them and filter them by outcome (a filter that does not read is the field's error,
//! 422), CPR-shaped numbers in DFDG's free text masked; other roles, and administrators of a
//! team, get 403. The helpers here serve `webhook_log.rs` too.

use chrono::{DateTime, Duration, Utc};
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::{JobCenterCode, TeamId};
use planner::store::{AcceptAs, DfdgChange, DfdgMessage, ErrorReport, NewAccount};

use super::authorization::{person, two_teams};
use super::browser::{start, Browser, WebApp};
use super::reports::table;
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local};

/// A browser signed in as a new account `email` holding `role` in every one of `clusters`.
fn person_of(app: &WebApp, email: &str, role: Role, clusters: Vec<Cluster>) -> Browser {
    let grant = Grant::new(role, clusters).unwrap();
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

/// The seed's jobcenter with two teams, and a second jobcenter.
pub(super) struct World {
    /// The seed, in jobcenter 00101.
    pub seed: seeds::Seed,
    /// Team A of the seed's jobcenter.
    pub team: TeamId,
    /// Jobcenter 00202.
    pub other: JobCenterCode,
}

pub(super) fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let team = two_teams(app, &seed).remove(0);
    let other = JobCenterCode::parse("00202").unwrap();
    app.store.upsert_jobcenter(&other, "Jobcenter Andetsteds").unwrap();
    World { seed, team, other }
}

/// `seconds` after the web tests' start.
pub(super) fn at(seconds: i64) -> DateTime<Utc> {
    start() - Duration::hours(1) + Duration::seconds(seconds)
}

/// Applies `change` as a queue message received at `at(seconds)`; answers its id.
fn apply(app: &WebApp, change: DfdgChange, seconds: i64) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let message = DfdgMessage { id: id.clone(), service: "IndkaldelseMessageService".into(), change };
    app.store.apply_dfdg_message(&message, at(seconds)).unwrap();
    id
}

/// The roles that do not open the integration logs: 403 on every page.
pub(super) fn refused_to_others(app: &WebApp, w: &World, paths: &[&str]) {
    let whole = Cluster::Jobcenter(w.seed.jobcenter.clone());
    let team = Cluster::Team(w.seed.jobcenter.clone(), w.team.clone());
    let others = [
        ("summoner", person(app, "ij@kk.dk", Role::Summoner, whole.clone())),
        ("reader", person(app, "leder@kk.dk", Role::Reader, whole.clone())),
        ("counselor", person(app, "vejl@kk.dk", Role::Counselor, whole)),
        ("administrator of a team", person(app, "tadm@kk.dk", Role::Administrator, team)),
    ];
    for (who, mut browser) in others {
        for path in paths {
            let page = browser.get(path);
            assert_eq!(page.status, 403, "{who}: {path}");
            assert!(page.body.contains("er for administratorer af et helt jobcenter"), "{who}: {path}");
        }
    }
}

fn the_wsrm_log_and_the_error_reports_show_what_an_administrator_acts_for(app: &WebApp) {
    let w = world(app);
    let seed = &w.seed;
    let booked = seeds::registration(seed, &cpr(1), local(15, 10, 0));
    let booking = booked.id.as_str().to_owned();
    let applied = apply(app, DfdgChange::Create(booked), 1);
    let unreadable = apply(app, DfdgChange::Unreadable("CPR 0101901234 kunne ikke læses".into()), 2);
    let report = |booking: Option<&str>, offer: bool, text: &str, origin, seconds| {
        let report = ErrorReport {
            offer: offer.then(|| seed.offer.id.clone()),
            booking: booking.map(|id| planner::domain::BookingId::parse(id).unwrap()),
            code: 100 + seconds as i32,
            text: Some(text.into()),
            origin,
            reported_at: at(seconds - 1),
        };
        app.store.record_error_report("CVR:55568510-FID:dfdg", &report, at(seconds)).unwrap();
    };
    report(Some(&booking), false, "Indkaldelsen er ukendt", 30, 10);
    report(None, true, "Mødetilbuddet er lukket", 32, 11);
    report(None, false, "borger 0101901234 ukendt", 30, 12);

    let mut admin = person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(seed.jobcenter.clone()));
    let log = admin.get("/follow-up/dfdg/messages");
    assert_eq!(log.status, 200, "{}", log.body);
    let rows = table(&log);
    assert_eq!(rows.len(), 1, "not the message of no jobcenter: {rows:?}");
    assert!(rows[0][0].starts_with("09.03.2027 08:00"), "{rows:?}");
    assert!(rows[0][1].contains(&applied) && rows[0][1].contains("IndkaldelseMessageService"));
    assert_eq!(rows[0][2..3], ["Oprettelse"]);
    assert!(rows[0][3].contains(&format!("href=\"/follow-up/bookings/{booking}\"")), "{rows:?}");
    assert_eq!(rows[0][4..], ["Gennemført", ""]);
    let rejected = admin.get("/follow-up/dfdg/messages?outcome=rejected");
    assert!(rejected.status == 200 && rejected.body.contains("Der er ingen beskeder."), "{}", rejected.body);
    let bad = admin.get("/follow-up/dfdg/messages?outcome=lost");
    assert_eq!(bad.status, 422);
    assert!(bad
        .body
        .contains("<p class=\"field-error\" id=\"outcome-fejl\">Vælg Gennemført, Afvist eller Alle.</p>"));
    assert!(bad.body.contains("aria-invalid=\"true\" aria-describedby=\"outcome-fejl\""));
    assert!(!bad.body.contains("<tbody>"), "no rows under an error");

    let reports = admin.get("/follow-up/dfdg/fejlmeldinger");
    assert_eq!(reports.status, 200, "{}", reports.body);
    let rows = table(&reports);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][1..4], ["111", "Mødetilbuddet er lukket", "Jobnet (CVR:55568510-FID:dfdg)"]);
    assert_eq!((rows[0][5].as_str(), rows[0][6].as_str()), ("00101", "–"));
    assert_eq!(rows[1][1..3], ["110", "Indkaldelsen er ukendt"]);
    assert!(rows[1][6].contains(&booking));

    let every = vec![Cluster::Jobcenter(seed.jobcenter.clone()), Cluster::Jobcenter(w.other.clone())];
    let mut operator = person_of(app, "drift@kk.dk", Role::Administrator, every);
    let all = operator.get("/follow-up/dfdg/messages?outcome=rejected");
    let rows = table(&all);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0][1].contains(&unreadable));
    assert_eq!(rows[0][2..], ["Kunne ikke læses", "–", "Afvist", "CPR ********** kunne ikke læses"]);
    let reports = operator.get("/follow-up/dfdg/fejlmeldinger");
    let rows = table(&reports);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][2], "borger ********** ukendt");
    assert!(!reports.body.contains("0101901234") && !all.body.contains("0101901234"), "no CPR shown");

    refused_to_others(app, &w, &["/follow-up/dfdg/messages", "/follow-up/dfdg/fejlmeldinger"]);
    let audit = app.store.audit_tail(100).unwrap();
    let outcomes: Vec<&str> = audit
        .iter()
        .filter(|r| r.entry.operation == "web.dfdg.messages")
        .map(|r| r.entry.outcome.as_str())
        .collect();
    assert_eq!(outcomes, ["ok", "ok", "invalid", "ok"]);
}

fn the_logs_are_paged(app: &WebApp) {
    let w = world(app);
    for n in 0..53 {
        apply(app, DfdgChange::Unreadable(format!("besked {n:02}")), n);
    }
    let every = vec![Cluster::Jobcenter(w.seed.jobcenter.clone()), Cluster::Jobcenter(w.other.clone())];
    let mut operator = person_of(app, "drift@kk.dk", Role::Administrator, every);
    let first = operator.get("/follow-up/dfdg/messages");
    let rows = table(&first);
    assert_eq!((rows.len(), rows[0][5].as_str()), (50, "besked 52"));
    assert!(first.body.contains("href=\"/follow-up/dfdg/messages?outcome=&amp;page=2\">Næste side</a>"));
    assert!(!first.body.contains("Forrige side"));
    let second = operator.get("/follow-up/dfdg/messages?outcome=&page=2");
    let rows: Vec<String> = table(&second).into_iter().map(|row| row[5].clone()).collect();
    assert_eq!(rows, ["besked 02", "besked 01", "besked 00"]);
    assert!(second.body.contains("Forrige side") && !second.body.contains("Næste side"));
    let beyond = operator.get("/follow-up/dfdg/messages?page=9");
    assert!(beyond.status == 200 && beyond.body.contains("Der er ingen beskeder på denne side."));
}

both_backends!(the_wsrm_log_and_the_error_reports_show_what_an_administrator_acts_for, the_logs_are_paged,);
