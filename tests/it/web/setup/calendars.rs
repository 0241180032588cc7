//! Calendar feeds and ICS imports in the set-up pages: a feed made (its token shown on that
//! answer only, never again, never audited) and revoked; an ICS address set (shown by its host
//! only) and cleared; a bad address named with nothing stored; who is refused.

use planner::domain::people::{Cluster, Role};
use planner::domain::JobCenterCode;

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

fn an_administrator_makes_a_feed_and_sets_an_import(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let path = format!("/setup/00101/calendars/{}", counselor.id.as_str());
    assert!(admin.get("/setup/00101/calendars").body.contains(&format!("href=\"{path}\"")));
    assert!(admin.get(&path).body.contains("Vejlederen har ingen feeds."));
    let page = post(&mut admin, &format!("{path}/feeds"), &[]);
    assert_eq!(page.status, 200, "the token is shown on this answer, not after a redirect");
    let token = page.body.split("/calendar/").nth(1).and_then(|rest| rest.split(".ics").next()).unwrap();
    assert_eq!(token.len(), 64, "{}", page.body);
    let feeds = app.store.calendar_feeds(&counselor.id).unwrap();
    assert_eq!(feeds.len(), 1);
    let again = admin.get(&path).body;
    assert!(!again.contains(token) && again.contains("Aktivt"), "shown once only");
    let audit = app.store.audit_tail(1000).unwrap();
    assert!(audit.iter().all(|row| !row.entry.detail.clone().unwrap_or_default().contains(token)));

    let page = submit(&mut admin, &format!("{path}/feeds/{}/revoke", feeds[0].id), &[]);
    assert!(
        page.body.contains("Feedet er lukket.") && page.body.contains("Lukket 09.03.2027"),
        "{}",
        page.body
    );
    assert!(app.store.calendar_feeds(&counselor.id).unwrap()[0].revoked_at.is_some());

    let url = "https://cal.example.com/owa/secret-part/calendar.ics";
    let page = submit(&mut admin, &format!("{path}/import"), &[("ics-url", url)]);
    assert!(
        page.body.contains("https://cal.example.com/…") && !page.body.contains("secret-part"),
        "{}",
        page.body
    );
    assert_eq!(app.store.calendar_imports().unwrap()[0].url, url);
    let page = submit(&mut admin, &format!("{path}/import/clear"), &[]);
    assert!(page.body.contains("Importen er stoppet."));
    assert!(app.store.calendar_imports().unwrap().is_empty());
    assert_eq!(outcomes(app, "web.setup.calendar.feed.create"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.calendar.feed.revoke"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.calendar.import.set"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.calendar.import.clear"), ["ok"]);
}

fn a_bad_import_address_is_named_and_nothing_is_stored(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let path = format!("/setup/00101/calendars/{}", counselor.id.as_str());
    for bad in ["ftp://cal.example.com/x.ics", "https://cal.example.com/a b.ics", ""] {
        names_fields(&post(&mut admin, &format!("{path}/import"), &[("ics-url", bad)]), &["ics-url"]);
    }
    assert!(app.store.calendar_imports().unwrap().is_empty());
    let unknown = format!("{path}/feeds/0b3c5c7e-2d8a-4d43-9a37-0f5a1c2b3d4e/revoke");
    assert_eq!(post(&mut admin, &unknown, &[]).status, 404);
    assert_eq!(admin.get("/setup/00101/calendars/not-a-counselor").status, 404);
    assert_eq!(outcomes(app, "web.setup.calendar.import.set"), ["invalid"; 3]);
}

fn only_the_jobcenters_administrators_change_calendars(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let teams = two_teams(app, &seed);
    let counselor = &seed.counselors[0];
    let (feed, _) = app.store.create_calendar_feed(&counselor.id, app.clock.now()).unwrap();
    let path = format!("/setup/00101/calendars/{}", counselor.id.as_str());
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, teams[0].clone()));
    let page = of_team.get(&path);
    assert!(
        page.status == 200 && page.body.contains("Aktivt") && !page.body.contains("Opret et feed"),
        "{}",
        page.body
    );
    let mut others = vec![of_team];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/calendars").status, 403, "{who}");
        assert_eq!(browser.get(&path).status, 403, "{who}");
        others.push(browser);
    }
    for browser in &mut others {
        assert_eq!(post(browser, &format!("{path}/feeds"), &[]).status, 403);
        assert_eq!(post(browser, &format!("{path}/feeds/{feed}/revoke"), &[]).status, 403);
        assert_eq!(
            post(browser, &format!("{path}/import"), &[("ics-url", "https://x.example/a.ics")]).status,
            403
        );
        assert_eq!(post(browser, &format!("{path}/import/clear"), &[]).status, 403);
    }
    let feeds = app.store.calendar_feeds(&counselor.id).unwrap();
    assert!(feeds.len() == 1 && feeds[0].revoked_at.is_none(), "nothing changed");
    assert!(app.store.calendar_imports().unwrap().is_empty());
    for operation in ["feed.create", "feed.revoke", "import.set", "import.clear"] {
        assert_eq!(
            outcomes(app, &format!("web.setup.calendar.{operation}")),
            ["forbidden"; 3],
            "{operation}"
        );
    }
}

both_backends!(
    an_administrator_makes_a_feed_and_sets_an_import,
    a_bad_import_address_is_named_and_nothing_is_stored,
    only_the_jobcenters_administrators_change_calendars,
);
