//! GetSelfbookTimeslots over HTTP: times per counselor inside the window, seats, refusals.

use crate::support::xml::Element;
use chrono::{DateTime, Duration, Utc};
use planner::domain::{CaseworkerId, Cpr, Offer, Originator};
use planner::soap::fields;
use planner::store::ReserveRequest;
use planner::xml::format_datetime;

use super::support::{cpr, items, seed, text, Answer, DFDG, OTHER_DFDG};
use crate::support::app::{spawn_app_at, TestApp};

/// The server starts on Monday 1 March 2027, 07:00 UTC: the days these tests read are working
/// days whatever day the suite runs on.
fn spawn_app() -> TestApp {
    spawn_app_at(crate::support::store::now())
}

/// Asks for the offer's times in `[start, end)`, with optional extra fields.
fn timeslots(app: &TestApp, offer: &str, start: &str, end: &str, extra: &str) -> Answer {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier><BookingOptionIntervalStartTime>{start}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{end}</BookingOptionIntervalEndTime>{extra}",
        cpr(1)
    );
    app.soap(DFDG, "GetSelfbookTimeslots", &fields)
}

/// The next two days as request text.
fn next_days(app: &TestApp) -> (DateTime<Utc>, DateTime<Utc>) {
    let now = app.now();
    (now, now + Duration::days(2))
}

/// (CaseWorkerIdentifier, BookingTimeslot elements) per CaseWorkerTimeslot.
fn per_counselor(answer: &Answer) -> Vec<(String, Vec<&Element>)> {
    let body = answer.ok("GetSelfbookTimeslots");
    items(body, "CaseWorkerTimeslotCollection", "CaseWorkerTimeslot")
        .into_iter()
        .map(|entry| {
            (
                text(entry, "Supervisor/CaseWorkerIdentifier"),
                items(entry, "BookingTimeslotCollection", "BookingTimeslot"),
            )
        })
        .collect()
}

fn instant(slot: &Element, name: &str) -> DateTime<Utc> {
    fields::datetime(&text(slot, name), name).unwrap()
}

/// Reserves (and with `book`, books) `start` with `caseworker` for citizen `n`.
fn take(app: &TestApp, offer: &Offer, caseworker: &CaseworkerId, start: DateTime<Utc>, n: usize, book: bool) {
    let now = app.now();
    let request = ReserveRequest {
        cpr: Cpr::parse(&cpr(n)).unwrap(),
        offer: Some(offer.id.clone()),
        caseworker: caseworker.clone(),
        start,
        contact_type: None,
        rebooking: None,
    };
    let reservation = app.store.reserve(&request, now).unwrap();
    if book {
        app.store.confirm(&request.cpr, &reservation.id, Originator { code: 101, type_id: 8 }, now).unwrap();
    }
}

#[test]
fn lists_times_per_counselor_inside_the_window() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (start, end) = next_days(&app);
    let answer =
        timeslots(&app, seeded.offer.id.as_str(), &format_datetime(start), &format_datetime(end), "");
    let entries = per_counselor(&answer);
    assert_eq!(entries.len(), 3, "one entry per counselor with times");
    let mut ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each counselor once");
    for (_, slots) in &entries {
        assert!(!slots.is_empty());
        for slot in slots {
            let (slot_start, slot_end) = (instant(slot, "StartTime"), instant(slot, "EndTime"));
            assert!(
                slot_start >= start + Duration::minutes(59) && slot_end <= end,
                "{slot_start} in the window"
            );
            assert_eq!(slot_end - slot_start, Duration::minutes(45));
            let written = text(slot, "StartTime");
            assert!(
                written.ends_with("+01:00") || written.ends_with("+02:00"),
                "Copenhagen offset: {written}"
            );
            let contact: Vec<String> =
                items(slot, "InterviewContactTypeIdentifierCollection", "InterviewContactTypeIdentifier")
                    .iter()
                    .map(|e| e.text.clone())
                    .collect();
            assert_eq!(contact, ["1", "2"]);
            assert_eq!(text(slot, "RebookingPossible"), "true");
            assert_eq!(text(slot, "CancellationPossible"), "true");
            assert_eq!(text(slot, "MaksimaltMoededeltagerantal"), "", "no seats on individual offers");
        }
        let starts: Vec<DateTime<Utc>> = slots.iter().map(|s| instant(s, "StartTime")).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "sorted by start");
    }
    // A window given without offsets means Copenhagen time and is answered the same way.
    let local = |t: DateTime<Utc>| format_datetime(t)[..19].to_owned();
    let again = timeslots(&app, seeded.offer.id.as_str(), &local(start), &local(end), "");
    assert_eq!(per_counselor(&again).len(), 3);
}

#[test]
fn filters_by_caseworker() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (start, end) = next_days(&app);
    let wanted = &seeded.counselors[1].caseworker;
    let extra = format!("<CaseWorkerIdentifier>{wanted}</CaseWorkerIdentifier>");
    let answer =
        timeslots(&app, seeded.offer.id.as_str(), &format_datetime(start), &format_datetime(end), &extra);
    let entries = per_counselor(&answer);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, wanted.to_string());
    let entry = items(&answer.body, "CaseWorkerTimeslotCollection", "CaseWorkerTimeslot")[0];
    assert_eq!(text(entry, "Supervisor/CaseWorkerMiddleName"), "Bech");
}

#[test]
fn group_offers_show_seats() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (start, end) = next_days(&app);
    let ask =
        || timeslots(&app, seeded.group.id.as_str(), &format_datetime(start), &format_datetime(end), "");
    let answer = ask();
    let entries = per_counselor(&answer);
    assert_eq!(entries.len(), 1, "the group offer has one counselor");
    let first = entries[0].1[0];
    assert_eq!(text(first, "MaksimaltMoededeltagerantal"), "3");
    assert_eq!(text(first, "AvailableNoOfSeats"), "3");
    let taken = instant(first, "StartTime");
    take(&app, &seeded.group, &seeded.counselors[0].caseworker, taken, 2, true);
    let answer = ask();
    let slot =
        per_counselor(&answer)[0].1.iter().copied().find(|s| instant(s, "StartTime") == taken).unwrap();
    assert_eq!(text(slot, "MaksimaltMoededeltagerantal"), "3");
    assert_eq!(text(slot, "AvailableNoOfSeats"), "2", "a taken seat is counted, the time stays free");
}

#[test]
fn a_reserved_time_disappears() {
    let app = spawn_app();
    let seeded = seed(&app);
    let (start, end) = next_days(&app);
    let ask =
        || timeslots(&app, seeded.offer.id.as_str(), &format_datetime(start), &format_datetime(end), "");
    let answer = ask();
    let (caseworker, slots) = per_counselor(&answer).remove(0);
    let taken = instant(slots[0], "StartTime");
    let caseworker = CaseworkerId::parse(&caseworker).unwrap();
    take(&app, &seeded.offer, &caseworker, taken, 2, false);
    let answer = ask();
    let after = per_counselor(&answer);
    let (_, slots) = after.iter().find(|(id, _)| id == caseworker.as_str()).unwrap();
    assert!(slots.iter().all(|s| instant(s, "StartTime") != taken), "the reserved time is gone");
    let others_have_it = after
        .iter()
        .filter(|(id, _)| id != caseworker.as_str())
        .all(|(_, slots)| slots.iter().any(|s| instant(s, "StartTime") == taken));
    assert!(others_have_it, "other counselors' times at that start stay free");
}

#[test]
fn refuses_bad_windows_unknown_offers_and_strangers() {
    let app = spawn_app();
    let seeded = seed(&app);
    let offer = seeded.offer.id.to_string();
    let now = app.now();
    let at = |days: i64| format_datetime(now + Duration::days(days));
    timeslots(&app, &offer, &at(2), &at(1), "").expect_fault(4792);
    timeslots(&app, &offer, &at(1), &at(1), "").expect_fault(4792);
    let fault = timeslots(&app, &offer, &at(0), &at(93), "").expect_fault(1014);
    assert!(fault.contains("BookingOptionIntervalEndTime"), "{fault}");
    timeslots(&app, &offer, &at(0), &at(92), "").ok("GetSelfbookTimeslots");
    let fault = timeslots(&app, &offer, "tomorrow", &at(1), "").expect_fault(1014);
    assert!(fault.contains("BookingOptionIntervalStartTime"), "{fault}");
    timeslots(&app, &uuid::Uuid::new_v4().to_string(), &at(0), &at(1), "").expect_fault(4770);
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier><BookingOptionIntervalStartTime>{}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{}</BookingOptionIntervalEndTime>",
        cpr(1),
        at(0),
        at(1)
    );
    app.soap(OTHER_DFDG, "GetSelfbookTimeslots", &fields).expect_fault(4575);
}

#[test]
fn rebooking_needs_the_citizens_rebookable_booking() {
    // Monday 1 March 2027: the next five days hold times inside and beyond 24 hours.
    let app = spawn_app();
    let seeded = seed(&app);
    let now = app.now();
    let (start, end) = (now, now + Duration::days(5));
    let window = planner::domain::Interval::new(start, end).unwrap();
    // Rebooking closes 24 h before the start: one booking beyond it, one inside it.
    let times = app.store.free_times(&seeded.offer.id, window, None, now).unwrap();
    let late = times.iter().find(|t| t.interval.start() > now + Duration::hours(48)).unwrap();
    let early = times.iter().find(|t| t.interval.start() < now + Duration::hours(20)).unwrap();
    let caseworker = |id: &planner::domain::CounselorId| {
        seeded.counselors.iter().find(|c| &c.id == id).unwrap().caseworker.clone()
    };
    take(&app, &seeded.offer, &caseworker(&late.counselor), late.interval.start(), 1, true);
    take(&app, &seeded.offer, &caseworker(&early.counselor), early.interval.start(), 3, true);
    let booking_of = |n: usize| {
        app.store.bookings_of(&Cpr::parse(&cpr(n)).unwrap(), None, None).unwrap().remove(0).id.to_string()
    };
    let (own, too_late) = (booking_of(1), booking_of(3));
    let ask = |booking: &str| {
        let extra = format!("<BookingIdentifier>{booking}</BookingIdentifier>");
        timeslots(&app, seeded.offer.id.as_str(), &format_datetime(start), &format_datetime(end), &extra)
    };
    assert_eq!(per_counselor(&ask(&own)).len(), 3, "the citizen's own rebookable booking");
    ask(&too_late).expect_fault(8107);
    ask(&uuid::Uuid::new_v4().to_string()).expect_fault(4768);
    // The same citizen's booking inside the rebooking deadline.
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier><BookingOptionIntervalStartTime>{}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{}</BookingOptionIntervalEndTime><BookingIdentifier>{too_late}</BookingIdentifier>",
        cpr(3),
        seeded.offer.id,
        format_datetime(start),
        format_datetime(end)
    );
    app.soap(DFDG, "GetSelfbookTimeslots", &fields).expect_fault(4772);
}
