//! The calendar conflict queue over real HTTP on both backends: an external event overlapping a
//! booking shows to whoever sees that calendar, is resolved with a note (a missing note is a
//! field error, 422), leaves the open list and shows among all with its note; another team's
//! conflict is not found, roles without calendars get 403, and each resolution is audited
//! without its note.

use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::people::{Cluster, Role};
use planner::store::{CalendarConflict, PushMode};

use super::authorization::{person, two_teams};
use super::browser::{Browser, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request, window};

/// A booking of each team's counselor on Wednesday 3 March 11:00 and an event of their own
/// calendar over it; answers the conflicts of team A and of team B.
fn conflicts(
    app: &WebApp,
) -> (seeds::Seed, Vec<planner::domain::TeamId>, CalendarConflict, CalendarConflict) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    for (n, counselor) in seed.counselors.iter().enumerate() {
        let citizen = cpr(70 + n);
        let held =
            app.store.reserve(&request(&citizen, &seed.offer, counselor, local(3, 11, 0)), now()).unwrap();
        app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap();
        let event = ExternalEvent {
            key: EventKey::parse(&format!("outlook-{n}")).unwrap(),
            resource: counselor.email.clone(),
            interval: window(local(3, 11, 30), local(3, 12, 30)),
        };
        let scope = [seed.jobcenter.clone()];
        app.store.push_events("connector", &scope, PushMode::Create, &[event], now()).unwrap();
    }
    let mut found = app.store.calendar_conflicts(std::slice::from_ref(&seed.jobcenter), true, 10).unwrap();
    assert_eq!(found.len(), 2);
    found.sort_by_key(|c| usize::from(c.counselor != seed.counselors[0].id.as_str()));
    let b = found.pop().unwrap();
    let a = found.pop().unwrap();
    (seed, teams, a, b)
}

fn resolve(browser: &mut Browser, id: &str, note: &str) -> u16 {
    let csrf = browser.get("/follow-up/conflicts").field("csrf");
    browser.post(&format!("/follow-up/conflicts/{id}/resolve"), &[("csrf", &csrf), ("note", note)]).status
}

fn a_conflict_is_seen_by_its_calendar_and_resolved_with_a_note(app: &WebApp) {
    let (seed, teams, a, b) = conflicts(app);
    let mut in_a =
        person(app, "ia@kk.dk", Role::Summoner, Cluster::Team(seed.jobcenter.clone(), teams[0].clone()));
    let open = in_a.get("/follow-up/conflicts");
    assert_eq!(open.status, 200, "{}", open.body);
    assert!(open.body.contains("Rådgiver0 Jensen: Onsdag 03.03.2027 kl. 11:30–12:30"), "{}", open.body);
    assert!(!open.body.contains("Rådgiver1 Jensen"), "team B's conflict is not shown");
    assert!(open.body.contains(&format!("/follow-up/bookings/{}", a.booking)));
    assert_eq!(resolve(&mut in_a, &b.id, "Ringet"), 404, "team B's conflict is not found");

    let empty = in_a.get("/follow-up/conflicts");
    let csrf = empty.field("csrf");
    let refused =
        in_a.post(&format!("/follow-up/conflicts/{}/resolve", a.id), &[("csrf", &csrf), ("note", "  ")]);
    assert_eq!(refused.status, 422);
    let field = format!("note-{}", a.id);
    assert!(
        refused.body.contains(&format!("<p class=\"field-error\" id=\"{field}-fejl\">")),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&format!("aria-invalid=\"true\" aria-describedby=\"{field}-fejl\"")));
    let done = in_a.post(
        &format!("/follow-up/conflicts/{}/resolve", a.id),
        &[("csrf", &csrf), ("note", "Borgeren er flyttet")],
    );
    assert_eq!((done.status, done.location()), (303, "/follow-up/conflicts?done=resolved"));
    let after = in_a.get("/follow-up/conflicts?done=resolved");
    assert!(
        after.body.contains("Konflikten er markeret som løst.")
            && after.body.contains("Der er ingen åbne konflikter")
    );
    let all = in_a.get("/follow-up/conflicts?all=1");
    assert!(all.body.contains("Løst 09.03.2027 09:00: Borgeren er flyttet"), "{}", all.body);
    assert_eq!(resolve(&mut in_a, &a.id, "Igen"), 404, "a resolved conflict is not open");

    let mut admin = person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(seed.jobcenter.clone()));
    assert!(admin.get("/follow-up/conflicts").body.contains("Rådgiver1 Jensen"));
    assert_eq!(resolve(&mut admin, &b.id, "Aftalt med vejlederen"), 303);
    for role in [Role::Reader, Role::Counselor] {
        let mut browser = person(
            app,
            &format!("{}@kk.dk", role.as_str()),
            role,
            Cluster::Jobcenter(seed.jobcenter.clone()),
        );
        assert_eq!(browser.get("/follow-up/conflicts").status, 403, "{role:?}");
    }
    let audit = app.store.audit_tail(100).unwrap();
    let resolved: Vec<_> = audit.iter().filter(|r| r.entry.operation == "web.conflict.resolve").collect();
    let outcomes: Vec<&str> = resolved.iter().map(|r| r.entry.outcome.as_str()).collect();
    assert_eq!(outcomes, ["invalid", "ok", "ok"], "refusals of what is not found write no row");
    assert!(resolved.iter().all(|r| !r.entry.detail.as_deref().unwrap_or_default().contains("flyttet")));
}

both_backends!(a_conflict_is_seen_by_its_calendar_and_resolved_with_a_note);
