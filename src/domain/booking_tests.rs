//! Table tests of the booking rules: status transitions, rebook and cancel deadlines, STAR's
//! flag rules 8125-8127.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;
use crate::domain::ChangeRules;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0).unwrap()
}

fn booking(status: BookingStatus, billed: bool, changes: ChangeFlags) -> Booking {
    crate::domain::fixtures::booking(Interval::new(at(10, 9), at(10, 10)).unwrap(), status, billed, changes)
}

#[test]
fn transition_table() {
    use Action::{CorrectNoShow, MarkLapsed, Reschedule};
    use BookingStatus::{Booked, Cancelled, Completed, Lapsed};
    const NO_SHOW: BookingStatus = BookingStatus::NoShow;
    let cases: [(BookingStatus, bool, Action, Result<BookingStatus, &str>); 21] = [
        (Booked, false, Reschedule, Ok(Booked)),
        (Completed, false, Reschedule, Err("transition")),
        (Cancelled, false, Reschedule, Err("transition")),
        (Booked, false, Action::Cancel, Ok(Cancelled)),
        (NO_SHOW, false, Action::Cancel, Ok(Cancelled)),
        (Completed, false, Action::Cancel, Ok(Cancelled)),
        (Completed, true, Action::Cancel, Err("billed")),
        (Booked, true, Action::Cancel, Err("billed")),
        (Booked, true, Action::Reschedule, Err("billed")),
        (Booked, true, Action::MarkLapsed, Ok(Lapsed)),
        (Cancelled, false, Action::Cancel, Err("transition")),
        (Booked, false, Action::Complete, Ok(Completed)),
        (NO_SHOW, false, Action::Complete, Ok(Completed)),
        (Completed, false, Action::Complete, Err("transition")),
        (Booked, false, Action::NoShow, Ok(NO_SHOW)),
        (Completed, false, Action::NoShow, Err("transition")),
        (NO_SHOW, false, CorrectNoShow, Ok(Booked)),
        (Booked, false, CorrectNoShow, Err("transition")),
        (Completed, true, MarkLapsed, Ok(Lapsed)),
        (Booked, false, MarkLapsed, Ok(Lapsed)),
        (Lapsed, false, MarkLapsed, Err("transition")),
    ];
    for (from, billed, action, expected) in cases {
        let got = booking(from, billed, ChangeFlags::default()).transition(action);
        match (got, expected) {
            (Ok(status), Ok(want)) => assert_eq!(status, want, "{from:?} {action:?}"),
            (Err(Error::BilledOnlyLapse), Err("billed")) => {}
            (Err(Error::InvalidTransition { .. }), Err("transition")) => {}
            (got, want) => panic!("{from:?} billed={billed} {action:?}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn citizen_rebook_and_cancel_deadlines() {
    let rules = ChangeRules {
        rebook_possible: true,
        rebook_deadline_before: Some(Duration::hours(24)),
        cancel_possible: true,
        cancel_deadline_before: None,
    };
    let flags = ChangeFlags::from_offer(&rules, at(10, 9));
    assert_eq!(flags.rebook_deadline, Some(at(9, 9)));
    assert_eq!(flags.cancel_deadline, Some(at(10, 9)));
    let b = booking(BookingStatus::Booked, false, flags);
    assert_eq!(b.check_citizen_rebook(at(9, 8)), Ok(()));
    assert_eq!(b.check_citizen_rebook(at(9, 9)), Err(Error::RebookDeadlinePassed));
    assert_eq!(b.check_citizen_cancel(at(10, 8)), Ok(()));
    assert_eq!(b.check_citizen_cancel(at(10, 9)), Err(Error::CancelDeadlinePassed));
    let locked = booking(BookingStatus::Booked, false, ChangeFlags::default());
    assert_eq!(locked.check_citizen_rebook(at(1, 0)), Err(Error::RebookNotPossible));
    assert_eq!(locked.check_citizen_cancel(at(1, 0)), Err(Error::CancelNotPossible));
    let done = booking(BookingStatus::Completed, false, flags);
    assert!(matches!(done.check_citizen_rebook(at(1, 0)), Err(Error::InvalidTransition { .. })));
    assert!(matches!(done.check_citizen_cancel(at(1, 0)), Err(Error::InvalidTransition { .. })));
}

#[test]
fn star_flag_rules() {
    let d = Some(at(9, 9));
    let flags = |rp, rd, cp, cd| ChangeFlags {
        rebook_possible: rp,
        rebook_deadline: rd,
        cancel_possible: cp,
        cancel_deadline: cd,
    };
    assert_eq!(flags(true, d, true, d).validate(), Ok(()));
    assert_eq!(flags(false, None, false, None).validate(), Ok(()));
    assert_eq!(flags(true, d, true, None).validate(), Ok(()));
    assert_eq!(flags(false, d, false, None).validate(), Err(Error::RebookDeadlineNotAllowed));
    assert_eq!(flags(true, None, false, None).validate(), Err(Error::RebookDeadlineMissing));
    assert_eq!(flags(false, None, false, d).validate(), Err(Error::CancelDeadlineNotAllowed));
}

#[test]
fn notice_reservation_and_lapse_reason() {
    assert_eq!(check_notice(at(2, 9), at(1, 9), Duration::hours(24)), Ok(()));
    assert_eq!(check_notice(at(2, 8), at(1, 9), Duration::hours(24)), Err(Error::StartTooSoon));
    assert_eq!(check_notice(at(1, 8), at(1, 9), Duration::zero()), Err(Error::StartTooSoon));
    let mut held = Reservation {
        id: ReservationId::parse("2f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
        offer: OfferId::parse("3f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
        counselor: CounselorId::parse("1f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
        interval: Interval::new(at(10, 9), at(10, 10)).unwrap(),
        contact_type: 1,
        rebooking: None,
        expires_at: at(1, 10),
        consumed_by: None,
    };
    assert_eq!(held.check_usable(at(1, 9)), Ok(()));
    assert_eq!(held.check_usable(at(1, 10)), Err(Error::ReservationExpired));
    held.consumed_by = Some(BookingId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap());
    assert_eq!(held.check_usable(at(1, 11)), Ok(()), "a consumed reservation answers idempotently");
    assert_eq!(check_lapse_reason("  "), Err(Error::LapseReasonMissing));
    assert_eq!(check_lapse_reason("sygdom"), Ok(()));
    assert!(check_lapse_reason(&"x".repeat(501)).is_err());
}

#[test]
fn staff_actions() {
    let lapse_missing = Err(Error::LapseReasonMissing);
    assert_eq!(check_staff_action(Action::Complete, None), Ok(()));
    assert_eq!(check_staff_action(Action::MarkLapsed, Some("sick")), Ok(()));
    assert_eq!(check_staff_action(Action::MarkLapsed, Some("  ")), lapse_missing);
    assert_eq!(check_staff_action(Action::MarkLapsed, None), lapse_missing);
    assert!(matches!(check_staff_action(Action::Reschedule, None), Err(Error::InvalidTransition { .. })));
}

#[test]
fn a_booking_after_an_action() {
    let booked = booking(BookingStatus::Booked, false, ChangeFlags::default());
    let lapsed = booked.clone().after(Action::MarkLapsed, Some(" sick ")).unwrap();
    assert_eq!(
        (lapsed.status, lapsed.lapsed_reason.as_deref(), lapsed.version),
        (BookingStatus::Lapsed, Some("sick"), 2)
    );
    let cancelled = booked.clone().after(Action::Cancel, Some("ignored")).unwrap();
    assert_eq!(
        (cancelled.status, cancelled.lapsed_reason, cancelled.version),
        (BookingStatus::Cancelled, None, 2)
    );
    assert_eq!(
        booked.after(Action::CorrectNoShow, None).map(|b| b.version),
        Err(Error::InvalidTransition { from: "Booked", action: Action::CorrectNoShow.past_tense() })
    );
}
