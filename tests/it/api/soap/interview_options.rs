//! GetSelfbookInterviewOptions over HTTP: eligibility, the fields of an option, authorization.

use chrono::Duration;
use planner::domain::{BlockSource, BusyBlock, Eligibility, Interval, Offer, OfferId, Originator};
use planner::soap::fields;
use planner::store::ReserveRequest;

use super::support::{cpr, items, seed, text, Answer, DFDG, NS, OTHER_DFDG, SOAP11};
use crate::support::app::{spawn_app_at, TestApp};

/// The server starts on Monday 1 March 2027, 07:00 UTC: the days these tests read are working
/// days whatever day the suite runs on.
fn spawn_app() -> TestApp {
    spawn_app_at(crate::support::store::now())
}

/// The request fields for a citizen of `jobcenter` in `contact_group`, plus `extra` XML.
fn request(cpr: &str, jobcenter: &str, contact_group: &str, extra: &str) -> String {
    format!(
        "<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier><JobCenterCode>{jobcenter}</JobCenterCode><ContactGroupTypeIdentifier>{contact_group}</ContactGroupTypeIdentifier>{extra}"
    )
}

fn options(app: &TestApp, caller: &str, fields: &str) -> Answer {
    app.soap(caller, "GetSelfbookInterviewOptions", fields)
}

/// The InterviewOptionIdentifiers of a normal answer.
fn listed(answer: &Answer) -> Vec<String> {
    let body = answer.ok("GetSelfbookInterviewOptions");
    assert!(body.child(NS, "InterviewOptionCollection").is_some(), "the collection is always there");
    items(body, "InterviewOptionCollection", "InterviewOption")
        .iter()
        .map(|option| text(option, "InterviewOptionIdentifier"))
        .collect()
}

#[test]
fn lists_an_eligible_offer_with_its_fields() {
    let app = spawn_app();
    let seeded = seed(&app);
    let answer = options(&app, DFDG, &request(&cpr(1), "00101", "1", ""));
    assert_eq!(listed(&answer), vec![seeded.offer.id.to_string()], "the group offer is for contact group 2");
    let option = items(&answer.body, "InterviewOptionCollection", "InterviewOption")[0];
    assert_eq!(text(option, "InterviewTypeIdentifier"), "7");
    assert_eq!(text(option, "InterviewFormTypeIdentifier"), "1");
    let contact_types: Vec<String> =
        items(option, "InterviewContactTypeIdentifierCollection", "InterviewContactTypeIdentifier")
            .iter()
            .map(|e| e.text.clone())
            .collect();
    assert_eq!(contact_types, ["1", "2"]);
    assert_eq!(text(option, "InterviewLocationDetail/InterviewLocationAddress/StreetName"), "Kultorvet");
    assert_eq!(text(option, "InterviewLocationDetail/InterviewLocationAddress/PostCodeIdentifier"), "1175");
    assert_eq!(text(option, "MeetingDurationMinutes"), "45");
    assert_eq!(text(option, "IsCompulsory"), "true");
    let first = fields::datetime(&text(option, "FirstTimeslot"), "FirstTimeslot").unwrap();
    let last = fields::datetime(&text(option, "LastTimeslot"), "LastTimeslot").unwrap();
    let now = app.now();
    assert!(first >= now + Duration::minutes(59), "minimum notice of one hour");
    assert!(first < last && last <= now + Duration::weeks(3), "{first} .. {last}");
    assert!(text(option, "FirstTimeslot").ends_with(":00"), "an offset is written");
}

#[test]
fn contact_group_decides_which_offers_are_listed() {
    let app = spawn_app();
    let seeded = seed(&app);
    let group = listed(&options(&app, DFDG, &request(&cpr(1), "00101", "2", "")));
    assert_eq!(group, vec![seeded.group.id.to_string()]);
    let answer = options(&app, DFDG, &request(&cpr(1), "00101", "2", ""));
    let option = items(&answer.body, "InterviewOptionCollection", "InterviewOption")[0];
    assert_eq!(text(option, "InterviewFormTypeIdentifier"), "2");
    assert_eq!(text(option, "InterviewTypeIdentifier"), "9");
    let none = options(&app, DFDG, &request(&cpr(1), "00101", "3", ""));
    assert!(listed(&none).is_empty(), "no fitting offer is an empty collection, not a fault");
}

#[test]
fn person_group_markers_are_matched_in_lower_case() {
    let app = spawn_app();
    let seeded = seed(&app);
    let marker = uuid::Uuid::new_v4().to_string();
    let project = Offer {
        id: OfferId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        eligibility: Eligibility {
            contact_groups: vec![1],
            categories: vec![],
            person_groups: vec![marker.clone()],
        },
        ..seeded.offer.clone()
    };
    app.store.create_offer(&project, app.now()).unwrap();
    let with_marker = format!(
        "<PersonCategory><PersonCategoryTypeIdentifier>5</PersonCategoryTypeIdentifier><IncidentDate>2026-01-05T10:00:00</IncidentDate></PersonCategory><PersonGroupProjectIdentifierCollection><PersonGroupProjectIdentifier>{}</PersonGroupProjectIdentifier></PersonGroupProjectIdentifierCollection><HasExternalOperatorReferral>false</HasExternalOperatorReferral><BookingCollection><Booking><Anything>DFDG's view, ignored</Anything></Booking></BookingCollection>",
        marker.to_uppercase()
    );
    let mut found = listed(&options(&app, DFDG, &request(&cpr(1), "00101", "1", &with_marker)));
    found.sort();
    let mut expected = vec![seeded.offer.id.to_string(), project.id.to_string()];
    expected.sort();
    assert_eq!(found, expected);
    let without = listed(&options(&app, DFDG, &request(&cpr(1), "00101", "1", "")));
    assert_eq!(without, vec![seeded.offer.id.to_string()]);
    let bad = "<PersonGroupProjectIdentifierCollection><PersonGroupProjectIdentifier>nope</PersonGroupProjectIdentifier></PersonGroupProjectIdentifierCollection>";
    let fault = options(&app, DFDG, &request(&cpr(1), "00101", "1", bad)).expect_fault(1014);
    assert!(fault.contains("PersonGroupProjectIdentifier"), "{fault}");
    let no_date =
        "<PersonCategory><PersonCategoryTypeIdentifier>5</PersonCategoryTypeIdentifier></PersonCategory>";
    let fault = options(&app, DFDG, &request(&cpr(1), "00101", "1", no_date)).expect_fault(1014);
    assert!(fault.contains("IncidentDate"), "{fault}");
}

#[test]
fn leaves_out_offers_without_free_time_or_already_booked() {
    let app = spawn_app();
    let seeded = seed(&app);
    let now = app.now();
    // The citizen books the offer once: it is no longer offered to them, but still to others.
    let window = Interval::new(now, now + Duration::days(2)).unwrap();
    let time = app.store.free_times(&seeded.offer.id, window, None, now).unwrap().remove(0);
    let counselor = seeded.counselors.iter().find(|c| c.id == time.counselor).unwrap();
    let reserve = ReserveRequest {
        cpr: planner::domain::Cpr::parse(&cpr(5)).unwrap(),
        offer: Some(seeded.offer.id.clone()),
        caseworker: counselor.caseworker.clone(),
        start: time.interval.start(),
        contact_type: None,
        rebooking: None,
    };
    let reservation = app.store.reserve(&reserve, now).unwrap();
    app.store.confirm(&reserve.cpr, &reservation.id, Originator { code: 101, type_id: 8 }, now).unwrap();
    assert!(listed(&options(&app, DFDG, &request(&cpr(5), "00101", "1", ""))).is_empty());
    assert_eq!(listed(&options(&app, DFDG, &request(&cpr(6), "00101", "1", ""))).len(), 1);
    // Every counselor of the offer busy over the whole horizon: no free time, not listed.
    let busy = Interval::new(now - Duration::hours(1), now + Duration::weeks(4)).unwrap();
    for counselor in &seeded.counselors {
        let block = BusyBlock { interval: busy, source: BlockSource::Manual };
        app.store.add_block(&counselor.id, &block, None, app.now()).unwrap();
    }
    assert!(listed(&options(&app, DFDG, &request(&cpr(6), "00101", "1", ""))).is_empty());
}

#[test]
fn refuses_other_jobcenters_and_bad_input() {
    let app = spawn_app();
    seed(&app);
    options(&app, OTHER_DFDG, &request(&cpr(1), "00101", "1", "")).expect_fault(4575);
    let fault = options(&app, DFDG, &request(&cpr(1), "12", "1", "")).expect_fault(1014);
    assert!(fault.contains("JobCenterCode"), "{fault}");
    let fault = options(&app, DFDG, &request(&cpr(1), "00101", "one", "")).expect_fault(1014);
    assert!(fault.contains("ContactGroupTypeIdentifier"), "{fault}");
    options(&app, DFDG, &request("3213851234", "00101", "1", "")).expect_fault(1001);
    let fault = options(&app, DFDG, &request(&cpr(1), "00101", "1", "<Surprise/>")).expect_fault(1014);
    assert!(fault.contains("Surprise"), "{fault}");
}

#[test]
fn active_organisation_header_must_name_the_callers_jobcenter() {
    let app = spawn_app();
    seed(&app);
    let envelope = |organisation: &str| {
        format!(
            r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header><ActiveOrganisationHeader xmlns="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"><OrganisationTypeIdentifier>8</OrganisationTypeIdentifier><OrganisationCode>{organisation}</OrganisationCode></ActiveOrganisationHeader></s:Header><s:Body><GetSelfbookInterviewOptionsRequest xmlns="{NS}">{}</GetSelfbookInterviewOptionsRequest></s:Body></s:Envelope>"#,
            request(&cpr(1), "00101", "1", "")
        )
    };
    let post = |body: &str| app.soap_raw(DFDG, "text/xml; charset=utf-8", None, body);
    post(&envelope("147")).expect_fault(4575);
    assert_eq!(listed(&post(&envelope("101"))).len(), 1, "the caller's own jobcenter is fine");
}
