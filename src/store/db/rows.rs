//! Row helpers every subject shares: instants as stored (UTC, whole seconds) and the error for a
//! row that does not read back.
//!
//! Row structs are private to their subject (`booking::row`, `reference::rows`, ...). Reading a
//! row back checks it again through the domain's parsers, so a corrupt row becomes
//! `Error::Corrupt` instead of a panic.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};

use crate::store::Error;

/// An instant as stored: UTC, whole seconds.
pub(crate) fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    let t = t.naive_utc();
    t.with_nanosecond(0).unwrap_or(t)
}

/// A stored instant back in UTC.
pub(crate) fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub(crate) fn corrupt(what: &str) -> Error {
    Error::Corrupt(format!("unreadable {what}"))
}
