//! Table-driven tests of the availability engine: one line per case, run through
//! `scenario::check` (which also checks `check_free` against every listed and unlisted start).

mod scenario;

use chrono::{DateTime, Duration, Utc};

use super::*;
use scenario::{base, run, Scenario, ALL_DAYS};
#[test]
#[rustfmt::skip]
fn grid_and_limits() {
    run(&[
        ("basic grid", |_| {}, "09:00 10:00 11:00"),
        ("two periods", |s| s.hours = "08:00-10:00, 12:30-14:00", "08:00 09:00 12:30"),
        ("meeting must fit the period", |s| s.duration = 50, "09:00 09:50 10:40"),
        ("buffer widens the step", |s| (s.duration, s.buffer) = (30, 15), "09:00 09:45 10:30 11:15"),
        ("buffer may pass the period end", |s| (s.hours, s.duration, s.buffer) = ("09:00-11:50", 40, 20), "09:00 10:00 11:00"),
        ("min notice", |s| (s.now, s.notice) = ("08:30", 60), "10:00 11:00"),
        ("min notice is inclusive", |s| (s.now, s.notice) = ("08:00", 60), "09:00 10:00 11:00"),
        ("horizon is inclusive", |s| s.horizon = 10 * 60, "09:00 10:00"),
        ("horizon before the day", |s| s.horizon = 60, ""),
        ("first timeslot", |s| s.first = Some("09:30"), "10:00 11:00"),
        ("last timeslot is inclusive", |s| s.last = Some("10:00"), "09:00 10:00"),
        ("window clips both ends", |s| s.window = Some(("09:30", "11:30")), "10:00"),
        ("window end fits a meeting end", |s| s.window = Some(("09:00", "11:00")), "09:00 10:00"),
        ("two-day window", |s| (s.hours, s.window) = ("09:00-10:00", Some(("00:00", "2027-03-03 00:00"))), "09:00 2027-03-02 09:00"),
        ("weekdays only", |s| (s.day, s.hours, s.weekdays, s.window) = ("2027-03-05", "09:00-10:00", &ALL_DAYS[..5], Some(("00:00", "2027-03-09 00:00"))), "09:00 2027-03-08 09:00"),
        ("exception replaces the day", |s| s.exceptions = vec![("2027-03-01", "13:00-15:00")], "13:00 14:00"),
        ("exception without periods is a day off", |s| s.exceptions = vec![("2027-03-01", "")], ""),
        ("exception for another date", |s| s.exceptions = vec![("2027-03-02", ""), ("2027-02-28", "")], "09:00 10:00 11:00"),
        ("inactive offer", |s| s.active = false, ""),
    ]);
}

#[test]
#[rustfmt::skip]
fn busy_time() {
    run(&[
        ("block over two slots", |s| s.blocks = vec![("09:30", "10:30")], "11:00"),
        ("block touching the hours", |s| s.blocks = vec![("08:00", "09:00"), ("12:00", "13:00")], "09:00 10:00 11:00"),
        ("one-minute block", |s| s.blocks = vec![("10:59", "11:00")], "09:00 11:00"),
        ("buffer counts against a block", |s| (s.duration, s.buffer, s.blocks) = (45, 15, vec![("09:45", "10:00")]), "10:00 11:00"),
        ("unsorted blocks", |s| s.blocks = vec![("11:10", "11:20"), ("09:00", "09:10")], "10:00"),
        ("nested blocks", |s| s.blocks = vec![("09:00", "11:00"), ("09:10", "09:20")], "11:00"),
        ("block across midnight", |s| s.blocks = vec![("2027-02-28 22:00", "09:01")], "10:00 11:00"),
        ("booking on the grid", |s| s.bookings = vec![("10:00", "11:00")], "09:00 11:00"),
        ("booking off the grid", |s| s.bookings = vec![("10:30", "10:45")], "09:00 11:00"),
        ("booking and block together", |s| (s.bookings, s.blocks) = (vec![("11:00", "12:00")], vec![("09:00", "10:00")]), "10:00"),
    ]);
}

#[test]
#[rustfmt::skip]
fn group_seats() {
    run(&[
        ("group without sessions", |s| s.seats = Some(3), "09:00(3) 10:00(3) 11:00(3)"),
        ("own session partly taken", |s| (s.seats, s.sessions) = (Some(3), vec![("10:00", "11:00", true, 3, 1)]), "09:00(3) 10:00(2) 11:00(3)"),
        ("own session full", |s| (s.seats, s.sessions) = (Some(3), vec![("10:00", "11:00", true, 3, 3)]), "09:00(3) 11:00(3)"),
        ("own session overbooked", |s| (s.seats, s.sessions) = (Some(3), vec![("10:00", "11:00", true, 3, 5)]), "09:00(3) 11:00(3)"),
        ("own session keeps its seat count", |s| (s.seats, s.sessions) = (Some(3), vec![("10:00", "11:00", true, 5, 1)]), "09:00(3) 10:00(4) 11:00(3)"),
        ("another offer's session", |s| (s.seats, s.sessions) = (Some(3), vec![("10:00", "11:00", false, 3, 1)]), "09:00(3) 11:00(3)"),
        ("own session off the grid", |s| (s.seats, s.sessions) = (Some(3), vec![("10:30", "11:30", true, 3, 0)]), "09:00(3)"),
        ("own session and a booking", |s| (s.seats, s.sessions, s.bookings) = (Some(3), vec![("10:00", "11:00", true, 3, 0)], vec![("10:30", "10:40")]), "09:00(3) 11:00(3)"),
        ("own session and a block", |s| (s.seats, s.sessions, s.blocks) = (Some(3), vec![("10:00", "11:00", true, 3, 0)], vec![("10:00", "10:10")]), "09:00(3) 11:00(3)"),
        ("session row on an individual offer", |s| s.sessions = vec![("10:00", "11:00", true, 3, 0)], "09:00 11:00"),
    ]);
}

#[test]
#[rustfmt::skip]
fn daylight_saving_2027() {
    run(&[
        ("09:00 before spring change", |s| (s.day, s.hours, s.utc) = ("2027-03-26", "09:00-10:00", true), "08:00Z"),
        ("09:00 after spring change", |s| (s.day, s.hours, s.utc) = ("2027-03-29", "09:00-10:00", true), "07:00Z"),
        ("09:00 before autumn change", |s| (s.day, s.hours, s.utc) = ("2027-10-30", "09:00-10:00", true), "07:00Z"),
        ("09:00 after autumn change", |s| (s.day, s.hours, s.utc) = ("2027-10-31", "09:00-10:00", true), "08:00Z"),
        ("09:00 local across spring", |s| (s.day, s.hours, s.window) = ("2027-03-27", "09:00-10:00", Some(("00:00", "2027-03-29 00:00"))), "09:00 2027-03-28 09:00"),
        ("spring night skips 02:xx", |s| (s.day, s.hours) = ("2027-03-28", "00:00-06:00"), "00:00 01:00 03:00 04:00 05:00"),
        ("spring period starting in the gap", |s| (s.day, s.hours) = ("2027-03-28", "02:30-05:00"), "03:00 04:00"),
        ("autumn night has 7 slots", |s| (s.day, s.hours) = ("2027-10-31", "00:00-06:00"), "00:00 01:00 02:00 02:00 03:00 04:00 05:00"),
        ("autumn night in UTC", |s| (s.day, s.hours, s.utc) = ("2027-10-31", "00:00-06:00", true), "22:00Z 23:00Z 00:00Z 01:00Z 02:00Z 03:00Z 04:00Z"),
        ("autumn end in the repeated hour is the latest", |s| (s.day, s.hours, s.utc) = ("2027-10-31", "00:00-02:30", true), "22:00Z 23:00Z 00:00Z"),
        ("autumn periods meeting at 02:00 give no duplicate", |s| (s.day, s.hours, s.utc) = ("2027-10-31", "00:00-02:00, 02:00-04:00", true), "22:00Z 23:00Z 00:00Z 01:00Z 02:00Z"),
        ("autumn periods overlapping in UTC", |s| (s.day, s.hours, s.utc, s.duration) = ("2027-10-31", "00:00-02:30, 02:30-03:30", true, 30), "22:00Z 22:30Z 23:00Z 23:30Z 00:00Z 00:30Z 01:00Z 01:30Z 02:00Z"),
        ("autumn booking at 03:00 local", |s| (s.day, s.hours, s.utc, s.bookings) = ("2027-10-31", "00:00-06:00", true, vec![("03:00", "04:00")]), "22:00Z 23:00Z 00:00Z 01:00Z 03:00Z 04:00Z"),
    ]);
}

#[test]
#[rustfmt::skip]
fn check_free_errors() {
    type ErrorCase = (
        &'static str,
        fn(&mut Scenario),
        &'static str,
        Result<(), Error>,
    );
    let cases: &[ErrorCase] = &[
        ("listed time", |_| {}, "10:00", Ok(())),
        ("before now + notice", |s| (s.now, s.notice) = ("08:30", 60), "09:00", Err(Error::StartTooSoon)),
        ("too soon wins over off-grid", |s| (s.now, s.notice) = ("08:30", 60), "09:10", Err(Error::StartTooSoon)),
        ("in the past", |s| s.now = "11:30", "10:00", Err(Error::StartTooSoon)),
        ("off the grid", |_| {}, "09:30", Err(Error::SlotTaken)),
        ("outside hours", |_| {}, "12:00", Err(Error::SlotTaken)),
        ("meeting past the period", |s| s.hours = "09:00-11:30", "11:00", Err(Error::SlotTaken)),
        ("overlapped", |s| s.bookings = vec![("10:00", "10:30")], "10:00", Err(Error::SlotTaken)),
        ("beyond horizon", |s| s.horizon = 10 * 60, "11:00", Err(Error::SlotTaken)),
        ("after last", |s| s.last = Some("10:00"), "11:00", Err(Error::SlotTaken)),
        ("before first", |s| s.first = Some("10:00"), "09:00", Err(Error::SlotTaken)),
        ("seats full", |s| (s.seats, s.sessions) = (Some(2), vec![("10:00", "11:00", true, 2, 2)]), "10:00", Err(Error::SlotTaken)),
        ("inactive", |s| s.active = false, "10:00", Err(Error::SlotTaken)),
        ("day off", |s| s.exceptions = vec![("2027-03-01", "")], "10:00", Err(Error::SlotTaken)),
        ("next day, outside the window free_times used", |_| {}, "2027-03-02 10:00", Ok(())),
    ];
    for (name, setup, start, expected) in cases {
        let mut scenario = base();
        setup(&mut scenario);
        let (offer, calendar) = (scenario.offer(), scenario.calendar());
        let result = check_free(&offer, &calendar, scenario.at(start), scenario.now());
        assert_eq!(result.map(|_| ()), *expected, "case '{name}'");
    }
}

#[test]
fn counselors_in_given_order() {
    // The autumn case makes each counselor's starts come out of order, so the per-counselor
    // sort must not mix counselors.
    for (day, hours, duration, per_counselor) in
        [("2027-03-01", "09:00-11:00", 60, 2), ("2027-10-31", "00:00-02:30, 02:30-03:30", 30, 9)]
    {
        let scenario = Scenario { day, hours, duration, ..base() };
        let first = CounselorCalendar {
            counselor: CounselorId::parse("bbbbbbbb-0000-0000-0000-000000000002").unwrap(),
            ..scenario.calendar()
        };
        let second = scenario.calendar();
        let calendars = [first.clone(), second.clone()];
        let listed = free_times(&scenario.offer(), &calendars, scenario.window(), scenario.now());
        let who: Vec<&str> = listed.iter().map(|free| free.counselor.as_str()).collect();
        let mut expected = vec![first.counselor.as_str(); per_counselor];
        expected.extend(vec![second.counselor.as_str(); per_counselor]);
        assert_eq!(who, expected, "{day}");
        let (mine, theirs) = listed.split_at(per_counselor);
        let starts = |free: &[FreeTime]| free.iter().map(|f| f.interval).collect::<Vec<_>>();
        assert_eq!(starts(mine), starts(theirs), "{day}");
    }
    let scenario = base();
    assert!(free_times(&scenario.offer(), &[], scenario.window(), scenario.now()).is_empty());
}

#[test]
fn absurd_inputs_do_not_panic() {
    let scenario = base();
    let calendar = scenario.calendar();
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let day = Duration::days(3);
    let windows = [
        Interval::new(min, min + day).unwrap(),
        Interval::new(max - day, max).unwrap(),
        Interval::new(scenario.at("00:00"), scenario.at("2027-03-03 00:00")).unwrap(),
    ];
    let spans =
        [Duration::MIN, -Duration::minutes(5), Duration::zero(), Duration::minutes(60), Duration::MAX];
    for window in windows {
        for now in [min, scenario.now(), max] {
            for span in spans {
                let mut offer = scenario.offer();
                offer.slots.duration = span;
                offer.slots.buffer = span;
                let _ = free_times(&offer, std::slice::from_ref(&calendar), window, now);
                offer.slots = scenario.offer().slots;
                offer.slots.min_notice = span;
                offer.slots.horizon = span;
                let _ = free_times(&offer, std::slice::from_ref(&calendar), window, now);
                for start in [window.start(), window.end(), now] {
                    let _ = check_free(&offer, &calendar, start, now);
                }
            }
        }
    }
}
