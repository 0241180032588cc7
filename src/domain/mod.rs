//! The pure model and rules of `planner`: identifiers, offers, calendars, free times, bookings.
//!
//! Architecture invariant: this module does no I/O and reads no clock. "Now" is always a
//! parameter, so every rule can be tested with a table of instants.

pub mod absence;
pub mod availability;
pub mod booking;
pub mod calendar;
pub mod calendar_sync;
pub mod caller;
pub mod closing;
pub mod codes;
pub mod counselor;
mod error;
#[cfg(test)]
mod fixtures;
pub mod ids;
mod interval;
pub mod mail;
pub mod masking;
pub mod offer;
pub mod people;
pub mod reserving;
pub mod room;
pub mod staff_move;
pub mod summons;
pub mod team;
pub mod templates;
pub mod type_rules;

pub use booking::{Action, Booking, BookingStatus, ChangeFlags, Channel, Originator, Reservation};
pub use calendar::{BlockSource, BusyBlock, DayException, LocalPeriod, WeeklyHours, ZONE};
pub use caller::{Caller, Permission, Role};
pub use counselor::Counselor;
pub use error::Error;
pub use ids::{
    BookingId, CaseworkerId, CounselorId, Cpr, GroupMeetingId, JobCenterCode, OfferId, ReservationId, TeamId,
};
pub use interval::Interval;
pub use masking::{mask_cpr, mask_message_id};
pub use offer::{ChangeRules, CitizenProfile, Eligibility, InterviewForm, Location, Offer, SlotRules};
