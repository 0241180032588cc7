//! Self-booking over HTTP: GetSelfbookCaseWorkers, GetBookingDetails (reserve) and CreateBooking,
//! and every way a reservation can be refused. The helpers here are shared by the rebooking and
//! cancellation tests.

use chrono::{DateTime, Duration, Utc};
use planner::domain::{CaseworkerId, Cpr, Interval, Offer, OfferId};
use planner::store::ReserveRequest;
use planner::xml::format_datetime;

use super::support::{cpr, items, seed, text, Answer, Seeded, DFDG, KSS, OTHER_DFDG};
use crate::support::app::{spawn_app, TestApp};

/// Free start times of `offer` with `caseworker`, at least `after` from now, soonest first.
pub(super) fn free_starts(
    app: &TestApp,
    offer: &Offer,
    caseworker: &CaseworkerId,
    after: Duration,
) -> Vec<DateTime<Utc>> {
    let now = Utc::now();
    let window = Interval::new(now + after, now + Duration::days(20)).unwrap();
    app.store
        .free_times(&offer.id, window, Some(caseworker), now)
        .unwrap()
        .into_iter()
        .map(|free| free.interval.start())
        .collect()
}

/// The first free start of `offer` with `caseworker`, at least `after` from now.
pub(super) fn free_start(
    app: &TestApp,
    offer: &Offer,
    caseworker: &CaseworkerId,
    after: Duration,
) -> DateTime<Utc> {
    *free_starts(app, offer, caseworker, after).first().expect("a free time")
}

/// The fields of a GetBookingDetails request.
pub(super) fn details_fields(
    cpr: &str,
    offer: Option<&OfferId>,
    booking: Option<&str>,
    start: DateTime<Utc>,
    caseworker: &CaseworkerId,
    contact_type: Option<i32>,
) -> String {
    let mut fields = format!("<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier>");
    if let Some(offer) = offer {
        fields.push_str(&format!("<InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier>"));
    }
    if let Some(booking) = booking {
        fields.push_str(&format!("<BookingIdentifier>{booking}</BookingIdentifier>"));
    }
    fields.push_str(&format!(
        "<StartTime>{}</StartTime><CaseWorkerIdentifier>{caseworker}</CaseWorkerIdentifier>",
        format_datetime(start)
    ));
    if let Some(code) = contact_type {
        fields.push_str(&format!("<InterviewContactTypeIdentifier>{code}</InterviewContactTypeIdentifier>"));
    }
    fields
}

/// CreateBooking for `cpr` with `reservation`.
pub(super) fn create(app: &TestApp, caller: &str, cpr: &str, reservation: &str) -> Answer {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier><ReservationIdentifier>{reservation}</ReservationIdentifier>"
    );
    app.soap(caller, "CreateBooking", &fields)
}

/// Books the first free time of the seeded offer with the first counselor, at least `after`
/// from now, for `cpr`; returns the BookingIdentifier and the start.
pub(super) fn book(app: &TestApp, seeded: &Seeded, cpr: &str, after: Duration) -> (String, DateTime<Utc>) {
    let caseworker = &seeded.counselors[0].caseworker;
    let start = free_start(app, &seeded.offer, caseworker, after);
    let fields = details_fields(cpr, Some(&seeded.offer.id), None, start, caseworker, None);
    let details = app.soap(DFDG, "GetBookingDetails", &fields);
    let reservation = text(details.ok("GetBookingDetails"), "ReservationIdentifier");
    let created = create(app, DFDG, cpr, &reservation);
    (text(created.ok("CreateBooking"), "BookingIdentifier"), start)
}

#[test]
fn books_a_time_end_to_end_and_retries_idempotently() {
    let app = spawn_app();
    let seeded = seed(&app);
    let citizen = cpr(1);
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{citizen}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier>",
        seeded.offer.id
    );
    let workers = app.soap(DFDG, "GetSelfbookCaseWorkers", &fields);
    let supervisors = items(workers.ok("GetSelfbookCaseWorkers"), "CaseWorkerCollection", "Supervisor");
    let caseworker = CaseworkerId::parse(&text(supervisors[0], "CaseWorkerIdentifier")).unwrap();
    let start = free_start(&app, &seeded.offer, &caseworker, Duration::hours(2));

    let fields = details_fields(&citizen, Some(&seeded.offer.id), None, start, &caseworker, Some(2));
    let details = app.soap(DFDG, "GetBookingDetails", &fields);
    let body = details.ok("GetBookingDetails");
    let names: Vec<&str> = body.children.iter().map(|c| c.name.as_str()).take(4).collect();
    assert_eq!(
        names,
        ["ReservationIdentifier", "ReservationExpiryTime", "BookingStatus", "BookingOriginator"]
    );
    assert!(body.child(super::support::NS, "BookingIdentifier").is_none(), "no id before booking");
    let reservation = text(body, "ReservationIdentifier");
    assert_eq!(reservation.len(), 36);
    assert!(!text(body, "ReservationExpiryTime").is_empty());
    for (path, expected) in [
        ("BookingStatus", "Booked"),
        ("BookingOriginator/OrganisationCode", "101"),
        ("BookingOriginator/OrganisationTypeIdentifier", "8"),
        ("BookingChannel", "SelfBooking"),
        ("InterviewOptionIdentifier", seeded.offer.id.as_str()),
        ("InterviewTypeIdentifier", "7"),
        ("InterviewContactTypeIdentifier", "2"),
        ("BookingStartTime", &format_datetime(start)),
        ("BookingEndTime", &format_datetime(start + Duration::minutes(45))),
        ("Supervisor/CaseWorkerIdentifier", caseworker.as_str()),
        ("InterviewLocationDetail/InterviewLocationAddress/StreetName", "Kultorvet"),
        ("ReBookingPossible", "true"),
        ("ReBookingDeadline", &format_datetime(start - Duration::hours(24))),
        ("CancellationPossible", "true"),
        ("SelfBooked", "true"),
        ("CompulsoryAttendance", "true"),
    ] {
        assert_eq!(text(body, path), expected, "{path}");
    }

    let created = create(&app, DFDG, &citizen, &reservation);
    let booked = created.ok("CreateBooking");
    let booking_id = text(booked, "BookingIdentifier");
    assert_eq!(booking_id.len(), 36);
    assert_eq!(booked.children[0].name, "BookingIdentifier");
    assert_eq!(text(booked, "BookingStartTime"), format_datetime(start));
    assert_eq!(text(booked, "InterviewContactTypeIdentifier"), "2");
    assert_eq!(text(booked, "BookingOriginator/OrganisationCode"), "101");

    let cpr_value = Cpr::parse(&citizen).unwrap();
    let bookings = app.store.bookings_of(&cpr_value, None, None).unwrap();
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0].id.as_str(), booking_id);
    assert_eq!(bookings[0].interval.start(), start);
    assert!(!free_starts(&app, &seeded.offer, &caseworker, Duration::hours(2)).contains(&start));

    let again = create(&app, DFDG, &citizen, &reservation);
    assert_eq!(text(again.ok("CreateBooking"), "BookingIdentifier"), booking_id, "idempotent");
    assert_eq!(app.store.bookings_of(&cpr_value, None, None).unwrap().len(), 1);

    let audit = app.store.audit_tail(100).unwrap();
    let rows = super::support::audit_rows(&audit);
    assert_eq!(
        rows,
        [
            ("GetSelfbookCaseWorkers", "ok"),
            ("GetBookingDetails", "ok"),
            ("CreateBooking", "ok"),
            ("CreateBooking", "ok")
        ]
    );
    assert!(audit.iter().all(|r| r.entry.jobcenter.as_deref() == Some("00101")));
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&citizen)), "no CPR in the audit log");
}

#[test]
fn refuses_reservations_that_cannot_be_used() {
    let app = spawn_app();
    let seeded = seed(&app);
    let caseworker = &seeded.counselors[1].caseworker;
    let offer = Some(&seeded.offer.id);
    let starts = free_starts(&app, &seeded.offer, caseworker, Duration::days(1));
    let details = |caller: &str, citizen: &str, start, contact_type| {
        app.soap(
            caller,
            "GetBookingDetails",
            &details_fields(citizen, offer, None, start, caseworker, contact_type),
        )
    };

    // Another citizen cannot use the reservation; the owner still can.
    let held = details(DFDG, &cpr(1), starts[0], None);
    let reservation = text(held.ok("GetBookingDetails"), "ReservationIdentifier");
    create(&app, DFDG, &cpr(2), &reservation).expect_fault(8107);
    // Another jobcenter's DFDG caller cannot use it either.
    create(&app, OTHER_DFDG, &cpr(1), &reservation).expect_fault(4575);
    // The held time is taken for a second citizen.
    details(DFDG, &cpr(3), starts[0], None).expect_fault(4770);

    // A reservation made 11 minutes ago has expired (10 minute hold).
    let request = ReserveRequest {
        cpr: Cpr::parse(&cpr(4)).unwrap(),
        offer: Some(seeded.offer.id.clone()),
        caseworker: caseworker.clone(),
        start: starts[4],
        contact_type: None,
        rebooking: None,
    };
    let expired = app.store.reserve(&request, Utc::now() - Duration::minutes(11)).unwrap();
    create(&app, DFDG, &cpr(4), expired.id.as_str()).expect_fault(4771);
    create(&app, DFDG, &cpr(4), &uuid::Uuid::new_v4().to_string()).expect_fault(4771);

    // Too soon, a contact type the offer does not allow, no offer at all.
    let soon = Utc::now() + Duration::minutes(10);
    details(DFDG, &cpr(5), soon, None).expect_fault(4783);
    details(DFDG, &cpr(5), starts[8], Some(3)).expect_fault(4708);
    let fields = details_fields(&cpr(5), None, None, starts[8], caseworker, None);
    let text_of_fault = app.soap(DFDG, "GetBookingDetails", &fields).expect_fault(1014);
    assert!(text_of_fault.contains("InterviewOptionIdentifier"), "{text_of_fault}");
    create(&app, DFDG, &cpr(5), "not-a-guid").expect_fault(1014);

    // Callers that may not reserve for this jobcenter.
    details(OTHER_DFDG, &cpr(5), starts[8], None).expect_fault(4575);
    details(KSS, &cpr(5), starts[8], None).expect_fault(4575);
    assert!(app.store.bookings_of(&Cpr::parse(&cpr(5)).unwrap(), None, None).unwrap().is_empty());

    let audit = app.store.audit_tail(100).unwrap();
    let rows = super::support::audit_rows(&audit);
    assert_eq!(
        rows,
        [
            ("GetBookingDetails", "ok"),
            ("CreateBooking", "8107"),
            ("CreateBooking", "4575"),
            ("GetBookingDetails", "4770"),
            ("CreateBooking", "4771"),
            ("CreateBooking", "4771"),
            ("GetBookingDetails", "4783"),
            ("GetBookingDetails", "4708"),
            ("GetBookingDetails", "1014"),
            ("CreateBooking", "1014"),
            ("GetBookingDetails", "4575"),
            ("GetBookingDetails", "4575"),
        ]
    );
    for n in 1..=5 {
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(n))), "no CPR in the audit log");
    }
}

/// A request with ActiveOrganisationHeader (type 2, as in STAR's examples) and
/// RequestUserMetadata naming the citizen by CPR.
fn with_headers(app: &TestApp, organisation: &str, citizen: &str, operation: &str, fields: &str) -> Answer {
    use super::support::{NS, SOAP11};
    use planner::soap::envelope::{ACTIVE_ORGANISATION_NS, REQUEST_USER_NS};
    let body = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header><a:ActiveOrganisationHeader xmlns:a="{ACTIVE_ORGANISATION_NS}"><a:OrganisationTypeIdentifier>2</a:OrganisationTypeIdentifier><a:OrganisationCode>{organisation}</a:OrganisationCode></a:ActiveOrganisationHeader><u:RequestUserMetadata xmlns:u="{REQUEST_USER_NS}"><u:UserIdentifier>{citizen}</u:UserIdentifier><u:RequestUserTypeIdentifier>1</u:RequestUserTypeIdentifier></u:RequestUserMetadata></s:Header><s:Body><{operation}Request xmlns="{NS}">{fields}</{operation}Request></s:Body></s:Envelope>"#
    );
    app.soap_raw(DFDG, "text/xml; charset=utf-8", None, &body)
}

#[test]
fn the_active_organisation_is_the_originator_and_must_be_the_offers() {
    let app = spawn_app();
    let seeded = seed(&app);
    let citizen = cpr(1);
    let caseworker = &seeded.counselors[2].caseworker;
    let start = free_start(&app, &seeded.offer, caseworker, Duration::hours(2));
    let fields = details_fields(&citizen, Some(&seeded.offer.id), None, start, caseworker, None);
    with_headers(&app, "147", &citizen, "GetBookingDetails", &fields).expect_fault(4575);
    let details = with_headers(&app, "101", &citizen, "GetBookingDetails", &fields);
    let body = details.ok("GetBookingDetails");
    assert_eq!(text(body, "BookingOriginator/OrganisationCode"), "101");
    assert_eq!(text(body, "BookingOriginator/OrganisationTypeIdentifier"), "8");
    let reservation = text(body, "ReservationIdentifier");
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{citizen}</PersonCivilRegistrationIdentifier><ReservationIdentifier>{reservation}</ReservationIdentifier>"
    );
    with_headers(&app, "147", &citizen, "CreateBooking", &fields).expect_fault(4575);
    let created = with_headers(&app, "101", &citizen, "CreateBooking", &fields);
    assert_eq!(text(created.ok("CreateBooking"), "BookingOriginator/OrganisationCode"), "101");

    let audit = app.store.audit_tail(100).unwrap();
    let outcomes: Vec<&str> = audit.iter().map(|r| r.entry.outcome.as_str()).collect();
    assert_eq!(outcomes, ["4575", "ok", "4575", "ok"]);
    assert!(audit.iter().all(|r| r.entry.request_user.as_deref() == Some("citizen")));
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&citizen)), "no CPR in the audit log");
}
