//! The rules of reserving a time (GetBookingDetails) that need no database: which offer a
//! reservation is for (a rebooking stays in its booking's offer), whether that offer may be
//! reserved in (and a rebooked booking moved into it), and whether a reservation may be used
//! by CreateBooking or RescheduleBooking. (The contact form held and the span a meeting
//! occupies are `Offer::contact_type_for` and `Offer::occupied_span`.)
//!
//! The store loads the booking and the offer, asks these rules, and then checks the time itself
//! against the calendar (`availability::check_free`).

use chrono::{DateTime, Utc};

use super::{Booking, BookingId, Error, Offer, OfferId, Reservation};

/// The offer a reservation is for: the one asked for, or for a rebooking without one the
/// booking's own. A rebooking moves the booking in time within its own offer, never to another
/// one (`RebookNotPossible`), and a booking without an offer cannot be rebooked without naming
/// one. `Ok(None)` when no offer is named and nothing is rebooked.
pub fn offer_to_reserve(
    requested: Option<&OfferId>,
    rebooking: Option<&Booking>,
) -> Result<Option<OfferId>, Error> {
    match (requested, rebooking) {
        (Some(offer), Some(booking)) if booking.offer.as_ref().is_some_and(|own| own != offer) => {
            Err(Error::RebookNotPossible)
        }
        (Some(offer), _) => Ok(Some(offer.clone())),
        (None, Some(booking)) => booking.offer.clone().map(Some).ok_or(Error::RebookNotPossible),
        (None, None) => Ok(None),
    }
}

/// May a time of `offer` be reserved, for a rebooking of `rebooking` when given? The offer must
/// be active (`NoBookingOptions`). A registered booking has no offer: it may move only into an
/// offer of its own jobcenter and interview type (`RebookNotPossible`).
pub fn check_reservable(offer: &Offer, rebooking: Option<&Booking>) -> Result<(), Error> {
    if !offer.active {
        return Err(Error::NoBookingOptions);
    }
    if let Some(booking) = rebooking {
        if booking.jobcenter != offer.jobcenter || booking.interview_type != offer.interview_type {
            return Err(Error::RebookNotPossible);
        }
    }
    Ok(())
}

/// What using a reservation comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReservationUse {
    /// It was used before: answer with the booking it became (idempotency).
    Repeat(BookingId),
    /// It may be used now.
    Fresh,
}

/// May `held` become a new booking now (CreateBooking)? A reservation made for a rebooking may
/// not (`ReservationMismatch`); a released or expired one may not (`ReservationExpired`).
/// `released`: the store released it (the citizen reserved again, or its time was taken back).
pub fn use_for_confirm(
    held: &Reservation,
    released: bool,
    now: DateTime<Utc>,
) -> Result<ReservationUse, Error> {
    if let Some(booking) = &held.consumed_by {
        return Ok(ReservationUse::Repeat(booking.clone()));
    }
    if held.rebooking.is_some() {
        return Err(Error::ReservationMismatch);
    }
    if released {
        return Err(Error::ReservationExpired);
    }
    held.check_usable(now)?;
    Ok(ReservationUse::Fresh)
}

/// May `booking` move onto `held` now (RescheduleBooking)? Only a reservation made for
/// rebooking that booking may be used (`ReservationMismatch`), and not once released or
/// expired (`ReservationExpired`).
pub fn use_for_reschedule(
    held: &Reservation,
    booking: &BookingId,
    released: bool,
    now: DateTime<Utc>,
) -> Result<ReservationUse, Error> {
    if held.rebooking.as_ref() != Some(booking) {
        return Err(Error::ReservationMismatch);
    }
    if held.consumed_by.as_ref() == Some(booking) {
        return Ok(ReservationUse::Repeat(booking.clone()));
    }
    if released {
        return Err(Error::ReservationExpired);
    }
    held.check_usable(now)?;
    Ok(ReservationUse::Fresh)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::{
        BookingId, BookingStatus, ChangeFlags, ChangeRules, Channel, CounselorId, Eligibility, Interval,
        InterviewForm, JobCenterCode, Originator, ReservationId, SlotRules,
    };

    const OFFER: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const OTHER: &str = "2f8fad5b-d9cb-469f-a165-70867728950e";

    fn offer_id(id: &str) -> OfferId {
        OfferId::parse(id).unwrap()
    }

    fn offer(jobcenter: &str, interview_type: i32, active: bool) -> Offer {
        Offer {
            id: offer_id(OFFER),
            jobcenter: JobCenterCode::parse(jobcenter).unwrap(),
            name: "Jobsamtale".into(),
            interview_type,
            form: InterviewForm::Individual,
            contact_types: vec![3, 1],
            location: None,
            slots: SlotRules::new(
                Duration::minutes(45),
                Duration::minutes(15),
                Duration::zero(),
                Duration::days(7),
                None,
                None,
            )
            .unwrap(),
            changes: ChangeRules::default(),
            eligibility: Eligibility::default(),
            compulsory: true,
            active,
            counselors: vec![],
        }
    }

    fn booking(offer: Option<&str>) -> Booking {
        let start = Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap();
        Booking {
            id: BookingId::parse("1f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            counselor: CounselorId::parse("3f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            jobcenter: JobCenterCode::parse("00101").unwrap(),
            offer: offer.map(offer_id),
            interval: Interval::new(start, start + Duration::hours(1)).unwrap(),
            status: BookingStatus::Booked,
            channel: Channel::SelfBooking,
            originator: Originator { code: 101, type_id: 8 },
            interview_type: 7,
            form_type: 1,
            contact_type: 1,
            changes: ChangeFlags::default(),
            compulsory: true,
            self_booked: true,
            group_meeting: None,
            digital_link: None,
            lapsed_reason: None,
            billed: false,
            version: 1,
        }
    }

    #[test]
    fn the_offer_reserved_in() {
        let own = booking(Some(OFFER));
        let registered = booking(None);
        let cases = [
            (Some(OFFER), None, Ok(Some(offer_id(OFFER)))),
            (None, None, Ok(None)),
            (Some(OFFER), Some(&own), Ok(Some(offer_id(OFFER)))),
            (Some(OTHER), Some(&own), Err(Error::RebookNotPossible)),
            (None, Some(&own), Ok(Some(offer_id(OFFER)))),
            (Some(OTHER), Some(&registered), Ok(Some(offer_id(OTHER)))),
            (None, Some(&registered), Err(Error::RebookNotPossible)),
        ];
        for (idx, (requested, rebooking, expected)) in cases.into_iter().enumerate() {
            let requested = requested.map(offer_id);
            assert_eq!(offer_to_reserve(requested.as_ref(), rebooking), expected, "case {idx}");
        }
    }

    #[test]
    fn reservable_offers() {
        let moved = booking(None);
        assert_eq!(check_reservable(&offer("00101", 7, true), None), Ok(()));
        assert_eq!(check_reservable(&offer("00101", 7, false), None), Err(Error::NoBookingOptions));
        assert_eq!(check_reservable(&offer("00101", 7, false), Some(&moved)), Err(Error::NoBookingOptions));
        assert_eq!(check_reservable(&offer("00101", 7, true), Some(&moved)), Ok(()));
        assert_eq!(check_reservable(&offer("00147", 7, true), Some(&moved)), Err(Error::RebookNotPossible));
        assert_eq!(check_reservable(&offer("00101", 8, true), Some(&moved)), Err(Error::RebookNotPossible));
    }

    #[test]
    fn contact_form_held() {
        let offer = offer("00101", 7, true);
        assert_eq!(offer.contact_type_for(None), Ok(3));
        assert_eq!(offer.contact_type_for(Some(1)), Ok(1));
        assert_eq!(
            offer.contact_type_for(Some(2)),
            Err(Error::CodeNotAllowed("InterviewContactTypeIdentifier"))
        );
    }

    #[test]
    fn a_meeting_occupies_its_buffer_too() {
        let offer = offer("00101", 7, true);
        let start = Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap();
        let meeting = Interval::new(start, start + Duration::minutes(45)).unwrap();
        let span = offer.occupied_span(meeting).unwrap();
        assert_eq!((span.start(), span.end()), (start, start + Duration::hours(1)));
    }

    fn reservation(rebooking: Option<&BookingId>, consumed_by: Option<&BookingId>) -> Reservation {
        let start = Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap();
        Reservation {
            id: ReservationId::parse("4f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            offer: offer_id(OFFER),
            counselor: CounselorId::parse("3f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            interval: Interval::new(start, start + Duration::minutes(45)).unwrap(),
            contact_type: 1,
            rebooking: rebooking.cloned(),
            expires_at: start - Duration::days(1),
            consumed_by: consumed_by.cloned(),
        }
    }

    #[test]
    fn confirming_a_reservation() {
        let made = booking(None).id;
        let expiry = reservation(None, None).expires_at;
        let (before, after) = (expiry - Duration::minutes(1), expiry);
        let cases = [
            (reservation(None, None), false, before, Ok(ReservationUse::Fresh)),
            (reservation(None, None), false, after, Err(Error::ReservationExpired)),
            (reservation(None, None), true, before, Err(Error::ReservationExpired)),
            (reservation(Some(&made), None), false, before, Err(Error::ReservationMismatch)),
            (reservation(None, Some(&made)), true, after, Ok(ReservationUse::Repeat(made.clone()))),
        ];
        for (idx, (held, released, now, expected)) in cases.into_iter().enumerate() {
            assert_eq!(use_for_confirm(&held, released, now), expected, "case {idx}");
        }
    }

    #[test]
    fn rescheduling_onto_a_reservation() {
        let moved = booking(None).id;
        let other = BookingId::parse("5f8fad5b-d9cb-469f-a165-70867728950e").unwrap();
        let expiry = reservation(None, None).expires_at;
        let (before, after) = (expiry - Duration::minutes(1), expiry);
        let cases = [
            (reservation(Some(&moved), None), false, before, Ok(ReservationUse::Fresh)),
            (reservation(Some(&moved), None), false, after, Err(Error::ReservationExpired)),
            (reservation(Some(&moved), None), true, before, Err(Error::ReservationExpired)),
            (reservation(Some(&other), None), false, before, Err(Error::ReservationMismatch)),
            (reservation(None, None), false, before, Err(Error::ReservationMismatch)),
            (reservation(Some(&moved), Some(&moved)), true, after, Ok(ReservationUse::Repeat(moved.clone()))),
        ];
        for (idx, (held, released, now, expected)) in cases.into_iter().enumerate() {
            assert_eq!(use_for_reschedule(&held, &moved, released, now), expected, "case {idx}");
        }
    }
}
