"""Parses a planner iCalendar feed with the independent Python `icalendar` package and prints
one line per VEVENT: UID, SEQUENCE, STATUS, DTSTART (ISO, with its zone), SUMMARY.
Exits non-zero when the feed does not parse or lacks what RFC 5545 requires."""

import sys

import icalendar

with open(sys.argv[1], "rb") as handle:
    calendar = icalendar.Calendar.from_ical(handle.read())
assert calendar.get("VERSION") == "2.0", "VERSION:2.0 missing"
assert calendar.get("PRODID"), "PRODID missing"
zones = [c for c in calendar.walk("VTIMEZONE")]
assert [str(z.get("TZID")) for z in zones] == ["Europe/Copenhagen"], "VTIMEZONE missing"
for event in calendar.walk("VEVENT"):
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS"):
        assert event.get(required) is not None, f"{required} missing"
    start = event.decoded("DTSTART")
    print(
        event.get("UID"),
        int(event.get("SEQUENCE")),
        event.get("STATUS"),
        start.isoformat(),
        str(start.tzinfo),
        event.get("SUMMARY").replace(" ", "_"),
    )
