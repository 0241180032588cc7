//! Bulk summons in the staff web app, over real HTTP on both backends: a CSV file as Danish
//! Excel saves it (a BOM, semicolons) with its bad lines named by number, the dry run with its
//! distribution per counselor (nothing booked), the run in the background, the per-citizen
//! report on the page and as CSV (lines, never CPRs), and a batch a restart interrupted shown
//! with how far it got and resumed. Who may see a batch: a reader 403, another team's
//! summoner 404.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use planner::domain::people::{Cluster, Role};
use planner::domain::summons::{jobcenter_originator, Strategy};
use planner::domain::ChangeRules;
use planner::store::{SummonsBatch, SummonsCitizen};

use super::authorization::person;
use super::browser::{Browser, Page, WebApp};
use super::summons_one::{summoner, world, World};
use crate::support::backends::both_backends;
use crate::support::store::{self as seeds, cpr, local, now, request};

/// `citizens` as a CSV file from Danish Excel: a BOM, `;`, CRLF; `bad` lines (1-based among
/// the citizens) get a broken CPR.
pub(super) fn csv(citizens: std::ops::Range<usize>, bad: &[usize]) -> Vec<u8> {
    let mut text = String::from("\u{feff}cpr;navn;telefon;email\r\n");
    for (index, n) in citizens.enumerate() {
        let number = if bad.contains(&(index + 1)) {
            "12345".to_owned()
        } else {
            cpr(n).expose_for_admin().to_owned()
        };
        text.push_str(&format!("{number};\"Borger; nr. {n}\";;\r\n"));
    }
    text.into_bytes()
}

/// Posts the upload form with `file` and `fields` as multipart.
pub(super) fn upload(browser: &mut Browser, file: &[u8], fields: &[(&str, &str)]) -> Page {
    let csrf = browser.get("/").field("csrf");
    let boundary = "----planner-test-boundary";
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    };
    text("csrf", &csrf);
    for (name, value) in fields {
        text(name, value);
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"borgere.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    browser.send("POST", "/summons/batches/check", &[("Content-Type", &content_type)], &body)
}

/// The fields of the week of 15 March with every counselor of the individual offer.
pub(super) fn week(world: &World) -> Vec<(&'static str, String)> {
    vec![
        ("hvad", format!("tilbud:{}", world.seed.offer.id.as_str())),
        ("hvem", String::new()),
        ("fra", "2027-03-15".into()),
        ("til", "2027-03-19".into()),
        ("fordeling", "spread".into()),
    ]
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// Runs the dry run's form and answers where it leads.
fn run(browser: &mut Browser, dry_run: &Page) -> Page {
    let names =
        ["csrf", "key", "borgere", "hvad", "hvem", "fra", "til", "flyt_timer", "aflys_timer", "fordeling"];
    let values: Vec<(&str, String)> = names.iter().map(|name| (*name, dry_run.field(name))).collect();
    let fields: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    browser.post("/summons/batches", &fields)
}

/// The batch page once the batch is no longer running (the run is in the background).
pub(super) fn finished(browser: &mut Browser, path: &str) -> Page {
    let started = Instant::now();
    loop {
        let status = browser.get(&format!("{path}/status"));
        assert_eq!(status.status, 200, "{}", status.body);
        if !status.body.contains("\"state\":\"running\"") {
            return browser.get(path);
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the batch did not finish: {}", status.body);
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn a_csv_from_excel_is_checked_tried_and_run(app: &WebApp) {
    let w = world(app);
    let mut browser = summoner(app, &w);
    let form = browser.get("/summons/batches/new");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("Vis prøvekørsel"));
    let fields = week(&w);
    let broken = upload(&mut browser, &csv(100..110, &[2, 4]), &borrowed(&fields));
    assert_eq!(broken.status, 422, "{}", broken.body);
    for seen in [
        "Filen har 2 fejl",
        "Linje 3: CPR-nummeret er ikke gyldigt",
        "Linje 5: CPR-nummeret er ikke gyldigt",
        "href=\"#fil\"",
    ] {
        assert!(broken.body.contains(seen), "{seen} not in {}", broken.body);
    }
    assert!(!broken.body.contains("12345") && !broken.body.contains(cpr(100).expose_for_admin()));
    // One of the twelve holds a future booking of the offer already.
    let booked = cpr(111);
    let held = app
        .store
        .reserve(&request(&booked, &w.seed.offer, &w.seed.counselors[0], local(22, 10, 0)), now())
        .unwrap();
    app.store.confirm(&booked, &held.id, seeds::originator(), now()).unwrap();
    let dry_run = upload(&mut browser, &csv(100..112, &[]), &borrowed(&fields));
    assert_eq!(dry_run.status, 200, "{}", dry_run.body);
    for seen in [
        "Prøvekørsel",
        "11 af 12 borgere kan indkaldes",
        "læst som UTF-8, adskilt med semikolon",
        "<td>Rådgiver0 Jensen</td><td>6</td>",
        "<td>Rådgiver1 Jensen</td><td>5</td>",
        "Har allerede en kommende tid i tilbuddet",
        "Indkald 11 borgere",
    ] {
        assert!(dry_run.body.contains(seen), "{seen} not in {}", dry_run.body);
    }
    assert!(!dry_run.body.contains(cpr(100).expose_for_admin()), "the list is sealed");
    let week_of = seeds::window(local(15, 0, 0), local(20, 0, 0));
    let summoned = |app: &WebApp| {
        w.seed
            .counselors
            .iter()
            .map(|c| app.store.counselor_calendar(&c.id, week_of).unwrap().len())
            .sum::<usize>()
    };
    assert_eq!(summoned(app), 0, "a dry run books nothing");
    let started = run(&mut browser, &dry_run);
    assert_eq!(started.status, 303, "{}", started.body);
    let path = started.location().to_owned();
    assert!(path.starts_with("/summons/batches/web-"), "{path}");
    let done = finished(&mut browser, &path);
    assert_eq!(done.status, 200);
    for seen in [
        "Masseindkaldelsen er færdig",
        "Alle 12 borgere er behandlet. 11 er indkaldt.",
        "<td>13</td><td>Ikke indkaldt</td>",
        "Hent rapporten som CSV",
    ] {
        assert!(done.body.contains(seen), "{seen} not in {}", done.body);
    }
    assert_eq!(summoned(app), 11);
    let report = browser.get(&format!("{path}/report.csv"));
    assert_eq!(report.status, 200);
    assert_eq!(report.header("content-type"), Some("text/csv; charset=utf-8"));
    let rows: Vec<&str> = report.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows[0], "linje;status;tidspunkt;vejleder;årsag");
    assert_eq!(rows.len(), 13, "{rows:?}");
    assert!(rows[1].starts_with("2;Indkaldt;15.03.2027 08:00;Rådgiver"), "{rows:?}");
    assert!(rows.contains(&"13;Ikke indkaldt;;;Har allerede en kommende tid i tilbuddet"), "{rows:?}");
    assert!(!report.body.contains(cpr(101).expose_for_admin()), "no CPR in the report");
    // The same run form again changes nothing (the batch key is the dry run's).
    assert_eq!(run(&mut browser, &dry_run).status, 303);
    assert_eq!(summoned(app), 11);
    let list = browser.get("/summons/batches");
    assert!(
        list.body.contains(&path) && list.body.contains("Færdig") && list.body.contains("11 indkaldt"),
        "{}",
        list.body
    );
    let audit = format!("{:?}", app.store.audit_tail(1000).unwrap());
    assert!(audit.contains("web.summons.batch.check") && audit.contains("web.summons.batch.start"));
    assert!(!audit.contains(cpr(100).expose_for_admin()));
}

fn an_interrupted_batch_shows_how_far_it_got_and_resumes(app: &WebApp) {
    let w = world(app);
    let key = format!("web-{}", uuid::Uuid::new_v4());
    let batch = SummonsBatch {
        key: key.clone(),
        offer: w.seed.offer.id.clone(),
        pool: Vec::new(),
        window: seeds::window(local(15, 0, 0), local(31, 0, 0) + chrono::Duration::days(9)),
        strategy: Strategy::EarliestFirst,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: jobcenter_originator(&w.jobcenter),
        summoner: None,
    };
    let list: Vec<SummonsCitizen> = (0..210)
        .map(|n| SummonsCitizen {
            line: u32::try_from(n + 2).unwrap(),
            cpr: cpr(200 + n),
            contact: Default::default(),
        })
        .collect();
    // The process dies after the first chunk of 200 is written (kill -9 in spirit).
    let killed = std::panic::catch_unwind(AssertUnwindSafe(|| {
        app.store.run_summons_batch(&batch, &list, app.clock.now(), |done, _| assert!(done < 200, "killed"))
    }));
    assert!(killed.is_err());
    let path = format!("/summons/batches/{key}");
    let mut reader = person(app, "laeser@kk.dk", Role::Reader, Cluster::Jobcenter(w.jobcenter.clone()));
    assert_eq!(reader.get(&path).status, 403);
    let team_b = Cluster::Team(w.jobcenter.clone(), w.teams[1].clone());
    let mut other_team = person(app, "hold-b@kk.dk", Role::Summoner, team_b);
    assert_eq!(other_team.get(&path).status, 404, "the batch fills team A's calendar too");
    let mut browser = summoner(app, &w);
    let page = browser.get(&path);
    assert_eq!(page.status, 200, "{}", page.body);
    for seen in [
        "Masseindkaldelsen er afbrudt",
        "afbrudt efter 200 af 210 borgere",
        "<progress id=\"fremdrift\" max=\"210\" value=\"200\"",
        "Genoptag",
    ] {
        assert!(page.body.contains(seen), "{seen} not in {}", page.body);
    }
    let status = browser.get(&format!("{path}/status"));
    assert!(
        status.body.contains("\"state\":\"interrupted\"") && status.body.contains("\"done\":200"),
        "{}",
        status.body
    );
    let csrf = page.field("csrf");
    let other_csrf = other_team.get("/").field("csrf");
    assert_eq!(other_team.post(&format!("{path}/resume"), &[("csrf", &other_csrf)]).status, 404);
    let resumed = browser.post(&format!("{path}/resume"), &[("csrf", &csrf)]);
    assert_eq!(resumed.status, 303);
    let done = finished(&mut browser, &path);
    assert!(done.body.contains("Alle 210 borgere er behandlet. 210 er indkaldt."), "{}", done.body);
    report_pages(&mut browser, &path);
    let report = app.store.summons_report(&key).unwrap();
    assert_eq!(report.items.iter().filter(|item| item.booking.is_some()).count(), 210);
}

/// The per-citizen report of the completed 210-citizen batch at `path` comes 200 citizens a
/// page (the file's lines 2-201, then 202-211), with links between the pages; the CSV holds all.
fn report_pages(browser: &mut Browser, path: &str) {
    let row = |line: u32| format!("<tr><td>{line}</td><td>Indkaldt</td>");
    let first = browser.get(path);
    assert!(first.body.contains("Borger 1–200 af 210 (side 1 af 2)"), "{}", first.body);
    assert!(
        first.body.contains(&row(2)) && first.body.contains(&row(201)) && !first.body.contains(&row(202))
    );
    assert!(
        first.body.contains(&format!("{path}?page=2#rapport\">Næste side"))
            && !first.body.contains("Forrige")
    );
    for asked in ["2", "99"] {
        let second = browser.get(&format!("{path}?page={asked}"));
        assert_eq!(second.status, 200);
        assert!(second.body.contains("Borger 201–210 af 210 (side 2 af 2)"), "{}", second.body);
        assert!(
            second.body.contains(&row(202))
                && second.body.contains(&row(211))
                && !second.body.contains(&row(201))
        );
        assert!(second.body.contains(&format!("{path}?page=1#rapport\">Forrige side")));
        assert!(!second.body.contains("Næste side"));
    }
    assert!(browser.get(&format!("{path}?page=nul")).body.contains("(side 1 af 2)"));
    let csv = browser.get(&format!("{path}/report.csv"));
    assert_eq!(csv.body.lines().count(), 211, "a header and every citizen");
}

both_backends!(
    a_csv_from_excel_is_checked_tried_and_run,
    an_interrupted_batch_shows_how_far_it_got_and_resumes
);
