//! Summons in a real browser (headless Chromium, see `chromium.rs`): a summoner bulk-summons 50
//! citizens from a CSV file with a BOM and semicolons, follows the batch to its report, finds a
//! citizen in the calendar and moves them, and resumes a batch a restart interrupted; the
//! bulk-summons flow by keyboard alone; a caseworker opens a plan-link and lands on the summons
//! form for that person. Every page state a test reaches passes axe's WCAG 2.1 AA rules and is
//! saved as screenshots.
//!
//! Keyboard only: a file chooser is the operating system's dialog, which no page can drive, so
//! the keyboard test gives the focused file input its file with playwright's `setInputFiles`
//! (`Chromium::upload` without a label); every other step is Tab, arrow keys, typing and Enter.
//!
//! These run on SQLite only: the pages are the same on both backends, and the HTTP tests beside
//! them (`summons_one.rs`, `summons_bulk.rs`, `summons_planlink.rs`) cover each flow on both.

use std::panic::AssertUnwindSafe;

use chrono::Duration;
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::summons::{jobcenter_originator, Strategy};
use planner::domain::ChangeRules;
use planner::store::{SummonsBatch, SummonsCitizen};

use super::browser::WebApp;
use super::chromium::{sign_in, Chromium};
use super::invitation::{enrol, Person};
use super::summons_bulk::csv;
use super::summons_planlink::{absence_person, link, LinkApp};
use crate::support::backends::OnDatabase;
use crate::support::db::fresh_sqlite;
use crate::support::store::{self as seeds, cpr, local, Seed};

/// A summoner of the seed's jobcenter with a password and an authenticator.
fn summoner(app: &WebApp, seed: &Seed, email: &str) -> Person {
    let grant = Grant::new(Role::Summoner, vec![Cluster::Jobcenter(seed.jobcenter.clone())]).unwrap();
    let address = Email::parse(email).unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    enrol(app, &mut app.browser(), &secret, email, "Anne Indkalder")
}

/// Presses Tab until the element named `name` has the focus (at most 40 times).
fn tab_to(chromium: &mut Chromium, name: &str) {
    for _ in 0..40 {
        let focused = chromium.press("Tab").expect("something has the focus");
        if focused.name == name {
            assert!(focused.outlined, "the focus on {name} shows");
            return;
        }
    }
    panic!("{name} is not reached by Tab");
}

#[test]
fn a_summoner_bulk_summons_fifty_follows_the_report_and_moves_one_in_the_calendar() {
    let app = WebApp::on(fresh_sqlite());
    let seed = seeds::seed(&app.store, 3);
    let anne = summoner(&app, &seed, "anne@kommune.dk");
    let Some(mut chromium) = Chromium::start(&app, "summons_bulk") else { return };
    sign_in(&mut chromium, &app, &anne);
    assert_eq!(chromium.click("link", "Indkaldelse"), 200);
    chromium.check("one-form");
    assert_eq!(chromium.click("link", "Masseindkaldelser"), 200);
    let list = chromium.check("list-empty");
    assert!(list.text.contains("ingen masseindkaldelser"), "{list:?}");
    assert_eq!(chromium.click("link", "Ny masseindkaldelse"), 200);
    chromium.check("upload");
    chromium.upload(Some("CSV-fil med borgerne"), "borgere.csv", &csv(300..350, &[7]));
    chromium.select("Tilbud eller skabelon", "Jobsamtale");
    chromium.fill("Første dag (åååå-mm-dd)", "2027-03-15");
    chromium.fill("Sidste dag (åååå-mm-dd)", "2027-03-19");
    assert_eq!(chromium.click("button", "Vis prøvekørsel"), 422);
    let broken = chromium.check("upload-line-error");
    assert!(broken.text.contains("Linje 8: CPR-nummeret er ikke gyldigt"), "{broken:?}");
    assert!(broken.alerts.iter().any(|alert| alert.contains("Filen har 1 fejl")), "{broken:?}");
    chromium.upload(Some("CSV-fil med borgerne"), "borgere.csv", &csv(300..350, &[]));
    assert_eq!(chromium.click("button", "Vis prøvekørsel"), 200);
    let dry_run = chromium.check("dry-run");
    for seen in
        ["50 af 50 borgere kan indkaldes", "adskilt med semikolon", "Rådgiver0 Jensen", "Rådgiver2 Jensen"]
    {
        assert!(dry_run.text.contains(seen), "{seen} not in {dry_run:?}");
    }
    assert_eq!(chromium.click("button", "Indkald 50 borgere"), 200);
    // The run is in the background: the page shows its progress (the script updates it) until
    // the report.
    chromium.wait_for("Masseindkaldelsen er færdig");
    let report = chromium.check("report");
    assert!(report.text.contains("Alle 50 borgere er behandlet. 50 er indkaldt."), "{report:?}");
    let rows = chromium.texts("table tbody tr");
    assert!(
        rows.iter().any(|row| row.starts_with("2\tIndkaldt\t15.03.2027 08:00\tRådgiver0 Jensen")),
        "{rows:?}"
    );
    assert!(!report.text.contains(cpr(300).expose_for_admin()), "lines, never CPRs");
    // The citizen of line 2, found in Rådgiver0's calendar and moved to Friday.
    let counselor = seed.counselors[0].id.as_str();
    assert_eq!(chromium.goto(&format!("/calendar/{counselor}?week=2027-03-15")), 200);
    let week = chromium.check("calendar");
    assert!(week.text.contains("Indkaldelse") && week.text.contains("08:00–08:45"), "{week:?}");
    assert_eq!(chromium.click("link", "Flyt mødet mandag 15.03.2027 08:00–08:45"), 200);
    chromium.check("move");
    assert_eq!(chromium.click("button", "08:00–08:45 fredag 19.03.2027"), 200);
    chromium.check("move-confirm");
    assert_eq!(chromium.click("button", "Flyt mødet"), 200);
    let moved = chromium.check("moved");
    assert!(moved.alerts.iter().any(|alert| alert.contains("flyttet")), "{moved:?}");
    assert!(moved.text.contains("Fredag 19.03.2027"), "{moved:?}");
}

#[test]
fn a_batch_a_restart_interrupted_shows_its_progress_and_resumes() {
    let app = WebApp::on(fresh_sqlite());
    let seed = seeds::seed(&app.store, 3);
    let anne = summoner(&app, &seed, "anne@kommune.dk");
    let key = format!("web-{}", uuid::Uuid::new_v4());
    let batch = SummonsBatch {
        key: key.clone(),
        offer: seed.offer.id.clone(),
        pool: Vec::new(),
        window: seeds::window(local(15, 0, 0), local(31, 0, 0) + Duration::days(9)),
        strategy: Strategy::SpreadEvenly,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: jobcenter_originator(&seed.jobcenter),
        summoner: None,
    };
    let list: Vec<SummonsCitizen> = (0..230)
        .map(|n| SummonsCitizen {
            line: u32::try_from(n + 2).unwrap(),
            cpr: cpr(400 + n),
            contact: Default::default(),
        })
        .collect();
    let killed = std::panic::catch_unwind(AssertUnwindSafe(|| {
        app.store.run_summons_batch(&batch, &list, app.clock.now(), |done, _| assert!(done < 200, "killed"))
    }));
    assert!(killed.is_err());
    let Some(mut chromium) = Chromium::start(&app, "summons_resume") else { return };
    sign_in(&mut chromium, &app, &anne);
    assert_eq!(chromium.goto("/summons/batches"), 200);
    let list = chromium.check("list");
    assert!(list.text.contains("Afbrudt") && list.text.contains("200 af 230 behandlet"), "{list:?}");
    assert_eq!(chromium.goto(&format!("/summons/batches/{key}")), 200);
    let interrupted = chromium.check("interrupted");
    assert_eq!(interrupted.heading.as_deref(), Some("Masseindkaldelsen er afbrudt"));
    assert!(
        interrupted.alerts.iter().any(|a| a.contains("afbrudt efter 200 af 230 borgere")),
        "{interrupted:?}"
    );
    assert_eq!(chromium.click("button", "Genoptag"), 200);
    chromium.wait_for("Masseindkaldelsen er færdig");
    let done = chromium.check("resumed");
    assert!(done.text.contains("Alle 230 borgere er behandlet. 230 er indkaldt."), "{done:?}");
    assert!(done.text.contains("Borger 1–200 af 230 (side 1 af 2)"), "{done:?}");
    assert_eq!(chromium.click("link", "Næste side"), 200);
    let second = chromium.check("report_page_2");
    assert!(second.text.contains("Borger 201–230 af 230 (side 2 af 2)"), "{second:?}");
}

#[test]
fn the_bulk_summons_flow_works_by_keyboard_alone() {
    let app = WebApp::on(fresh_sqlite());
    let seed = seeds::seed(&app.store, 2);
    let anne = summoner(&app, &seed, "anne@kommune.dk");
    let Some(mut chromium) = Chromium::start(&app, "summons_keyboard") else { return };
    sign_in(&mut chromium, &app, &anne);
    assert_eq!(chromium.goto("/summons/batches/new"), 200);
    chromium.check("upload");
    tab_to(&mut chromium, "CSV-fil med borgerne");
    chromium.upload(None, "borgere.csv", &csv(500..520, &[]));
    tab_to(&mut chromium, "Tilbud eller skabelon");
    // A closed select takes the arrow keys: after "Vælg" come Informationsmøde and Jobsamtale.
    chromium.press("ArrowDown");
    chromium.press("ArrowDown");
    tab_to(&mut chromium, "Første dag (åååå-mm-dd)");
    chromium.type_text("2027-03-15");
    tab_to(&mut chromium, "Sidste dag (åååå-mm-dd)");
    chromium.type_text("2027-03-19");
    tab_to(&mut chromium, "Vis prøvekørsel");
    assert_eq!(chromium.press_to_load("Enter"), 200);
    let dry_run = chromium.check("dry-run");
    assert!(
        dry_run.text.contains("20 af 20 borgere kan indkaldes") && dry_run.text.contains("Jobsamtale"),
        "{dry_run:?}"
    );
    tab_to(&mut chromium, "Indkald 20 borgere");
    assert_eq!(chromium.press_to_load("Enter"), 200);
    chromium.wait_for("Masseindkaldelsen er færdig");
    let report = chromium.check("report");
    assert!(report.text.contains("20 er indkaldt"), "{report:?}");
    tab_to(&mut chromium, "Alle masseindkaldelser");
    assert_eq!(chromium.press_to_load("Enter"), 200);
    let list = chromium.check("list");
    assert!(list.text.contains("Færdig"), "{list:?}");
}

#[test]
fn a_caseworker_opens_a_plan_link_and_lands_on_the_summons_form() {
    let LinkApp(app) = LinkApp::on(fresh_sqlite());
    let seed = seeds::seed(&app.store, 2);
    let counselor = &seed.counselors[0];
    let grant = Grant::new(Role::Summoner, vec![Cluster::Jobcenter(seed.jobcenter.clone())]).unwrap();
    let address = Email::parse(&counselor.email).unwrap();
    let (_, secret) = app.store.people().invite(&address, &grant, "test", app.clock.now()).unwrap();
    enrol(&app, &mut app.browser(), &secret, &counselor.email, "Rådgiver0 Jensen");
    let reference = absence_person(&app, 80);
    let Some(mut chromium) = Chromium::start(&app, "summons_planlink") else { return };
    assert_eq!(chromium.goto(&link(&app, &reference, counselor.caseworker.as_str(), Duration::zero())), 200);
    let landed = chromium.check("landed");
    assert_eq!(
        (landed.url.as_str(), landed.heading.as_deref()),
        ("/summons/planlink", Some("Indkald en borger"))
    );
    assert!(landed.text.contains("Borger: 250190-****"), "{landed:?}");
    assert!(!landed.text.contains(cpr(80).expose_for_admin()));
    chromium.select("Tilbud eller skabelon", "Jobsamtale");
    chromium.fill("Første dag (åååå-mm-dd)", "2027-03-15");
    chromium.fill("Sidste dag (åååå-mm-dd)", "2027-03-19");
    assert_eq!(chromium.click("button", "Find ledige tider"), 200);
    let proposals = chromium.check("proposals");
    assert!(
        proposals.text.contains("250190-****") && proposals.text.contains("Mandag 15.03.2027"),
        "{proposals:?}"
    );
    chromium.choose("08:00–08:45 hos Rådgiver1 Jensen (mandag 15.03.2027)");
    assert_eq!(chromium.click("button", "Indkald til den valgte tid"), 200);
    let done = chromium.check("summoned");
    assert_eq!(done.heading.as_deref(), Some("Borgeren er indkaldt"));
    assert!(
        done.text.contains("Mandag 15.03.2027 kl. 08:00–08:45") && done.text.contains("Rådgiver1 Jensen"),
        "{done:?}"
    );
    // The link opens once.
    assert_eq!(
        chromium.goto(&link(&app, &reference, counselor.caseworker.as_str(), Duration::minutes(-6))),
        403
    );
    let expired = chromium.check("expired");
    assert_eq!(expired.heading.as_deref(), Some("Linket er udløbet"));
}
