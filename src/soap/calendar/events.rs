//! CreateEvents, UpdateEvents and DeleteEvents: a batch of events in `EventCollection`, one
//! `Receipt` per event in `ReceiptCollection`, in the same order (EventIdentifier, Status, then
//! Outcome and ConflictCount when Accepted or ErrorCode and ErrorText when Rejected: one schema
//! sequence of optional elements, which strict clients such as zeep can read). An event that
//! cannot be read (missing or malformed field, end before start) is refused in its receipt; the
//! rest of the batch is applied in one transaction.
//!
//! Request: `EventCollection` / `Event` (EventIdentifier, ResourceEmail, StartTime, EndTime,
//! Subject?; DeleteEvents: EventIdentifier, ResourceEmail). The subject is accepted but never
//! stored: a private appointment's title is the counselor's business, only its time blocks.

use chrono::{DateTime, Utc};

use super::service::scope;
use super::NAMESPACE;
use crate::domain::calendar_sync::{
    resource_email, Accepted, EventKey, EventRef, ExternalEvent, Receipt, Rejection,
};
use crate::domain::Interval;
use crate::soap::answer::Answer;
use crate::soap::fault::Fault;
use crate::soap::fields::{self, Fields};
use crate::soap::operations::{Call, Note};
use crate::store::PushMode;
use crate::xml::{Element, XmlOut};

/// Most events in one batch.
const MAX_EVENTS: usize = 5000;

/// The wire name of a rejection reason (`CalendarEventReceiptErrorCodeType`).
pub fn reason_code(reason: Rejection) -> &'static str {
    match reason {
        Rejection::UnknownResource => "UnknownResource",
        Rejection::EndBeforeStart => "EndBeforeStart",
        Rejection::DuplicateEventId => "DuplicateEventId",
        Rejection::UnknownEvent => "UnknownEvent",
        Rejection::InvalidEvent => "InvalidEvent",
    }
}

fn reason_text(reason: Rejection) -> &'static str {
    match reason {
        Rejection::UnknownResource => "ResourceEmail names no counselor of the caller's jobcenters",
        Rejection::EndBeforeStart => "EndTime must be after StartTime",
        Rejection::DuplicateEventId => {
            "EventIdentifier is already used (twice in this batch, or by a live event with other times; use UpdateEvents)"
        }
        Rejection::UnknownEvent => "EventIdentifier names no live event of this resource",
        Rejection::InvalidEvent => "the event is missing a field or has a malformed one",
    }
}

fn outcome_code(accepted: Accepted) -> &'static str {
    match accepted {
        Accepted::Created => "Created",
        Accepted::Updated => "Updated",
        Accepted::Unchanged => "Unchanged",
        Accepted::Deleted => "Deleted",
    }
}

/// The `Event` items of the request's `EventCollection`.
fn items(request: &Element) -> Result<Vec<&Element>, Fault> {
    let fields = Fields::new_in(NAMESPACE, request, &["EventCollection"])?;
    let collection = fields.element("EventCollection")?;
    Fields::new_in(NAMESPACE, collection, &["Event"])?;
    let items: Vec<&Element> = collection.children_named(NAMESPACE, "Event").collect();
    if items.len() > MAX_EVENTS {
        return Err(Fault::invalid(format!("'EventCollection' may hold at most {MAX_EVENTS} events")));
    }
    Ok(items)
}

/// The identifier a rejected event's receipt echoes: at most the 255 characters an
/// EventIdentifier may have, so a huge one is not sent back whole.
fn key_of(event: &Element) -> String {
    let text = event.child(NAMESPACE, "EventIdentifier").map(|e| e.text.trim()).unwrap_or_default();
    text.chars().take(255).collect()
}

fn read_ref(event: &Element) -> Result<EventRef, Rejection> {
    let fields = Fields::new_in(NAMESPACE, event, &["EventIdentifier", "ResourceEmail"])
        .map_err(|_| Rejection::InvalidEvent)?;
    let key = fields.parsed("EventIdentifier", EventKey::parse).map_err(|_| Rejection::InvalidEvent)?;
    let resource = fields.parsed("ResourceEmail", resource_email).map_err(|_| Rejection::UnknownResource)?;
    Ok(EventRef { key, resource })
}

fn read_event(event: &Element) -> Result<ExternalEvent, Rejection> {
    let allowed = ["EventIdentifier", "ResourceEmail", "StartTime", "EndTime", "Subject"];
    let fields = Fields::new_in(NAMESPACE, event, &allowed).map_err(|_| Rejection::InvalidEvent)?;
    let key = fields.parsed("EventIdentifier", EventKey::parse).map_err(|_| Rejection::InvalidEvent)?;
    let resource = fields.parsed("ResourceEmail", resource_email).map_err(|_| Rejection::UnknownResource)?;
    let time = |name| -> Result<DateTime<Utc>, Rejection> {
        fields.text(name).and_then(|t| fields::datetime(t, name)).map_err(|_| Rejection::InvalidEvent)
    };
    let (start, end) = (time("StartTime")?, time("EndTime")?);
    let interval = Interval::new(start, end).map_err(|_| Rejection::EndBeforeStart)?;
    Ok(ExternalEvent { key, resource, interval })
}

/// Runs the readable events through `apply` and merges its receipts with the unreadable ones.
fn batch<T>(
    call: &Call,
    request: &Element,
    note: &mut Note,
    name: &str,
    read: fn(&Element) -> Result<T, Rejection>,
    apply: impl FnOnce(&[T]) -> Result<Vec<Receipt>, crate::store::Error>,
) -> Result<Answer, Fault> {
    let items = items(request)?;
    let jobcenters = scope(call);
    note.jobcenter = Some(jobcenters.iter().map(|j| j.as_str()).collect::<Vec<_>>().join(","));
    let mut receipts: Vec<Option<Receipt>> = Vec::with_capacity(items.len());
    let mut good = Vec::new();
    for item in &items {
        match read(item) {
            Ok(event) => {
                good.push(event);
                receipts.push(None);
            }
            Err(reason) => receipts.push(Some(Receipt::rejected(key_of(item), reason))),
        }
    }
    let mut applied = apply(&good).map_err(|e| call.fault(&e))?.into_iter();
    let receipts: Vec<Receipt> = receipts.into_iter().filter_map(|r| r.or_else(|| applied.next())).collect();
    let refused = receipts.iter().filter(|r| r.result.is_err()).count();
    note.detail = Some(format!("events={} rejected={refused}", receipts.len()));
    let mut out = XmlOut::with_capacity(128 * receipts.len() + 128);
    let response = format!("{name}Response");
    out.open(&response, &[("xmlns", NAMESPACE)]);
    out.open("ReceiptCollection", &[]);
    for receipt in &receipts {
        out.open("Receipt", &[]);
        out.leaf("EventIdentifier", &receipt.event);
        match receipt.result {
            Ok((accepted, conflicts)) => {
                out.leaf("Status", "Accepted");
                out.leaf("Outcome", outcome_code(accepted));
                out.leaf("ConflictCount", &conflicts.to_string());
            }
            Err(reason) => {
                out.leaf("Status", "Rejected");
                out.leaf("ErrorCode", reason_code(reason));
                out.leaf("ErrorText", reason_text(reason));
            }
        }
        out.close("Receipt");
    }
    out.close("ReceiptCollection");
    out.close(&response);
    Ok(out.into())
}

/// CreateEvents.
pub fn create(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    push(call, request, note, "CreateEvents", PushMode::Create)
}

/// UpdateEvents.
pub fn update(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    push(call, request, note, "UpdateEvents", PushMode::Update)
}

fn push(
    call: &Call,
    request: &Element,
    note: &mut Note,
    name: &str,
    mode: PushMode,
) -> Result<Answer, Fault> {
    let jobcenters = scope(call);
    let source = call.caller.identity.clone();
    batch(call, request, note, name, read_event, |events| {
        call.store.push_events(&source, &jobcenters, mode, events, call.now)
    })
}

/// DeleteEvents.
pub fn delete(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let jobcenters = scope(call);
    let source = call.caller.identity.clone();
    batch(call, request, note, "DeleteEvents", read_ref, |events| {
        call.store.delete_events(&source, &jobcenters, events, call.now)
    })
}
