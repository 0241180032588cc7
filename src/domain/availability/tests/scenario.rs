//! The test scenario: one counselor, one offer and one window built from Copenhagen wall-clock
//! strings, and `check`, which runs `free_times` and asserts the engine's invariants.
//!
//! Times are `"HH:MM"` on the scenario's day, or `"YYYY-MM-DD HH:MM"`. Besides comparing the
//! listed times, `check` asserts that starts are strictly ascending, that `check_free` accepts
//! every listed time, and that it refuses every unlisted 5-minute start in the window.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

use super::super::*;
use crate::domain::{ChangeRules, Eligibility, InterviewForm, JobCenterCode, LocalPeriod, SlotRules, ZONE};
const OFFER: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OTHER_OFFER: &str = "11111111-2222-3333-4444-555555555555";
const COUNSELOR: &str = "aaaaaaaa-0000-0000-0000-000000000001";
pub(super) const ALL_DAYS: &[Weekday] =
    &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// One counselor, one offer, one window. Durations are in minutes.
#[derive(Clone)]
pub(super) struct Scenario {
    pub(super) day: &'static str,
    pub(super) now: &'static str,
    /// `None`: the whole local day.
    pub(super) window: Option<(&'static str, &'static str)>,
    pub(super) duration: i64,
    pub(super) buffer: i64,
    pub(super) notice: i64,
    pub(super) horizon: i64,
    pub(super) first: Option<&'static str>,
    pub(super) last: Option<&'static str>,
    pub(super) active: bool,
    pub(super) seats: Option<u32>,
    /// Periods such as `"09:00-12:00, 13:00-15:00"`, worked on each of `weekdays`.
    pub(super) hours: &'static str,
    pub(super) weekdays: &'static [Weekday],
    /// `(date, periods)`; empty periods = day off.
    pub(super) exceptions: Vec<(&'static str, &'static str)>,
    pub(super) blocks: Vec<(&'static str, &'static str)>,
    pub(super) bookings: Vec<(&'static str, &'static str)>,
    /// `(start, end, this offer's?, seats, taken)`.
    pub(super) sessions: Vec<(&'static str, &'static str, bool, u32, u32)>,
    /// Render starts as UTC `HH:MMZ` instead of local time.
    pub(super) utc: bool,
}

pub(super) fn base() -> Scenario {
    Scenario {
        day: "2027-03-01",
        now: "00:00",
        window: None,
        duration: 60,
        buffer: 0,
        notice: 0,
        horizon: 30 * 24 * 60,
        first: None,
        last: None,
        active: true,
        seats: None,
        hours: "09:00-12:00",
        weekdays: ALL_DAYS,
        exceptions: Vec::new(),
        blocks: Vec::new(),
        bookings: Vec::new(),
        sessions: Vec::new(),
        utc: false,
    }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn periods(text: &str) -> Vec<LocalPeriod> {
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").unwrap();
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (start, end) = part.split_once('-').unwrap();
            LocalPeriod::new(time(start), time(end)).unwrap()
        })
        .collect()
}

impl Scenario {
    pub(super) fn at(&self, text: &str) -> DateTime<Utc> {
        let full = if text.len() == 5 { format!("{} {text}", self.day) } else { text.to_owned() };
        let naive = NaiveDateTime::parse_from_str(&full, "%Y-%m-%d %H:%M").unwrap();
        ZONE.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
    }

    pub(super) fn span(&self, (start, end): (&str, &str)) -> Interval {
        Interval::new(self.at(start), self.at(end)).unwrap()
    }

    pub(super) fn window(&self) -> Interval {
        match self.window {
            Some(window) => self.span(window),
            None => {
                let next = date(self.day).succ_opt().unwrap().format("%Y-%m-%d 00:00").to_string();
                self.span(("00:00", &next))
            }
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.at(self.now)
    }

    pub(super) fn offer(&self) -> Offer {
        let minutes = Duration::minutes;
        Offer {
            id: OfferId::parse(OFFER).unwrap(),
            jobcenter: JobCenterCode::parse("00851").unwrap(),
            name: "Jobsamtale".to_owned(),
            interview_type: 7,
            form: self.seats.map_or(InterviewForm::Individual, |seats| InterviewForm::Group { seats }),
            contact_types: vec![1],
            location: None,
            slots: SlotRules::new(
                minutes(self.duration),
                minutes(self.buffer),
                minutes(self.notice),
                minutes(self.horizon),
                self.first.map(|t| self.at(t)),
                self.last.map(|t| self.at(t)),
            )
            .unwrap(),
            changes: ChangeRules::default(),
            eligibility: Eligibility::default(),
            compulsory: false,
            active: self.active,
            counselors: Vec::new(),
        }
    }

    pub(super) fn calendar(&self) -> CounselorCalendar {
        let weekly = self
            .weekdays
            .iter()
            .flat_map(|weekday| periods(self.hours).into_iter().map(move |p| (*weekday, p)));
        let bookings = self.bookings.iter().map(|b| Occupied { interval: self.span(*b), group: None });
        let sessions = self.sessions.iter().map(|&(start, end, own, seats, taken)| Occupied {
            interval: self.span((start, end)),
            group: Some(GroupSeats {
                offer: OfferId::parse(if own { OFFER } else { OTHER_OFFER }).unwrap(),
                seats,
                taken,
            }),
        });
        CounselorCalendar {
            counselor: CounselorId::parse(COUNSELOR).unwrap(),
            weekly: WeeklyHours::new(weekly).unwrap(),
            exceptions: (self.exceptions.iter())
                .map(|(day, p)| DayException::new(date(day), periods(p)).unwrap())
                .collect(),
            blocks: self.blocks.iter().map(|b| self.span(*b)).collect(),
            occupied: bookings.chain(sessions).collect(),
        }
    }

    pub(super) fn render(&self, free: &FreeTime) -> String {
        let start = free.interval.start();
        let local = start.with_timezone(&ZONE);
        let mut text = if self.utc {
            start.format("%H:%MZ").to_string()
        } else if local.date_naive() == date(self.day) {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        };
        if let Some(left) = free.seats_left {
            text.push_str(&format!("({left})"));
        }
        text
    }
}

/// Runs `free_times` on the scenario, compares the rendered starts and checks the invariants.
pub(super) fn check(name: &str, scenario: &Scenario, expected: &str) {
    let (offer, calendar, now) = (scenario.offer(), scenario.calendar(), scenario.now());
    let window = scenario.window();
    let listed = free_times(&offer, std::slice::from_ref(&calendar), window, now);
    let rendered: Vec<String> = listed.iter().map(|free| scenario.render(free)).collect();
    assert_eq!(rendered.join(" "), expected, "case '{name}'");
    assert!(
        listed.windows(2).all(|pair| pair[0].interval.start() < pair[1].interval.start()),
        "case '{name}': starts not strictly ascending"
    );
    for free in &listed {
        assert_eq!(free.seats, offer.form.seats(), "case '{name}'");
        assert_eq!(free.interval.end() - free.interval.start(), offer.slots.duration);
        let checked = check_free(&offer, &calendar, free.interval.start(), now);
        assert_eq!(checked.as_ref(), Ok(free), "case '{name}': check_free refuses a listed time");
    }
    stays_until_stable(name, scenario, &listed);
    let mut start = window.start();
    while start + offer.slots.duration <= window.end() {
        if !listed.iter().any(|free| free.interval.start() == start) {
            let checked = check_free(&offer, &calendar, start, now);
            assert!(checked.is_err(), "case '{name}': check_free accepts unlisted {start}");
        }
        start += Duration::minutes(5);
    }
}

/// `stable_until` keeps its promise: the listing is the same at every 5-minute step (and at the
/// promised instant itself) up to it, looked at over two days; and a promise short of that ends
/// when the listing changes, a second later.
fn stays_until_stable(name: &str, scenario: &Scenario, listed: &[FreeTime]) {
    let (offer, calendar, now) = (scenario.offer(), scenario.calendar(), scenario.now());
    let window = scenario.window();
    let at = |instant| free_times(&offer, std::slice::from_ref(&calendar), window, instant);
    let Some(until) = stable_until(&offer, window, now, listed) else {
        let ceiling = now + offer.slots.horizon;
        assert!(
            ceiling < window.end() - offer.slots.duration,
            "case '{name}': no promise, yet no horizon cuts"
        );
        return;
    };
    assert!(until >= now, "case '{name}': promised until {until}, before now");
    let looked = now + Duration::days(2);
    let mut instant = now;
    while instant <= until.min(looked) {
        assert_eq!(at(instant), listed, "case '{name}': changed at {instant}, promised until {until}");
        instant += Duration::minutes(5);
    }
    if until < looked {
        assert_eq!(at(until), listed, "case '{name}': changed at the promised {until}");
        assert_ne!(at(until + Duration::seconds(1)), listed, "case '{name}': the promise ends too soon");
    }
}

pub(super) type Case = (&'static str, fn(&mut Scenario), &'static str);

pub(super) fn run(cases: &[Case]) {
    for (name, setup, expected) in cases {
        let mut scenario = base();
        setup(&mut scenario);
        check(name, &scenario, expected);
    }
}
