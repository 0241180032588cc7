//! Calendar sync in the store: pushed events are busy blocks that availability honours,
//! idempotent by event id, deletes leave tombstones, an overlap with a booking is accepted and
//! queued as a conflict without touching the booking.

use chrono::Duration;
use planner::domain::calendar_sync::{Accepted, EventKey, EventRef, ExternalEvent, Rejection};
use planner::domain::{BookingStatus, Interval, JobCenterCode};
use planner::store::PushMode;

use crate::support::both_backends;
use crate::support::store::*;

const SOURCE: &str = "CVR:12345678-FID:connector";

fn event(key: &str, email: &str, start: chrono::DateTime<chrono::Utc>, minutes: i64) -> ExternalEvent {
    ExternalEvent {
        key: EventKey::parse(key).unwrap(),
        resource: email.to_lowercase(),
        interval: Interval::new(start, start + Duration::minutes(minutes)).unwrap(),
    }
}

fn scope() -> Vec<JobCenterCode> {
    vec![JobCenterCode::parse("00101").unwrap()]
}

fn results(receipts: &[planner::domain::calendar_sync::Receipt]) -> Vec<Result<Accepted, Rejection>> {
    receipts.iter().map(|r| r.result.map(|(a, _)| a)).collect()
}

fn pushed_events_are_busy_and_idempotent(db: &TestDb) {
    let seed = seed(db, 1);
    let email = seed.counselors[0].email.clone();
    let at_ten = local(3, 10, 0);
    assert!(free_starts(db, &seed.offer, day(3), now()).contains(&at_ten));
    let batch = [event("ev-1", &email.to_uppercase(), at_ten, 60)];
    let first = db.push_events(SOURCE, &scope(), PushMode::Create, &batch, now()).unwrap();
    assert_eq!(results(&first), [Ok(Accepted::Created)]);
    assert!(!free_starts(db, &seed.offer, day(3), now()).contains(&at_ten));
    // Same id and content: nothing changes (a retried call).
    let again = db.push_events(SOURCE, &scope(), PushMode::Create, &batch, now()).unwrap();
    assert_eq!(results(&again), [Ok(Accepted::Unchanged)]);
    // Same id, other content on CreateEvents: a duplicate; on UpdateEvents: the block moves.
    let moved = [event("ev-1", &email, local(3, 13, 0), 60)];
    let dup = db.push_events(SOURCE, &scope(), PushMode::Create, &moved, now()).unwrap();
    assert_eq!(results(&dup), [Err(Rejection::DuplicateEventId)]);
    let update = db.push_events(SOURCE, &scope(), PushMode::Update, &moved, now()).unwrap();
    assert_eq!(results(&update), [Ok(Accepted::Updated)]);
    let free = free_starts(db, &seed.offer, day(3), now());
    assert!(free.contains(&at_ten) && !free.contains(&local(3, 13, 0)));
    // Delete frees the time and leaves a tombstone: a late update is refused.
    let gone = [EventRef { key: EventKey::parse("ev-1").unwrap(), resource: email.clone() }];
    let deleted = db.delete_events(SOURCE, &scope(), &gone, now()).unwrap();
    assert_eq!(results(&deleted), [Ok(Accepted::Deleted)]);
    assert!(free_starts(db, &seed.offer, day(3), now()).contains(&local(3, 13, 0)));
    let late = db.push_events(SOURCE, &scope(), PushMode::Update, &moved, now()).unwrap();
    assert_eq!(results(&late), [Err(Rejection::UnknownEvent)]);
    let twice = db.delete_events(SOURCE, &scope(), &gone, now()).unwrap();
    assert_eq!(results(&twice), [Ok(Accepted::Deleted)]);
}

fn one_bad_event_does_not_fail_the_batch(db: &TestDb) {
    let seed = seed(db, 2);
    let (a, b) = (seed.counselors[0].email.clone(), seed.counselors[1].email.clone());
    let batch = [
        event("x", &a, local(3, 9, 0), 30),
        event("x", &a, local(3, 11, 0), 30),
        event("x", &b, local(3, 9, 0), 30),
        event("y", "nobody@jobcenter.dk", local(3, 9, 0), 30),
    ];
    let receipts = db.push_events(SOURCE, &scope(), PushMode::Create, &batch, now()).unwrap();
    assert_eq!(
        results(&receipts),
        [
            Ok(Accepted::Created),
            Err(Rejection::DuplicateEventId),
            Ok(Accepted::Created),
            Err(Rejection::UnknownResource)
        ]
    );
    // Another jobcenter's connector does not see these counselors.
    let other = [JobCenterCode::parse("00147").unwrap()];
    let refused = db.push_events(SOURCE, &other, PushMode::Create, &batch[..1], now()).unwrap();
    assert_eq!(results(&refused), [Err(Rejection::UnknownResource)]);
    let unknown = [EventRef { key: EventKey::parse("zzz").unwrap(), resource: a }];
    assert_eq!(
        results(&db.delete_events(SOURCE, &scope(), &unknown, now()).unwrap()),
        [Err(Rejection::UnknownEvent)]
    );
}

fn overlap_with_a_booking_is_a_conflict_not_a_move(db: &TestDb) {
    let seed = seed(db, 1);
    let booking = book(db, &seed, &cpr(1), local(3, 10, 0), now());
    let email = seed.counselors[0].email.clone();
    let batch = [event("dentist", &email, local(3, 9, 30), 90)];
    let receipts = db.push_events(SOURCE, &scope(), PushMode::Create, &batch, now()).unwrap();
    assert_eq!(receipts[0].result, Ok((Accepted::Created, 1)));
    let kept = db.booking(&booking.id, None).unwrap();
    assert_eq!((kept.status, kept.interval), (BookingStatus::Booked, booking.interval));
    let conflicts = db.calendar_conflicts(&scope(), false, 100).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (conflicts[0].booking.as_str(), conflicts[0].event.as_str()),
        (booking.id.as_str(), "dentist")
    );
    // A retried push does not queue the same conflict twice.
    db.push_events(
        SOURCE,
        &scope(),
        PushMode::Update,
        &[event("dentist", &email, local(3, 9, 0), 90)],
        now(),
    )
    .unwrap();
    assert_eq!(db.calendar_conflicts(&scope(), false, 100).unwrap().len(), 1);
    assert!(db
        .resolve_calendar_conflict(&scope(), &conflicts[0].id, "counselor moved the dentist", now())
        .unwrap());
    assert!(!db.resolve_calendar_conflict(&scope(), &conflicts[0].id, "again", now()).unwrap());
    assert!(db.calendar_conflicts(&scope(), false, 100).unwrap().is_empty());
    let all = db.calendar_conflicts(&scope(), true, 100).unwrap();
    assert_eq!(all[0].resolution.as_deref(), Some("counselor moved the dentist"));
}

both_backends!(
    pushed_events_are_busy_and_idempotent,
    one_bad_event_does_not_fail_the_batch,
    overlap_with_a_booking_is_a_conflict_not_a_move,
);
