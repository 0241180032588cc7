//! `Varighed`, the length of a queued meeting, as `wsdl/dfdg/IndkaldelseService.xsd` allows it:
//! whole minutes (`xs:int`, as STAR's REST form documents it) or an `xs:duration` in days, hours,
//! minutes and seconds (`PT45M`, `PT1H30M`, `P1DT2H`, `PT90.5S`). Years and months are refused:
//! their length depends on the calendar, and no meeting lasts that long.

use chrono::Duration;

/// Why a `Varighed` cannot be read; the text names the field, never the value.
const BAD: &str = "Varighed must be whole minutes or an xs:duration such as PT45M";

/// Reads `Varighed`; the length is longer than zero.
pub(crate) fn meeting_length(text: &str) -> Result<Duration, String> {
    let length = match text.strip_prefix('P') {
        Some(rest) => duration(rest).ok_or(BAD)?,
        None => minutes(text).ok_or(BAD)?,
    };
    if length <= Duration::zero() {
        return Err("Varighed must be longer than zero".into());
    }
    Ok(length)
}

fn minutes(text: &str) -> Option<Duration> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Duration::try_minutes(i64::from(digits.parse::<i32>().ok()?))
}

/// `[nD][T[nH][nM][n[.f]S]]` after the `P`; at least one part, and a `T` needs one after it.
fn duration(rest: &str) -> Option<Duration> {
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => return None,
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let mut total = parts(date, &[('D', 86_400)])?;
    if let Some(time) = time {
        let (whole, seconds) = match time.strip_suffix('S') {
            Some(head) => split_seconds(head)?,
            None => (time, Duration::zero()),
        };
        total = total.checked_add(&parts(whole, &[('H', 3600), ('M', 60)])?)?.checked_add(&seconds)?;
    }
    Some(total)
}

/// Splits `...nH..nM` + `n[.f]` (the seconds, before their `S`) into the head and the seconds.
fn split_seconds(head: &str) -> Option<(&str, Duration)> {
    let start = head.rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
    let (rest, number) = head.split_at(start);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if number.contains('.')
        && (fraction.is_empty() || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nanos: i64 = format!("{fraction:0<9}").parse().ok()?;
    let seconds = Duration::try_seconds(whole.parse().ok()?)?;
    Some((rest, seconds.checked_add(&Duration::nanoseconds(nanos))?))
}

/// Reads `n<unit>` parts in the given order, each at most once; `text` must be used up.
fn parts(mut text: &str, units: &[(char, i64)]) -> Option<Duration> {
    let mut total = Duration::zero();
    for &(unit, seconds) in units {
        let Some(end) = text.find(unit) else { continue };
        let digits = &text[..end];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: i64 = digits.parse().ok()?;
        total = total.checked_add(&Duration::try_seconds(value.checked_mul(seconds)?)?)?;
        text = &text[end + 1..];
    }
    text.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_minutes_and_day_time_durations() {
        let cases = [
            ("45", 45 * 60),
            ("+30", 30 * 60),
            ("PT45M", 45 * 60),
            ("PT1H30M", 90 * 60),
            ("P1DT2H", 26 * 3600),
            ("PT90S", 90),
            ("PT1H0M0S", 3600),
            ("P0DT45M", 45 * 60),
        ];
        for (text, seconds) in cases {
            assert_eq!(meeting_length(text).map(|l| l.num_seconds()), Ok(seconds), "{text}");
        }
        assert_eq!(meeting_length("PT0.5S").unwrap().num_milliseconds(), 500);
    }

    #[test]
    fn refuses_what_is_not_a_meeting_length() {
        for text in [
            "",
            "P",
            "PT",
            "P1Y",
            "P1M",
            "-PT45M",
            "PT-45M",
            "PT45",
            "45M",
            "PT45M3H",
            "PT1.S",
            "PT.5S",
            "P1H",
            "0",
            "-5",
            "PT0M",
            "4 5",
            "PT99999999999999999999H",
            "P9999999999999999D",
            "PT1H1H",
        ] {
            assert!(meeting_length(text).is_err(), "{text:?} should be refused");
        }
    }
}
