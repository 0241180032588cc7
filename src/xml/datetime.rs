//! `xs:dateTime` as the DFDG services write it: read with an offset (or `Z`) as given and
//! without one as Europe/Copenhagen wall-clock time; written with the Copenhagen offset.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use crate::domain::ZONE;

/// Parses `xs:dateTime`: with an offset (or `Z`) as given, without one as Europe/Copenhagen
/// wall-clock time. A local time that does not exist (the spring gap) is `None`.
pub fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    ZONE.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// Formats an instant as `xs:dateTime` with its Europe/Copenhagen offset. Written by hand:
/// it runs twice per free time in every GetSelfbookTimeslots answer, and a strftime pattern
/// would be parsed again on every call.
pub fn format_datetime(instant: DateTime<Utc>) -> String {
    use chrono::{Datelike, Offset, Timelike};
    let local = instant.with_timezone(&ZONE);
    let offset = local.offset().fix().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        offset / 3600,
        offset % 3600 / 60
    )
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
        assert_eq!(format_datetime(utc("2027-03-01T08:00:00Z")), "2027-03-01T09:00:00+01:00");
        assert_eq!(format_datetime(utc("2027-07-01T07:00:00Z")), "2027-07-01T09:00:00+02:00");
    }
}
