//! Counting a period's bookings: by status and channel per group (day, week, offer, counselor,
//! channel), the no-show rate and the share self-booked, and how numbers are written (Danish:
//! a decimal comma, so the CSV reads as numbers in a Danish spreadsheet too).
//!
//! The rates' definitions, which the report pages repeat in words: the no-show rate is the
//! no-shows among the meetings whose attendance is registered (held or no-show); the share
//! self-booked is the bookings made by the citizen on Jobnet among all bookings of the group,
//! cancelled ones included. A group without such meetings has no rate (written "–").

use std::collections::BTreeMap;

use crate::domain::{Booking, BookingStatus, Channel};

/// The counts of one group of bookings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// All bookings.
    pub total: i64,
    /// Still booked.
    pub booked: i64,
    /// Held.
    pub completed: i64,
    /// The citizen did not come.
    pub no_show: i64,
    /// Cancelled.
    pub cancelled: i64,
    /// Lapsed.
    pub lapsed: i64,
    /// Made by the citizen (self-booking on Jobnet).
    pub self_booked: i64,
}

impl Counts {
    /// Counts `booking` in.
    pub fn add(&mut self, booking: &Booking) {
        self.total += 1;
        match booking.status {
            BookingStatus::Booked => self.booked += 1,
            BookingStatus::Completed => self.completed += 1,
            BookingStatus::NoShow => self.no_show += 1,
            BookingStatus::Cancelled => self.cancelled += 1,
            BookingStatus::Lapsed => self.lapsed += 1,
        }
        if booking.channel == Channel::SelfBooking {
            self.self_booked += 1;
        }
    }

    /// The sum of two groups.
    pub fn plus(self, other: Counts) -> Counts {
        Counts {
            total: self.total + other.total,
            booked: self.booked + other.booked,
            completed: self.completed + other.completed,
            no_show: self.no_show + other.no_show,
            cancelled: self.cancelled + other.cancelled,
            lapsed: self.lapsed + other.lapsed,
            self_booked: self.self_booked + other.self_booked,
        }
    }

    /// No-shows among held and no-show meetings, in per cent; `None` without either.
    pub fn no_show_rate(&self) -> Option<f64> {
        percent(self.no_show, self.completed + self.no_show)
    }

    /// Self-booked among all bookings, in per cent; `None` without bookings.
    pub fn self_booked_share(&self) -> Option<f64> {
        percent(self.self_booked, self.total)
    }
}

/// `part` of `whole` in per cent; `None` when `whole` is not positive.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// `bookings` counted per key (`key` gives each booking's), by key.
pub fn grouped(bookings: &[Booking], key: impl Fn(&Booking) -> String) -> BTreeMap<String, Counts> {
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    for booking in bookings {
        groups.entry(key(booking)).or_default().add(booking);
    }
    groups
}

/// A number with one decimal and a decimal comma ("37,5"); a missing one is "–".
pub fn decimal(value: Option<f64>) -> String {
    match value {
        Some(value) if value.is_finite() => format!("{value:.1}").replace('.', ","),
        _ => "–".to_owned(),
    }
}

/// Minutes as hours with one decimal ("7,5").
pub fn hours(minutes: i64) -> String {
    decimal(Some(minutes as f64 / 60.0))
}
