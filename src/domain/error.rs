//! The domain's error type: one variant per business rule that can refuse a request.
//!
//! The domain does no I/O, so it has no I/O variants. Error texts never repeat the offending
//! input (a CPR must never reach a log through an error message).

/// A business rule refused the request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Occurs when a CPR number is not 10 digits or is not a valid date.
    #[error("CPR must be 10 digits starting with a valid date (DDMMYY)")]
    InvalidCpr,
    /// Occurs when a jobcenter code is not exactly 5 digits.
    #[error("jobcenter code must be exactly 5 digits")]
    InvalidJobCenterCode,
    /// Occurs when an identifier that must be a GUID is not one; names the field.
    #[error("'{0}' must be a GUID (8-4-4-4-12 hexadecimal digits)")]
    InvalidGuid(&'static str),
    /// Occurs when a caseworker identifier is empty or longer than 255 characters.
    #[error("caseworker identifier must be 1-255 characters")]
    InvalidCaseworkerId,
    /// Occurs when a text field is empty or too long; names the field and its limit.
    #[error("'{field}' must be 1-{max} characters")]
    InvalidText {
        /// The field's name.
        field: &'static str,
        /// Its maximum length in characters.
        max: usize,
    },
    /// Occurs when an interval's end is not after its start (STAR 4792).
    #[error("end must be after start")]
    EndBeforeStart,
    /// Occurs when a duration, buffer, notice or seat count is negative or zero where it must be positive.
    #[error("'{0}' must be a positive number")]
    NotPositive(&'static str),
    /// Occurs when a time lies before now plus the offer's minimum notice (STAR 4783).
    #[error("start time is before now plus the minimum notice")]
    StartTooSoon,
    /// Occurs when a time lies further ahead than the booking horizon (1014); names the field.
    #[error("'{0}' lies more than {max} days ahead (the booking horizon)", max = crate::domain::booking::HORIZON_DAYS)]
    BeyondHorizon(&'static str),
    /// Occurs when the requested time is not (or no longer) free (4770).
    #[error("the time is no longer available")]
    SlotTaken,
    /// Occurs when an offer has no free time or does not fit the citizen (4770).
    #[error("no available booking options")]
    NoBookingOptions,
    /// Occurs when a reservation expired before it was used (4771).
    #[error("the reservation has expired")]
    ReservationExpired,
    /// Occurs when a reservation is used for another operation or booking than it was made for (4771).
    #[error("the reservation was made for another operation or booking")]
    ReservationMismatch,
    /// Occurs when a reservation or booking belongs to another citizen (8107).
    #[error("the booking or reservation does not belong to this citizen")]
    NotOwnedByCitizen,
    /// Occurs when rebooking is not allowed for the booking (4772).
    #[error("rebooking is not possible for this booking")]
    RebookNotPossible,
    /// Occurs when the rebooking deadline has passed (4772).
    #[error("the rebooking deadline has passed")]
    RebookDeadlinePassed,
    /// Occurs when cancellation is not allowed for the booking (4773).
    #[error("cancellation is not possible for this booking")]
    CancelNotPossible,
    /// Occurs when the cancellation deadline has passed (4773).
    #[error("the cancellation deadline has passed")]
    CancelDeadlinePassed,
    /// Occurs when a status change is not allowed from the booking's current status.
    #[error("a booking with status {from} cannot be {action}")]
    InvalidTransition {
        /// The booking's current status.
        from: &'static str,
        /// What was attempted ("rescheduled", "cancelled", ...).
        action: &'static str,
    },
    /// Occurs when a meeting is marked held or no-show before it has begun.
    #[error("a meeting cannot be marked held or no-show before it begins")]
    NotBegun,
    /// Occurs when a booking already reported for billing is cancelled: it may only be marked lapsed.
    #[error("the booking has been reported for billing; mark it lapsed with a reason instead")]
    BilledOnlyLapse,
    /// Occurs when marking a booking lapsed without a reason.
    #[error("a reason is required to mark a booking lapsed")]
    LapseReasonMissing,
    /// Occurs when a citizen already holds a future booking of the same offer.
    #[error("the citizen already holds a future booking of this offer")]
    AlreadyBooked,
    /// Occurs when a rebooking deadline is set although rebooking is impossible (8125).
    #[error("ReBookingDeadline must not be set when rebooking is not possible")]
    RebookDeadlineNotAllowed,
    /// Occurs when no rebooking deadline is given although rebooking is possible (8126).
    #[error("ReBookingDeadline must be set when rebooking is possible")]
    RebookDeadlineMissing,
    /// Occurs when a cancellation deadline is set although cancellation is impossible (8127).
    #[error("CancellationDeadline must not be set when cancellation is not possible")]
    CancelDeadlineNotAllowed,
    /// Occurs when a group offer has no seats or an individual offer has seats.
    #[error("group offers need at least one seat; individual offers have none")]
    InvalidSeats,
    /// Occurs when a working-hours period ends before it starts or overlaps another on the same day.
    #[error("working hours must not overlap and must end after they start")]
    InvalidWorkingHours,
    /// Occurs when a code (interview type, contact type, form type) is not one the offer or
    /// STAR's code list allows.
    #[error("'{0}' holds a code that is not allowed here")]
    CodeNotAllowed(&'static str),
    /// Occurs when a closing day's name, date or part of the day is not valid; says which.
    #[error("invalid closing day: {0}")]
    InvalidClosingDay(&'static str),
    /// Occurs when a new booking is asked for an interview type the jobcenter keeps for no-show
    /// follow-up (existing bookings of it can still change).
    #[error(
        "the interview type is for no-show follow-up: it is not offered for new summons or self-booking"
    )]
    TypeNotOffered,
    /// Occurs when a summons lacks the contact data its interview type requires; says which.
    #[error("the interview type requires the citizen's {0}, which the summons does not give")]
    ContactMissing(&'static str),
    /// Occurs when a name that must be unique (a team's within its jobcenter) is taken.
    #[error("a {0} with this name exists already")]
    NameTaken(&'static str),
    /// Occurs when a meeting would lie on a public holiday or a closing day of the jobcenter.
    #[error("the jobcenter is closed at that time (a public holiday or closing day)")]
    Closed,
    /// Occurs when staff move a meeting outside the counselor's working hours.
    #[error("the new time is outside the counselor's working hours")]
    OutsideWorkingHours,
    /// Occurs when a role is given without a jobcenter or team to bind it to.
    #[error("a role must be bound to at least one jobcenter or team")]
    NoCluster,
    /// Occurs when an invitation is used after its last day; an administrator can extend it.
    #[error("the invitation has expired; ask your administrator to extend it")]
    InvitationExpired,
    /// Occurs when a new account is asked for an e-mail address that has one already.
    #[error("an account with this e-mail address exists already; sign in to add the role to it")]
    AccountExists,
    /// Occurs when an invitation that was used or revoked is used, extended or revoked.
    #[error("the invitation has been used or revoked")]
    InvitationUsed,
    /// Occurs when a sender's code is entered wrong.
    #[error("the code is wrong; enter the code mailed to the sender address")]
    WrongSenderCode,
    /// Occurs when a sender's code is entered after it expired or was tried too often.
    #[error("the code has expired or was tried too often; add the sender again for a new code")]
    SenderCodeExpired,
    /// Occurs when a sender address is confirmed or added again after it was confirmed.
    #[error("the sender address is confirmed already")]
    SenderConfirmed,
    /// Occurs when mail is to be sent as an address that is not a confirmed sender.
    #[error("the sender address is not confirmed; enter the code mailed to it first")]
    SenderNotConfirmed,
    /// Occurs when mail is to be sent and no sender address is confirmed.
    #[error("no sender address is confirmed; add one and enter the code mailed to it")]
    NoConfirmedSender,
}
