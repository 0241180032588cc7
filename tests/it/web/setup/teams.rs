//! Counselors and teams in the set-up pages: a counselor's attributes (self-booking, may be
//! summoned into meetings, competencies) saved and listed; a team created, a member added and
//! their membership ended; bad forms name their fields and change nothing; who is refused.

use std::collections::BTreeSet;

use planner::domain::people::{Cluster, Role};
use planner::domain::team::Team;
use planner::domain::JobCenterCode;

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::authorization::{person, two_teams};
use crate::web::browser::WebApp;

fn teams(app: &WebApp) -> Vec<(Team, Vec<planner::domain::team::Membership>)> {
    app.store.teams().of_jobcenter(&JobCenterCode::parse(JOBCENTER).unwrap()).unwrap()
}

fn an_administrator_sets_attributes_and_keeps_a_team(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let counselor = &seed.counselors[0];
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let path = format!("/setup/00101/counselors/{}", counselor.id.as_str());
    assert!(admin.get("/setup/00101/counselors").body.contains(&format!("href=\"{path}\"")));
    let fields = [("indkaldelser", "on"), ("kompetencer", "Sygedagpenge, Ledighed")];
    let page = submit(&mut admin, &path, &fields);
    assert!(
        page.body.contains("Vejlederens egenskaber er gemt.")
            && page.body.contains("value=\"Ledighed, Sygedagpenge\"")
    );
    let attributes = app.store.attributes().of(&counselor.id).unwrap();
    let wanted: BTreeSet<String> = ["Ledighed", "Sygedagpenge"].map(String::from).into();
    assert_eq!((attributes.self_booking, attributes.summons, attributes.competencies), (false, true, wanted));

    let page = submit(&mut admin, "/setup/00101/teams", &[("team-navn", "Team Nord")]);
    assert!(page.body.contains("Teamet er oprettet.") && page.body.contains("Team Nord"), "{}", page.body);
    names_fields(&post(&mut admin, "/setup/00101/teams", &[("team-navn", "Team Nord")]), &["team-navn"]);
    let team = teams(app).pop().unwrap().0;
    let id = team.id.as_str();
    let add = format!("/setup/00101/teams/{id}/members");
    let page = submit(&mut admin, &add, &[(&format!("medlem-{id}"), counselor.id.as_str())]);
    assert!(page.body.contains("Tirsdag 09.03.2027</td><td>Medlem nu"), "from today: {}", page.body);
    assert_eq!(app.store.teams().current_members(&team.id).unwrap()[0].id, counselor.id);
    let list = admin.get("/setup/00101/counselors").body;
    assert!(
        list.contains("<td>Team Nord</td><td>Nej</td><td>Ja</td><td>Ledighed, Sygedagpenge</td>"),
        "{list}"
    );

    let end = format!("/setup/00101/teams/{id}/members/end");
    let fields =
        [(format!("afslut-{id}"), counselor.id.as_str()), (format!("afslut-til-{id}"), "2027-03-31")];
    let page = submit(&mut admin, &end, &fields.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>());
    assert!(page.body.contains("Onsdag 31.03.2027 (sidste dag)"), "{}", page.body);
    let (_, memberships) = teams(app).pop().unwrap();
    assert_eq!(memberships[0].until, Some(seeds::local(31, 12, 0).date_naive()));
    assert_eq!(outcomes(app, "web.setup.counselor.attributes"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.team.create"), ["ok", "invalid"]);
    assert_eq!(outcomes(app, "web.setup.team.member.add"), ["ok"]);
    assert_eq!(outcomes(app, "web.setup.team.member.end"), ["ok"]);
}

fn bad_counselor_and_team_forms_name_their_fields_and_change_nothing(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let counselor = &seed.counselors[0];
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let path = format!("/setup/00101/counselors/{}", counselor.id.as_str());
    let long = "x".repeat(51);
    let page = post(&mut admin, &path, &[("selvbooking", "on"), ("kompetencer", &long)]);
    names_fields(&page, &["kompetencer"]);
    assert_eq!(app.store.attributes().of(&counselor.id).unwrap(), Default::default());
    names_fields(&post(&mut admin, "/setup/00101/teams", &[("team-navn", " ")]), &["team-navn"]);
    submit(&mut admin, "/setup/00101/teams", &[("team-navn", "Team Syd")]);
    let id = teams(app)[0].0.id.as_str().to_owned();
    let (who, from) = (format!("medlem-{id}"), format!("medlem-fra-{id}"));
    let page = post(&mut admin, &format!("/setup/00101/teams/{id}/members"), &[(&who, ""), (&from, "i går")]);
    names_fields(&page, &[&who, &from]);
    let not_member = format!("afslut-{id}");
    let end = [(not_member.as_str(), seed.counselors[1].id.as_str())];
    names_fields(&post(&mut admin, &format!("/setup/00101/teams/{id}/members/end"), &end), &[&not_member]);
    assert_eq!(teams(app).len(), 1);
    assert!(teams(app)[0].1.is_empty(), "no membership");
    assert_eq!(outcomes(app, "web.setup.counselor.attributes"), ["invalid"]);
    assert_eq!(outcomes(app, "web.setup.team.member.add"), ["invalid"]);
    assert_eq!(outcomes(app, "web.setup.team.member.end"), ["invalid"]);
}

fn only_the_jobcenters_administrators_change_counselors_and_teams(app: &WebApp) {
    let seed = seeds::seed(&app.store, 2);
    let ids = two_teams(app, &seed);
    let counselor = seed.counselors[1].id.as_str();
    let team = ids[0].as_str();
    let code = JobCenterCode::parse(JOBCENTER).unwrap();
    let mut of_team = person(app, "adm-a@kk.dk", Role::Administrator, Cluster::Team(code, ids[0].clone()));
    let page = of_team.get("/setup/00101/teams");
    assert_eq!(page.status, 200, "a team's administrator reads");
    assert!(page.body.contains("Team A") && !page.body.contains("Opret teamet"), "{}", page.body);
    let page = of_team.get(&format!("/setup/00101/counselors/{}", seed.counselors[0].id.as_str()));
    assert!(page.status == 200 && !page.body.contains("Gem egenskaberne"), "{}", page.body);
    let mut others = vec![of_team];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/counselors").status, 403, "{who}");
        assert_eq!(browser.get("/setup/00101/teams").status, 403, "{who}");
        others.push(browser);
    }
    for browser in &mut others {
        let save = post(browser, &format!("/setup/00101/counselors/{counselor}"), &[("kompetencer", "X")]);
        assert_eq!(save.status, 403);
        assert_eq!(post(browser, "/setup/00101/teams", &[("team-navn", "Team C")]).status, 403);
        let add = [(format!("medlem-{team}"), counselor)];
        let add: Vec<_> = add.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(post(browser, &format!("/setup/00101/teams/{team}/members"), &add).status, 403);
        assert_eq!(post(browser, &format!("/setup/00101/teams/{team}/members/end"), &add).status, 403);
    }
    assert_eq!(teams(app).len(), 2, "nothing made");
    assert_eq!(teams(app)[0].1.len(), 1, "nothing joined");
    assert!(app.store.attributes().of(&seed.counselors[1].id).unwrap().competencies.is_empty());
    for operation in ["counselor.attributes", "team.create", "team.member.add", "team.member.end"] {
        assert_eq!(outcomes(app, &format!("web.setup.{operation}")), ["forbidden"; 3], "{operation}");
    }
}

both_backends!(
    an_administrator_sets_attributes_and_keeps_a_team,
    bad_counselor_and_team_forms_name_their_fields_and_change_nothing,
    only_the_jobcenters_administrators_change_counselors_and_teams,
);
