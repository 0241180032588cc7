//! Reads busy time from an iCalendar (RFC 5545) text: unfolds lines, reads each VEVENT's UID,
//! DTSTART/DTEND (with TZID, in UTC, floating, or all-day dates), DURATION, RRULE, RDATE, EXDATE
//! and RECURRENCE-ID, and expands it with `recurrence` (the `rrule` crate) over a window.
//! Cancelled and transparent (free) events block nothing. A moved occurrence (RECURRENCE-ID)
//! replaces the series' occurrence it names.
//!
//! A busy event that cannot be read (no UID, an unreadable DTSTART, DTEND or DURATION, a rule
//! the expander refuses) blocks nothing and is listed in `Parsed::refused` with the reason, so
//! the import reports it instead of silently under-blocking the counselor.
//!
//! Each occurrence gets a stable key, `UID/START` (START in UTC), so a re-import updates or
//! removes exactly the occurrences that changed.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::recurrence::{instant, Length, Recurring};
use crate::domain::{Interval, ZONE};

/// One busy occurrence read from a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusyOccurrence {
    /// `UID/START` (START as `YYYYMMDDTHHMMSSZ`), at most 255 characters.
    pub key: String,
    /// When.
    pub interval: Interval,
}

/// A busy event that could not be read, so it blocks nothing: the import must report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The event's UID (empty when it has none).
    pub uid: String,
    /// Why, e.g. the RRULE parser's message.
    pub reason: String,
}

/// What a calendar text held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// VEVENTs seen (also those blocking nothing).
    pub events: usize,
    /// Busy occurrences within the window.
    pub busy: Vec<BusyOccurrence>,
    /// Busy events that could not be read (blocking nothing).
    pub refused: Vec<Refused>,
}

/// One content line: name, parameters, value.
struct Line {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.is_empty() => {}
            _ => lines.push(raw.to_owned()),
        }
    }
    lines
}

fn split(line: &str) -> Option<Line> {
    // The value starts after the first ':' outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find(|(_, c)| {
        if *c == '"' {
            quoted = !quoted;
        }
        *c == ':' && !quoted
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim().to_ascii_uppercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim_matches('"').to_owned()))
        .collect();
    Some(Line { name, params, value: value.trim().to_owned() })
}

/// A DATE or DATE-TIME value: (wall clock, zone, is a date).
fn date_time(line: &Line) -> Option<(NaiveDateTime, Tz, bool)> {
    let value = line.value.as_str();
    if line.param("VALUE") == Some("DATE") || value.len() == 8 {
        let date = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
        return Some((date.and_hms_opt(0, 0, 0)?, zone_of(line), true));
    }
    if let Some(utc) = value.strip_suffix('Z') {
        return Some((NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?, Tz::UTC, false));
    }
    Some((NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?, zone_of(line), false))
}

/// The TZID's zone when chrono-tz knows it; otherwise (floating times, Windows zone names)
/// Europe/Copenhagen, the zone the contract computes in.
fn zone_of(line: &Line) -> Tz {
    line.param("TZID").and_then(|id| id.trim_start_matches('/').parse().ok()).unwrap_or(ZONE)
}

/// A value in `zone`'s wall clock.
fn in_zone(wall: NaiveDateTime, from: Tz, to: Tz) -> Option<NaiveDateTime> {
    if from == to {
        return Some(wall);
    }
    let instant = instant(from, wall)?;
    Some(instant.with_timezone(&to).naive_local())
}

/// DURATION (`P1D`, `PT1H30M`, `P2W`, ...).
fn duration(text: &str) -> Option<Duration> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut total = Duration::zero();
    let mut number = String::new();
    for c in text.strip_prefix('P')?.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += match c {
                    'W' => Duration::weeks(n),
                    'D' => Duration::days(n),
                    'H' => Duration::hours(n),
                    'M' => Duration::minutes(n),
                    _ => Duration::seconds(n),
                };
            }
            _ => return None,
        }
    }
    Some(if negative { -total } else { total })
}

/// One VEVENT's properties.
#[derive(Default)]
struct Event {
    lines: Vec<Line>,
}

impl Event {
    fn get(&self, name: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.name == name)
    }
}

/// The start of every occurrence key of the event `uid`: `UID/` (a long UID hashed).
pub fn key_prefix(uid: &str) -> String {
    let uid =
        if uid.len() > 230 { hex::encode(openssl::sha::sha256(uid.as_bytes())) } else { uid.to_owned() };
    format!("{uid}/")
}

fn key(uid: &str, start: DateTime<Utc>) -> String {
    format!("{}{}", key_prefix(uid), start.format("%Y%m%dT%H%M%SZ"))
}

/// A date or date-time property's value, or why it cannot be read.
fn read_time(event: &Event, name: &str) -> Result<Option<(NaiveDateTime, Tz, bool)>, String> {
    event
        .get(name)
        .map(|line| {
            date_time(line).ok_or_else(|| format!("{name} '{}' is not a date or date-time", line.value))
        })
        .transpose()
}

/// The wall-clock values of every `name` line (EXDATE, RDATE) in `zone`.
fn times(event: &Event, name: &str, zone: Tz) -> Result<Vec<NaiveDateTime>, String> {
    let mut out = Vec::new();
    for line in event.lines.iter().filter(|l| l.name == name) {
        if line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
            return Err(format!("{name} periods are not supported"));
        }
        for value in line.value.split(',') {
            let one = Line { name: String::new(), params: line.params.clone(), value: value.to_owned() };
            let (wall, tz, _) =
                date_time(&one).ok_or_else(|| format!("{name} '{value}' is not a date or date-time"))?;
            out.extend(in_zone(wall, tz, zone));
        }
    }
    Ok(out)
}

/// The event's recurrence; `None` for a timed event without end or duration (it lasts no time).
fn recurring(event: &Event) -> Result<Option<Recurring>, String> {
    let (start, zone, all_day) = read_time(event, "DTSTART")?.ok_or("DTSTART is missing")?;
    let length = match (read_time(event, "DTEND")?, event.get("DURATION")) {
        (Some((end, end_zone, _)), _) => {
            if all_day {
                Length::Days((end.date() - start.date()).num_days())
            } else {
                let end = in_zone(end, end_zone, zone).ok_or("DTEND is not a time")?;
                let (s, e) = (instant(zone, start), instant(zone, end));
                Length::Exact(e.zip(s).map(|(e, s)| e - s).ok_or("DTSTART or DTEND is not a time")?)
            }
        }
        (None, Some(d)) => {
            let d = duration(&d.value).ok_or_else(|| format!("DURATION '{}' is malformed", d.value))?;
            if all_day && d.num_seconds() % 86_400 == 0 {
                Length::Days(d.num_days())
            } else {
                Length::Exact(d)
            }
        }
        (None, None) if all_day => Length::Days(1),
        (None, None) => return Ok(None),
    };
    let rules = event.lines.iter().filter(|l| l.name == "RRULE").map(|l| l.value.clone()).collect();
    // An unreadable EXDATE would only over-block; an unreadable RDATE would under-block.
    let exdates = times(event, "EXDATE", zone).unwrap_or_default();
    let rdates = times(event, "RDATE", zone)?;
    Ok(Some(Recurring { zone, start, length, rules, rdates, exdates }))
}

/// Reads `text` and expands its busy events over `window`. Fails when the text is not an
/// iCalendar object at all (so that a failed download never reads as "no events").
pub fn parse(text: &str, window: Interval) -> Result<Parsed, String> {
    let lines: Vec<Line> = unfold(text).iter().filter_map(|l| split(l)).collect();
    let begins = |l: &Line, what: &str| l.name == "BEGIN" && l.value.eq_ignore_ascii_case(what);
    if !lines.first().is_some_and(|l| begins(l, "VCALENDAR")) {
        return Err("not an iCalendar object (no BEGIN:VCALENDAR)".to_owned());
    }
    if !lines.iter().any(|l| l.name == "END" && l.value.eq_ignore_ascii_case("VCALENDAR")) {
        return Err("the iCalendar object is cut off (no END:VCALENDAR)".to_owned());
    }
    let mut events = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Event> = None;
    for line in lines {
        if line.name == "BEGIN" {
            depth += 1;
            if line.value.eq_ignore_ascii_case("VEVENT") && current.is_none() {
                current = Some(Event::default());
                depth = 0;
            }
        } else if line.name == "END" && line.value.eq_ignore_ascii_case("VEVENT") && depth == 0 {
            events.extend(current.take());
        } else if line.name == "END" {
            depth = depth.saturating_sub(1);
        } else if let Some(event) = current.as_mut().filter(|_| depth == 0) {
            event.lines.push(line);
        }
    }
    let busy_event = |e: &Event| {
        let cancelled = e.get("STATUS").is_some_and(|s| s.value.eq_ignore_ascii_case("CANCELLED"));
        let free = e.get("TRANSP").is_some_and(|s| s.value.eq_ignore_ascii_case("TRANSPARENT"));
        !cancelled && !free
    };
    // Moved occurrences: the series skips the occurrence each one names.
    let mut moved: HashMap<String, Vec<(NaiveDateTime, Tz)>> = HashMap::new();
    for event in &events {
        if let (Some(uid), Some(id)) = (event.get("UID"), event.get("RECURRENCE-ID")) {
            if let Some((wall, tz, _)) = date_time(id) {
                moved.entry(uid.value.clone()).or_default().push((wall, tz));
            }
        }
    }
    let mut busy = Vec::new();
    let mut refused = Vec::new();
    for event in events.iter().filter(|e| busy_event(e)) {
        let uid = event.get("UID").map(|u| u.value.clone()).unwrap_or_default();
        if uid.is_empty() {
            refused.push(Refused { uid, reason: "the event has no UID".to_owned() });
            continue;
        }
        let expanded = recurring(event).and_then(|series| {
            let Some(mut series) = series else { return Ok(Vec::new()) };
            if event.get("RECURRENCE-ID").is_none() {
                for (wall, tz) in moved.get(&uid).into_iter().flatten() {
                    series.exdates.extend(in_zone(*wall, *tz, series.zone));
                }
            }
            series.expand(window)
        });
        match expanded {
            Ok(occurrences) => busy.extend(
                occurrences
                    .into_iter()
                    .map(|interval| BusyOccurrence { key: key(&uid, interval.start()), interval }),
            ),
            Err(reason) => refused.push(Refused { uid, reason }),
        }
    }
    busy.sort_by(|a, b| a.key.cmp(&b.key));
    busy.dedup_by(|a, b| a.key == b.key);
    Ok(Parsed { events: events.len(), busy, refused })
}

#[cfg(test)]
#[path = "ics_read_tests.rs"]
mod tests;
