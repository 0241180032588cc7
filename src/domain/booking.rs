//! Bookings and reservations, and the rules for changing them: who may rebook or cancel until
//! when, and which status changes are allowed (contract §4, Xpert Suite appointment rules).
//!
//! Every function here is pure: "now" is a parameter and nothing is read or written.

use chrono::{DateTime, Duration, Utc};

use super::{BookingId, CounselorId, Error, Interval, JobCenterCode, Offer, OfferId, ReservationId};

/// A booking's lifecycle status (BookingStatus on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingStatus {
    /// Planned; the only status that can be rescheduled.
    Booked,
    /// Cancelled by the citizen, a caseworker system or staff; frees the time.
    Cancelled,
    /// The meeting took place; locked against edits.
    Completed,
    /// The citizen did not show up; can be corrected back to Booked.
    NoShow,
    /// Did not take place for a recorded reason; the end state for billed bookings.
    Lapsed,
}

impl BookingStatus {
    /// The wire and storage name.
    pub fn as_str(&self) -> &'static str {
        match self {
            BookingStatus::Booked => "Booked",
            BookingStatus::Cancelled => "Cancelled",
            BookingStatus::Completed => "Completed",
            BookingStatus::NoShow => "NoShow",
            BookingStatus::Lapsed => "Lapsed",
        }
    }

    /// Parses the wire and storage name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Ok(match text {
            "Booked" => BookingStatus::Booked,
            "Cancelled" => BookingStatus::Cancelled,
            "Completed" => BookingStatus::Completed,
            "NoShow" => BookingStatus::NoShow,
            "Lapsed" => BookingStatus::Lapsed,
            _ => return Err(Error::InvalidText { field: "BookingStatus", max: 9 }),
        })
    }
}

/// How the booking came about (BookingChannel on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The citizen booked on Jobnet through DFDG.
    SelfBooking,
    /// A caseworker system (KSS) registered it.
    CaseworkerSystem,
    /// A summoner placed it in the planner (single or bulk summons).
    Summons,
}

impl Channel {
    /// The wire and storage name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::SelfBooking => "SelfBooking",
            Channel::CaseworkerSystem => "CaseworkerSystem",
            Channel::Summons => "Summons",
        }
    }

    /// Parses the wire and storage name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Ok(match text {
            "SelfBooking" => Channel::SelfBooking,
            "CaseworkerSystem" => Channel::CaseworkerSystem,
            "Summons" => Channel::Summons,
            _ => return Err(Error::InvalidText { field: "BookingChannel", max: 16 }),
        })
    }
}

/// The authority that made the booking (BookingOriginator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Originator {
    /// OrganisationCode, 0..100000000.
    pub code: i64,
    /// OrganisationTypeIdentifier.
    pub type_id: i32,
}

/// Rebook and cancel permissions of one booking, with absolute deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeFlags {
    /// ReBookingPossible.
    pub rebook_possible: bool,
    /// ReBookingDeadline: no rebooking at or after this instant.
    pub rebook_deadline: Option<DateTime<Utc>>,
    /// CancellationPossible.
    pub cancel_possible: bool,
    /// CancellationDeadline: no cancellation at or after this instant.
    pub cancel_deadline: Option<DateTime<Utc>>,
}

impl ChangeFlags {
    /// STAR's consistency rules for registered bookings (8125, 8126, 8127).
    pub fn validate(&self) -> Result<(), Error> {
        match (self.rebook_possible, self.rebook_deadline) {
            (false, Some(_)) => return Err(Error::RebookDeadlineNotAllowed),
            (true, None) => return Err(Error::RebookDeadlineMissing),
            _ => {}
        }
        if !self.cancel_possible && self.cancel_deadline.is_some() {
            return Err(Error::CancelDeadlineNotAllowed);
        }
        Ok(())
    }

    /// Flags for a booking at `start` from an offer's relative rules: a deadline is set whenever
    /// the change is possible (8126), at `start - before` (or at the start itself).
    pub fn from_offer(rules: &super::ChangeRules, start: DateTime<Utc>) -> Self {
        let deadline = |possible: bool, before: Option<Duration>| {
            possible.then(|| start - before.unwrap_or_else(Duration::zero))
        };
        Self {
            rebook_possible: rules.rebook_possible,
            rebook_deadline: deadline(rules.rebook_possible, rules.rebook_deadline_before),
            cancel_possible: rules.cancel_possible,
            cancel_deadline: deadline(rules.cancel_possible, rules.cancel_deadline_before),
        }
    }
}

/// A change someone wants to make to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move it to another time (the booking id stays).
    Reschedule,
    /// Cancel it.
    Cancel,
    /// Mark it held.
    Complete,
    /// Mark the citizen absent.
    NoShow,
    /// Undo a no-show.
    CorrectNoShow,
    /// Mark it lapsed (with a reason, checked separately).
    MarkLapsed,
}

impl Action {
    fn past_tense(&self) -> &'static str {
        match self {
            Action::Reschedule => "rescheduled",
            Action::Cancel => "cancelled",
            Action::Complete => "completed",
            Action::NoShow => "marked no-show",
            Action::CorrectNoShow => "corrected from no-show",
            Action::MarkLapsed => "marked lapsed",
        }
    }
}

/// A booking as the domain sees it. The citizen is held by the store (hashed), not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// BookingIdentifier.
    pub id: BookingId,
    /// The counselor whose time it occupies.
    pub counselor: CounselorId,
    /// The jobcenter the booking belongs to.
    pub jobcenter: JobCenterCode,
    /// The offer booked, if it came through one (RegisterBooking bookings may have none).
    pub offer: Option<OfferId>,
    /// Start and end of the meeting.
    pub interval: Interval,
    /// Lifecycle status.
    pub status: BookingStatus,
    /// How it was made.
    pub channel: Channel,
    /// Who made it.
    pub originator: Originator,
    /// InterviewTypeIdentifier.
    pub interview_type: i32,
    /// InterviewFormTypeIdentifier.
    pub form_type: i32,
    /// InterviewContactTypeIdentifier.
    pub contact_type: i32,
    /// Rebook and cancel permissions.
    pub changes: ChangeFlags,
    /// CompulsoryAttendance.
    pub compulsory: bool,
    /// SelfBooked: true only for the SelfBooking channel.
    pub self_booked: bool,
    /// GroupMeetingIdentifier, for group meetings.
    pub group_meeting: Option<String>,
    /// DigitalMeetingLink.
    pub digital_link: Option<String>,
    /// Why it lapsed.
    pub lapsed_reason: Option<String>,
    /// Reported for billing: then it can only be marked lapsed.
    pub billed: bool,
    /// Optimistic version, raised on every change.
    pub version: i64,
}

impl Booking {
    /// The status after `action`, or why the action is not allowed from the current status.
    pub fn transition(&self, action: Action) -> Result<BookingStatus, Error> {
        use BookingStatus::*;
        let next = match (self.status, action) {
            // Xpert Suite billing lock: a billed appointment is neither moved nor deleted.
            (Booked | NoShow, Action::Reschedule | Action::Cancel) if self.billed => {
                return Err(Error::BilledOnlyLapse)
            }
            (Booked, Action::Reschedule) => Booked,
            (Booked | NoShow, Action::Cancel) => Cancelled,
            (Completed, Action::Cancel) if self.billed => return Err(Error::BilledOnlyLapse),
            (Completed, Action::Cancel) => Cancelled,
            (Booked | NoShow, Action::Complete) => Completed,
            (Booked, Action::NoShow) => NoShow,
            (NoShow, Action::CorrectNoShow) => Booked,
            (Booked | Completed | NoShow, Action::MarkLapsed) => Lapsed,
            (from, action) => {
                return Err(Error::InvalidTransition { from: from.as_str(), action: action.past_tense() })
            }
        };
        Ok(next)
    }

    /// May the citizen rebook now? Checks status, the flag and the deadline.
    pub fn check_citizen_rebook(&self, now: DateTime<Utc>) -> Result<(), Error> {
        self.transition(Action::Reschedule)?;
        if !self.changes.rebook_possible {
            return Err(Error::RebookNotPossible);
        }
        let deadline = self.changes.rebook_deadline.unwrap_or(self.interval.start());
        if now >= deadline.min(self.interval.start()) {
            return Err(Error::RebookDeadlinePassed);
        }
        Ok(())
    }

    /// May the citizen (or the registering system, on the citizen's behalf) cancel now?
    pub fn check_citizen_cancel(&self, now: DateTime<Utc>) -> Result<(), Error> {
        if self.status != BookingStatus::Booked {
            return Err(Error::InvalidTransition {
                from: self.status.as_str(),
                action: Action::Cancel.past_tense(),
            });
        }
        if !self.changes.cancel_possible {
            return Err(Error::CancelNotPossible);
        }
        let deadline = self.changes.cancel_deadline.unwrap_or(self.interval.start());
        if now >= deadline.min(self.interval.start()) {
            return Err(Error::CancelDeadlinePassed);
        }
        Ok(())
    }

    /// True when the booking holds its time in the future (counts for "one future booking").
    pub fn is_future_active(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Booked && self.interval.start() > now
    }
}

impl Booking {
    /// The self-booking a reservation becomes when it is confirmed (CreateBooking), and what
    /// GetBookingDetails shows in advance: the offer's codes and rules, channel SelfBooking.
    pub fn self_booked(
        id: BookingId,
        reservation: &Reservation,
        offer: &Offer,
        originator: Originator,
        group_meeting: Option<String>,
    ) -> Booking {
        Booking {
            id,
            counselor: reservation.counselor.clone(),
            jobcenter: offer.jobcenter.clone(),
            offer: Some(offer.id.clone()),
            interval: reservation.interval,
            status: BookingStatus::Booked,
            channel: Channel::SelfBooking,
            originator,
            interview_type: offer.interview_type,
            form_type: offer.form.code(),
            contact_type: reservation.contact_type,
            changes: ChangeFlags::from_offer(&offer.changes, reservation.interval.start()),
            compulsory: offer.compulsory,
            self_booked: true,
            group_meeting,
            digital_link: None,
            lapsed_reason: None,
            billed: false,
            version: 1,
        }
    }

    /// This booking moved to a rebooking reservation's time (RescheduleBooking): it keeps its
    /// id, channel and originator; a self-booking gets the offer's rules for the new start, a
    /// registered booking keeps the flags its system gave it. The version is not raised here.
    pub fn moved_to(mut self, reservation: &Reservation, offer: &Offer) -> Booking {
        self.counselor = reservation.counselor.clone();
        self.offer = Some(offer.id.clone());
        self.interval = reservation.interval;
        self.contact_type = reservation.contact_type;
        self.interview_type = offer.interview_type;
        self.form_type = offer.form.code();
        if self.channel == Channel::SelfBooking {
            self.changes = ChangeFlags::from_offer(&offer.changes, reservation.interval.start());
        }
        self
    }
}

/// Checks a staff action before the booking is loaded: staff move a booking with the staff
/// reschedule (`staff_move`), never with an action, and a lapse needs a reason.
pub fn check_staff_action(action: Action, reason: Option<&str>) -> Result<(), Error> {
    if action == Action::Reschedule {
        return Err(Error::InvalidTransition { from: "Booked", action: "rescheduled by a staff action" });
    }
    if action == Action::MarkLapsed {
        check_lapse_reason(reason.unwrap_or(""))?;
    }
    Ok(())
}

impl Booking {
    /// Whether staff may take `action` on this booking at `now`: the status allows it, and
    /// attendance (held, no-show) is recorded only once the meeting has begun.
    pub fn check_staff(&self, action: Action, now: DateTime<Utc>) -> Result<(), Error> {
        self.transition(action)?;
        if matches!(action, Action::Complete | Action::NoShow) && now < self.interval.start() {
            return Err(Error::NotBegun);
        }
        Ok(())
    }

    /// This booking after an allowed `action`: the new status (or why the action is not
    /// allowed), the trimmed lapse `reason` when lapsing, and the version raised.
    pub fn after(mut self, action: Action, reason: Option<&str>) -> Result<Booking, Error> {
        self.status = self.transition(action)?;
        if action == Action::MarkLapsed {
            self.lapsed_reason = reason.map(|r| r.trim().to_owned());
        }
        self.version += 1;
        Ok(self)
    }
}

/// Checks a lapse reason: required, at most 500 characters.
pub fn check_lapse_reason(reason: &str) -> Result<(), Error> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::LapseReasonMissing);
    }
    if reason.chars().count() > 500 {
        return Err(Error::InvalidText { field: "reason", max: 500 });
    }
    Ok(())
}

/// A time held for one citizen until it is booked or expires (GetBookingDetails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// ReservationIdentifier.
    pub id: ReservationId,
    /// The offer, if any.
    pub offer: OfferId,
    /// The counselor whose time is held.
    pub counselor: CounselorId,
    /// The meeting time held.
    pub interval: Interval,
    /// The contact form chosen.
    pub contact_type: i32,
    /// Set when the reservation is for rebooking this booking.
    pub rebooking: Option<BookingId>,
    /// ReservationExpiryTime.
    pub expires_at: DateTime<Utc>,
    /// The booking it became, once consumed.
    pub consumed_by: Option<BookingId>,
}

impl Reservation {
    /// Fails with [`Error::ReservationExpired`] once `now` reaches the expiry, unless it was
    /// already consumed (then the caller returns the booking it became: idempotency).
    pub fn check_usable(&self, now: DateTime<Utc>) -> Result<(), Error> {
        if self.consumed_by.is_none() && now >= self.expires_at {
            return Err(Error::ReservationExpired);
        }
        Ok(())
    }
}

/// How far ahead any booking time may lie, in days: two years. Nothing a jobcenter plans is
/// further away, and a bound keeps a mistyped year (9999) out of the calendars and out of every
/// computation that walks a counselor's time.
pub const HORIZON_DAYS: i64 = 731;

/// The horizon rule (1014): `at`, the value of the field `field`, lies at most
/// [`HORIZON_DAYS`] after `now`.
pub fn check_horizon(field: &'static str, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Error> {
    if at > now + Duration::days(HORIZON_DAYS) {
        Err(Error::BeyondHorizon(field))
    } else {
        Ok(())
    }
}

/// The minimum-notice rule (4783): the start must be at least `min_notice` after `now`.
pub fn check_notice(start: DateTime<Utc>, now: DateTime<Utc>, min_notice: Duration) -> Result<(), Error> {
    if start < now + min_notice {
        Err(Error::StartTooSoon)
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[path = "booking_tests.rs"]
mod tests;
