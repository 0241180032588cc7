//! The reader's flow in a real browser (headless Chromium, see `chromium.rs`): sign in, open
//! the reports from the start page, move between reports, choose a period the wrong way round
//! and read the error, and download a report's CSV, whose lines are the rows the page's table
//! shows. Every page state passes axe's WCAG 2.1 AA rules and is saved as screenshots.
//!
//! SQLite only: the pages are the same on both backends, and `reports.rs` covers both.

use planner::domain::people::{Cluster, Email, Grant, Role};

use super::browser::WebApp;
use super::chromium::{sign_in, Chromium};
use super::invitation::{enrol, Person};
use super::reports::world;
use crate::support::backends::OnDatabase;
use crate::support::db::fresh_sqlite;

/// A reader of the whole jobcenter with a password and an authenticator.
fn reader(app: &WebApp, jobcenter: &planner::domain::JobCenterCode) -> Person {
    let grant = Grant::new(Role::Reader, vec![Cluster::Jobcenter(jobcenter.clone())]).unwrap();
    let email = "lise@kommune.dk";
    let (_, secret) =
        app.store.people().invite(&Email::parse(email).unwrap(), &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, email, "Lise Læser")
}

/// The body rows and the totals of the page's report table, cells separated by tabs.
fn shown_rows(chromium: &mut Chromium) -> Vec<String> {
    let mut rows = chromium.texts("table tbody tr");
    rows.extend(chromium.texts("table tfoot tr"));
    rows.iter().map(|row| row.split('\t').map(str::trim).collect::<Vec<_>>().join("\t")).collect()
}

/// The CSV behind the link "Hent tabellen som CSV" of the page at `url`, fetched over HTTP by
/// the same account (the link's `href` read from the page), as lines of tab-separated cells
/// after the header.
fn downloaded(app: &WebApp, email: &str, url: &str) -> Vec<String> {
    let account = app.store.people().account_by_email(&Email::parse(email).unwrap()).unwrap();
    let session = app.store.people().start_session(&account.id, true, app.clock.now()).unwrap();
    let mut browser = app.browser();
    browser.cookies.insert("__Host-planner-session".into(), session.secret);
    let page = browser.get(url);
    let marker = "<a class=\"button\" href=\"";
    let at = page.body.find(marker).unwrap_or_else(|| panic!("no CSV link in {}", page.body)) + marker.len();
    let href = page.body[at..].split('"').next().unwrap().replace("&amp;", "&");
    assert!(href.starts_with("/reports/csv?report="), "{href}");
    let csv = browser.get(&href);
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = csv.body.strip_prefix('\u{feff}').expect("a byte order mark for Excel");
    text.lines().skip(1).map(|line| line.replace(';', "\t")).collect()
}

#[test]
fn a_reader_opens_the_reports_and_downloads_a_csv() {
    let app = WebApp::on(fresh_sqlite());
    let w = world(&app);
    let lise = reader(&app, &w.jobcenter);
    let Some(mut chromium) = Chromium::start(&app, "reports") else { return };
    sign_in(&mut chromium, &app, &lise);
    assert_eq!(chromium.click("link", "Rapporter"), 200);
    let first = chromium.check("per-day");
    assert_eq!(first.heading.as_deref(), Some("Rapporter"));
    assert!(
        first.text.contains("Bookinger pr. dag") && first.text.contains("01.03.2027 – 31.03.2027"),
        "this month"
    );
    assert_eq!(chromium.texts("svg[role=img]").len(), 1, "one chart");
    let caption = "Bookinger pr. dag: Jobcenter Test (hele jobcentret), 01.03.2027 – 31.03.2027";
    assert_eq!(chromium.texts("table caption"), [caption], "its table");

    assert_eq!(chromium.click("link", "Bookinger pr. vejleder"), 200);
    let seen = chromium.check("per-counselor");
    assert!(seen.url.starts_with("/reports?report=counselor"), "{}", seen.url);
    let rows = shown_rows(&mut chromium);
    assert_eq!(rows[0], "Rådgiver0 Jensen\t4\t2\t1\t1\t0\t0\t50,0\t75,0");
    assert_eq!(downloaded(&app, &lise.email, &seen.url), rows, "the CSV holds what the table shows");

    for (link, step) in
        [("Udeblivelser og selvbooking pr. uge", "weekly"), ("Udnyttelse pr. team og uge", "utilisation")]
    {
        assert_eq!(chromium.click("link", link), 200);
        let seen = chromium.check(step);
        assert!(seen.text.contains(link), "{step}");
        assert!(w.cprs.iter().all(|cpr| !seen.text.contains(cpr)));
    }

    chromium.fill("Første dag", "2027-03-31");
    chromium.fill("Sidste dag", "2027-03-01");
    assert_eq!(chromium.click("button", "Vis rapport"), 422);
    let refused = chromium.check("backwards");
    assert!(
        refused.alerts.iter().any(|a| a.contains("Den sidste dag må ikke ligge før den første.")),
        "{refused:?}"
    );
}
