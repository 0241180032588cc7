//! Writes an RFC 5545 iCalendar feed of a counselor's bookings: CRLF line ends, lines folded at
//! 75 octets (never inside a UTF-8 character), a VTIMEZONE for Europe/Copenhagen and local
//! times with TZID. UID is the booking id, SEQUENCE its version (which rises on every change),
//! STATUS CONFIRMED or CANCELLED. No CPR and no citizen name: a neutral summary and the id.

use chrono::{DateTime, Utc};

use crate::domain::{BookingStatus, ZONE};
use crate::store::CounselorBooking;

/// The neutral summary of every booking.
pub const SUMMARY: &str = "Samtale (planner)";

const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets, with CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&ZONE).format("%Y%m%dT%H%M%S").to_string()
}

/// The feed named `name` holding `bookings`.
pub fn feed(name: &str, bookings: &[CounselorBooking]) -> String {
    let mut out = String::with_capacity(512 + 400 * bookings.len());
    for line in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner//calendar feed//DA", "CALSCALE:GREGORIAN"]
    {
        push_line(&mut out, line);
    }
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    push_line(&mut out, "X-WR-TIMEZONE:Europe/Copenhagen");
    for line in VTIMEZONE {
        push_line(&mut out, line);
    }
    for booking in bookings {
        let status = match booking.status {
            BookingStatus::Cancelled | BookingStatus::Lapsed => "CANCELLED",
            _ => "CONFIRMED",
        };
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", booking.id));
        push_line(&mut out, &format!("DTSTAMP:{}", utc(booking.updated_at)));
        push_line(&mut out, &format!("LAST-MODIFIED:{}", utc(booking.updated_at)));
        push_line(&mut out, &format!("SEQUENCE:{}", booking.version.max(1) - 1));
        push_line(&mut out, &format!("DTSTART;TZID=Europe/Copenhagen:{}", local(booking.interval.start())));
        push_line(&mut out, &format!("DTEND;TZID=Europe/Copenhagen:{}", local(booking.interval.end())));
        push_line(&mut out, &format!("SUMMARY:{}", escape(SUMMARY)));
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(&format!("Booking {}", booking.id))));
        push_line(&mut out, &format!("STATUS:{status}"));
        push_line(&mut out, "TRANSP:OPAQUE");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "æøå".repeat(40));
        push_line(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        for line in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded: String = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
