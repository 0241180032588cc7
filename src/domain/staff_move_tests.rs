//! Table tests of the staff-move rules: which bookings move, working hours, blocks, deadlines.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::*;
use crate::domain::{BookingStatus, ChangeFlags, LocalPeriod};

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    // March 2027 is CET (UTC+1) until the 28th.
    Utc.with_ymd_and_hms(2027, 3, day, hour - 1, minute, 0).unwrap()
}

fn booking(status: BookingStatus, billed: bool) -> Booking {
    let changes = ChangeFlags {
        rebook_possible: true,
        rebook_deadline: Some(at(9, 9, 0)),
        cancel_possible: true,
        cancel_deadline: Some(at(10, 8, 0)),
    };
    crate::domain::fixtures::booking(
        Interval::new(at(10, 9, 0), at(10, 9, 45)).unwrap(),
        status,
        billed,
        changes,
    )
}

fn hours() -> WeeklyHours {
    let day = LocalPeriod::new(
        NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
    )
    .unwrap();
    WeeklyHours::new([Weekday::Mon, Weekday::Tue, Weekday::Wed].map(|d| (d, day))).unwrap()
}

#[test]
fn only_planned_unbilled_bookings_move_and_never_into_the_past() {
    let now = at(1, 9, 0);
    assert_eq!(check_movable(&booking(BookingStatus::Booked, false), at(2, 9, 0), now), Ok(()));
    assert_eq!(
        check_movable(&booking(BookingStatus::Booked, true), at(2, 9, 0), now),
        Err(Error::BilledOnlyLapse)
    );
    for status in
        [BookingStatus::Completed, BookingStatus::Cancelled, BookingStatus::NoShow, BookingStatus::Lapsed]
    {
        assert!(matches!(
            check_movable(&booking(status, false), at(2, 9, 0), now),
            Err(Error::InvalidTransition { action: "rescheduled", .. })
        ));
    }
    // No minimum notice for staff, but not before now.
    assert_eq!(check_movable(&booking(BookingStatus::Booked, false), now, now), Ok(()));
    assert_eq!(
        check_movable(&booking(BookingStatus::Booked, false), now - Duration::minutes(1), now),
        Err(Error::StartTooSoon)
    );
}

#[test]
fn the_meeting_must_lie_inside_a_working_period_and_miss_the_blocks() {
    let meeting = |day, hour, minute| {
        let start = at(day, hour, minute);
        Interval::new(start, start + Duration::minutes(45)).unwrap()
    };
    let check = |m: Interval, exceptions: &[DayException], blocks: &[Interval]| {
        check_working_time(m, m, &hours(), exceptions, blocks)
    };
    // Monday 1 March 2027.
    assert_eq!(check(meeting(1, 8, 0), &[], &[]), Ok(()));
    assert_eq!(check(meeting(1, 15, 15), &[], &[]), Ok(()));
    assert_eq!(check(meeting(1, 15, 30), &[], &[]), Err(Error::OutsideWorkingHours));
    assert_eq!(check(meeting(1, 7, 30), &[], &[]), Err(Error::OutsideWorkingHours));
    // Thursday: no hours.
    assert_eq!(check(meeting(4, 10, 0), &[], &[]), Err(Error::OutsideWorkingHours));
    // A day off replaces the template.
    let off = DayException::new(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), Vec::new()).unwrap();
    assert_eq!(check(meeting(1, 10, 0), &[off], &[]), Err(Error::OutsideWorkingHours));
    let block = meeting(1, 10, 30);
    assert_eq!(check(meeting(1, 10, 0), &[], &[block]), Err(Error::SlotTaken));
    assert_eq!(check(meeting(1, 11, 15), &[], &[block]), Ok(()));
}

#[test]
fn a_moved_booking_keeps_its_length_and_deadline_distances() {
    let other = CounselorId::parse("2f8fad5b-d9cb-469f-a165-70867728950e").unwrap();
    let moved = moved(booking(BookingStatus::Booked, false), other.clone(), at(3, 13, 0)).unwrap();
    assert_eq!(moved.interval, Interval::new(at(3, 13, 0), at(3, 13, 45)).unwrap());
    assert_eq!(moved.counselor, other);
    assert_eq!(moved.changes.rebook_deadline, Some(at(2, 13, 0)));
    assert_eq!(moved.changes.cancel_deadline, Some(at(3, 12, 0)));
    assert_eq!(moved.version, 1);
}
