//! `GET /admin/v1/dfdg/fejlmeldinger`: DFDG's error reports (sent over SOAP with
//! CreateFejlmelding) listed newest first, limited to the caller's jobcenters (reports naming no
//! booking or offer only for callers acting for every jobcenter), CPRs in Fejltekst masked, and
//! refused to non-admin callers and bad limits.

use chrono::Utc;
use planner::domain::{Caller, Role};

use super::support::{booking, cpr, invalid, ok, problem, seed, ADMIN, DFDG, OTHER_ADMIN, STRANGER};
use crate::api::soap::support::OTHER_DFDG;
use crate::support::app::{spawn_app, TestApp};

const ALL_ADMIN: &str = "CVR:64942212-FID:operations";

/// Sends one report as `caller` naming `ids`; returns nothing (the answer must be ok).
fn report(app: &TestApp, caller: &str, ids: &str, code: i32, text: &str, origin: i32) {
    let fields = format!(
        "{ids}<Fejlkode>{code}</Fejlkode><Fejltekst>{text}</Fejltekst><FejlOphav>{origin}</FejlOphav><FejlTidspunkt>2026-05-04T10:15:00+02:00</FejlTidspunkt>"
    );
    app.soap(caller, "CreateFejlmelding", &fields).ok("CreateFejlmelding");
}

fn codes(app: &TestApp, caller: &str, query: &str) -> Vec<i64> {
    let rows = ok(&app.admin_get(caller, &format!("/admin/v1/dfdg/fejlmeldinger{query}")), 200);
    rows.as_array().unwrap().iter().map(|r| r["error_code"].as_i64().unwrap()).collect()
}

#[test]
fn error_reports_are_listed_per_jobcenter_newest_first_with_cprs_masked() {
    let app = spawn_app();
    let seeded = seed(&app);
    let caller = Caller {
        identity: ALL_ADMIN.into(),
        role: Role::Admin,
        jobcenters: vec![seeded.jobcenter.clone(), seeded.other_offer.jobcenter.clone()],
        enabled: true,
    };
    app.store.upsert_caller(&caller, Utc::now()).unwrap();
    let ours = booking(&app, 1, &seeded.counselors[0].caseworker, &seeded.jobcenter, 3);
    let about_booking = format!("<BookingIdentifier>{ours}</BookingIdentifier>");
    report(&app, DFDG, &about_booking, 101, &format!("borger {} ser forkert tid", cpr(7)), 30);
    let about_offer =
        format!("<InterviewOptionIdentifier>{}</InterviewOptionIdentifier>", seeded.other_offer.id);
    report(&app, OTHER_DFDG, &about_offer, 102, "ukendt tilbud", 32);
    report(&app, DFDG, "", 103, "ingen id", 30);

    assert_eq!(codes(&app, ADMIN, ""), vec![101]);
    assert_eq!(codes(&app, OTHER_ADMIN, ""), vec![102]);
    assert_eq!(codes(&app, ALL_ADMIN, ""), vec![103, 102, 101]);
    assert_eq!(codes(&app, ALL_ADMIN, "?limit=2"), vec![103, 102]);

    let response = app.admin_get(ADMIN, "/admin/v1/dfdg/fejlmeldinger");
    assert!(!response.body.contains(&cpr(7)), "no CPR: {}", response.body);
    let row = &ok(&response, 200)[0];
    assert_eq!(row["error_text"], "borger ********** ser forkert tid");
    assert_eq!(
        (row["origin"].as_i64(), row["jobcenter"].as_str()),
        (Some(30), Some(seeded.jobcenter.as_str()))
    );
    assert_eq!(row["booking_id"], ours.as_str());
    assert!(row["offer_id"].is_null());
    assert_eq!(row["caller"], DFDG);
    assert_eq!(row["reported_at"], "2026-05-04T08:15:00Z");
    assert!(row["id"].is_string() && row["received_at"].is_string());
    let other = &ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/dfdg/fejlmeldinger"), 200)[0];
    assert_eq!(other["offer_id"], seeded.other_offer.id.as_str());
    assert_eq!(other["jobcenter"], seeded.other_offer.jobcenter.as_str());
}

#[test]
fn error_reports_are_refused_to_other_callers_and_bad_limits() {
    let app = spawn_app();
    seed(&app);
    for caller in [DFDG, STRANGER] {
        problem(&app.admin_get(caller, "/admin/v1/dfdg/fejlmeldinger"), 403);
    }
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/fejlmeldinger?limit=0"), "limit");
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/fejlmeldinger?limit=1001"), "limit");
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/fejlmeldinger?limit=x"), "limit");
    let audit = app.store.audit_tail(20).unwrap();
    assert!(audit
        .iter()
        .any(|r| r.entry.operation == "admin.dfdg.fejlmeldinger" && r.entry.outcome == "403"));
}
