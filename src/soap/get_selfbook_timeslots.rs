//! GetSelfbookTimeslots: an offer's free times in a window, per counselor (contract §3 #3).
//!
//! The free times come from the same engine that GetBookingDetails checks a chosen time against
//! (`Store::free_times`), so a listed time is bookable unless someone takes it meanwhile. The
//! window is limited to [`MAX_WINDOW_DAYS`] so that no request can ask the engine for centuries.
//! With a BookingIdentifier (rebooking) the booking must be the citizen's and rebookable now,
//! so the citizen is not shown times that GetBookingDetails would then refuse.
//! This module never changes anything.

use chrono::Duration;

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::wire;
use super::NAMESPACE;
use crate::domain::availability::FreeTime;
use crate::domain::{self, BookingId, CaseworkerId, Interval, Offer, OfferId};
use crate::store::OfferTimes;
use crate::xml::format_datetime;
use crate::xml::{Element, XmlOut};

/// The longest window one request may ask for, in days (about a quarter).
pub const MAX_WINDOW_DAYS: i64 = 92;

/// Request: PersonCivilRegistrationIdentifier, InterviewOptionIdentifier,
/// BookingOptionIntervalStartTime, BookingOptionIntervalEndTime, CaseWorkerIdentifier?,
/// BookingIdentifier? (rebooking).
/// Response: CaseWorkerTimeslotCollection of CaseWorkerTimeslot, one per counselor with times.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &[
            "PersonCivilRegistrationIdentifier",
            "InterviewOptionIdentifier",
            "BookingOptionIntervalStartTime",
            "BookingOptionIntervalEndTime",
            "CaseWorkerIdentifier",
            "BookingIdentifier",
        ],
    )?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let offer_id = fields.parsed("InterviewOptionIdentifier", OfferId::parse)?;
    let start = fields.datetime("BookingOptionIntervalStartTime")?;
    let end = fields.datetime("BookingOptionIntervalEndTime")?;
    let caseworker = fields.opt_parsed("CaseWorkerIdentifier", CaseworkerId::parse)?;
    let rebooking = fields.opt_parsed("BookingIdentifier", BookingId::parse)?;
    let window = Interval::new(start, end).map_err(|e| Fault::from_domain(&e))?;
    if end - start > Duration::days(MAX_WINDOW_DAYS) {
        return Err(Fault::invalid(format!(
            "'BookingOptionIntervalEndTime' must be at most {MAX_WINDOW_DAYS} days after BookingOptionIntervalStartTime"
        )));
    }
    note.detail = Some(match &rebooking {
        Some(booking) => format!("offer={offer_id} booking={booking}"),
        None => format!("offer={offer_id}"),
    });
    // One read of offer, counselors and times, or the answer kept from an identical listing
    // while it holds (`Store::offer_listing`); nothing is revealed before `authorize`.
    let listing = call
        .store
        .offer_listing((&offer_id, window, caseworker.as_ref()), (call.numbers, call.now), answer)
        .map_err(|e| call.fault(&e))?;
    call.authorize(&listing.jobcenter, note)?;
    if let Some(booking_id) = &rebooking {
        let booking = call.store.booking(booking_id, Some(&cpr)).map_err(|e| call.fault(&e))?;
        booking.check_citizen_rebook(call.now).map_err(|e| Fault::from_domain(&e))?;
        // A rebooking moves the booking within its own offer (as GetBookingDetails enforces).
        if booking.offer.as_ref().is_some_and(|own| own != &offer_id) {
            return Err(Fault::from_domain(&domain::Error::RebookNotPossible));
        }
    }
    Ok(listing.made.as_ref().clone())
}

/// The answer's body for `found`: it depends on nothing else, so it can be kept (and shared:
/// cloning an [`Answer`] does not copy it).
fn answer(found: &OfferTimes) -> Answer {
    let (offer, counselors, times) = (&found.offer, &found.counselors, &found.times);
    let same_for_all = same_for_all_times(offer);
    // About 570 bytes per free time with its counselor's share (measured on the demo data).
    let mut out = XmlOut::with_capacity(1024 + times.len() * 640);
    out.open("GetSelfbookTimeslotsResponse", &[("xmlns", NAMESPACE)]);
    out.open("CaseWorkerTimeslotCollection", &[]);
    // Contract §4 engine output is sorted by counselor, then start: one entry per run.
    for run in times.chunk_by(|a, b| a.counselor == b.counselor) {
        let Some(counselor) = counselors.iter().find(|c| c.id == run[0].counselor) else {
            continue;
        };
        out.open("CaseWorkerTimeslot", &[]);
        wire::supervisor(&mut out, counselor);
        out.open("BookingTimeslotCollection", &[]);
        for time in run {
            write_timeslot(&mut out, &same_for_all, time);
        }
        out.close("BookingTimeslotCollection");
        out.close("CaseWorkerTimeslot");
    }
    out.close("CaseWorkerTimeslotCollection");
    out.close("GetSelfbookTimeslotsResponse");
    out.into()
}

/// The part of every BookingTimeslot that is the same for all of an offer's times (contact
/// types and flags), written once per answer: an answer for a week holds hundreds of times.
fn same_for_all_times(offer: &Offer) -> String {
    let mut out = XmlOut::default();
    wire::contact_types(&mut out, &offer.contact_types);
    out.leaf("RebookingPossible", wire::bool_text(offer.changes.rebook_possible));
    out.leaf("CancellationPossible", wire::bool_text(offer.changes.cancel_possible));
    out.into_string()
}

/// One BookingTimeslot, in the schema's order; seats only for group offers.
fn write_timeslot(out: &mut XmlOut, same_for_all: &str, time: &FreeTime) {
    out.open("BookingTimeslot", &[]);
    out.leaf("StartTime", &format_datetime(time.interval.start()));
    out.leaf("EndTime", &format_datetime(time.interval.end()));
    out.raw(same_for_all);
    out.opt_leaf("MaksimaltMoededeltagerantal", time.seats.map(|n| n.to_string()).as_deref());
    out.opt_leaf("AvailableNoOfSeats", time.seats_left.map(|n| n.to_string()).as_deref());
    out.close("BookingTimeslot");
}
