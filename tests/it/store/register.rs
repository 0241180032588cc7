//! Bookings other systems register (RegisterBooking), group offers with seats, and the
//! append-only audit log.

use chrono::Duration;
use planner::domain::{self, BookingStatus, Channel};
use planner::store::{AuditEntry, Canceller};

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, day, free, free_starts, local, now, originator, registration, request, seed, topics,
    TestDb,
};

both_backends!(
    register_is_idempotent_and_occupies_time,
    register_validates_the_flag_rules,
    register_into_a_taken_time_is_refused,
    a_citizen_is_never_in_two_booked_meetings_at_one_start,
    group_offer_fills_its_seats,
    audit_log_is_append_only,
    registered_booking_moves_only_within_its_interview_type,
);

/// A registered booking has no offer; a rebooking may move it only into an offer of its own
/// jobcenter and interview type (never into any offer the caller names).
fn registered_booking_moves_only_within_its_interview_type(db: &TestDb) {
    let seed = seed(db, 1);
    let mut request = registration(&seed, &cpr(1), local(4, 10, 0));
    request.changes.rebook_possible = true;
    request.changes.rebook_deadline = Some(local(3, 10, 0));
    request.interview_type = 4;
    let booking = db.register_booking(&request, now()).unwrap();
    let mut move_it =
        crate::support::store::request(&cpr(1), &seed.offer, &seed.counselors[0], local(5, 10, 0));
    move_it.rebooking = Some(booking.id.clone());
    assert_eq!(
        crate::support::store::conflict(db.reserve(&move_it, now())),
        planner::domain::Error::RebookNotPossible
    );
    let mut same = registration(&seed, &cpr(2), local(4, 12, 0));
    same.changes = request.changes;
    same.interview_type = seed.offer.interview_type;
    let same_type = db.register_booking(&same, now()).unwrap();
    let mut move_it =
        crate::support::store::request(&cpr(2), &seed.offer, &seed.counselors[0], local(5, 11, 0));
    move_it.rebooking = Some(same_type.id.clone());
    assert!(db.reserve(&move_it, now()).is_ok());
}

fn register_is_idempotent_and_occupies_time(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(4, 10, 0);
    let request = registration(&seed, &cpr(1), start);
    let booking = db.register_booking(&request, now()).unwrap();
    assert_eq!(booking.id, request.id, "the registering system's BookingIdentifier is kept");
    assert_eq!(booking.channel, Channel::CaseworkerSystem);
    assert_eq!(booking.status, BookingStatus::Booked);
    assert!(!booking.self_booked);
    assert_eq!(booking.offer, None);
    assert_eq!(booking.counselor, seed.counselors[0].id);

    let again = db.register_booking(&request, now() + Duration::minutes(3)).unwrap();
    assert_eq!(again, booking);
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap(), vec![booking.clone()]);
    assert_eq!(db.bookings_of(&cpr(1), Some(&seed.jobcenter), Some(day(4))).unwrap().len(), 1);
    assert!(db.bookings_of(&cpr(1), None, Some(day(5))).unwrap().is_empty());
    assert_eq!(topics(db), vec![("BookingCreated".to_owned(), booking.id.as_str().to_owned())]);

    // Its time (10:00-10:45) is not offered; the grid times around it are.
    let free = free_starts(db, &seed.offer, day(4), now());
    assert!(!free.contains(&start), "{free:?}");
    assert!(free.contains(&local(4, 9, 0)) && free.contains(&local(4, 11, 0)), "{free:?}");
    let refused = conflict(crate::support::store::reserve(db, &seed, &cpr(2), start, now()));
    assert_eq!(refused, domain::Error::SlotTaken);

    // The same id for another citizen does not reveal or change the booking.
    let mut stolen = request.clone();
    stolen.cpr = cpr(2);
    assert_eq!(conflict(db.register_booking(&stolen, now())), domain::Error::NotOwnedByCitizen);

    // The registering system may cancel it; that frees the time.
    let cancelled =
        db.cancel(&Canceller::RegisteringSystem(request.registered_by.clone()), &booking.id, now()).unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert!(free_starts(db, &seed.offer, day(4), now()).contains(&start));
}

fn register_validates_the_flag_rules(db: &TestDb) {
    let seed = seed(db, 1);
    let deadline = Some(local(3, 10, 0));
    let mut cases = Vec::new();
    // 8125: a rebooking deadline although rebooking is not possible.
    let mut request = registration(&seed, &cpr(1), local(4, 10, 0));
    request.changes.rebook_deadline = deadline;
    cases.push((request, domain::Error::RebookDeadlineNotAllowed));
    // 8126: rebooking possible without a deadline.
    let mut request = registration(&seed, &cpr(1), local(4, 10, 0));
    request.changes.rebook_possible = true;
    cases.push((request, domain::Error::RebookDeadlineMissing));
    // 8127: a cancellation deadline although cancellation is not possible.
    let mut request = registration(&seed, &cpr(1), local(4, 10, 0));
    request.changes.cancel_possible = false;
    request.changes.cancel_deadline = deadline;
    cases.push((request, domain::Error::CancelDeadlineNotAllowed));
    for (request, expected) in cases {
        assert_eq!(conflict(db.register_booking(&request, now())), expected);
    }
    assert!(db.bookings_of(&cpr(1), None, None).unwrap().is_empty());
    assert!(db.pending_events(10).unwrap().is_empty());

    // Valid flags: rebooking possible with a deadline, cancellation without one.
    let mut request = registration(&seed, &cpr(1), local(4, 10, 0));
    request.changes.rebook_possible = true;
    request.changes.rebook_deadline = deadline;
    let booking = db.register_booking(&request, now()).unwrap();
    assert_eq!(booking.changes, request.changes);
}

fn register_into_a_taken_time_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(4, 10, 0);
    crate::support::store::book(db, &seed, &cpr(1), start, now());
    // The self-booking occupies 10:00-11:00 with its buffer; 10:30 overlaps it.
    let refused =
        conflict(db.register_booking(&registration(&seed, &cpr(2), start + Duration::minutes(30)), now()));
    assert_eq!(refused, domain::Error::SlotTaken);
    assert!(db.bookings_of(&cpr(2), None, None).unwrap().is_empty());
    // Right after the buffer it fits.
    db.register_booking(&registration(&seed, &cpr(2), start + Duration::hours(1)), now()).unwrap();
}

/// The unique key on a citizen's bookings (migration 000012) counts only Booked rows: a second
/// Booked meeting at the same start is refused even with another counselor, and a cancelled one
/// at that start does not block a new booking.
fn a_citizen_is_never_in_two_booked_meetings_at_one_start(db: &TestDb) {
    let seed = seed(db, 2);
    let start = local(4, 10, 0);
    let first = db.register_booking(&registration(&seed, &cpr(1), start), now()).unwrap();
    let mut elsewhere = registration(&seed, &cpr(1), start);
    elsewhere.caseworker = seed.counselors[1].caseworker.clone();
    assert_eq!(conflict(db.register_booking(&elsewhere, now())), domain::Error::SlotTaken);
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap(), vec![first.clone()]);

    db.cancel(&Canceller::Citizen(cpr(1)), &first.id, now()).unwrap();
    let again = db.register_booking(&elsewhere, now()).unwrap();
    assert_eq!(again.counselor, seed.counselors[1].id);
    let mut statuses: Vec<(BookingStatus, String)> = db
        .bookings_of(&cpr(1), None, None)
        .unwrap()
        .into_iter()
        .map(|b| (b.status, b.id.as_str().to_owned()))
        .collect();
    statuses.sort_by_key(|(status, _)| *status == BookingStatus::Booked);
    let expected =
        [(BookingStatus::Cancelled, first.id.as_str()), (BookingStatus::Booked, again.id.as_str())];
    assert_eq!(statuses.iter().map(|(s, id)| (*s, id.as_str())).collect::<Vec<_>>(), expected);
}

fn group_offer_fills_its_seats(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    let seats_left = |at| {
        free(db, &seed.group, day(2), at)
            .into_iter()
            .find(|t| t.interval.start() == start)
            .map(|t| t.seats_left)
    };
    assert_eq!(seats_left(now()), Some(Some(3)));

    let mut bookings = Vec::new();
    for n in 1..=3 {
        let held = db.reserve(&request(&cpr(n), &seed.group, &seed.group_counselor, start), now()).unwrap();
        bookings.push(db.confirm(&cpr(n), &held.id, originator(), now()).unwrap());
        if n < 3 {
            assert_eq!(
                seats_left(now()),
                Some(Some(3 - n as u32)),
                "a group time stays free until its seats are taken"
            );
        }
    }
    assert!(bookings.iter().all(|b| b.interval == bookings[0].interval && b.form_type == 2));
    assert!(bookings[0].group_meeting.is_some());
    assert!(
        bookings.iter().all(|b| b.group_meeting == bookings[0].group_meeting),
        "one session for the three"
    );
    assert_eq!(seats_left(now()), None, "a full session is not offered");
    let fourth = request(&cpr(4), &seed.group, &seed.group_counselor, start);
    assert_eq!(conflict(db.reserve(&fourth, now())), domain::Error::SlotTaken);

    // A cancellation frees one seat, which the fourth citizen then gets.
    db.cancel(&Canceller::Citizen(cpr(2)), &bookings[1].id, now()).unwrap();
    assert_eq!(seats_left(now()), Some(Some(1)));
    let held = db.reserve(&fourth, now()).unwrap();
    let booking = db.confirm(&cpr(4), &held.id, originator(), now()).unwrap();
    assert_eq!(booking.group_meeting, bookings[0].group_meeting);
    assert_eq!(db.counselor_bookings(&seed.group_counselor.id, day(2)).unwrap().len(), 3);
}

fn audit_log_is_append_only(db: &TestDb) {
    let entry = |n: u32| AuditEntry {
        correlation_id: format!("corr-{n}"),
        caller: "CN=dfdg".into(),
        request_user: None,
        operation: "CreateBooking".into(),
        jobcenter: Some("00101".into()),
        outcome: "ok".into(),
        detail: Some(format!("booking {n}")),
    };
    db.append_audit(&entry(1), now()).unwrap();
    db.append_audit(&entry(2), now() + Duration::seconds(1)).unwrap();
    let before = db.audit_tail(10).unwrap();
    assert_eq!(before.iter().map(|r| r.entry.clone()).collect::<Vec<_>>(), vec![entry(1), entry(2)]);
    assert_eq!(db.audit_tail(1).unwrap(), before[1..].to_vec(), "the tail is the newest rows");

    for sql in ["UPDATE audit_log SET outcome = 'forged'", "DELETE FROM audit_log"] {
        let result = db.raw_execute(sql);
        assert!(result.is_err(), "{sql} must fail");
    }
    assert_eq!(db.audit_tail(10).unwrap(), before, "nothing changed");
}
