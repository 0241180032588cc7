//! Every answer is well-formed XML: characters XML forbids are refused on input (raw or as
//! character references) with 1014 naming the field, and nothing is stored; a fault quotes
//! input only as a short escaped excerpt; answers stay XML whatever was stored through another
//! channel; duplicate attributes are not XML; metric labels come from closed sets.

use chrono::{DateTime, Duration, Utc};
use planner::domain::{BookingId, ChangeFlags, Channel, Cpr, Interval, Originator};
use planner::store::RegisterRequest;
use planner::xml::format_datetime;

use super::support::{cpr, seed, Seeded, KSS, NS, SOAP11};
use crate::support::app::{spawn_app, Response, TestApp};

const TEXT_XML: &str = "text/xml; charset=utf-8";

/// The response body as roxmltree reads it (an independent parser), or a panic.
#[track_caller]
fn assert_xml(response: &Response) {
    if let Err(error) = roxmltree::Document::parse(&response.body) {
        panic!("not XML ({error}): {:?}", response.body);
    }
}

fn register_fields(seeded: &Seeded, citizen: usize, start: DateTime<Utc>, link: &str) -> String {
    format!(
        "<BookingIdentifier>{}</BookingIdentifier><PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><JobCenterCode>00101</JobCenterCode><CaseWorkerIdentifier>{}</CaseWorkerIdentifier><InterviewTypeIdentifier>4</InterviewTypeIdentifier><InterviewFormTypeIdentifier>1</InterviewFormTypeIdentifier><InterviewContactTypeIdentifier>3</InterviewContactTypeIdentifier><StartTime>{}</StartTime><EndTime>{}</EndTime><ReBookingPossible>false</ReBookingPossible><CancellationPossible>false</CancellationPossible><CompulsoryAttendance>true</CompulsoryAttendance><DigitalMeetingLink>{link}</DigitalMeetingLink>",
        uuid::Uuid::new_v4(),
        cpr(citizen),
        seeded.counselors[0].caseworker,
        format_datetime(start),
        format_datetime(start + Duration::minutes(45)),
    )
}

fn bookings_of(app: &TestApp, citizen: usize) -> usize {
    app.store.bookings_of(&Cpr::parse(&cpr(citizen)).unwrap(), None, None).unwrap().len()
}

#[test]
fn forbidden_characters_are_refused_naming_the_field_and_nothing_is_stored() {
    let app = spawn_app();
    let seeded = seed(&app);
    let start = Utc::now() + Duration::days(3);
    for link in ["https://meet.example/\u{1}", "https://meet.example/&#1;", "https://meet.example/&#x1B;j"] {
        let answer = app.soap(KSS, "RegisterBooking", &register_fields(&seeded, 41, start, link));
        let text = answer.expect_fault(1014);
        assert!(text.contains("DigitalMeetingLink") && text.contains("U+00"), "{text}");
        assert_xml(&answer.response);
    }
    assert_eq!(bookings_of(&app, 41), 0, "nothing was stored");
    let fine =
        app.soap(KSS, "RegisterBooking", &register_fields(&seeded, 41, start, "https://meet.example/j"));
    fine.ok("RegisterBooking");
    let answer = app.soap(
        KSS,
        "GetBookings",
        &format!("<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>", cpr(41)),
    );
    answer.ok("GetBookings");
    assert_xml(&answer.response);
}

#[test]
fn answers_stay_xml_whatever_was_stored() {
    let app = spawn_app();
    let seeded = seed(&app);
    let start = Utc::now() + Duration::days(3);
    // Stored through the store (as the admin API or an old row would), not through SOAP.
    let registration = RegisterRequest {
        id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        cpr: Cpr::parse(&cpr(42)).unwrap(),
        jobcenter: seeded.jobcenter.clone(),
        caseworker: seeded.counselors[0].caseworker.clone(),
        interview_type: 4,
        form_type: 1,
        contact_type: 3,
        interval: Interval::new(start, start + Duration::minutes(30)).unwrap(),
        changes: ChangeFlags::default(),
        compulsory: true,
        group_meeting: None,
        digital_link: Some("join\u{1}here\u{1b}\u{FFFE}<&>".into()),
        channel: Channel::CaseworkerSystem,
        originator: Originator { code: 101, type_id: 8 },
        registered_by: KSS.into(),
    };
    app.store.register_booking(&registration, Utc::now()).unwrap();
    let answer = app.soap(
        KSS,
        "GetBookings",
        &format!("<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>", cpr(42)),
    );
    answer.ok("GetBookings");
    let document = roxmltree::Document::parse(&answer.response.body)
        .unwrap_or_else(|e| panic!("not XML ({e}): {:?}", answer.response.body));
    let link = document.descendants().find(|n| n.has_tag_name((NS, "DigitalMeetingLink"))).unwrap();
    assert_eq!(link.text(), Some("join\u{FFFD}here\u{FFFD}\u{FFFD}<&>"));
}

fn person_request(element: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><GetBookingsRequest xmlns="{NS}"><{element}>{}</{element}></GetBookingsRequest></s:Body></s:Envelope>"#,
        cpr(43)
    )
}

#[test]
fn faults_quote_broken_input_only_as_short_escaped_excerpts() {
    let app = spawn_app();
    seed(&app);
    let huge = format!("Person{}", "n".repeat(900_000));
    let broken = [
        person_request("PersonCivilReg\u{1b}strationIdentifier"),
        person_request("PersonCivil\u{0}RegistrationIdentifier"),
        // 900 KB names (once: an end tag would double the request past the 1 MiB limit).
        person_request("PersonCivilRegistrationIdentifier").replace(
            "<PersonCivilRegistrationIdentifier>",
            &format!("<{huge}/><PersonCivilRegistrationIdentifier>"),
        ),
        person_request("PersonCivilRegistrationIdentifier")
            .replace("</PersonCivilRegistrationIdentifier>", &format!("</{huge}>")),
        person_request("PersonCivilRegistrationIdentifier").replace(
            "<PersonCivilRegistrationIdentifier>",
            &format!("<{huge}\u{1}/><PersonCivilRegistrationIdentifier>"),
        ),
    ];
    for body in &broken {
        let answer = app.soap_raw(KSS, TEXT_XML, None, body);
        let text = answer.expect_fault(1014);
        assert_xml(&answer.response);
        assert!(answer.response.body.len() < 4096, "{} bytes", answer.response.body.len());
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.chars().count() <= 400, "{text}");
        assert!(!text.contains(&cpr(43)), "{text}");
    }
    // The first two name the element, escaped.
    let text = app.soap_raw(KSS, TEXT_XML, None, &broken[0]).expect_fault(1014);
    assert!(text.contains("PersonCivilReg\\u{1b}strationIdentifier"), "{text}");
}

#[test]
fn duplicate_attributes_and_other_non_xml_are_refused_with_1014() {
    let app = spawn_app();
    seed(&app);
    let person =
        format!("<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>", cpr(44));
    let request = |attributes: &str, inner: &str| {
        format!(
            r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><GetBookingsRequest xmlns="{NS}"{attributes}>{inner}</GetBookingsRequest></s:Body></s:Envelope>"#
        )
    };
    let cases = [
        request(r#" a="1" a="2""#, &person),
        request(r#" xmlns:x="urn:x" xmlns:y="urn:x" x:a="1" y:a="2""#, &person),
        request(r#" a="&#0;""#, &person),
        request("", &format!("{person}&#xFFFF;")),
        request(
            "",
            &person.replace("</PersonCivilRegistrationIdentifier>", "</PersonCivilRegistrationIdentifie>"),
        ),
    ];
    for body in &cases {
        let answer = app.soap_raw(KSS, TEXT_XML, None, body);
        answer.expect_fault(1014);
        assert_xml(&answer.response);
    }
    app.soap_raw(KSS, TEXT_XML, None, &request(r#" a="1" b="2""#, &person)).ok("GetBookings");
}

#[test]
fn metric_labels_come_from_closed_sets() {
    let app = spawn_app();
    seed(&app);
    for name in ["Frobnicate", "Evil\"} 1\nplanner_x{a=\"", "DeleteEverything"] {
        let body = format!(
            r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><{name}Request xmlns="{NS}"/></s:Body></s:Envelope>"#
        );
        app.request(
            "POST",
            "/ExternalBookingService",
            &[("Content-Type", TEXT_XML), ("X-Planner-Caller", KSS)],
            body.as_bytes(),
        );
    }
    let metrics = app.get("/metrics").body;
    let soap: Vec<&str> = metrics.lines().filter(|l| l.starts_with("planner_soap_calls_total{")).collect();
    assert!(soap.iter().all(|l| !l.contains("Frobnicate") && !l.contains("Delete")), "{metrics}");
    assert!(
        metrics.contains(r#"planner_soap_calls_total{operation="unknown",outcome="1014"} 2"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"planner_soap_calls_total{operation="-",outcome="1014"} 1"#), "{metrics}");
}
