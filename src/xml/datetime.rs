//! `xs:dateTime` as the DFDG services write it: read with an offset (or `Z`) as given and
//! without one as Europe/Copenhagen wall-clock time; written with the Copenhagen offset.

use chrono::format::{Fixed, Item, Numeric, Pad, Parsed};
use chrono::{DateTime, TimeZone, Utc};

use crate::domain::ZONE;

/// Parses `xs:dateTime`: with an offset (or `Z`) as given, without one as Europe/Copenhagen
/// wall-clock time. A local time that does not exist (the spring gap) is `None`.
pub fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&Utc));
    }
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, LOCAL.iter()).ok()?;
    let local = parsed.to_naive_datetime_with_offset(0).ok()?;
    ZONE.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// `%Y-%m-%dT%H:%M:%S%.f` as chrono's items, spelled out once: a pattern string given to
/// `parse_from_str` is parsed again on every call, and every listing request has two of these.
const LOCAL: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
    Item::Literal("T"),
    Item::Numeric(Numeric::Hour, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Minute, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Second, Pad::Zero),
    Item::Fixed(Fixed::Nanosecond),
];

/// Formats an instant as `xs:dateTime` with its Europe/Copenhagen offset. Written by hand:
/// it runs twice per free time in every GetSelfbookTimeslots answer, and a strftime pattern
/// would be parsed again on every call.
pub fn format_datetime(instant: DateTime<Utc>) -> String {
    use chrono::{Datelike, Offset, Timelike};
    let local = instant.with_timezone(&ZONE);
    let offset = local.offset().fix().local_minus_utc();
    let sign = if offset < 0 { b'-' } else { b'+' };
    let offset = offset.unsigned_abs();
    let mut out = Vec::with_capacity(25);
    // A year before 0 or after 9999 cannot be stored; it would be written mod 10,000.
    digits(&mut out, local.year().unsigned_abs(), 4);
    out.push(b'-');
    digits(&mut out, local.month(), 2);
    out.push(b'-');
    digits(&mut out, local.day(), 2);
    out.push(b'T');
    digits(&mut out, local.hour(), 2);
    out.push(b':');
    digits(&mut out, local.minute(), 2);
    out.push(b':');
    digits(&mut out, local.second(), 2);
    out.push(sign);
    digits(&mut out, offset / 3600, 2);
    out.push(b':');
    digits(&mut out, offset % 3600 / 60, 2);
    // Only ASCII digits and separators were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn digits(out: &mut Vec<u8>, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(b'0' + digit as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_with_and_without_offset() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let cases = [
            ("2027-03-01T09:00:00+01:00", Some("2027-03-01T08:00:00Z")),
            ("2027-03-01T08:00:00Z", Some("2027-03-01T08:00:00Z")),
            ("2027-03-01T09:00:00", Some("2027-03-01T08:00:00Z")),
            ("2027-07-01T09:00:00", Some("2027-07-01T07:00:00Z")),
            ("2027-07-01T09:00:00.500", Some("2027-07-01T07:00:00.5Z")),
            ("2027-03-28T02:30:00", None),
            ("2027-10-31T02:30:00", Some("2027-10-31T00:30:00Z")),
            ("2027-03-01", None),
            ("tomorrow", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_datetime(text), expected.map(utc), "{text}");
        }
        // The spelled-out items accept exactly what chrono's pattern accepts.
        for text in [
            "2027-03-01T09:00:00",
            "2027-3-1T9:0:0",
            "2027-03-01 09:00:00",
            " 2027-03-01T09:00:00",
            "2027-03-01T09:00:00 ",
            "2027-03-01t09:00:00",
            "+2027-03-01T09:00:00",
            "2027-03-01T09:00:00.123456789",
            "2027-03-01T09:00:00.",
            "2027-02-29T09:00:00",
            "2027-03-01T24:00:00",
            "02027-03-01T09:00:00",
            "2027-03-01T09:00:60",
            "2027-03-01T09:00",
        ] {
            let pattern = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok();
            let pattern = pattern.and_then(|local| ZONE.from_local_datetime(&local).earliest());
            assert_eq!(parse_datetime(text), pattern.map(|t| t.with_timezone(&Utc)), "{text:?}");
        }
        assert_eq!(format_datetime(utc("2027-03-01T08:00:00Z")), "2027-03-01T09:00:00+01:00");
        assert_eq!(format_datetime(utc("2027-07-01T07:00:00Z")), "2027-07-01T09:00:00+02:00");
        assert_eq!(format_datetime(utc("2027-01-04T23:05:09Z")), "2027-01-05T00:05:09+01:00");
    }
}
