//! GetBookings: every booking of a citizen held here, however it was made (self-booked,
//! registered by a caseworker system, summons), ordered by start.
//!
//! Contract §4 limits every call to the caller's jobcenters, so a caller never sees bookings of
//! a jobcenter it does not act for, even without a JobCenterCode in the request: those are
//! filtered out rather than refused, because the caller cannot know where a citizen's bookings
//! are. A JobCenterCode the caller does not act for is refused (4575).

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::NAMESPACE;
use crate::domain::{Booking, Interval, JobCenterCode};
use crate::xml::{Element, XmlOut};

/// Request: PersonCivilRegistrationIdentifier, JobCenterCode?, IntervalStartTime?,
/// IntervalEndTime? (both or neither). Response: BookingCollection of Booking.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &["PersonCivilRegistrationIdentifier", "JobCenterCode", "IntervalStartTime", "IntervalEndTime"],
    )?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let jobcenter = fields.opt_parsed("JobCenterCode", JobCenterCode::parse)?;
    let start = fields.opt_datetime("IntervalStartTime")?;
    let end = fields.opt_datetime("IntervalEndTime")?;
    let within = match (start, end) {
        (Some(start), Some(end)) => Some(Interval::new(start, end).map_err(|e| Fault::from_domain(&e))?),
        (None, None) => None,
        _ => return Err(Fault::invalid("'IntervalStartTime' and 'IntervalEndTime' must be given together")),
    };
    if let Some(jobcenter) = &jobcenter {
        call.authorize(jobcenter, note)?;
    }
    let bookings: Vec<Booking> = call
        .store
        .bookings_of(&cpr, jobcenter.as_ref(), within)
        .map_err(|e| call.fault(&e))?
        .into_iter()
        .filter(|booking| visible(call, booking))
        .collect();
    note.detail =
        Some(format!("bookings={}", bookings.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(",")));
    let mut out = XmlOut::default();
    out.open("GetBookingsResponse", &[("xmlns", NAMESPACE)]);
    out.open("BookingCollection", &[]);
    for booking in &bookings {
        out.open("Booking", &[]);
        call.write_booking(&mut out, booking, true)?;
        out.close("Booking");
    }
    out.close("BookingCollection");
    out.close("GetBookingsResponse");
    Ok(out.into())
}

/// A booking the caller may see: of a jobcenter it acts for and, when ActiveOrganisationHeader
/// names a jobcenter, of that one (as [`Call::authorize`] requires for a single entity).
fn visible(call: &Call, booking: &Booking) -> bool {
    call.caller.acts_for(&booking.jobcenter)
        && call.headers.jobcenter.as_ref().is_none_or(|header| header == &booking.jobcenter)
}
