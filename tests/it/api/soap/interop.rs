//! Interoperability with tools no one on this project wrote: the served WSDL drives Python's
//! zeep through the self-booking flow, and `xmllint --schema` validates sample requests and
//! every kind of response the server produced against the served XSDs.
//!
//! Both tools are optional on a developer machine (the test says it skipped); `.ci/run`
//! installs them and sets `PLANNER_REQUIRE_INTEROP=1`, so in CI a missing tool fails.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use super::support::{cpr, items, seed, text, Answer, DFDG, KSS, NS};
use crate::support::app::{spawn_app, TestApp};

fn skip_or_fail(what: &str) {
    if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
        panic!("{what} is required (PLANNER_REQUIRE_INTEROP is set)");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {what} not available");
}

fn xmllint_available() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn wsdl_is_served_with_the_public_address() {
    let app = spawn_app();
    let wsdl = app.get("/ExternalBookingService?wsdl");
    assert_eq!(wsdl.status, 200);
    let address = format!("http://{}/ExternalBookingService", app.address);
    assert!(wsdl.body.contains(&format!(r#"location="{address}""#)), "{}", wsdl.body);
    assert!(wsdl.body.contains(&format!(r#"schemaLocation="{address}?xsd=ExternalBookingService.xsd""#)));
    assert!(!wsdl.body.contains("planner.invalid"));
    for name in ["ExternalBookingService.xsd", "RequestUserMetadata.xsd", "CodeListBase.xsd"] {
        let schema = app.get(&format!("/ExternalBookingService?xsd={name}"));
        assert_eq!(schema.status, 200, "{name}");
        assert!(schema.body.contains("<xs:schema") || schema.body.contains("<xsd:schema"), "{name}");
    }
    assert_eq!(app.get("/ExternalBookingService?xsd=../../etc/passwd").status, 404);
    assert_eq!(app.get("/ExternalBookingService").status, 404);
}

/// Downloads the served schemas into `dir`, turning their absolute locations back into file
/// names so that xmllint resolves the imports from the downloaded copies.
fn download_schemas(app: &TestApp, dir: &Path) {
    let prefix = format!("http://{}/ExternalBookingService?xsd=", app.address);
    let wsdl = app.get("/ExternalBookingService?wsdl").body;
    let mut names: Vec<String> =
        wsdl.split(&prefix).skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()).collect();
    let mut fetched = Vec::new();
    while let Some(name) = names.pop() {
        if fetched.contains(&name) {
            continue;
        }
        let schema = app.get(&format!("/ExternalBookingService?xsd={name}")).body;
        names.extend(schema.split(&prefix).skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()));
        std::fs::write(dir.join(&name), schema.replace(&prefix, "")).unwrap();
        fetched.push(name);
    }
    assert!(fetched.len() >= 7, "{fetched:?}");
}

/// The element inside soap:Body of a response, as text.
fn body_element(answer: &Answer) -> String {
    let body = &answer.response.body;
    let start = body.find("<soap:Body>").expect("soap:Body") + "<soap:Body>".len();
    let end = body.rfind("</soap:Body>").expect("/soap:Body");
    body[start..end].to_owned()
}

/// The PlannerFault element of a fault response.
fn planner_fault(answer: &Answer) -> String {
    let body = &answer.response.body;
    let start = body.find("<PlannerFault").expect("PlannerFault");
    let end = body.find("</PlannerFault>").expect("/PlannerFault") + "</PlannerFault>".len();
    body[start..end].to_owned()
}

/// Calls every operation once (and provokes a fault) and returns each answer's element.
fn every_response_kind(app: &TestApp) -> Vec<(String, String)> {
    let seeded = seed(app);
    let citizen = cpr(4711);
    let person = format!("<PersonCivilRegistrationIdentifier>{citizen}</PersonCivilRegistrationIdentifier>");
    let offer = &seeded.offer.id;
    let mut kinds = Vec::new();
    let mut keep = |name: &str, answer: &Answer| kinds.push((name.to_owned(), body_element(answer)));

    let options = app.soap(DFDG, "GetSelfbookInterviewOptions", &format!("{person}<JobCenterCode>00101</JobCenterCode><ContactGroupTypeIdentifier>1</ContactGroupTypeIdentifier>"));
    options.ok("GetSelfbookInterviewOptions");
    keep("options", &options);
    let workers = app.soap(
        DFDG,
        "GetSelfbookCaseWorkers",
        &format!("{person}<InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>"),
    );
    keep("workers", &workers);
    let now = chrono::Utc::now();
    let window = format!(
        "<BookingOptionIntervalStartTime>{}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{}</BookingOptionIntervalEndTime>",
        // Two days ahead: the seeded offer closes rebooking 24 hours before the start.
        (now + chrono::Duration::days(2)).to_rfc3339(),
        (now + chrono::Duration::days(7)).to_rfc3339()
    );
    let slots = app.soap(
        DFDG,
        "GetSelfbookTimeslots",
        &format!("{person}<InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>{window}"),
    );
    let body = slots.ok("GetSelfbookTimeslots");
    keep("timeslots", &slots);
    let per_worker = items(body, "CaseWorkerTimeslotCollection", "CaseWorkerTimeslot");
    let worker = text(per_worker[0], "Supervisor/CaseWorkerIdentifier");
    let times = items(per_worker[0], "BookingTimeslotCollection", "BookingTimeslot");
    let (first, second) = (text(times[0], "StartTime"), text(times[1], "StartTime"));
    let reserve = |start: &str, booking: &str| {
        app.soap(DFDG, "GetBookingDetails", &format!("{person}<InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>{booking}<StartTime>{start}</StartTime><CaseWorkerIdentifier>{worker}</CaseWorkerIdentifier>"))
    };
    let details = reserve(&first, "");
    let reservation = text(details.ok("GetBookingDetails"), "ReservationIdentifier");
    keep("details", &details);
    let created = app.soap(
        DFDG,
        "CreateBooking",
        &format!("{person}<ReservationIdentifier>{reservation}</ReservationIdentifier>"),
    );
    let booking = text(created.ok("CreateBooking"), "BookingIdentifier");
    keep("created", &created);
    let rebook = reserve(&second, &format!("<BookingIdentifier>{booking}</BookingIdentifier>"));
    let reservation = text(rebook.ok("GetBookingDetails"), "ReservationIdentifier");
    keep("details-rebooking", &rebook);
    let moved = app.soap(DFDG, "RescheduleBooking", &format!("{person}<BookingIdentifier>{booking}</BookingIdentifier><ReservationIdentifier>{reservation}</ReservationIdentifier>"));
    moved.ok("RescheduleBooking");
    keep("rescheduled", &moved);
    let start = (now + chrono::Duration::days(8)).to_rfc3339();
    let end = (now + chrono::Duration::days(8) + chrono::Duration::minutes(30)).to_rfc3339();
    let registered = app.soap(KSS, "RegisterBooking", &format!(
        "<BookingIdentifier>{}</BookingIdentifier>{person}<JobCenterCode>00101</JobCenterCode><CaseWorkerIdentifier>{}</CaseWorkerIdentifier><InterviewTypeIdentifier>7</InterviewTypeIdentifier><InterviewFormTypeIdentifier>1</InterviewFormTypeIdentifier><InterviewContactTypeIdentifier>1</InterviewContactTypeIdentifier><StartTime>{start}</StartTime><EndTime>{end}</EndTime><ReBookingPossible>false</ReBookingPossible><CancellationPossible>false</CancellationPossible><CompulsoryAttendance>true</CompulsoryAttendance>",
        uuid::Uuid::new_v4(), seeded.counselors[2].caseworker
    ));
    registered.ok("RegisterBooking");
    keep("registered", &registered);
    let bookings = app.soap(KSS, "GetBookings", &person);
    assert_eq!(items(bookings.ok("GetBookings"), "BookingCollection", "Booking").len(), 2);
    keep("bookings", &bookings);
    let report = app.soap(DFDG, "CreateFejlmelding", &format!("<BookingIdentifier>{booking}</BookingIdentifier><Fejlkode>17</Fejlkode><Fejltekst>test</Fejltekst><FejlOphav>30</FejlOphav><FejlTidspunkt>{}</FejlTidspunkt>", now.to_rfc3339()));
    report.ok("CreateFejlmelding");
    keep("fejlmelding", &report);
    let cancelled =
        app.soap(DFDG, "CancelBooking", &format!("{person}<BookingIdentifier>{booking}</BookingIdentifier>"));
    cancelled.ok("CancelBooking");
    keep("cancelled", &cancelled);
    let fault = app.soap(
        DFDG,
        "CancelBooking",
        &format!("{person}<BookingIdentifier>{}</BookingIdentifier>", uuid::Uuid::new_v4()),
    );
    fault.expect_fault(4768);
    kinds.push(("fault".into(), planner_fault(&fault)));
    assert!(kinds.iter().all(|(_, xml)| xml.contains(NS)));
    kinds
}

#[test]
fn served_schemas_validate_samples_and_every_response_kind() {
    if !xmllint_available() {
        return skip_or_fail("xmllint (Debian libxml2-utils)");
    }
    let app = spawn_app();
    let dir = tempfile::tempdir().unwrap();
    download_schemas(&app, dir.path());
    let mut documents = Vec::new();
    for (name, xml) in every_response_kind(&app) {
        let path = dir.path().join(format!("response-{name}.xml"));
        std::fs::write(&path, xml).unwrap();
        documents.push(path);
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl/samples");
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with("Request.xml") || name.ends_with("Request-legacy.xml") {
            documents.push(path);
        }
    }
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(dir.path().join("ExternalBookingService.xsd"))
        .args(&documents)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "xmllint refused:\n{report}");
    assert_eq!(report.matches(" validates").count(), documents.len(), "{report}");
}

#[test]
fn zeep_runs_the_self_booking_flow_from_the_served_wsdl() {
    let Some(python) = std::env::var_os("PLANNER_ZEEP_PYTHON") else {
        return skip_or_fail("zeep (set PLANNER_ZEEP_PYTHON to a python with zeep installed)");
    };
    let app = spawn_app();
    seed(&app);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/zeep_selfbooking.py");
    let wsdl = format!("http://{}/ExternalBookingService?wsdl", app.address);
    let output = Command::new(python)
        .arg(script)
        .args([wsdl.as_str(), DFDG, &cpr(815), "00101", "1", &cpr(816)])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stdout.trim() == "ok", "zeep flow failed:\n{stdout}\n{stderr}");
}

/// The served document at `location` (an absolute URL on the test server).
fn served_at(app: &TestApp, location: &str) -> String {
    let path = location.strip_prefix(&format!("http://{}", app.address)).expect("served by the planner");
    let response = app.get(path);
    assert_eq!(response.status, 200, "{location}");
    response.body
}

/// The schemaLocation the served `wsdl` imports `namespace` from.
fn import_location(wsdl: &str, namespace: &str) -> String {
    let document = roxmltree::Document::parse(wsdl).unwrap();
    let import = document
        .descendants()
        .find(|n| n.tag_name().name() == "import" && n.attribute("namespace") == Some(namespace))
        .unwrap_or_else(|| panic!("no import of {namespace}"));
    import.attribute("schemaLocation").unwrap().to_owned()
}

/// Both served WSDLs declare ActiveOrganisationHeader and RequestUserMetadata as headers of every
/// operation's input, in both bindings, and the schemas they import declare those elements.
#[test]
fn the_served_wsdls_declare_the_soap_headers_of_every_operation() {
    use crate::support::wsdl_headers::{
        assert_every_operation_declares, declared_elements, ACTIVE_ORGANISATION, REQUEST_USER,
    };
    let app = spawn_app();
    for (path, operations) in [("/ExternalBookingService?wsdl", 10), ("/ExternalCalendarService?wsdl", 5)] {
        let wsdl = app.get(path).body;
        assert_every_operation_declares(&wsdl, 2, operations, &[ACTIVE_ORGANISATION, REQUEST_USER]);
        for (namespace, element) in [
            ("http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/", ACTIVE_ORGANISATION),
            ("http://service.bm.dk/RequestUserMetadata/2015/01/21/", REQUEST_USER),
        ] {
            let schema = served_at(&app, &import_location(&wsdl, namespace));
            assert!(declared_elements(&schema).contains(&element.to_owned()), "{path}: {element}");
        }
    }
}

/// zeep, reading the served WSDLs, offers both headers (with their children) on every operation.
#[test]
fn zeep_sees_the_soap_headers_of_every_operation() {
    let app = spawn_app();
    const HEADERS: &str = "ActiveOrganisationHeader(OrganisationTypeIdentifier,OrganisationCode),RequestUserMetadata(RequestUserStructure,RequestOrganisationStructure,RegistrationDateTime)";
    for (service, operations) in [("ExternalBookingService", 20), ("ExternalCalendarService", 10)] {
        let url = format!("http://{}/{service}?wsdl", app.address);
        let Some(lines) = crate::support::wsdl_headers::zeep_headers(&url) else {
            return skip_or_fail("zeep (set PLANNER_ZEEP_PYTHON to a python with zeep installed)");
        };
        assert_eq!(lines.len(), operations, "{lines:?}");
        assert!(lines.iter().all(|line| line.ends_with(&format!(" {HEADERS}"))), "{service}: {lines:#?}");
    }
}
