//! GetSelfbookCaseWorkers over HTTP.

use super::support::{cpr, items, seed, text, DFDG, KSS, OTHER_DFDG, STRANGER};
use crate::support::app::spawn_app;

#[test]
fn lists_the_counselors_of_an_offer() {
    let app = spawn_app();
    let seeded = seed(&app);
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier>",
        cpr(1),
        seeded.offer.id
    );
    let answer = app.soap(DFDG, "GetSelfbookCaseWorkers", &fields);
    let body = answer.ok("GetSelfbookCaseWorkers");
    let supervisors = items(body, "CaseWorkerCollection", "Supervisor");
    assert_eq!(supervisors.len(), 3);
    let mut ids: Vec<String> = supervisors.iter().map(|s| text(s, "CaseWorkerIdentifier")).collect();
    ids.sort();
    let mut expected: Vec<String> = seeded.counselors.iter().map(|c| c.caseworker.to_string()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(supervisors.iter().filter(|s| text(s, "CaseWorkerMiddleName") == "Bech").count(), 1);
}

#[test]
fn refuses_bad_input_and_strangers() {
    let app = spawn_app();
    let seeded = seed(&app);
    let call = |caller: &str, cpr: &str, offer: &str| {
        let fields = format!(
            "<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>"
        );
        app.soap(caller, "GetSelfbookCaseWorkers", &fields)
    };
    let offer = seeded.offer.id.to_string();
    call(DFDG, "3213851234", &offer).expect_fault(1001);
    let text = call(DFDG, &cpr(1), "not-a-guid").expect_fault(1014);
    assert!(text.contains("InterviewOptionIdentifier"), "{text}");
    call(DFDG, &cpr(1), &uuid::Uuid::new_v4().to_string()).expect_fault(4770);
    call(STRANGER, &cpr(1), &offer).expect_fault(4575);
    call(KSS, &cpr(1), &offer).expect_fault(4575);
    call(OTHER_DFDG, &cpr(1), &offer).expect_fault(4575);
    let audit = app.store.audit_tail(100).unwrap();
    assert_eq!(audit.len(), 6, "every call is audited");
    assert!(audit.iter().all(|r| r.entry.operation == "GetSelfbookCaseWorkers"));
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(1))), "no CPR in the audit log");
}
