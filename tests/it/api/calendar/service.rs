//! ExternalCalendarService operations, positive and negative, over real HTTP.

use chrono::{Duration, Utc};

use super::support::*;
use crate::api::soap::support::{audit_rows, cpr, DFDG, KSS, STRANGER};
use crate::support::app::spawn_app;

/// 10:00 Copenhagen time two days ahead: inside the seeded working hours (06:00-22:00), on the
/// offer's hourly grid, with hours to spare on both sides.
fn soon() -> chrono::DateTime<Utc> {
    let day = (Utc::now() + Duration::days(2)).with_timezone(&planner::domain::ZONE).date_naive();
    let ten = day.and_hms_opt(10, 0, 0).unwrap();
    ten.and_local_timezone(planner::domain::ZONE).earliest().unwrap().with_timezone(&Utc)
}

#[test]
fn pushed_events_block_time_and_a_bad_event_does_not_fail_the_batch() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let (a, b) = (seeded.counselors[0].email.clone(), seeded.counselors[1].email.clone());
    let at = soon();
    let hour = Duration::hours(1);
    let batch = collection(&[
        event("ev-1", &a.to_uppercase(), at, at + hour),
        event("ev-1", &a, at + hour, at + hour * 2),
        event("ev-2", "nobody@jobcenter.example", at, at + hour),
        event("ev-3", &b, at + hour, at),
        "<Event><EventIdentifier>ev-4</EventIdentifier><ResourceEmail>".to_owned()
            + &b
            + "</ResourceEmail></Event>",
        event("ev-5", &b, at, at + hour),
    ]);
    let answer = app.calendar(CONNECTOR, "CreateEvents", &batch);
    let expected = [
        ("ev-1", "Accepted", "Created"),
        ("ev-1", "Rejected", "DuplicateEventId"),
        ("ev-2", "Rejected", "UnknownResource"),
        ("ev-3", "Rejected", "EndBeforeStart"),
        ("ev-4", "Rejected", "InvalidEvent"),
        ("ev-5", "Accepted", "Created"),
    ];
    let got = answer.receipts("CreateEvents");
    let got: Vec<(&str, &str, &str)> =
        got.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    assert_eq!(got, expected);
    // Availability honours the pushed blocks: the first counselor is not offered at `at`.
    let window = planner::domain::Interval::new(at - hour, at + hour * 3).unwrap();
    let free = app.store.free_times(&seeded.offer.id, window, None, Utc::now()).unwrap();
    let taken = |counselor: &planner::domain::Counselor| {
        !free.iter().any(|t| t.counselor == counselor.id && t.interval.start() == at)
    };
    assert!(taken(&seeded.counselors[0]) && taken(&seeded.counselors[1]));
    assert!(!taken(&seeded.counselors[2]));

    // Retry: unchanged. Duplicate id with new times on CreateEvents: refused; UpdateEvents moves.
    let again = app.calendar(CONNECTOR, "CreateEvents", &collection(&[event("ev-1", &a, at, at + hour)]));
    assert_eq!(again.receipts("CreateEvents")[0].2, "Unchanged");
    let moved = collection(&[event("ev-1", &a, at + hour, at + hour * 2)]);
    assert_eq!(
        app.calendar(CONNECTOR, "CreateEvents", &moved).receipts("CreateEvents")[0].2,
        "DuplicateEventId"
    );
    assert_eq!(app.calendar(CONNECTOR, "UpdateEvents", &moved).receipts("UpdateEvents")[0].2, "Updated");
    let unknown = collection(&[event("nope", &a, at, at + hour)]);
    assert_eq!(
        app.calendar(CONNECTOR, "UpdateEvents", &unknown).receipts("UpdateEvents")[0].2,
        "UnknownEvent"
    );

    // Delete frees the time; deleting an unknown id is refused in its receipt.
    let refs = format!(
        "<EventCollection><Event><EventIdentifier>ev-1</EventIdentifier><ResourceEmail>{a}</ResourceEmail></Event><Event><EventIdentifier>zzz</EventIdentifier><ResourceEmail>{a}</ResourceEmail></Event></EventCollection>"
    );
    let deleted = app.calendar(CONNECTOR, "DeleteEvents", &refs).receipts("DeleteEvents");
    assert_eq!((deleted[0].2.as_str(), deleted[1].2.as_str()), ("Deleted", "UnknownEvent"));
    let free = app.store.free_times(&seeded.offer.id, window, None, Utc::now()).unwrap();
    assert!(
        free.iter().any(|t| t.counselor == seeded.counselors[0].id && t.interval.start() == at + hour),
        "{free:?} {at}"
    );

    let audit = app.store.audit_tail(50).unwrap();
    let rows = audit_rows(&audit);
    assert!(rows.contains(&("calendar:CreateEvents", "ok")), "{rows:?}");
    assert!(rows.contains(&("calendar:DeleteEvents", "ok")), "{rows:?}");
}

#[test]
fn get_events_shows_bookings_and_blocks_without_citizen_data() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let counselor = &seeded.counselors[0];
    let at = soon();
    let person = cpr(42);
    let booking = uuid::Uuid::new_v4().to_string();
    app.soap(KSS, "RegisterBooking", &format!(
        "<BookingIdentifier>{booking}</BookingIdentifier><PersonCivilRegistrationIdentifier>{person}</PersonCivilRegistrationIdentifier><JobCenterCode>00101</JobCenterCode><CaseWorkerIdentifier>{}</CaseWorkerIdentifier><InterviewTypeIdentifier>7</InterviewTypeIdentifier><InterviewFormTypeIdentifier>1</InterviewFormTypeIdentifier><InterviewContactTypeIdentifier>1</InterviewContactTypeIdentifier><StartTime>{}</StartTime><EndTime>{}</EndTime><ReBookingPossible>false</ReBookingPossible><CancellationPossible>true</CancellationPossible><CompulsoryAttendance>true</CompulsoryAttendance>",
        counselor.caseworker, at.to_rfc3339(), (at + Duration::minutes(45)).to_rfc3339()
    )).ok("RegisterBooking");
    let before_push = Utc::now() - Duration::seconds(1);
    let pushed =
        collection(&[event("dentist", &counselor.email, at + Duration::hours(2), at + Duration::hours(3))]);
    app.calendar(CONNECTOR, "CreateEvents", &pushed).ok("CreateEvents");

    let interval = |since: &str| {
        format!(
            "<ResourceEmail>{}</ResourceEmail><IntervalStartTime>{}</IntervalStartTime><IntervalEndTime>{}</IntervalEndTime>{since}",
            counselor.email,
            (at - Duration::days(1)).to_rfc3339(),
            (at + Duration::days(1)).to_rfc3339()
        )
    };
    let answer = app.calendar(CONNECTOR, "GetEvents", &interval(""));
    let events: Vec<(String, String, String)> = answer
        .ok("GetEvents")
        .child(CAL, "PlannerEventCollection")
        .unwrap()
        .children_named(CAL, "PlannerEvent")
        .map(|e| (field(e, "EventKind"), field(e, "Status"), field(e, "Source")))
        .collect();
    assert_eq!(
        events,
        [
            ("Booking".to_owned(), "Booked".to_owned(), "Planner".to_owned()),
            ("Busy".to_owned(), "Busy".to_owned(), "Calendar".to_owned())
        ]
    );
    assert!(answer.response.body.contains(&booking));
    assert!(!answer.response.body.contains(&person), "no CPR in calendar payloads");

    // Changed since before the push: the pushed event; since now: nothing.
    let since = |t: chrono::DateTime<Utc>| format!("<ChangedSince>{}</ChangedSince>", t.to_rfc3339());
    let recent = app.calendar(CONNECTOR, "GetEvents", &interval(&since(before_push)));
    assert!(recent.response.body.contains("Calendar"), "{}", recent.response.body);
    let later = app.calendar(CONNECTOR, "GetEvents", &interval(&since(Utc::now() + Duration::minutes(1))));
    assert!(later.ok("GetEvents").child(CAL, "PlannerEventCollection").unwrap().children.is_empty());

    // Unknown resource, end before start, a resource of another jobcenter.
    let bad = format!(
        "<ResourceEmail>nobody@x.example</ResourceEmail><IntervalStartTime>{}</IntervalStartTime><IntervalEndTime>{}</IntervalEndTime>",
        at.to_rfc3339(),
        (at + Duration::days(1)).to_rfc3339()
    );
    app.calendar(CONNECTOR, "GetEvents", &bad).expect_fault(1014);
    let backwards = format!(
        "<ResourceEmail>{}</ResourceEmail><IntervalStartTime>{}</IntervalStartTime><IntervalEndTime>{}</IntervalEndTime>",
        counselor.email,
        at.to_rfc3339(),
        (at - Duration::days(1)).to_rfc3339()
    );
    app.calendar(CONNECTOR, "GetEvents", &backwards).expect_fault(4792);
}

#[test]
fn get_resources_lists_the_counselors_of_the_callers_jobcenters() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let answer = app.calendar(CONNECTOR, "GetResources", "");
    let resources: Vec<_> = answer
        .ok("GetResources")
        .child(CAL, "ResourceCollection")
        .unwrap()
        .children_named(CAL, "Resource")
        .collect();
    let mut emails: Vec<String> = resources.iter().map(|r| field(r, "ResourceEmail")).collect();
    emails.sort();
    let mut expected: Vec<String> = seeded.counselors.iter().map(|c| c.email.clone()).collect();
    expected.sort();
    assert_eq!(emails, expected, "only jobcenter 00101's counselors");
    let hours = resources[0].child(CAL, "WorkingHours").unwrap().children_named(CAL, "Period").count();
    assert_eq!(hours, 7);
    assert!(answer.response.body.contains("<StartTime>06:00:00</StartTime>"));
    app.calendar(CONNECTOR, "GetResources", "<JobCenterCode>00147</JobCenterCode>").expect_fault(4575);
    app.calendar(CONNECTOR, "GetResources", "<JobCenterCode>1</JobCenterCode>").expect_fault(1014);
}

#[test]
fn only_calendar_connectors_and_admins_may_call_and_every_call_is_audited() {
    let app = spawn_app();
    seed_with_connector(&app);
    app.calendar(DFDG, "GetResources", "").expect_fault(4575);
    app.calendar(KSS, "GetResources", "").expect_fault(4575);
    app.calendar(STRANGER, "GetResources", "").expect_fault(4575);
    app.calendar(crate::api::soap::support::ADMIN, "GetResources", "").ok("GetResources");
    // A connector may not use the booking service either.
    assert_eq!(
        app.soap(
            CONNECTOR,
            "GetBookings",
            &format!("<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>", cpr(1))
        )
        .fault_code(),
        Some(4575)
    );
    // Unknown operation, wrong SOAPAction, missing collection.
    app.calendar(CONNECTOR, "DoEvents", "").expect_fault(1014);
    let body = format!(
        r#"<s:Envelope xmlns:s="{}"><s:Body><GetResourcesRequest xmlns="{CAL}"/></s:Body></s:Envelope>"#,
        crate::api::soap::support::SOAP11
    );
    let wrong_action = format!("\"{CAL}/CreateEvents\"");
    app.calendar_raw(CONNECTOR, "text/xml", Some(&wrong_action), &body).expect_fault(1014);
    app.calendar(CONNECTOR, "CreateEvents", "").expect_fault(1014);
    // SOAP 1.2 is answered in 1.2.
    let soap12 = body.replace(crate::api::soap::support::SOAP11, "http://www.w3.org/2003/05/soap-envelope");
    let answer = app.calendar_raw(CONNECTOR, "application/soap+xml; charset=utf-8", None, &soap12);
    answer.ok("GetResources");
    assert!(answer.response.header("content-type").unwrap().starts_with("application/soap+xml"));
    let audit = app.store.audit_tail(50).unwrap();
    let rows = audit_rows(&audit);
    assert!(rows.contains(&("calendar:GetResources", "4575")), "{rows:?}");
    assert!(rows.contains(&("calendar:GetResources", "ok")), "{rows:?}");
}

#[test]
fn wsdl_and_schema_are_served_and_validate_samples_and_responses() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let wsdl = app.get("/ExternalCalendarService?wsdl");
    assert_eq!(wsdl.status, 200);
    let address = format!("http://{}/ExternalCalendarService", app.address);
    assert!(wsdl.body.contains(&format!(r#"location="{address}""#)), "{}", wsdl.body);
    assert!(wsdl.body.contains(&format!(r#"schemaLocation="{address}?xsd=ExternalCalendarService.xsd""#)));
    let schema = app.get("/ExternalCalendarService?xsd=ExternalCalendarService.xsd");
    assert_eq!(schema.status, 200);
    assert_eq!(app.get("/ExternalCalendarService?xsd=../x").status, 404);
    if std::process::Command::new("xmllint").arg("--version").output().map_or(true, |o| !o.status.success()) {
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("xmllint is required (PLANNER_REQUIRE_INTEROP is set)");
        }
        eprintln!("skipped: xmllint (Debian libxml2-utils) not available");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ExternalCalendarService.xsd"), &schema.body).unwrap();
    let email = &seeded.counselors[0].email;
    let at = soon();
    let window = format!(
        "<ResourceEmail>{email}</ResourceEmail><IntervalStartTime>{}</IntervalStartTime><IntervalEndTime>{}</IntervalEndTime>",
        at.to_rfc3339(),
        (at + Duration::days(1)).to_rfc3339()
    );
    let calls = [
        ("CreateEvents", collection(&[event("a", email, at, at + Duration::hours(1)), event("a", email, at, at)])),
        ("UpdateEvents", collection(&[event("a", email, at, at + Duration::hours(2))])),
        ("GetEvents", window),
        ("GetResources", String::new()),
        ("DeleteEvents", format!("<EventCollection><Event><EventIdentifier>a</EventIdentifier><ResourceEmail>{email}</ResourceEmail></Event></EventCollection>")),
    ];
    let mut documents = Vec::new();
    for (operation, fields) in calls {
        let answer = app.calendar(CONNECTOR, operation, &fields);
        answer.ok(operation);
        let body = &answer.response.body;
        let start = body.find("<soap:Body>").unwrap() + "<soap:Body>".len();
        let end = body.rfind("</soap:Body>").unwrap();
        let path = dir.path().join(format!("{operation}Response.xml"));
        std::fs::write(&path, &body[start..end]).unwrap();
        documents.push(path);
    }
    let fault = app.calendar(CONNECTOR, "GetResources", "<JobCenterCode>00147</JobCenterCode>");
    let body = &fault.response.body;
    let start = body.find("<PlannerFault").unwrap();
    let end = body.find("</PlannerFault>").unwrap() + "</PlannerFault>".len();
    std::fs::write(dir.path().join("fault.xml"), &body[start..end]).unwrap();
    documents.push(dir.path().join("fault.xml"));
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl/calendar/samples");
    for entry in std::fs::read_dir(samples).unwrap() {
        documents.push(entry.unwrap().path());
    }
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(dir.path().join("ExternalCalendarService.xsd"))
        .args(&documents)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "xmllint refused:\n{report}");
    assert_eq!(report.matches(" validates").count(), documents.len(), "{report}");
}
