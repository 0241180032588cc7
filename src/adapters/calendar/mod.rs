//! Calendar sync with the counselors' own calendars over iCalendar (RFC 5545): the feed of
//! planner bookings per counselor (`ics_write.rs`, served by `inbound/calendar_feed.rs`) and the import of busy time from
//! ICS files and polled URLs (`ics_read.rs` parses, `recurrence.rs` expands RRULE/RDATE/EXDATE
//! with the `rrule` crate in Europe/Copenhagen wall-clock time, `import.rs` replaces a counselor's imported blocks).

pub mod ics_read;
pub mod ics_write;
pub mod import;
pub mod recurrence;
