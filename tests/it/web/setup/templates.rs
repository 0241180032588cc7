//! Summons templates in the set-up pages: an administrator creates one and edits it; a bad
//! form names its fields and changes nothing; summoners read them, and who is refused.

use planner::domain::people::Role;
use planner::domain::summons::Strategy;
use planner::domain::templates::{SummonsTemplate, TemplateOffer};
use planner::domain::JobCenterCode;

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::two_teams;
use crate::web::browser::WebApp;

fn templates(app: &WebApp) -> Vec<SummonsTemplate> {
    app.store.templates().of_jobcenter(&JobCenterCode::parse(JOBCENTER).unwrap()).unwrap()
}

fn an_administrator_creates_and_edits_a_template(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    assert_eq!(admin.get("/setup/00101/templates/new").status, 200);
    let offer = format!("offer:{}", seed.offer.id.as_str());
    let caseworker = seed.counselors[0].caseworker.as_str();
    let fields = [
        ("navn", "Sygedagpenge"),
        ("tilbud", offer.as_str()),
        ("vejledere", caseworker),
        ("vindue-start", "7"),
        ("vindue-dage", "14"),
        ("strategi", "spread"),
        ("ombook-timer", "24"),
        ("aflys-timer", ""),
    ];
    let page = submit(&mut admin, "/setup/00101/templates", &fields);
    assert!(page.body.contains("Skabelonen er oprettet."), "{}", page.body);
    assert!(page
        .body
        .contains("Sygedagpenge</th><td>Jobsamtale</td><td>Fra 7 dage efter, i 14 dage; spredt jævnt"));
    let made = templates(app).pop().expect("the template");
    assert_eq!(made.offer, TemplateOffer::Offer(seed.offer.id.clone()));
    assert_eq!(
        (made.pool.len(), made.strategy, made.rebook_before_hours, made.cancel_before_hours),
        (1, Strategy::SpreadEvenly, Some(24), None)
    );
    names_fields(&post(&mut admin, "/setup/00101/templates", &fields), &["navn"]);

    let path = format!("/setup/00101/templates/{}", made.id);
    let form = admin.get(&path).body;
    assert!(
        form.contains("value=\"14\"") && form.contains(&format!("value=\"{caseworker}\" checked")),
        "{form}"
    );
    let edited = [
        ("navn", "Sygedagpenge"),
        ("tilbud", "type:7"),
        ("vindue-start", "0"),
        ("vindue-dage", "21"),
        ("strategi", "earliest"),
    ];
    let page = submit(&mut admin, &path, &edited);
    assert!(page.body.contains("Skabelonen er gemt."), "{}", page.body);
    let saved = templates(app).pop().unwrap();
    assert_eq!(
        (saved.id, saved.offer, saved.window_days, saved.pool.len()),
        (made.id, TemplateOffer::InterviewType(7), 21, 0)
    );
    assert_eq!(outcomes(app, "web.setup.template.create"), ["ok", "invalid"]);
    assert_eq!(outcomes(app, "web.setup.template.update"), ["ok"]);
}

fn a_bad_template_names_its_fields_and_changes_nothing(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let team = two_teams(app, &seed)[0].as_str().to_owned();
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields = [
        ("navn", ""),
        ("tilbud", ""),
        ("team", team.as_str()),
        ("vejledere", seed.counselors[0].caseworker.as_str()),
        ("vindue-start", "400"),
        ("vindue-dage", "0"),
        ("strategi", "earliest"),
        ("ombook-timer", "-1"),
    ];
    let page = post(&mut admin, "/setup/00101/templates", &fields);
    names_fields(&page, &["navn", "tilbud", "team", "vindue-start", "vindue-dage", "ombook-timer"]);
    assert!(page.body.contains("value=\"400\""), "what was typed is kept");
    let unknown = [
        ("navn", "X"),
        ("tilbud", "offer:0b3c5c7e-2d8a-4d43-9a37-0f5a1c2b3d4e"),
        ("vindue-start", "1"),
        ("vindue-dage", "5"),
        ("strategi", "earliest"),
    ];
    names_fields(&post(&mut admin, "/setup/00101/templates", &unknown), &["tilbud"]);
    assert!(templates(app).is_empty());
    assert_eq!(outcomes(app, "web.setup.template.create"), ["invalid", "invalid"]);
}

fn summoners_read_templates_and_only_administrators_change_them(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields = [
        ("navn", "A"),
        ("tilbud", "type:7"),
        ("vindue-start", "1"),
        ("vindue-dage", "5"),
        ("strategi", "earliest"),
    ];
    submit(&mut admin, "/setup/00101/templates", &fields);
    let path = format!("/setup/00101/templates/{}", templates(app)[0].id);
    let mut summoner = signed_in(app, "ind@kk.dk", Role::Summoner, JOBCENTER);
    let list = summoner.get("/setup/00101/templates");
    assert!(list.status == 200 && !list.body.contains("Opret skabelon"), "{}", list.body);
    let form = summoner.get(&path);
    assert!(form.status == 200 && !form.body.contains("Gem skabelonen"), "{}", form.body);
    assert_eq!(summoner.get("/setup/00101/templates/new").status, 403);
    let mut others = vec![summoner];
    for (who, role, code) in
        [("leder@kk.dk", Role::Reader, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/templates").status, 403, "{who}");
        assert_eq!(browser.get(&path).status, 403, "{who}");
        others.push(browser);
    }
    let renamed = [
        ("navn", "B"),
        ("tilbud", "type:7"),
        ("vindue-start", "1"),
        ("vindue-dage", "5"),
        ("strategi", "earliest"),
    ];
    for browser in &mut others {
        assert_eq!(post(browser, "/setup/00101/templates", &renamed).status, 403);
        assert_eq!(post(browser, &path, &renamed).status, 403);
    }
    assert_eq!(templates(app).len(), 1);
    assert_eq!(templates(app)[0].name, "A", "nothing changed");
    assert_eq!(outcomes(app, "web.setup.template.create"), ["ok", "forbidden", "forbidden", "forbidden"]);
    assert_eq!(outcomes(app, "web.setup.template.update"), ["forbidden"; 3]);
}

both_backends!(
    an_administrator_creates_and_edits_a_template,
    a_bad_template_names_its_fields_and_changes_nothing,
    summoners_read_templates_and_only_administrators_change_them,
);
