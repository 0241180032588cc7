//! The audit search over real HTTP on both backends: an administrator of a jobcenter finds its
//! rows and their own by period, action (or a prefix), outcome and actor (a person's e-mail
//! address or a machine's identity), never another jobcenter's; pages go back from the last row
//! shown; a field that does not read is its error (422); CPR-shaped numbers are masked; other
//! roles get 403; each search is audited naming its criteria, never their values. The search
//! is a POST with the form's token: no criterion (an e-mail address) is in any address the
//! pages produce, and a query string on the GET is not read.

use chrono::{DateTime, Utc};
use planner::domain::people::{Cluster, Email, Role};
use planner::domain::JobCenterCode;
use planner::store::AuditEntry;

use super::authorization::{person, two_teams};
use super::browser::{Browser, Page, WebApp};
use super::reports::table;
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, local};

const MACHINE: &str = "CVR:12345678-FID:xs";

fn append(
    app: &WebApp,
    at: DateTime<Utc>,
    caller: &str,
    operation: &str,
    jobcenter: &str,
    outcome: &str,
    detail: &str,
) {
    let entry = AuditEntry {
        correlation_id: "c-1".into(),
        caller: caller.into(),
        request_user: None,
        operation: operation.into(),
        jobcenter: Some(jobcenter.into()),
        outcome: outcome.into(),
        detail: Some(detail.into()),
    };
    app.store.append_audit(&entry, at).unwrap();
}

/// The seed's jobcenter, another one, an administrator of the first and a summoner's rows.
struct World {
    jobcenter: JobCenterCode,
    team: planner::domain::TeamId,
    admin: Browser,
}

fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let team = two_teams(app, &seed).remove(0);
    app.store.upsert_jobcenter(&JobCenterCode::parse("00202").unwrap(), "Jobcenter Andetsteds").unwrap();
    let summoner = person(app, "ij@kk.dk", Role::Summoner, Cluster::Jobcenter(seed.jobcenter.clone()));
    drop(summoner);
    let account = app.store.people().account_by_email(&Email::parse("ij@kk.dk").unwrap()).unwrap();
    let summoner = format!("account:{}", account.id);
    append(app, local(1, 9, 0), MACHINE, "admin.bookings.complete", "00101", "ok", "booking.id=b-1");
    append(
        app,
        local(5, 9, 0),
        &summoner,
        "web.booking.cancel",
        "00101",
        "forbidden",
        "booking.id=b-2 0101901234",
    );
    append(app, local(5, 10, 0), MACHINE, "admin.offers.create", "00202", "ok", "offer.id=o-1");
    let admin = person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(seed.jobcenter.clone()));
    World { jobcenter: seed.jobcenter, team, admin }
}

/// The operations of the rows a search finds (the table's third column).
fn found(page: &Page) -> Vec<String> {
    assert_eq!(page.status, 200, "{}", page.body);
    if page.body.contains("Ingen rækker passer til søgningen.") {
        return Vec::new();
    }
    table(page).into_iter().map(|row| row[2].clone()).collect()
}

/// The fields of a search as posted.
type Fields<'a> = &'a [(&'a str, &'a str)];

/// Posts the search `fields` with the form's token `csrf`.
fn search(browser: &mut Browser, csrf: &str, fields: Fields) -> Page {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    browser.post("/follow-up/audit", &all)
}

/// Every address `page` leads to (links, forms, images, scripts, a redirect), its escapes read
/// back.
fn addresses(page: &Page) -> Vec<String> {
    let body = page.body.replace("&#38;", "&").replace("&amp;", "&").replace("&#64;", "@");
    let mut found: Vec<String> = ["href=\"", "action=\"", "src=\"", "formaction=\""]
        .iter()
        .flat_map(|marker| body.split(marker).skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()))
        .collect();
    found.extend(page.header("location").map(str::to_owned));
    found
}

fn an_administrator_searches_the_audit_of_their_jobcenter(app: &WebApp) {
    let mut w = world(app);
    let all = w.admin.get("/follow-up/audit");
    let shown = found(&all);
    let complete = "Markeret som afholdt (admin.bookings.complete)";
    let cancel = "Aflyst af personale (web.booking.cancel)";
    assert!(shown.contains(&complete.to_owned()) && shown.contains(&cancel.to_owned()), "{shown:?}");
    assert!(!all.body.contains("admin.offers.create"), "another jobcenter's row");
    let rows = table(&all);
    let row = rows.iter().find(|row| row[2] == cancel).unwrap();
    assert_eq!(row[..2], ["05.03.2027 09:00", "ij@kk.dk"]);
    assert_eq!(row[3..], ["00101", "forbidden", "booking.id=b-2 **********"]);
    assert!(!all.body.contains("0101901234"), "no CPR");

    let csrf = all.field("csrf");
    let cases: [(Fields, Vec<&str>); 6] = [
        (&[("from", "2027-03-01"), ("to", "2027-03-01")], vec![complete]),
        (&[("operation", "web.booking.*")], vec![cancel]),
        (&[("outcome", "forbidden")], vec![cancel]),
        (&[("actor", "ij@kk.dk")], vec![cancel]),
        (&[("actor", MACHINE)], vec![complete]),
        (&[("actor", MACHINE), ("jobcenter", "00101"), ("from", "2027-03-02")], vec![]),
    ];
    for (query, expected) in cases {
        let page = search(&mut w.admin, &csrf, query);
        assert_eq!(found(&page), expected, "{query:?}");
        for address in addresses(&page) {
            assert!(!address.contains("kk.dk") && !address.contains("%40"), "{query:?}: {address}");
            assert!(!address.contains("12345678") && !address.contains("web.booking"), "{address}");
        }
    }
    // A query string is not read: the address would hold the e-mail address.
    let unread = found(&w.admin.get("/follow-up/audit?actor=ij%40kk.dk"));
    assert!(unread.contains(&complete.to_owned()) && unread.contains(&cancel.to_owned()), "{unread:?}");
    // Without the form's token, nothing is searched.
    let forged = search(&mut w.admin, "0000", &[("actor", "ij@kk.dk")]);
    assert_eq!(forged.status, 403);
    assert!(!forged.body.contains("<tbody>"));

    let bad: [(Fields, &str, &str); 7] = [
        (&[("from", "2027-13-01")], "from", "Skriv datoen som fx 2027-03-01"),
        (
            &[("from", "2027-03-05"), ("to", "2027-03-01")],
            "to",
            "Den sidste dag må ikke ligge før den første.",
        ),
        (&[("operation", "web booking")], "operation", "Skriv en handling som fx web.booking.complete"),
        (&[("outcome", "<b>")], "outcome", "Skriv et udfald som fx ok"),
        (&[("actor", "ingen@kk.dk")], "actor", "Ingen person har den e-mailadresse."),
        (&[("actor", "ikke@en@adresse")], "actor", "Skriv e-mailadressen som fx"),
        (&[("jobcenter", "00202")], "jobcenter", "Vælg et af de jobcentre, du administrerer."),
    ];
    for (query, field, message) in bad {
        let page = search(&mut w.admin, &csrf, query);
        assert_eq!(page.status, 422, "{query:?}");
        assert!(
            page.body.contains(&format!("<p class=\"field-error\" id=\"{field}-fejl\">{message}")),
            "{query:?}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("{field}-fejl\"")) && page.body.contains("aria-invalid=\"true\"")
        );
        assert!(!page.body.contains("<tbody>"), "{query:?}: nothing searched");
    }
    let kept = search(&mut w.admin, &csrf, &[("operation", "web booking")]);
    assert!(kept.body.contains("value=\"web booking\""), "what was typed stays in the field");

    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    let others = [
        person(app, "leder@kk.dk", Role::Reader, whole.clone()),
        person(app, "vejl@kk.dk", Role::Counselor, whole),
        person(app, "tadm@kk.dk", Role::Administrator, Cluster::Team(w.jobcenter.clone(), w.team.clone())),
    ];
    for mut browser in others {
        assert_eq!(browser.get("/follow-up/audit").status, 403);
    }
    let account = app.store.people().account_by_email(&Email::parse("ij@kk.dk").unwrap()).unwrap();
    let session = app.store.people().start_session(&account.id, true, app.clock.now()).unwrap();
    let mut summoner = app.browser();
    summoner.cookies.insert("__Host-planner-session".into(), session.secret);
    assert_eq!(summoner.get("/follow-up/audit").status, 403);

    let audit = app.store.audit_tail(200).unwrap();
    let searches: Vec<_> = audit.iter().filter(|r| r.entry.operation == "web.audit.search").collect();
    assert_eq!(searches.len(), 1 + 6 + 1 + 7 + 1);
    assert_eq!(searches[0].entry.detail.as_deref(), Some("criteria=none"));
    assert_eq!(searches[4].entry.detail.as_deref(), Some("criteria=actor"));
    assert_eq!(searches[6].entry.detail.as_deref(), Some("criteria=from,actor,jobcenter"));
    assert_eq!(searches[7].entry.detail.as_deref(), Some("criteria=none"), "the query is not read");
    assert_eq!(searches.iter().filter(|r| r.entry.outcome == "invalid").count(), 8);
    let text = format!("{searches:?}");
    assert!(
        !text.contains("ij@kk.dk") && !text.contains("12345678"),
        "the criteria's values are not audited"
    );
}

fn the_results_are_paged_back_from_the_last_row_shown(app: &WebApp) {
    let mut w = world(app);
    for n in 0..55 {
        let at = local(8, 8, 0) + chrono::Duration::seconds(n);
        append(app, at, MACHINE, "admin.test.paging", "00101", "ok", &format!("n={n:02}"));
    }
    let csrf = w.admin.get("/follow-up/audit").field("csrf");
    let asked = [("operation", "admin.test.paging"), ("actor", MACHINE)];
    let first = search(&mut w.admin, &csrf, &asked);
    let rows = table(&first);
    assert_eq!((rows.len(), rows[0][5].as_str(), rows[49][5].as_str()), (50, "n=54", "n=05"));
    // The older rows are a button that posts the search again from hidden fields.
    let before = first.field("before");
    assert!(first.body.contains("<input type=\"hidden\" name=\"operation\" value=\"admin.test.paging\">"));
    assert!(first.body.contains("Ældre rækker</button>"), "{}", first.body);
    assert!(!first.body.contains("Nyeste rækker"));
    for address in addresses(&first) {
        assert!(!address.contains("paging") && !address.contains("before"), "{address}");
    }
    // Rows written meanwhile (this search's own audit row among them) do not shift the pages.
    append(app, local(9, 7, 0), MACHINE, "admin.test.paging", "00101", "ok", "n=55");
    let mut older = asked.to_vec();
    older.push(("before", &before));
    let second = search(&mut w.admin, &csrf, &older);
    let rest: Vec<String> = table(&second).into_iter().map(|row| row[5].clone()).collect();
    assert_eq!(rest, ["n=04", "n=03", "n=02", "n=01", "n=00"]);
    assert!(second.body.contains("Nyeste rækker") && !second.body.contains("Ældre rækker"));
    assert!(second.body.contains("Fundne rækker (ældre)"));
}

both_backends!(
    an_administrator_searches_the_audit_of_their_jobcenter,
    the_results_are_paged_back_from_the_last_row_shown
);
