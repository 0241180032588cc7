//! Property tests of what the SOAP services answer, through the whole call (envelope, caller,
//! operation, store, audit, log line, HTTP answer) on the test's own thread and SQLite store:
//!
//! - every answer and fault to a mutated valid request (random bytes, control characters,
//!   character references, duplicate attributes, huge names) is XML for roxmltree, a fault's
//!   text stays short, and no log line written meanwhile holds a CPR-shaped number or the
//!   counselor's calendar feed token (which the requests carry as an event subject);
//! - every answer is XML whatever strings were stored beforehand through the store directly
//!   (digital meeting links, counselor names and e-mails with any characters), and every
//!   BookingDetails written from any strings in memory is XML and reads back as written.
//!
//! `PLANNER_FUZZ_CASES` sets the number of cases (default 2,000); the stored-strings test
//! writes one booking per 20 cases (a store write costs far more than a call).

use chrono::{DateTime, Duration, Utc};

use super::calendar::service::CALENDAR;
use super::parser_properties::{fuzz_cases, mutate, Lcg};
use super::service::{run_on_this_thread, Service, BOOKING};
use crate::domain::{
    BookingId, Caller, CaseworkerId, ChangeFlags, Channel, Counselor, CounselorId, Cpr, Interval,
    JobCenterCode, Originator, Role,
};
use crate::edge::metrics::Metrics;
use crate::store::{DataKey, DatabaseUrl, RegisterRequest, Store, StoreConfig};
use crate::test_log::{capture, has_cpr_shape};
use crate::xml::format_datetime;

const KSS: &str = "CVR:64942212-FID:kss-test";
const CONNECTOR: &str = "CVR:64942212-FID:calendar-test";
const BOOKING_NS: &str = super::NAMESPACE;
const CALENDAR_NS: &str = super::calendar::NAMESPACE;

/// A store with jobcenter 00101, one counselor and the callers [`KSS`] and [`CONNECTOR`].
struct World {
    _dir: tempfile::TempDir,
    store: Store,
    metrics: Metrics,
    jobcenter: JobCenterCode,
    counselor: Counselor,
    /// The secret of the counselor's calendar feed.
    feed_token: String,
    now: DateTime<Utc>,
}

fn counselor(jobcenter: &JobCenterCode, n: usize, given: &str, surname: &str) -> Counselor {
    Counselor {
        id: CounselorId::parse(&uuid::Uuid::new_v4().to_string()).expect("a GUID"),
        caseworker: CaseworkerId::parse(&format!("CVR:64942212-UUID:{n}")).expect("an id"),
        given_name: given.into(),
        middle_name: None,
        surname: surname.into(),
        email: format!("c{n}@jobcenter.example"),
        jobcenter: jobcenter.clone(),
        active: true,
    }
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("planner.db");
    let config = StoreConfig {
        url: DatabaseUrl::parse(path.to_str().expect("UTF-8")).expect("a SQLite path"),
        data_key: DataKey::from_hex(&"0f".repeat(32)).expect("a key"),
        pool_size: 2,
        reservation_ttl: Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    let now = Utc::now();
    let jobcenter = JobCenterCode::parse("00101").expect("a code");
    store.upsert_jobcenter(&jobcenter, "Jobcenter").expect("jobcenter");
    let counselor = counselor(&jobcenter, 0, "Anne", "Jensen");
    store.create_counselor(&counselor).expect("counselor");
    for (identity, role) in [(KSS, Role::CaseworkerSystem), (CONNECTOR, Role::CalendarConnector)] {
        let caller =
            Caller { identity: identity.into(), role, jobcenters: vec![jobcenter.clone()], enabled: true };
        store.upsert_caller(&caller, now).expect("caller");
    }
    let (_, feed_token) = store.create_calendar_feed(&counselor.id, now).expect("a feed");
    World { _dir: dir, store, metrics: Metrics::default(), jobcenter, counselor, feed_token, now }
}

fn envelope(ns: &str, operation: &str, fields: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/><s:Body><p:{operation}Request xmlns:p="{ns}"{}>{fields}</p:{operation}Request></s:Body></s:Envelope>"#,
        format_args!(" xmlns=\"{ns}\"")
    )
}

/// Valid requests to start mutating from: RegisterBooking, GetBookings and two calendar calls.
fn templates(world: &World) -> Vec<(&'static Service, &'static str, String)> {
    let start = world.now + Duration::days(2);
    let time = |t: DateTime<Utc>| format_datetime(t);
    let register = format!(
        "<BookingIdentifier>{}</BookingIdentifier><PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier><JobCenterCode>00101</JobCenterCode><CaseWorkerIdentifier>{}</CaseWorkerIdentifier><InterviewTypeIdentifier>4</InterviewTypeIdentifier><InterviewFormTypeIdentifier>1</InterviewFormTypeIdentifier><InterviewContactTypeIdentifier>3</InterviewContactTypeIdentifier><StartTime>{}</StartTime><EndTime>{}</EndTime><ReBookingPossible>false</ReBookingPossible><CancellationPossible>false</CancellationPossible><CompulsoryAttendance>true</CompulsoryAttendance><DigitalMeetingLink>https://meet.example/j/1?a=1&amp;b=2</DigitalMeetingLink>",
        uuid::Uuid::new_v4(),
        world.counselor.caseworker,
        time(start),
        time(start + Duration::minutes(45))
    );
    let bookings = "<PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier>";
    let event = format!(
        "<EventCollection><Event><EventIdentifier>e-1</EventIdentifier><ResourceEmail>{}</ResourceEmail><StartTime>{}</StartTime><EndTime>{}</EndTime><Subject>{}</Subject></Event></EventCollection>",
        world.counselor.email,
        time(start + Duration::hours(3)),
        time(start + Duration::hours(4)),
        world.feed_token
    );
    vec![
        (&BOOKING, KSS, envelope(BOOKING_NS, "RegisterBooking", &register)),
        (&BOOKING, KSS, envelope(BOOKING_NS, "GetBookings", bookings)),
        (&CALENDAR, CONNECTOR, envelope(CALENDAR_NS, "GetResources", "")),
        (&CALENDAR, CONNECTOR, envelope(CALENDAR_NS, "CreateEvents", &event)),
    ]
}

/// The whole of a body whose parts are ready at once (an answer's envelope, a fault).
fn body_bytes(body: actix_web::body::BoxBody) -> Vec<u8> {
    use actix_web::body::MessageBody;
    let mut body = std::pin::pin!(body);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    let mut bytes = Vec::new();
    while let std::task::Poll::Ready(Some(Ok(part))) = body.as_mut().poll_next(&mut context) {
        bytes.extend_from_slice(&part);
    }
    bytes
}

/// Runs one call and checks the answer is XML (a fault short) and the log free of CPRs and of
/// the feed token; returns the answer.
fn call(world: &World, service: &Service, identity: &str, body: &[u8]) -> String {
    let shown = || String::from_utf8_lossy(&body[..body.len().min(2000)]).into_owned();
    let (response, lines) =
        capture(|| run_on_this_thread(service, &world.store, identity, body, world.now, &world.metrics));
    let status = response.status().as_u16();
    let bytes = body_bytes(response.into_body());
    let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("not UTF-8 for {:?}", shown()));
    let document = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("not XML ({e}): {text:?} for {:?}", shown()));
    if status != 200 {
        let error = document.descendants().find(|n| n.has_tag_name("ErrorText")).and_then(|n| n.text());
        let error = error.unwrap_or_else(|| panic!("no ErrorText: {text}"));
        assert!(error.chars().count() <= 400 && text.len() < 4096, "{text}");
    }
    assert!(!lines.is_empty(), "the call logged its line");
    if let Some(line) = lines.iter().find(|line| has_cpr_shape(line)) {
        panic!("a log line holds a CPR-shaped number: {line}");
    }
    if let Some(line) = lines.iter().find(|line| line.contains(&world.feed_token)) {
        panic!("a log line holds the feed token: {line}");
    }
    text
}

#[test]
fn answers_to_mutated_requests_are_xml_and_log_no_cpr_or_feed_token() {
    let world = world();
    let templates = templates(&world);
    for (service, identity, request) in &templates {
        call(&world, service, identity, request.as_bytes());
    }
    let mut rng = Lcg(2027);
    for _ in 0..fuzz_cases(2_000) {
        let (service, identity, request) = &templates[rng.below(templates.len())];
        call(&world, service, identity, &mutate(&mut rng, request));
    }
}

/// A string of 1-38 characters drawn from everything: controls, forbidden characters, markup,
/// line ends, replacement characters, any plane.
fn any_string(rng: &mut Lcg) -> String {
    (0..1 + rng.below(38))
        .map(|_| match rng.below(8) {
            0 => char::from_u32(rng.below(0x20) as u32).unwrap_or('a'),
            1 => ['\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{7F}', '\u{85}'][rng.below(5)],
            2 => ['<', '>', '&', '"', '\'', ']', '\r', '\n'][rng.below(8)],
            3 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{10FFFF}'),
            4 => char::from_u32(0xD000 + rng.below(0x3000) as u32).unwrap_or('x'),
            _ => char::from(b' ' + rng.below(95) as u8),
        })
        .collect()
}

/// What roxmltree reads back of a text the writer wrote: forbidden characters replaced, line
/// ends normalized.
fn as_read_back(text: &str) -> String {
    crate::xml::chars::clean(text).replace("\r\n", "\n").replace('\r', "\n")
}

#[test]
fn answers_are_xml_whatever_was_stored() {
    let world = world();
    let mut rng = Lcg(11);
    let per_citizen = 10;
    for batch in 0..fuzz_cases(2_000).div_ceil(20 * per_citizen) {
        let (given, surname) = (any_string(&mut rng), any_string(&mut rng));
        let mut counselor =
            counselor(&world.jobcenter, batch + 1, &format!("G{given}G"), &format!("S{surname}S"));
        counselor.middle_name = Some(format!("M{}M", any_string(&mut rng)));
        let mailbox: String = any_string(&mut rng).chars().filter(|c| !c.is_whitespace()).collect();
        counselor.email = format!("c{batch}{mailbox}@jobcenter.example");
        world.store.create_counselor(&counselor).expect("any characters are stored");
        let cpr = format!("{:02}0385{:04}", 1 + batch % 28, batch % 10_000);
        let mut links = Vec::new();
        for n in 0..per_citizen {
            let link = any_string(&mut rng);
            let start = world.now + Duration::days(2) + Duration::hours((batch * per_citizen + n) as i64);
            register(&world, &counselor, &cpr, start, &link);
            links.push(link);
        }
        let request = envelope(
            BOOKING_NS,
            "GetBookings",
            &format!("<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier>"),
        );
        let answer = call(&world, &BOOKING, KSS, request.as_bytes());
        let document = roxmltree::Document::parse(&answer).expect("checked by call");
        let read: Vec<String> = document
            .descendants()
            .filter(|n| n.has_tag_name((BOOKING_NS, "DigitalMeetingLink")))
            // roxmltree keeps a CR just before a reference; normalize as for the expectation.
            .map(|n| as_read_back(n.text().unwrap_or_default()))
            .collect();
        let expected: Vec<String> = links.iter().map(|l| as_read_back(l)).collect();
        assert_eq!(read.len(), expected.len(), "{answer}");
        for ((read, expected), link) in read.iter().zip(&expected).zip(&links) {
            assert_eq!(read, expected, "{link:?}");
        }
        let names: Vec<String> = document
            .descendants()
            .filter(|n| n.has_tag_name((BOOKING_NS, "CaseWorkerGivenName")))
            .filter_map(|n| n.text())
            .map(as_read_back)
            .collect();
        assert_eq!(names, vec![as_read_back(&counselor.given_name); per_citizen], "{answer}");
        if batch < 10 {
            call(&world, &CALENDAR, CONNECTOR, envelope(CALENDAR_NS, "GetResources", "").as_bytes());
        }
    }
}

fn register(world: &World, counselor: &Counselor, cpr: &str, start: DateTime<Utc>, link: &str) {
    let registration = RegisterRequest {
        id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).expect("a GUID"),
        cpr: Cpr::parse(cpr).expect("a CPR"),
        jobcenter: world.jobcenter.clone(),
        caseworker: counselor.caseworker.clone(),
        interview_type: 4,
        form_type: 1,
        contact_type: 3,
        interval: Interval::new(start, start + Duration::minutes(30)).expect("an interval"),
        changes: ChangeFlags::default(),
        compulsory: true,
        group_meeting: None,
        digital_link: Some(link.to_owned()),
        channel: Channel::CaseworkerSystem,
        originator: Originator { code: 101, type_id: 8 },
        registered_by: KSS.into(),
    };
    world.store.register_booking(&registration, world.now).expect("registered");
}

#[test]
fn booking_details_from_any_strings_are_xml() {
    use crate::domain::{Booking, BookingStatus, Location};
    let world_free_counselor = counselor(&JobCenterCode::parse("00101").expect("a code"), 1, "A", "B");
    let now = Utc::now();
    let mut rng = Lcg(5);
    for _ in 0..fuzz_cases(2_000) {
        let mut any = || any_string(&mut rng);
        let counselor = Counselor {
            given_name: any(),
            middle_name: Some(any()),
            surname: any(),
            caseworker: CaseworkerId::parse(&format!("x{}x", any()))
                .unwrap_or_else(|_| world_free_counselor.caseworker.clone()),
            ..world_free_counselor.clone()
        };
        let location = Location {
            description: Some(any()),
            street_name: any(),
            building: any(),
            floor: Some(any()),
            suite: Some(any()),
            post_code: any(),
            district: any(),
        };
        let booking = Booking {
            id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).expect("a GUID"),
            counselor: counselor.id.clone(),
            jobcenter: counselor.jobcenter.clone(),
            offer: None,
            interval: Interval::new(now, now + Duration::minutes(30)).expect("an interval"),
            status: BookingStatus::Booked,
            channel: Channel::CaseworkerSystem,
            originator: Originator { code: 101, type_id: 8 },
            interview_type: 4,
            form_type: 1,
            contact_type: 3,
            changes: ChangeFlags::default(),
            compulsory: true,
            self_booked: false,
            group_meeting: Some(any()),
            digital_link: Some(any()),
            lapsed_reason: Some(any()),
            billed: false,
            version: 1,
        };
        let mut out = crate::xml::XmlOut::default();
        out.open("GetBookingsResponse", &[("xmlns", BOOKING_NS)]);
        super::wire::booking_details(&mut out, &booking, &counselor, Some(&location), true);
        out.close("GetBookingsResponse");
        let answer = super::envelope::response(super::envelope::Version::Soap11, &out.into_string());
        let document =
            roxmltree::Document::parse(&answer).unwrap_or_else(|e| panic!("not XML ({e}): {answer:?}"));
        let read = |name: &str| {
            let node = document.descendants().find(|n| n.has_tag_name((BOOKING_NS, name)));
            as_read_back(node.and_then(|n| n.text()).unwrap_or_default())
        };
        let link = booking.digital_link.as_deref().unwrap_or_default();
        assert_eq!(read("DigitalMeetingLink"), as_read_back(link), "{answer:?}");
        assert_eq!(read("StreetName"), as_read_back(&location.street_name), "{answer:?}");
        assert_eq!(read("CaseWorkerSurname"), as_read_back(&counselor.surname), "{answer:?}");
    }
}
