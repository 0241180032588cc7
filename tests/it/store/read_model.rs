//! The availability read model (issue 19): listings keep offers, counselors, weekly hours,
//! closing days, type rules and room pools in memory by version. What one instance writes (or
//! anyone, in plain SQL) is seen by another instance's next listing, and a listing from memory
//! always equals one read afresh, through a hundred interleaved writes of every kind, each
//! listed time then taken by a reservation. What bookings occupy is held too, and what has
//! expired by a listing's clock is decided when it lists, not when the rows were read.

use chrono::{Duration, NaiveDate};
use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::closing::{ClosedPart, ClosingDay, Recurrence};
use planner::domain::room::Room;
use planner::domain::type_rules::TypeRule;
use planner::domain::{BlockSource, BusyBlock, CounselorId, Interval, JobCenterCode};
use planner::store::{CounselorAttributes, PushMode, Store};

use crate::support::store::*;
use crate::support::{both_backends, fixtures};

both_backends!(
    what_one_instance_writes_the_next_listing_of_another_sees,
    listings_from_memory_equal_fresh_reads_through_a_hundred_writes,
    held_occupancy_expires_by_the_clock_of_each_listing,
);

const CONNECTOR: &str = "CVR:12345678-FID:connector";

/// (counselor, start) of every free time of the seed's offer over `within`.
fn listed(store: &Store, seed: &Seed, within: Interval) -> Vec<(CounselorId, chrono::DateTime<chrono::Utc>)> {
    free(store, &seed.offer, within, now()).into_iter().map(|t| (t.counselor, t.interval.start())).collect()
}

fn has(list: &[(CounselorId, chrono::DateTime<chrono::Utc>)], counselor: &CounselorId, hour: u32) -> bool {
    list.contains(&(counselor.clone(), local(3, hour, 0)))
}

fn closing_day(date: NaiveDate) -> ClosingDay {
    ClosingDay {
        id: String::new(),
        name: "Personaledag".into(),
        recurrence: Recurrence::Once(date),
        part: ClosedPart::WHOLE_DAY,
    }
}

fn event(key: &str, email: &str, start: chrono::DateTime<chrono::Utc>) -> ExternalEvent {
    ExternalEvent {
        key: EventKey::parse(key).unwrap(),
        resource: email.to_lowercase(),
        interval: Interval::new(start, start + Duration::minutes(60)).unwrap(),
    }
}

fn what_one_instance_writes_the_next_listing_of_another_sees(db: &TestDb) {
    let seed = seed(db, 2);
    let (first, second) = (&seed.counselors[0], &seed.counselors[1]);
    let other = db.second_instance();
    let wednesday = day(3);
    assert!(has(&listed(&other, &seed, wednesday), &first.id, 9), "both listed at first");

    // Working hours through this instance: the first counselor now starts at noon.
    db.set_working_hours(&first.id, &fixtures::weekdays(12, 16)).unwrap();
    let now_listed = listed(&other, &seed, wednesday);
    assert!(
        !has(&now_listed, &first.id, 9) && has(&now_listed, &first.id, 13) && has(&now_listed, &second.id, 9)
    );

    // A booking: the booked hour is gone, the other counselor's same hour stays.
    book(db, &seed, &cpr(1), local(3, 13, 0), now());
    let now_listed = listed(&other, &seed, wednesday);
    assert!(!has(&now_listed, &first.id, 13) && has(&now_listed, &second.id, 13));

    // A calendar-sync busy block on the second counselor at 10:00.
    let scope = [seed.jobcenter.clone()];
    let pushed = db.push_events(
        CONNECTOR,
        &scope,
        PushMode::Create,
        &[event("e1", &second.email, local(3, 10, 0))],
        now(),
    );
    assert!(pushed.unwrap()[0].result.is_ok());
    assert!(!has(&listed(&other, &seed, wednesday), &second.id, 10));

    // A manual busy block on the second counselor at 11:00.
    let block = BusyBlock { interval: window(local(3, 11, 0), local(3, 12, 0)), source: BlockSource::Manual };
    db.add_block(&second.id, &block, None, now()).unwrap();
    assert!(!has(&listed(&other, &seed, wednesday), &second.id, 11));

    // The second counselor takes no self-bookings: only the first one's times are left.
    let off = CounselorAttributes { self_booking: false, ..Default::default() };
    db.attributes().set(&second.id, &off).unwrap();
    let now_listed = listed(&other, &seed, wednesday);
    assert!(!now_listed.is_empty() && now_listed.iter().all(|(c, _)| c == &first.id));

    // A room pool of one room that is closed all day: nothing is left.
    let room = Room {
        id: String::new(),
        jobcenter: seed.jobcenter.clone(),
        name: "Mødelokale 1".into(),
        address: "Rådhuspladsen 1".into(),
        capacity: 1,
        active: true,
    };
    db.rooms().create(&room, now()).unwrap();
    let room_id = db.rooms().of_jobcenter(&seed.jobcenter).unwrap()[0].id.clone();
    db.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&room_id)).unwrap();
    assert!(!listed(&other, &seed, wednesday).is_empty(), "an open room keeps the times");
    db.rooms().close(&room_id, wednesday, Some("maling")).unwrap();
    assert!(listed(&other, &seed, wednesday).is_empty(), "a closed room takes them all");
    db.rooms().set_offer_rooms(&seed.offer.id, &[]).unwrap();
    assert!(!listed(&other, &seed, wednesday).is_empty(), "without rooms they are back");

    // A closing day: nothing on it.
    db.closing()
        .add(&seed.jobcenter, closing_day(NaiveDate::from_ymd_opt(2027, 3, 3).unwrap()), now())
        .unwrap();
    assert!(listed(&other, &seed, wednesday).is_empty());
    assert!(!listed(&other, &seed, day(4)).is_empty(), "the next day is open");

    // The interview type becomes a no-show follow-up: not offered to citizens at all.
    let rule =
        TypeRule { interview_type: seed.offer.interview_type, no_show_follow_up: true, ..Default::default() };
    db.type_rules().set(&seed.jobcenter, &rule).unwrap();
    assert!(listed(&other, &seed, day(4)).is_empty());
    db.type_rules().set(&seed.jobcenter, &TypeRule { no_show_follow_up: false, ..rule }).unwrap();
    assert!(!listed(&other, &seed, day(4)).is_empty());

    // Any writer, even plain SQL outside the planner, is seen: the database keeps the version.
    db.raw_execute("UPDATE working_hours SET start_minute = 900").unwrap();
    let late = listed(&other, &seed, day(4));
    assert!(!late.is_empty() && late.iter().all(|(_, start)| *start >= local(4, 15, 0)));
}

/// One write of kind `step % 7` through `store`, different each round.
fn write(store: &Store, seed: &Seed, room: &str, closing: &mut Option<String>, step: usize) {
    let counselor = &seed.counselors[step % 2];
    let round = step / 7;
    let date = NaiveDate::from_ymd_opt(2027, 3, 3 + (round % 10) as u32).unwrap();
    let start = local(3 + (round % 10) as u32, 9 + (step % 6) as u32, 0);
    match step % 7 {
        0 => store.set_working_hours(&counselor.id, &fixtures::weekdays(8 + (round % 3) as u32, 16)).unwrap(),
        1 => match closing.take() {
            Some(id) => store.closing().delete(&seed.jobcenter, &id).unwrap(),
            None => {
                *closing = Some(store.closing().add(&seed.jobcenter, closing_day(date), now()).unwrap().0.id)
            }
        },
        2 => {
            let attributes = CounselorAttributes { self_booking: round % 2 == 1, ..Default::default() };
            store.attributes().set(&seed.counselors[1].id, &attributes).unwrap()
        }
        3 => {
            let rule = TypeRule {
                interview_type: seed.offer.interview_type,
                no_show_follow_up: round % 3 == 2,
                ..Default::default()
            };
            store.type_rules().set(&seed.jobcenter, &rule).unwrap()
        }
        4 => {
            let block = BusyBlock {
                interval: window(start, start + Duration::minutes(30)),
                source: BlockSource::Manual,
            };
            store.add_block(&counselor.id, &block, None, now()).map(drop).unwrap()
        }
        5 => {
            let scope = [JobCenterCode::parse("00101").unwrap()];
            let key = format!("event-{step}");
            let pushed = store.push_events(
                CONNECTOR,
                &scope,
                PushMode::Create,
                &[event(&key, &counselor.email, start)],
                now(),
            );
            pushed.map(drop).unwrap()
        }
        _ => {
            let pool = if round.is_multiple_of(2) { vec![room.to_owned()] } else { Vec::new() };
            store.rooms().set_offer_rooms(&seed.offer.id, &pool).unwrap()
        }
    }
}

fn listings_from_memory_equal_fresh_reads_through_a_hundred_writes(db: &TestDb) {
    let seed = seed(db, 2);
    let other = db.second_instance();
    let room = Room {
        id: String::new(),
        jobcenter: seed.jobcenter.clone(),
        name: "Mødelokale 2".into(),
        address: "Rådhuspladsen 1".into(),
        capacity: 1,
        active: true,
    };
    db.rooms().create(&room, now()).unwrap();
    let room = db.rooms().of_jobcenter(&seed.jobcenter).unwrap()[0].id.clone();
    let within = window(local(3, 0, 0), local(13, 0, 0));
    let mut closing = None;
    let (mut reserved, mut empty) = (0, 0);
    for step in 0..100 {
        // The writer alternates between the two instances; the listing instance keeps its memory.
        let writer = if step % 2 == 0 { &db.store } else { &other };
        write(writer, &seed, &room, &mut closing, step);
        let remembered = free(&other, &seed.offer, within, now());
        let fresh = free(&db.second_instance(), &seed.offer, within, now());
        assert_eq!(remembered, fresh, "after write {step}");
        // What was listed can be reserved: the listing hid no write that came before it.
        match remembered.get(step * 7 % remembered.len().max(1)) {
            Some(time) => {
                let counselor = seed.counselors.iter().find(|c| c.id == time.counselor).unwrap();
                let request = request(&cpr(step + 1), &seed.offer, counselor, time.interval.start());
                other
                    .reserve(&request, now())
                    .unwrap_or_else(|e| panic!("listed time refused after write {step}: {e:?}"));
                reserved += 1;
            }
            None => empty += 1,
        }
    }
    assert!(reserved >= 50, "most rounds listed a time ({reserved} reserved, {empty} empty)");
}

/// The seats left of the group offer's first time on Wednesday, listed through `store` at `at`.
fn group_seats_left(
    store: &Store,
    seed: &Seed,
    at: chrono::DateTime<chrono::Utc>,
) -> (Interval, Option<u32>) {
    let first = free(store, &seed.group, day(3), at).into_iter().next().expect("a group time on Wednesday");
    (first.interval, first.seats_left)
}

fn held_occupancy_expires_by_the_clock_of_each_listing(db: &TestDb) {
    let seed = seed(db, 2);
    let other = db.second_instance();
    let first = &seed.counselors[0];
    let wednesday = day(3);
    let (session, seats) = group_seats_left(&other, &seed, now());
    assert!(has(&listed(&other, &seed, wednesday), &first.id, 9) && seats == Some(3), "{seats:?}");

    // A reservation and a seat through this instance: the other's next listing sees both.
    reserve(db, &seed, &cpr(1), local(3, 9, 0), now()).unwrap();
    let seat = request(&cpr(2), &seed.group, &seed.group_counselor, session.start());
    db.reserve(&seat, now()).unwrap();
    assert!(!has(&listed(&other, &seed, wednesday), &first.id, 9));
    assert_eq!(group_seats_left(&other, &seed, now()), (session, Some(2)));

    // Later, with no write between, the same held rows give both back once they have expired.
    let later = now() + Duration::minutes(11);
    let listed_later: Vec<_> = free(&other, &seed.offer, wednesday, later)
        .into_iter()
        .map(|t| (t.counselor, t.interval.start()))
        .collect();
    assert!(has(&listed_later, &first.id, 9), "the expired reservation holds nothing");
    assert_eq!(group_seats_left(&other, &seed, later), (session, Some(3)), "the expired seat is free");
    assert!(!has(&listed(&other, &seed, wednesday), &first.id, 9), "before it expires it still holds");

    // A confirmed booking holds its time for good.
    book(db, &seed, &cpr(3), local(3, 10, 0), now());
    let far_later: Vec<_> = free(&other, &seed.offer, wednesday, now() + Duration::hours(1))
        .into_iter()
        .map(|t| (t.counselor, t.interval.start()))
        .collect();
    assert!(!has(&far_later, &first.id, 10) && has(&far_later, &first.id, 9));
}
