//! SOAP faults with the contract's error codes (§2), mapped once and exhaustively from the
//! domain's and the store's errors. Internal errors carry only a correlation id.

use crate::domain;
use crate::store::{self, Entity};
use crate::xml::chars::{is_xml_char, REPLACEMENT};

/// Longest fault text; a longer one is cut (texts quote input only as short excerpts anyway).
const MAX_TEXT: usize = 400;

/// Every ErrorCode a fault carries (contract §2), with its text for the metrics label.
const CODES: [(u32, &str); 18] = [
    (1001, "1001"),
    (1014, "1014"),
    (4575, "4575"),
    (4708, "4708"),
    (4709, "4709"),
    (4768, "4768"),
    (4770, "4770"),
    (4771, "4771"),
    (4772, "4772"),
    (4773, "4773"),
    (4783, "4783"),
    (4792, "4792"),
    (4805, "4805"),
    (8107, "8107"),
    (8125, "8125"),
    (8126, "8126"),
    (8127, "8127"),
    (9500, "9500"),
];

/// The text as a fault may carry it: at most [`MAX_TEXT`] characters, control characters and
/// those XML forbids replaced (a safety net: the quoting sites already use excerpts).
fn bounded(text: String) -> String {
    let unsafe_char = |c: char| c.is_control() || !is_xml_char(c);
    if text.len() <= MAX_TEXT && !text.chars().any(unsafe_char) {
        return text;
    }
    text.chars().take(MAX_TEXT).map(|c| if unsafe_char(c) { REPLACEMENT } else { c }).collect()
}

/// Whose fault it is: `soap:Client` / `Sender`, or `soap:Server` / `Receiver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The caller's request is wrong.
    Client,
    /// The planner failed.
    Server,
}

/// A fault to answer with: an error code of contract §2 and a text safe to show the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// ErrorCode (1014, 4770, ...).
    pub code: u32,
    /// ErrorText and faultstring; never personal data.
    pub text: String,
    /// Client or server.
    pub side: Side,
}

impl Fault {
    /// A caller's error with this code.
    pub fn client(code: u32, text: impl Into<String>) -> Self {
        Self { code, text: bounded(text.into()), side: Side::Client }
    }

    /// The ErrorCode as a metrics label: one of the contract's codes, else `unknown`.
    pub fn label(&self) -> &'static str {
        CODES.iter().find(|(code, _)| *code == self.code).map_or("unknown", |(_, text)| text)
    }

    /// 1014: the message fails validation; the text names the field.
    pub fn invalid(text: impl Into<String>) -> Self {
        Self::client(1014, text)
    }

    /// 4575: not authorized.
    pub fn unauthorized(text: impl Into<String>) -> Self {
        Self::client(4575, text)
    }

    /// 9500: our error; the details are in the log under `correlation_id`.
    pub fn internal(correlation_id: &str) -> Self {
        Self {
            code: 9500,
            text: bounded(format!("internal error; correlation id {correlation_id}")),
            side: Side::Server,
        }
    }

    /// The fault for a business rule.
    pub fn from_domain(error: &domain::Error) -> Self {
        use domain::Error as E;
        let code = match error {
            E::InvalidCpr => 1001,
            E::InvalidJobCenterCode
            | E::InvalidGuid(_)
            | E::InvalidCaseworkerId
            | E::InvalidText { .. }
            | E::NotPositive(_)
            | E::InvalidSeats
            | E::InvalidWorkingHours
            | E::InvalidClosingDay(_)
            | E::NameTaken(_)
            | E::ContactMissing(_)
            | E::NoCluster
            | E::InvitationExpired
            | E::AccountExists
            | E::InvitationUsed
            | E::WrongSenderCode
            | E::SenderCodeExpired
            | E::SenderConfirmed
            | E::SenderNotConfirmed
            | E::NoConfirmedSender
            | E::LapseReasonMissing
            | E::BeyondHorizon(_) => 1014,
            E::EndBeforeStart => 4792,
            E::StartTooSoon => 4783,
            E::SlotTaken
            | E::NoBookingOptions
            | E::AlreadyBooked
            | E::OutsideWorkingHours
            | E::Closed
            | E::TypeNotOffered => 4770,
            E::ReservationExpired | E::ReservationMismatch => 4771,
            E::NotOwnedByCitizen => 8107,
            E::RebookNotPossible | E::RebookDeadlinePassed => 4772,
            E::CancelNotPossible | E::CancelDeadlinePassed | E::BilledOnlyLapse => 4773,
            E::InvalidTransition { action: "rescheduled", .. } => 4772,
            E::InvalidTransition { action: "cancelled", .. } => 4773,
            E::InvalidTransition { .. } | E::NotBegun => 1014,
            E::RebookDeadlineNotAllowed => 8125,
            E::RebookDeadlineMissing => 8126,
            E::CancelDeadlineNotAllowed => 8127,
            E::CodeNotAllowed("InterviewContactTypeIdentifier") => 4708,
            E::CodeNotAllowed("InterviewTypeIdentifier") => 4709,
            E::CodeNotAllowed("InterviewFormTypeIdentifier") => 4805,
            E::CodeNotAllowed(_) => 1014,
        };
        Self::client(code, error.to_string())
    }

    /// The fault for a store error; internal ones become 9500 with the correlation id.
    pub fn from_store(error: &store::Error, correlation_id: &str) -> Self {
        match error {
            store::Error::NotFound(Entity::Booking) => Self::client(4768, "BookingIdentifier unknown"),
            store::Error::NotFound(Entity::Reservation) => {
                Self::client(4771, "ReservationIdentifier unknown or expired")
            }
            store::Error::NotFound(Entity::Offer) => {
                Self::client(4770, "no available booking options: InterviewOptionIdentifier unknown")
            }
            store::Error::NotFound(Entity::Counselor) => Self::invalid("CaseWorkerIdentifier unknown"),
            store::Error::NotFound(Entity::JobCenter) => Self::invalid("JobCenterCode unknown"),
            // No SOAP operation reads batches; should one ever fail so, it is the caller's id.
            store::Error::NotFound(Entity::SummonsBatch) => Self::invalid("summons batch unknown"),
            store::Error::NotFound(Entity::ClosingDay) => Self::invalid("closing day unknown"),
            store::Error::NotFound(Entity::Team) => Self::invalid("team unknown"),
            store::Error::NotFound(Entity::SummonsTemplate) => Self::invalid("summons template unknown"),
            store::Error::NotFound(Entity::Room) => Self::invalid("room unknown"),
            store::Error::NotFound(Entity::Account) => Self::invalid("account unknown"),
            store::Error::NotFound(Entity::Invitation) => Self::invalid("invitation unknown"),
            store::Error::NotFound(Entity::MailSender) => Self::invalid("mail sender unknown"),
            store::Error::NotFound(Entity::Mail) => Self::invalid("mail unknown"),
            store::Error::Conflict(rule) => Self::from_domain(rule),
            store::Error::Unavailable
            | store::Error::Corrupt(_)
            | store::Error::Config(_)
            | store::Error::Migration(_)
            | store::Error::Database(_) => Self::internal(correlation_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_the_contract() {
        use domain::Error as E;
        let cases = [
            (E::InvalidCpr, 1001),
            (E::InvalidGuid("BookingIdentifier"), 1014),
            (E::EndBeforeStart, 4792),
            (E::StartTooSoon, 4783),
            (E::SlotTaken, 4770),
            (E::ReservationExpired, 4771),
            (E::NotOwnedByCitizen, 8107),
            (E::RebookDeadlinePassed, 4772),
            (E::CancelDeadlinePassed, 4773),
            (E::InvalidTransition { from: "Completed", action: "rescheduled" }, 4772),
            (E::RebookDeadlineNotAllowed, 8125),
            (E::RebookDeadlineMissing, 8126),
            (E::CancelDeadlineNotAllowed, 8127),
            (E::CodeNotAllowed("InterviewContactTypeIdentifier"), 4708),
            (E::CodeNotAllowed("InterviewTypeIdentifier"), 4709),
            (E::CodeNotAllowed("InterviewFormTypeIdentifier"), 4805),
        ];
        for (error, code) in &cases {
            assert_eq!(Fault::from_domain(error).code, *code, "{error:?}");
        }
        assert!(cases.iter().all(|(error, _)| Fault::from_domain(error).label() != "unknown"));
        assert_eq!(Fault::client(1234, "x").label(), "unknown");
        let long = Fault::invalid(format!("'{}\u{1b}' is wrong", "n".repeat(900_000)));
        assert!(long.text.chars().count() <= MAX_TEXT && !long.text.contains('\u{1b}'));
        let internal = Fault::from_store(&store::Error::Unavailable, "abc");
        assert_eq!((internal.code, internal.side), (9500, Side::Server));
        assert!(internal.text.contains("abc"));
        assert_eq!(Fault::from_store(&store::Error::NotFound(Entity::Booking), "x").code, 4768);
    }
}
