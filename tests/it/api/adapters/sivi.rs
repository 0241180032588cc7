//! `POST /adapters/sivi/verzuimmelding` over real HTTP: valid, invalid, duplicate and
//! partial-recovery messages, the summons an employer rule asks for, and who may call.

use super::support::{invalid, message, ok, problem, spawn, standard, Mutation, ADMIN, DFDG, EMPLOYER, XS};
use crate::api::admin::support::topics;
use crate::api::soap::support::cpr;

fn sick(case_id: &str) -> Mutation<'_> {
    Mutation { case_id, sequence: 1, percentage: "100.00", ended: false }
}

#[test]
fn a_sick_report_records_the_case_and_summons_once_and_a_repeat_changes_nothing() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let body = message("ref-1", EMPLOYER, &cpr(1), &[sick("V-1")]);
    let first = ok(&app.sivi(XS, &body), 200);
    assert_eq!(first["message_id"], "XS-TEST/ref-1", "{first}");
    let report = &first["reports"][0];
    assert_eq!(report["outcome"], "sick_report", "{first}");
    assert_eq!(report["summons"]["outcome"], "placed", "{first}");
    let booking = report["summons"]["booking_id"].as_str().expect("a booking id").to_owned();
    assert_eq!(topics(app, &booking), ["BookingCreated"]);
    assert!(!first.to_string().contains(&cpr(1)), "the receipt never holds the CPR: {first}");

    let again = app.sivi(XS, &body);
    assert_eq!(ok(&again, 200), first, "a repeated message gets the same answer");
    assert_eq!(topics(app, &booking), ["BookingCreated"], "and changes nothing");
    let events = app.store.pending_events(1000).unwrap();
    assert_eq!(events.iter().filter(|e| e.topic == "BookingCreated").count(), 1, "one summons only");
    let cases = app.store.absence_cases(EMPLOYER, "E-42").unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].mutations, ["sick_report"]);
    assert_eq!(cases[0].summons_booking.as_deref(), Some(booking.as_str()));

    // The same report resent in a new message is recognised by its case and number.
    let resent = ok(&app.sivi(XS, &message("ref-1b", EMPLOYER, &cpr(1), &[sick("V-1")])), 200);
    assert_eq!(resent["reports"][0]["outcome"], "already_applied", "{resent}");
    assert_eq!(app.store.absence_cases(EMPLOYER, "E-42").unwrap(), cases);
}

#[test]
fn partial_and_full_recovery_are_recorded_and_cancel_nothing() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let first = ok(&app.sivi(XS, &message("ref-1", EMPLOYER, &cpr(2), &[sick("V-2")])), 200);
    let booking = first["reports"][0]["summons"]["booking_id"].as_str().unwrap().to_owned();
    let partial = Mutation { case_id: "V-2", sequence: 2, percentage: "50", ended: false };
    let answer = ok(&app.sivi(XS, &message("ref-2", EMPLOYER, &cpr(2), &[partial])), 200);
    assert_eq!(answer["reports"][0]["outcome"], "partial_recovery", "{answer}");
    assert!(answer["reports"][0]["summons"].is_null(), "no new summons: {answer}");
    let full = Mutation { case_id: "V-2", sequence: 3, percentage: "0", ended: true };
    let answer = ok(&app.sivi(XS, &message("ref-3", EMPLOYER, &cpr(2), &[full])), 200);
    assert_eq!(answer["reports"][0]["outcome"], "recovery", "{answer}");
    assert_eq!(topics(app, &booking), ["BookingCreated"], "the summons is not cancelled");
    let case = &app.store.absence_cases(EMPLOYER, "E-42").unwrap()[0];
    assert_eq!(case.mutations, ["sick_report", "partial_recovery", "recovery"]);
    assert!(case.ended);
    assert_eq!(case.percentage_hundredths, 0);
}

#[test]
fn invalid_messages_name_the_element_and_store_nothing() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let valid = message("ref-1", EMPLOYER, &cpr(3), &[sick("V-3")]);
    let path = "Verzuimmeldingen/Wrkgvr[1]/Wrknmr[1]";
    let vrzm = format!("{path}/Dnstvbnd[1]/Vrzm[1]");
    let cases = [
        (valid.replace("<s:IdWrknmr>E-42</s:IdWrknmr>", ""), format!("{path}/IdWrknmr"), "missing"),
        (
            valid.replace("Verzuimmeldingen/2022", "Verzuimmeldingen/2017"),
            "Verzuimmeldingen".to_owned(),
            "namespace",
        ),
        (
            valid.replacen("<s:DatEerstVrzmdg>", "<s:DatEerstVrzmdg>31-", 1),
            format!("{vrzm}/DatEerstVrzmdg"),
            "date",
        ),
        (valid.replace("<s:PrcVrzm>100.00", "<s:PrcVrzm>100.001"), format!("{vrzm}/PrcVrzm"), "percentage"),
        (valid.replace(&cpr(3), "123456789"), format!("{path}/SofiNr"), "BSN"),
        (valid.replace(&cpr(3), &format!("{} ", cpr(3))), format!("{path}/SofiNr"), "spaces"),
        (
            valid.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE x [<!ENTITY e \"e\">]>"),
            "(document)".to_owned(),
            "DOCTYPE",
        ),
    ];
    for (body, field, words) in cases {
        let problem = invalid(&app.sivi(XS, &body), &field);
        let text = problem.to_string();
        assert!(text.contains(words), "{field}: {text}");
        assert!(!text.contains("123456789") && !text.contains(&cpr(3)), "never the value: {text}");
    }
    assert!(app.store.absence_cases(EMPLOYER, "E-42").unwrap().is_empty(), "nothing stored");
    assert!(app.store.pending_events(10).unwrap().is_empty(), "nothing summoned");
    // The valid message is then accepted (no key was taken by the refused ones).
    assert_eq!(ok(&app.sivi(XS, &valid), 200)["reports"][0]["outcome"], "sick_report");
}

#[test]
fn a_reused_message_id_is_a_conflict_and_a_bsn_person_is_recorded_without_summons() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let answer = ok(&app.sivi(XS, &message("ref-9", EMPLOYER, "111222333", &[sick("V-9")])), 200);
    let summons = &answer["reports"][0]["summons"];
    assert!(summons["booking_id"].is_null(), "{answer}");
    assert!(summons["outcome"].as_str().unwrap().contains("no CPR"), "{answer}");
    let other = message("ref-9", EMPLOYER, "111222333", &[sick("V-10")]);
    let conflict = problem(&app.sivi(XS, &other), 409);
    assert!(conflict["detail"].as_str().unwrap().contains("XS-TEST/ref-9"), "{conflict}");
    assert_eq!(app.store.absence_cases(EMPLOYER, "E-42").unwrap().len(), 1);
}

#[test]
fn only_case_systems_and_admins_may_report_absences() {
    let adapted = spawn(standard);
    let app = &adapted.app;
    let body = message("ref-1", "WG-unconfigured", &cpr(4), &[sick("V-4")]);
    problem(&app.sivi(DFDG, &body), 403);
    let anonymous = app.request("POST", "/adapters/sivi/verzuimmelding", &[], body.as_bytes());
    problem(&anonymous, 401);
    let answer = ok(&app.sivi(ADMIN, &body), 200);
    assert!(answer["reports"][0]["summons"].is_null(), "no rule, no summons: {answer}");
    let audit = app.store.audit_tail(10).unwrap();
    let outcomes: Vec<&str> = audit
        .iter()
        .filter(|r| r.entry.operation == "adapters.sivi.verzuimmelding")
        .map(|r| r.entry.outcome.as_str())
        .collect();
    assert_eq!(outcomes.len(), 3, "every call is audited: {outcomes:?}");
}
