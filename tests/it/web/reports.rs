//! The reports over real HTTP on both backends: bookings per counselor, channel and week with
//! the no-show rate and the share self-booked, utilisation per team and week (working time
//! less a closing day), the CSV holding the same cells as the page's table, who may read
//! which jobcenter or team (403 for a role without reports, 404 outside one's clusters), a
//! form error per field, no CPR anywhere, and one audit row per view and per export.

use planner::domain::closing::{ClosedPart, ClosingDay, Recurrence};
use planner::domain::people::{Cluster, Role};
use planner::domain::{Action, Booking, JobCenterCode, TeamId};
use planner::store::{days_period, ReportGroup};

use super::authorization::{person, two_teams};
use super::browser::{Page, WebApp};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, registration, request};

/// The seeded jobcenter, its two teams and the CPRs of the citizens booked.
pub(super) struct World {
    pub(super) jobcenter: JobCenterCode,
    pub(super) team_a: TeamId,
    pub(super) team_b: TeamId,
    pub(super) cprs: Vec<String>,
}

/// Team A's counselor: three self-bookings (one held, one no-show, one still booked) and one
/// registered by a caseworker system; team B's: one self-booking, cancelled. Friday 5 March
/// the jobcenter is closed.
pub(super) fn world(app: &WebApp) -> World {
    let seed = seeds::seed(&app.store, 2);
    let mut teams = two_teams(app, &seed);
    let mut cprs = Vec::new();
    let mut book = |n: usize, counselor: usize, start| -> Booking {
        let citizen = cpr(60 + n);
        cprs.push(citizen.expose_for_admin().to_owned());
        let counselor = &seed.counselors[counselor];
        let held = app.store.reserve(&request(&citizen, &seed.offer, counselor, start), now()).unwrap();
        app.store.confirm(&citizen, &held.id, seeds::originator(), now()).unwrap()
    };
    let held = book(0, 0, local(2, 10, 0));
    let absent = book(1, 0, local(3, 10, 0));
    book(2, 0, local(4, 10, 0));
    let cancelled = book(3, 1, local(2, 11, 0));
    let citizen = cpr(64);
    cprs.push(citizen.expose_for_admin().to_owned());
    app.store.register_booking(&registration(&seed, &citizen, local(3, 13, 0)), now()).unwrap();
    app.store.staff_action(&held.id, Action::Complete, None, local(2, 12, 0)).unwrap();
    app.store.staff_action(&absent.id, Action::NoShow, None, local(3, 12, 0)).unwrap();
    app.store.staff_action(&cancelled.id, Action::Cancel, None, now()).unwrap();
    let friday = ClosingDay {
        id: String::new(),
        name: "Personaledag".into(),
        recurrence: Recurrence::Once(local(5, 12, 0).date_naive()),
        part: ClosedPart::WHOLE_DAY,
    };
    app.store.closing().add(&seed.jobcenter, friday, now()).unwrap();
    let other = JobCenterCode::parse("00202").unwrap();
    app.store.upsert_jobcenter(&other, "Jobcenter Andetsteds").unwrap();
    World { jobcenter: seed.jobcenter, team_b: teams.pop().unwrap(), team_a: teams.pop().unwrap(), cprs }
}

/// The address of `report` of `scope` in March 2027 (or its first week).
fn path(csv: bool, report: &str, scope: &str, week_only: bool) -> String {
    let to = if week_only { "2027-03-07" } else { "2027-03-31" };
    let base = if csv { "/reports/csv" } else { "/reports" };
    format!("{base}?report={report}&scope={scope}&from=2027-03-01&to={to}")
}

/// The cells of the report table's rows (body and totals), as the page shows them.
pub fn table(page: &Page) -> Vec<Vec<String>> {
    let at = page.body.find("<tbody>").unwrap_or_else(|| panic!("no table in {}", page.body));
    let end = page.body[at..].find("</table>").unwrap() + at;
    page.body[at..end].split("<tr>").skip(1).map(|row| cells(&row[..row.find("</tr>").unwrap()])).collect()
}

/// The texts of the `th` and `td` cells of one table row.
fn cells(row: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = row;
    while let Some(at) = rest.find("<t") {
        let content = &rest[at..][rest[at..].find('>').unwrap() + 1..];
        let close = content.find("</t").unwrap();
        found.push(content[..close].to_owned());
        rest = &content[close + 3..];
    }
    found
}

/// The CSV's lines after the header, split at the semicolons (after checking the BOM and type).
fn csv_rows(page: &Page) -> Vec<Vec<String>> {
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(page.header("content-disposition").unwrap().starts_with("attachment"), "{:?}", page.headers);
    let text = page.body.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut lines = text.lines().map(|line| line.split(';').map(str::to_owned).collect::<Vec<_>>());
    let head = lines.next().unwrap();
    assert_eq!(head[1], "I alt", "{text}");
    lines.collect()
}

fn counts_per_counselor_channel_and_week_and_the_csv_agree(app: &WebApp) {
    let w = world(app);
    let mut reader = person(app, "laeser@kk.dk", Role::Reader, Cluster::Jobcenter(w.jobcenter.clone()));
    let whole = format!("jobcenter:{}", w.jobcenter);
    let page = reader.get(&path(false, "counselor", &whole, false));
    assert_eq!(page.status, 200, "{}", page.body);
    let rows = table(&page);
    let expected = [
        ["Rådgiver0 Jensen", "4", "2", "1", "1", "0", "0", "50,0", "75,0"],
        ["Rådgiver1 Jensen", "1", "0", "0", "0", "1", "0", "–", "100,0"],
        ["I alt", "5", "2", "1", "1", "1", "0", "50,0", "80,0"],
    ];
    assert_eq!(rows, expected.map(|row| row.map(str::to_owned).to_vec()).to_vec());
    assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""), "a chart");
    assert!(page.body.contains("<th scope=\"col\">Udeblevne (%)</th>"));
    assert_eq!(
        csv_rows(&reader.get(&path(true, "counselor", &whole, false))),
        rows,
        "the CSV holds the table"
    );
    // The same numbers as the admin API's report.
    let period = days_period(local(1, 12, 0).date_naive(), local(31, 12, 0).date_naive()).unwrap();
    let lines = app.store.booking_report(&w.jobcenter, period, ReportGroup::Counselor).unwrap();
    let mut totals: Vec<String> = lines.iter().map(|line| line.total.to_string()).collect();
    totals.sort();
    assert_eq!(totals, ["1", "4"]);

    let channels = table(&reader.get(&path(false, "channel", &whole, false)));
    assert_eq!(channels[0][..2], ["Sagsbehandlersystem".to_owned(), "1".to_owned()]);
    assert_eq!(channels[1][..2], ["Selvbooket".to_owned(), "4".to_owned()]);
    let weekly = reader.get(&path(false, "weekly", &whole, true));
    let weeks = table(&weekly);
    assert_eq!(weeks[0], ["Uge 9, 2027", "5", "1", "1", "50,0", "4", "80,0"]);
    assert_eq!(csv_rows(&reader.get(&path(true, "weekly", &whole, true))), weeks);
    let days = table(&reader.get(&path(false, "day", &whole, true)));
    assert_eq!(days.len(), 8, "seven days and the totals");
    assert_eq!(days[1][..2], ["2027-03-02".to_owned(), "2".to_owned()]);

    let team_a = format!("team:{}", w.team_a.as_str());
    let only_a = table(&reader.get(&path(false, "counselor", &team_a, false)));
    assert_eq!(only_a.len(), 2, "team A's counselor and the totals: {only_a:?}");
    assert_eq!(only_a[0][..2], ["Rådgiver0 Jensen".to_owned(), "4".to_owned()]);

    for kind in ["day", "offer", "counselor", "channel", "weekly", "utilisation"] {
        for csv in [false, true] {
            let page = reader.get(&path(csv, kind, &whole, false));
            assert_eq!(page.status, 200, "{kind}: {}", page.body);
            assert!(w.cprs.iter().all(|cpr| !page.body.contains(cpr)), "no CPR in {kind}");
        }
    }
    let audit = app.store.audit_tail(200).unwrap();
    let seen = |operation: &str| audit.iter().filter(|r| r.entry.operation == operation).count();
    assert_eq!(seen("web.reports.view"), 11, "one row per view");
    assert_eq!(seen("web.reports.export"), 8, "one row per export");
    let utilisation = "report=utilisation jobcenter.code=00101 from=2027-03-01 to=2027-03-31";
    let row = audit
        .iter()
        .find(|r| r.entry.operation == "web.reports.export" && r.entry.detail.as_deref() == Some(utilisation))
        .expect("the export's audit row names the report, the jobcenter and the period");
    assert_eq!(row.entry.jobcenter.as_deref(), Some(w.jobcenter.as_str()));
    assert_eq!((row.entry.outcome.as_str(), row.entry.caller.starts_with("account:")), ("ok", true));
}

fn utilisation_counts_working_time_less_closures_against_bookings(app: &WebApp) {
    let w = world(app);
    let mut admin = person(app, "adm@kk.dk", Role::Administrator, Cluster::Jobcenter(w.jobcenter.clone()));
    let page = admin.get(&path(false, "utilisation", &format!("jobcenter:{}", w.jobcenter), true));
    assert_eq!(page.status, 200, "{}", page.body);
    // Monday to Thursday 08-16 (Friday closed); team A's four meetings of 45 minutes.
    let expected =
        [["Team A", "Uge 9, 2027", "32,0", "3,0", "9,4"], ["Team B", "Uge 9, 2027", "32,0", "0,0", "0,0"]];
    assert_eq!(table(&page), expected.map(|row| row.map(str::to_owned).to_vec()).to_vec());
    let csv = admin.get(&path(true, "utilisation", &format!("jobcenter:{}", w.jobcenter), true));
    assert!(csv.body.starts_with("\u{feff}Team;Uge;Tilbudt tid (timer);Booket tid (timer);Udnyttelse (%)\n"));
    assert!(csv.body.contains("\nTeam A;Uge 9, 2027;32,0;3,0;9,4\n"), "{}", csv.body);
}

fn only_roles_that_read_reports_see_them_and_only_their_clusters(app: &WebApp) {
    let w = world(app);
    let whole = Cluster::Jobcenter(w.jobcenter.clone());
    let (jobcenter, team_a, team_b) = (
        format!("jobcenter:{}", w.jobcenter),
        format!("team:{}", w.team_a.as_str()),
        format!("team:{}", w.team_b.as_str()),
    );
    let mut counselor = person(app, "vejleder@kk.dk", Role::Counselor, whole.clone());
    assert_eq!(counselor.get("/reports").status, 403);
    assert_eq!(counselor.get(&path(true, "day", &jobcenter, false)).status, 403);
    let in_a = Cluster::Team(w.jobcenter.clone(), w.team_a.clone());
    let elsewhere = Cluster::Jobcenter(JobCenterCode::parse("00202").unwrap());
    let cases = [
        ("summoner of team A", Role::Summoner, in_a.clone(), [404, 200, 404]),
        ("reader of team A", Role::Reader, in_a, [404, 200, 404]),
        ("administrator of the jobcenter", Role::Administrator, whole.clone(), [200, 200, 200]),
        ("reader elsewhere", Role::Reader, elsewhere, [404, 404, 404]),
    ];
    for (n, (who, role, cluster, expected)) in cases.into_iter().enumerate() {
        let mut browser = person(app, &format!("p{n}@kk.dk"), role, cluster);
        let start = browser.get("/reports");
        assert_eq!(start.status, 200, "{who} gets the form: {}", start.body);
        for (scope, status) in [&jobcenter, &team_a, &team_b].into_iter().zip(expected) {
            assert_eq!(browser.get(&path(false, "counselor", scope, false)).status, status, "{who}: {scope}");
            assert_eq!(
                browser.get(&path(true, "counselor", scope, false)).status,
                status,
                "{who}: CSV {scope}"
            );
        }
    }
    let mut reader = person(app, "l@kk.dk", Role::Reader, whole);
    let bad = reader.get(&format!("/reports?report=day&scope={jobcenter}&from=2027-02-30&to=2027-01-01"));
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"from\" name=\"from\" type=\"date\" required value=\"2027-02-30\" aria-invalid=\"true\" aria-describedby=\"from-fejl\""));
    assert!(bad.body.contains("<p class=\"field-error\" id=\"from-fejl\">") && !bad.body.contains("<tbody>"));
    let backwards =
        reader.get(&format!("/reports?report=day&scope={jobcenter}&from=2027-03-10&to=2027-03-01"));
    assert_eq!(backwards.status, 422);
    assert!(backwards
        .body
        .contains("<p class=\"field-error\" id=\"to-fejl\">Den sidste dag må ikke ligge før den første."));
    let long =
        reader.get(&format!("/reports/csv?report=day&scope={jobcenter}&from=2026-01-01&to=2027-03-01"));
    assert_eq!(long.status, 422);
    assert_eq!(reader.get(&format!("/reports?report=pie&scope={jobcenter}")).status, 422);
}

both_backends!(
    counts_per_counselor_channel_and_week_and_the_csv_agree,
    utilisation_counts_working_time_less_closures_against_bookings,
    only_roles_that_read_reports_see_them_and_only_their_clusters,
);
