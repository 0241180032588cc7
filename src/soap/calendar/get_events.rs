//! GetEvents: the planner's bookings and busy blocks of one resource over an interval, so the
//! connector can show bookings in the counselor's own calendar.
//!
//! Request: ResourceEmail, IntervalStartTime, IntervalEndTime, ChangedSince?.
//! Response: `PlannerEventCollection` / `PlannerEvent` (EventIdentifier, EventKind Booking|Busy,
//! Status, StartTime, EndTime, Sequence?, Source?, LastModified, ExternalEventIdentifier?).
//! Bookings carry only their id and times (no citizen data); `Sequence` rises on every change.
//! `EventIdentifier` is always the planner's id; a busy event the calling connector pushed also
//! carries the connector's own id as `ExternalEventIdentifier`, so it can reconcile (another
//! connector's ids are never shown). `LastModified` is always given. With ChangedSince: bookings
//! changed after it (cancelled ones included) and synced events changed after it (deleted ones
//! with Status Deleted); manual blocks leave no tombstone and are left out then.

use super::service::scope;
use super::NAMESPACE;
use crate::domain::calendar_sync::resource_email;
use crate::domain::{BlockSource, Interval};
use crate::soap::answer::Answer;
use crate::soap::fault::Fault;
use crate::soap::fields::Fields;
use crate::soap::operations::{Call, Note};
use crate::xml::format_datetime;
use crate::xml::{Element, XmlOut};

fn source_code(source: BlockSource) -> &'static str {
    match source {
        BlockSource::Manual => "Manual",
        BlockSource::CalendarSync => "Calendar",
        BlockSource::Other => "Other",
    }
}

/// GetEvents.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let allowed = ["ResourceEmail", "IntervalStartTime", "IntervalEndTime", "ChangedSince"];
    let fields = Fields::new_in(NAMESPACE, request, &allowed)?;
    let email = fields.parsed("ResourceEmail", resource_email)?;
    let start = fields.datetime("IntervalStartTime")?;
    let end = fields.datetime("IntervalEndTime")?;
    let since = fields.opt_datetime("ChangedSince")?;
    let within = Interval::new(start, end)
        .map_err(|_| Fault::client(4792, "IntervalEndTime must be after IntervalStartTime"))?;
    if end - start > chrono::Duration::days(400) {
        return Err(Fault::invalid("the interval may span at most 400 days"));
    }
    let counselor = call
        .store
        .counselor_by_email(&email, &scope(call))
        .map_err(|e| call.fault(&e))?
        .ok_or_else(|| Fault::invalid("'ResourceEmail' names no counselor of the caller's jobcenters"))?;
    call.authorize(&counselor.jobcenter, note)?;
    note.detail = Some(format!("counselor={}", counselor.id.as_str()));
    let bookings =
        call.store.calendar_bookings(&counselor.id, Some(within), since).map_err(|e| call.fault(&e))?;
    let blocks = call.store.counselor_blocks(&counselor.id, within, since).map_err(|e| call.fault(&e))?;
    let mut out = XmlOut::default();
    out.open("GetEventsResponse", &[("xmlns", NAMESPACE)]);
    out.open("PlannerEventCollection", &[]);
    for booking in &bookings {
        out.open("PlannerEvent", &[]);
        out.leaf("EventIdentifier", &booking.id);
        out.leaf("EventKind", "Booking");
        out.leaf("Status", booking.status.as_str());
        out.leaf("StartTime", &format_datetime(booking.interval.start()));
        out.leaf("EndTime", &format_datetime(booking.interval.end()));
        out.leaf("Sequence", &booking.version.to_string());
        out.leaf("Source", "Planner");
        out.leaf("LastModified", &format_datetime(booking.updated_at));
        out.close("PlannerEvent");
    }
    for block in &blocks {
        out.open("PlannerEvent", &[]);
        out.leaf("EventIdentifier", &block.id);
        out.leaf("EventKind", "Busy");
        out.leaf("Status", if block.deleted { "Deleted" } else { "Busy" });
        out.leaf("StartTime", &format_datetime(block.interval.start()));
        out.leaf("EndTime", &format_datetime(block.interval.end()));
        out.leaf("Source", source_code(block.source));
        out.leaf("LastModified", &format_datetime(block.updated_at));
        if let Some((_, external)) = block.origin.as_ref().filter(|(by, _)| *by == call.caller.identity) {
            out.leaf("ExternalEventIdentifier", external);
        }
        out.close("PlannerEvent");
    }
    out.close("PlannerEventCollection");
    out.close("GetEventsResponse");
    Ok(out.into())
}
