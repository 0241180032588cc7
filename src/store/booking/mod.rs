//! Bookings: self-booking (`reserve`: reserve, confirm, reschedule, reached through the narrow
//! handle `store.bookings()` in `handle`), changes to a booking
//! (`changes`: cancel, complete, no-show, lapse), bookings registered by caseworker systems and
//! summoners (`register`), staff moves (`staff_move`), the occupied-time table they all hold
//! time in (`occupancy`), the readers (`queries` for citizens and connectors, `reports` for
//! operators, `utilisation` for the web app's report of booked against offered time, `listing`
//! for listings kept while they hold), and the booking row with its one loader (`row`).

pub(crate) mod changes;
pub(crate) mod handle;
pub(crate) mod listing;
pub(crate) mod occupancy;
pub(crate) mod queries;
pub(crate) mod register;
pub(crate) mod reports;
pub(crate) mod reserve;
pub(crate) mod row;
pub(crate) mod staff_move;
pub(crate) mod utilisation;

pub use handle::Bookings;
pub use listing::Listing;
pub(crate) use reserve::{check_one_future_booking, future_bookers};
pub(crate) use row::{load_booking_row, BookingRow};
