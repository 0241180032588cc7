//! Calendar two-way sync (contract §6): events pushed by a municipality's calendar connector or
//! imported from iCalendar, and the receipt each one gets.
//!
//! Ownership (docs/contract/adapters.md §7, contract §6): an external event only ever blocks time.
//! It never moves or cancels a booking; an overlap with a booking is accepted as busy and queued as
//! a conflict for a human. A deleted event leaves a tombstone, so a late update cannot bring it
//! back.

use super::{Error, Interval};

/// The connector's identifier of an event (an Exchange item id, an ICS UID, ...): 1-255
/// characters without control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventKey(String);

impl EventKey {
    /// Checks the identifier.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 255 || text.chars().any(char::is_control) {
            return Err(Error::InvalidText { field: "EventIdentifier", max: 255 });
        }
        Ok(Self(text.to_owned()))
    }

    /// The identifier.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An event to create or update: whose calendar (the resource's e-mail address), and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEvent {
    /// The connector's id.
    pub key: EventKey,
    /// The resource's e-mail address, lower-cased.
    pub resource: String,
    /// The busy time.
    pub interval: Interval,
}

/// An event to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    /// The connector's id.
    pub key: EventKey,
    /// The resource's e-mail address, lower-cased.
    pub resource: String,
}

/// Normalizes a resource's e-mail address for lookups (addresses compare case-insensitively).
pub fn resource_email(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let at = text.find('@').unwrap_or(0);
    if at == 0 || at + 1 >= text.len() || text.len() > 254 || text.contains(char::is_whitespace) {
        return Err(Error::InvalidText { field: "ResourceEmail", max: 254 });
    }
    Ok(text.to_lowercase())
}

/// Why one event of a batch was refused; the others are applied all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// No counselor has the resource's e-mail address, or it is outside the caller's jobcenters.
    UnknownResource,
    /// The event ends at or before its start.
    EndBeforeStart,
    /// The id is already used by another event (in this batch, or a live event with other
    /// content on CreateEvents).
    DuplicateEventId,
    /// Update or delete of an id never created, or update of a deleted event.
    UnknownEvent,
    /// A field is missing or malformed.
    InvalidEvent,
}

/// What became of one event of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// A new busy block.
    Created,
    /// The block moved.
    Updated,
    /// Same id and content as before: nothing changed (a retried call).
    Unchanged,
    /// The block was removed; the event is a tombstone.
    Deleted,
}

/// The receipt of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The event's id as sent (empty when it had none).
    pub event: String,
    /// Accepted (with how many bookings it overlaps, each queued as a conflict) or refused.
    pub result: Result<(Accepted, usize), Rejection>,
}

impl Receipt {
    /// A refused event.
    pub fn rejected(event: impl Into<String>, reason: Rejection) -> Self {
        Self { event: event.into(), result: Err(reason) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_resources() {
        assert_eq!(EventKey::parse(" AAMkAD= ").unwrap().as_str(), "AAMkAD=");
        assert!(EventKey::parse("").is_err());
        assert!(EventKey::parse("a\u{0}b").is_err());
        assert!(EventKey::parse(&"x".repeat(256)).is_err());
        assert_eq!(resource_email("Anne@Jobcenter.DK").unwrap(), "anne@jobcenter.dk");
        for bad in ["", "anne", "@x.dk", "anne@", "a b@x.dk"] {
            assert!(resource_email(bad).is_err(), "{bad}");
        }
    }
}
