//! Two instances of the service on one database, over real HTTP: each `Server` has a `Store`
//! of its own, so each keeps its own in-memory availability (the read model, kept correct by
//! version numbers in the database). Instance B, whose memory is warm from an earlier
//! listing, sees on its very next GetSelfbookTimeslots what instance A wrote: working hours, a
//! booking, a calendar-sync busy block and a closing day; and through a hundred interleaved
//! writes and listings, B never lists a time A took before the listing began, and the time
//! picked from each listing is then reserved through GetBookingDetails, not refused as taken.
//!
//! The clock of both instances starts on Monday 1 March 2027, 07:00 UTC: the days read are
//! ordinary days (no weekend rule, holiday or DST change) whatever day the suite runs on.

use chrono::{DateTime, Duration, Utc};
use planner::domain::{CaseworkerId, Counselor, OfferId};
use planner::xml::format_datetime;
use serde_json::json;

use super::self_booking::{create, details_fields};
use super::support::{cpr, items, text, Answer, ADMIN, DFDG};
use crate::api::calendar::support::{collection, event, seed_with_connector, CONNECTOR};
use crate::support::app::{spawn_app_on_at, TestApp};
use crate::support::backends::OnDatabase;
use crate::support::both_backends;
use crate::support::db::TestDb;
use crate::support::store::{local, now};

both_backends!(
    what_a_writes_is_seen_by_the_next_listing_of_b,
    a_hundred_interleaved_writes_never_list_a_time_that_is_then_refused,
);

/// Two instances of the service on one database and one clock.
struct TwoInstances {
    /// The instance that writes.
    a: TestApp,
    /// The instance that lists; its memory is warm from its own earlier listings.
    b: TestApp,
}

impl OnDatabase for TwoInstances {
    fn on(db: TestDb) -> Self {
        let a = spawn_app_on_at(db, now());
        let b = a.second_instance();
        TwoInstances { a, b }
    }
}

/// A listed time: the counselor's caseworker id and the start.
type Time = (CaseworkerId, DateTime<Utc>);

/// The citizen every listing is asked for (never booked here).
const LISTING_CITIZEN: usize = 1;

/// Every time `instance` lists for `offer` over `[from, until)` with GetSelfbookTimeslots.
fn listed(instance: &TestApp, offer: &OfferId, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<Time> {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{offer}</InterviewOptionIdentifier><BookingOptionIntervalStartTime>{}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{}</BookingOptionIntervalEndTime>",
        cpr(LISTING_CITIZEN),
        format_datetime(from),
        format_datetime(until)
    );
    let answer = instance.soap(DFDG, "GetSelfbookTimeslots", &fields);
    let body = answer.ok("GetSelfbookTimeslots");
    let mut times = Vec::new();
    for entry in items(body, "CaseWorkerTimeslotCollection", "CaseWorkerTimeslot") {
        let caseworker = CaseworkerId::parse(&text(entry, "Supervisor/CaseWorkerIdentifier")).unwrap();
        for slot in items(entry, "BookingTimeslotCollection", "BookingTimeslot") {
            let start = planner::soap::fields::datetime(&text(slot, "StartTime"), "StartTime").unwrap();
            times.push((caseworker.clone(), start));
        }
    }
    times
}

/// Asserts that `listing` holds none of `gone` and all of `kept` (so that a listing that
/// lost everything cannot pass).
#[track_caller]
fn check(listing: &[Time], gone: &[Time], kept: &[Time], after: &str) {
    for time in gone {
        assert!(!listing.contains(time), "after {after}, B still lists {time:?}");
    }
    for time in kept {
        assert!(listing.contains(time), "after {after}, B no longer lists {time:?}");
    }
}

/// GetBookingDetails on `instance` for citizen `n` at `time`: holds the time (a reservation).
fn reserve(instance: &TestApp, offer: &OfferId, n: usize, time: &Time) -> Answer {
    let fields = details_fields(&cpr(n), Some(offer), None, time.1, &time.0, None);
    instance.soap(DFDG, "GetBookingDetails", &fields)
}

/// GetBookingDetails and CreateBooking on `instance` for citizen `n` at `time`.
fn book(instance: &TestApp, offer: &OfferId, n: usize, time: &Time) {
    let held = reserve(instance, offer, n, time);
    let reservation = text(held.ok("GetBookingDetails"), "ReservationIdentifier");
    create(instance, DFDG, &cpr(n), &reservation).ok("CreateBooking");
}

/// CreateEvents on `instance` as the calendar connector: `counselor` is busy over
/// `[start, end)` (event `id`).
fn busy(instance: &TestApp, id: &str, counselor: &Counselor, start: DateTime<Utc>, end: DateTime<Utc>) {
    let pushed =
        instance.calendar(CONNECTOR, "CreateEvents", &collection(&[event(id, &counselor.email, start, end)]));
    let receipts = pushed.receipts("CreateEvents");
    assert_eq!(receipts, [(id.to_owned(), "Accepted".to_owned(), "Created".to_owned())]);
}

fn what_a_writes_is_seen_by_the_next_listing_of_b(two: &TwoInstances) {
    let (a, b) = (&two.a, &two.b);
    let seeded = seed_with_connector(a);
    let offer = &seeded.offer.id;
    let [first, second, third] = [0, 1, 2].map(|n| seeded.counselors[n].caseworker.clone());
    // Wednesday 3 and Thursday 4 March 2027, Copenhagen time.
    let wednesday = |hour| local(3, hour, 0);
    let list = || listed(b, offer, local(3, 0, 0), local(5, 0, 0));
    let at = |caseworker: &CaseworkerId, start| (caseworker.clone(), start);

    // B lists first: its memory now holds the offer, its counselors and their times.
    let before = list();
    check(
        &before,
        &[],
        &[at(&first, wednesday(9)), at(&second, wednesday(10)), at(&third, wednesday(9))],
        "nothing",
    );

    // Working hours through A's admin API: the first counselor now works 12:00-16:00.
    let path = format!("/admin/v1/counselors/{}/working-hours", seeded.counselors[0].id);
    let periods: Vec<_> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|day| json!({"weekday": day, "start": "12:00", "end": "16:00"}))
        .collect();
    let answer = a.admin_put(ADMIN, &path, &json!({ "periods": periods }));
    assert_eq!(answer.status, 200, "{}", answer.body);
    check(
        &list(),
        &[at(&first, wednesday(9)), at(&first, wednesday(17))],
        &[at(&first, wednesday(13)), at(&second, wednesday(9))],
        "a working-hours change",
    );

    // A booking through A's GetBookingDetails and CreateBooking.
    book(a, offer, 2, &at(&first, wednesday(13)));
    check(
        &list(),
        &[at(&first, wednesday(13))],
        &[at(&first, wednesday(14)), at(&second, wednesday(13))],
        "a booking",
    );

    // A busy block pushed by the calendar sync through A's ExternalCalendarService.
    busy(a, "ev-1", &seeded.counselors[1], wednesday(10), wednesday(11));
    check(
        &list(),
        &[at(&second, wednesday(10))],
        &[at(&second, wednesday(13)), at(&third, wednesday(10))],
        "a calendar-sync busy block",
    );

    // A closing day through A's admin API: nothing on Wednesday, Thursday stays open.
    let closing = json!({"jobcenter": "00101", "name": "Personaledag", "date": "2027-03-03"});
    let answer = a.admin_post(ADMIN, "/admin/v1/closing-days", &closing);
    assert_eq!(answer.status, 201, "{}", answer.body);
    let after = list();
    assert!(
        after.iter().all(|(_, start)| *start >= local(4, 0, 0)),
        "after a closing day, B lists {after:?}"
    );
    check(&after, &[], &[at(&first, local(4, 13, 0)), at(&third, local(4, 9, 0))], "a closing day");
}

/// What A writes in `step`: a booking, a reservation, or a calendar-sync busy block over the
/// meeting at `time`.
fn write_through_a(a: &TestApp, counselors: &[Counselor], offer: &OfferId, step: usize, time: &Time) {
    let citizen = 100 + step;
    match step % 3 {
        0 => book(a, offer, citizen, time),
        1 => {
            reserve(a, offer, citizen, time).ok("GetBookingDetails");
        }
        _ => {
            let counselor = counselors.iter().find(|c| c.caseworker == time.0).unwrap();
            busy(a, &format!("ev-{step}"), counselor, time.1, time.1 + Duration::minutes(45));
        }
    }
}

fn a_hundred_interleaved_writes_never_list_a_time_that_is_then_refused(two: &TwoInstances) {
    let (a, b) = (&two.a, &two.b);
    let seeded = seed_with_connector(a);
    let offer = &seeded.offer.id;
    // Tuesday 2 to Sunday 7 March 2027: three counselors, 16 times a day each.
    let list = || listed(b, offer, local(2, 0, 0), local(8, 0, 0));
    let mut listing = list();
    assert!(listing.len() > 250, "{} times listed at first", listing.len());
    for step in 0..100 {
        // A takes a time B listed, so that B's memory holds it as free.
        let taken = listing[step * 7 % listing.len()].clone();
        write_through_a(a, &seeded.counselors, offer, step, &taken);
        // B's next listing began after A's write committed: it does not list that time...
        listing = list();
        check(&listing, std::slice::from_ref(&taken), &[], &format!("write {step} through A"));
        // ...and a time it does list is B's to reserve, not refused as taken.
        let chosen = listing[(step * 11 + 3) % listing.len()].clone();
        let held = reserve(b, offer, 300 + step, &chosen);
        assert_eq!(held.fault_code(), None, "step {step}: B listed {chosen:?}, then refused it");
        held.ok("GetBookingDetails");
        listing.retain(|time| time != &chosen);
    }
    assert!(listing.len() > 50, "{} times left", listing.len());
}
