//! `GET /adapters/planlink` over real HTTP: a link made by `planlink::sign` (what
//! `planner planlink` prints) opens once; a replay, an expired and a changed link are refused.

use chrono::{Duration, Utc};
use planner::adapters::planlink;
use planner::adapters::settings::{PlanLinkSettings, Secret};

use super::support::{invalid, ok, problem, spawn, standard, PLANLINK_TOKEN};

fn settings() -> PlanLinkSettings {
    PlanLinkSettings { token: Some(Secret::new(PLANLINK_TOKEN)), ..PlanLinkSettings::default() }
}

#[test]
fn a_link_opens_once_and_replayed_expired_or_changed_links_are_refused() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let query = planlink::sign(&settings(), "person-7", "CVR:64942212-UUID:cw-1", Utc::now()).unwrap();
    let path = format!("/adapters/planlink?{query}");
    let opened = ok(&app.get(&path), 200);
    assert_eq!(opened["person"], "person-7");
    assert_eq!(opened["caseworker"], "CVR:64942212-UUID:cw-1");
    let replay = problem(&app.get(&path), 403);
    assert!(replay["detail"].as_str().unwrap().contains("used before"), "{replay}");

    let old = planlink::sign(&settings(), "person-7", "cw", Utc::now() - Duration::minutes(6)).unwrap();
    let expired = problem(&app.get(&format!("/adapters/planlink?{old}")), 403);
    assert!(expired["detail"].as_str().unwrap().contains("expired"), "{expired}");

    let fresh = planlink::sign(&settings(), "person-7", "cw", Utc::now()).unwrap();
    let tampered = fresh.replace("person-7", "person-8");
    let refused = problem(&app.get(&format!("/adapters/planlink?{tampered}")), 403);
    assert!(refused["detail"].as_str().unwrap().contains("signature"), "{refused}");
    let forged = PlanLinkSettings { token: Some(Secret::new("someone-elses-token-000")), ..settings() };
    let foreign = planlink::sign(&forged, "person-7", "cw", Utc::now()).unwrap();
    problem(&app.get(&format!("/adapters/planlink?{foreign}")), 403);
    invalid(&app.get("/adapters/planlink?person=p&caseworker=c"), "expires");
    // The untouched fresh link still opens: refusals spent no nonce.
    ok(&app.get(&format!("/adapters/planlink?{fresh}")), 200);
}
