//! Closing days (issue 16): no free time, self-booking or summons on any Danish public holiday
//! of 2026-2030 (a table written out by hand, Easter dates included) nor on a jobcenter's own
//! closing day; a closing day over existing bookings lists them and cancels none; a customary
//! day switched off opens again; staff cannot move a booking onto closed time.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use planner::domain::closing::{ClosedPart, ClosingDay, Recurrence};
use planner::domain::{self, BookingStatus, ChangeFlags, Interval, LocalPeriod, WeeklyHours, ZONE};
use planner::store::{OfferChoice, StaffMove, SummonRequest};

use crate::support::both_backends;
use crate::support::store::{conflict, cpr, free_starts, originator, request, seed, Seed, TestDb};

both_backends!(
    nothing_lands_on_a_public_holiday_of_2026_to_2030,
    a_local_closing_day_closes_its_part_of_the_day,
    a_closing_day_over_bookings_lists_them_and_cancels_none,
    a_customary_day_switched_off_opens_again,
    staff_cannot_move_a_booking_onto_closed_time,
);

/// The public holidays of 2026-2030 as published (Easter Sunday 2026-04-05, 2027-03-28,
/// 2028-04-16, 2029-04-01, 2030-04-21): Nytårsdag, Skærtorsdag, Langfredag, Påskedag,
/// 2. påskedag, Kristi himmelfartsdag, Pinsedag, 2. pinsedag, Juledag, 2. juledag.
const HOLIDAYS: [&str; 50] = [
    "2026-01-01",
    "2026-04-02",
    "2026-04-03",
    "2026-04-05",
    "2026-04-06",
    "2026-05-14",
    "2026-05-24",
    "2026-05-25",
    "2026-12-25",
    "2026-12-26",
    "2027-01-01",
    "2027-03-25",
    "2027-03-26",
    "2027-03-28",
    "2027-03-29",
    "2027-05-06",
    "2027-05-16",
    "2027-05-17",
    "2027-12-25",
    "2027-12-26",
    "2028-01-01",
    "2028-04-13",
    "2028-04-14",
    "2028-04-16",
    "2028-04-17",
    "2028-05-25",
    "2028-06-04",
    "2028-06-05",
    "2028-12-25",
    "2028-12-26",
    "2029-01-01",
    "2029-03-29",
    "2029-03-30",
    "2029-04-01",
    "2029-04-02",
    "2029-05-10",
    "2029-05-20",
    "2029-05-21",
    "2029-12-25",
    "2029-12-26",
    "2030-01-01",
    "2030-04-18",
    "2030-04-19",
    "2030-04-21",
    "2030-04-22",
    "2030-05-30",
    "2030-06-09",
    "2030-06-10",
    "2030-12-25",
    "2030-12-26",
];

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Local `hour:minute` on `day`, in UTC.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    ZONE.from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap()).single().unwrap().with_timezone(&Utc)
}

/// The local day as a UTC window.
fn whole(day: NaiveDate) -> Interval {
    Interval::new(at(day, 0, 0), at(day.succ_opt().unwrap(), 0, 0)).unwrap()
}

/// Every counselor of the seed works every day of the week, 08:00-16:00, so that a holiday on a
/// Sunday (Påskedag, Pinsedag) would show free times if it were open.
fn every_day(db: &TestDb, seed: &Seed) {
    let period = LocalPeriod::new(
        NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
    )
    .unwrap();
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let week = WeeklyHours::new(days.map(|d| (d, period))).unwrap();
    for counselor in &seed.counselors {
        db.set_working_hours(&counselor.id, &week).unwrap();
    }
}

fn summon_on(seed: &Seed, n: usize, window: Interval) -> SummonRequest {
    SummonRequest {
        cpr: cpr(n),
        offer: OfferChoice::Offer(seed.offer.id.clone()),
        pool: Vec::new(),
        window,
        start: None,
        changes: ChangeFlags::default(),
        originator: originator(),
        summoner: None,
        contact: Default::default(),
    }
}

fn nothing_lands_on_a_public_holiday_of_2026_to_2030(db: &TestDb) {
    let seed = seed(db, 1);
    every_day(db, &seed);
    let counselor = &seed.counselors[0];
    for (n, holiday) in HOLIDAYS.iter().map(|d| date(d)).enumerate() {
        // "Now" a week before, 08:00 UTC: the day lies within the offer's notice and horizon.
        let now = at(holiday, 8, 0) - Duration::days(7);
        let day_before = holiday.pred_opt().unwrap();
        let free = free_starts(db, &seed.offer, whole(holiday), now);
        assert!(free.is_empty(), "free times on the holiday {holiday}: {free:?}");
        let reserved = db.reserve(&request(&cpr(n), &seed.offer, counselor, at(holiday, 10, 0)), now);
        assert_eq!(conflict(reserved), domain::Error::SlotTaken, "self-booking on {holiday}");
        let summoned = db.summon_one(&summon_on(&seed, n, whole(holiday)), now);
        assert!(summoned.is_err(), "summons on {holiday}: {summoned:?}");
        // The control: the day before is open unless it is closed itself (Langfredag before
        // Påskedag, 24 December before Juledag, 31 December before Nytårsdag, ...).
        let customary = ["12-24", "12-31"].contains(&day_before.format("%m-%d").to_string().as_str());
        if !HOLIDAYS.contains(&day_before.to_string().as_str()) && !customary {
            assert!(!free_starts(db, &seed.offer, whole(day_before), now).is_empty(), "{day_before} is open");
        }
    }
    assert!(db.counselor_bookings(&counselor.id, whole(date("2026-01-01"))).unwrap().is_empty());
}

fn personaledag(from: Option<(u32, u32)>) -> ClosingDay {
    ClosingDay {
        id: String::new(),
        name: "Personaledag".into(),
        recurrence: Recurrence::Once(date("2027-03-10")),
        part: ClosedPart::new(from.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()), None).unwrap(),
    }
}

/// Wednesday 10 March 2027, "now" a week before.
fn wednesday() -> NaiveDate {
    date("2027-03-10")
}

fn now() -> DateTime<Utc> {
    at(wednesday(), 7, 0) - Duration::days(7)
}

fn a_local_closing_day_closes_its_part_of_the_day(db: &TestDb) {
    let seed = seed(db, 1);
    let before = free_starts(db, &seed.offer, whole(wednesday()), now());
    assert_eq!(before.len(), 8, "08:00-16:00 on the hour");
    db.closing().add(&seed.jobcenter, personaledag(Some((12, 0))), now()).unwrap();
    let after = free_starts(db, &seed.offer, whole(wednesday()), now());
    let hours: Vec<String> =
        after.iter().map(|t| t.with_timezone(&ZONE).format("%H:%M").to_string()).collect();
    assert_eq!(hours, ["08:00", "09:00", "10:00", "11:00"], "open in the morning only");
    let afternoon =
        db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[0], at(wednesday(), 13, 0)), now());
    assert_eq!(conflict(afternoon), domain::Error::SlotTaken);
    // The jobcenter's other days and other jobcenters are untouched.
    assert_eq!(free_starts(db, &seed.offer, whole(date("2027-03-11")), now()).len(), 8);
}

fn a_closing_day_over_bookings_lists_them_and_cancels_none(db: &TestDb) {
    let seed = seed(db, 2);
    let mut booked = Vec::new();
    for (n, (counselor, hour)) in
        [(&seed.counselors[0], 9), (&seed.counselors[1], 14), (&seed.counselors[0], 15)]
            .into_iter()
            .enumerate()
    {
        let held =
            db.reserve(&request(&cpr(n), &seed.offer, counselor, at(wednesday(), hour, 0)), now()).unwrap();
        booked.push(db.confirm(&cpr(n), &held.id, originator(), now()).unwrap());
    }
    let other_day =
        db.reserve(&request(&cpr(9), &seed.offer, &seed.counselors[0], at(date("2027-03-11"), 9, 0)), now());
    db.confirm(&cpr(9), &other_day.unwrap().id, originator(), now()).unwrap();

    let (day, affected) = db.closing().add(&seed.jobcenter, personaledag(Some((12, 0))), now()).unwrap();
    let ids: Vec<&str> = affected.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [booked[1].id.as_str(), booked[2].id.as_str()], "the afternoon's bookings, by start");
    for booking in &booked {
        assert_eq!(db.booking(&booking.id, None).unwrap().status, BookingStatus::Booked, "nothing cancelled");
    }
    let listed = db.closing().bookings_to_move(&seed.jobcenter, now()).unwrap();
    assert_eq!(listed.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ids);
    // Deleting the day takes them off the list again.
    db.closing().delete(&seed.jobcenter, &day.id).unwrap();
    assert!(db.closing().bookings_to_move(&seed.jobcenter, now()).unwrap().is_empty());
    assert!(matches!(
        db.closing().delete(&seed.jobcenter, &day.id),
        Err(planner::store::Error::NotFound(planner::store::Entity::ClosingDay))
    ));
}

fn a_customary_day_switched_off_opens_again(db: &TestDb) {
    let seed = seed(db, 1);
    // Friday 24 December 2027, "now" a week before.
    let eve = date("2027-12-24");
    let now = at(eve, 7, 0) - Duration::days(7);
    assert!(free_starts(db, &seed.offer, whole(eve), now).is_empty(), "closed by default");
    db.closing().set_customary(&seed.jobcenter, "juleaftensdag", false, now).unwrap();
    assert_eq!(free_starts(db, &seed.offer, whole(eve), now).len(), 8, "opened by the jobcenter");
    let calendar = db.closing().calendar(&seed.jobcenter).unwrap();
    assert!(calendar.customary_off.contains("juleaftensdag"));
    // Closing it again over a booking lists the booking.
    let held = db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[0], at(eve, 9, 0)), now).unwrap();
    let booking = db.confirm(&cpr(1), &held.id, originator(), now).unwrap();
    let listed = db.closing().set_customary(&seed.jobcenter, "juleaftensdag", true, now).unwrap();
    assert_eq!(listed.iter().map(|b| &b.id).collect::<Vec<_>>(), [&booking.id]);
    assert!(matches!(
        db.closing().set_customary(&seed.jobcenter, "juledag", false, now),
        Err(planner::store::Error::NotFound(planner::store::Entity::ClosingDay))
    ));
}

fn staff_cannot_move_a_booking_onto_closed_time(db: &TestDb) {
    let seed = seed(db, 1);
    let held =
        db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[0], at(date("2027-03-09"), 9, 0)), now());
    let booking = db.confirm(&cpr(1), &held.unwrap().id, originator(), now()).unwrap();
    db.closing().add(&seed.jobcenter, personaledag(None), now()).unwrap();
    let moved = db.reschedule_by_staff(
        &booking.id,
        &StaffMove { start: at(wednesday(), 9, 0), counselor: None },
        now(),
    );
    assert_eq!(conflict(moved), domain::Error::Closed);
    let ok = db.reschedule_by_staff(
        &booking.id,
        &StaffMove { start: at(date("2027-03-11"), 9, 0), counselor: None },
        now(),
    );
    assert!(ok.is_ok(), "{ok:?}");
}
