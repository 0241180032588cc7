//! Listings kept for reuse (`Store::offer_listing`, issue 19): a listing asked for again is
//! given from memory while nothing it was made from changed, and made afresh, equal to a fresh
//! read, as soon as a write (in this instance or another) or the clock changed what it lists:
//! a reservation that expires, the earliest time passing its notice. A listing whose window the
//! offer's horizon cuts, or asked for at an earlier clock reading, is never given from memory.
//! The registered callers are kept the same way: a caller registered, changed or disabled
//! through any instance is what the next call of another instance finds.

use std::cell::Cell;

use chrono::{DateTime, Duration, Utc};
use planner::domain::availability::FreeTime;
use planner::domain::{BlockSource, BusyBlock, Caller, Interval, JobCenterCode, Role};
use planner::store::Store;

use crate::support::both_backends;
use crate::support::store::*;

both_backends!(
    a_kept_listing_is_given_again_until_a_write_changes_it,
    a_kept_listing_is_made_afresh_when_the_clock_passes_what_it_promised,
    a_kept_caller_is_read_again_after_any_instance_changes_the_callers,
);

/// The offer's times over `within` through `store.offer_listing` at `at`, and whether they were
/// made now (not given from memory). Checks they equal a fresh read.
fn kept(store: &Store, seed: &Seed, within: Interval, at: DateTime<Utc>) -> (Vec<FreeTime>, bool) {
    let made = Cell::new(false);
    let listing = store
        .offer_listing((&seed.offer.id, within, None), (store.numbers().unwrap(), at), |found| {
            made.set(true);
            found.times.clone()
        })
        .unwrap();
    assert_eq!(listing.jobcenter, seed.jobcenter);
    let times = listing.made.as_ref().clone();
    assert_eq!(times, free(store, &seed.offer, within, at), "kept equals fresh at {at}");
    (times, made.get())
}

fn starts(times: &[FreeTime]) -> Vec<DateTime<Utc>> {
    times.iter().map(|t| t.interval.start()).collect()
}

fn a_kept_listing_is_given_again_until_a_write_changes_it(db: &TestDb) {
    let seed = seed(db, 2);
    let wednesday = day(3);
    let (first, made) = kept(db, &seed, wednesday, now());
    assert!(made && !first.is_empty());
    assert!(!kept(db, &seed, wednesday, now()).1, "the same listing again is given from memory");
    assert!(!kept(db, &seed, wednesday, now() + Duration::hours(1)).1, "an hour later nothing changed");
    assert!(kept(db, &seed, day(4), now()).1, "another window is another listing");
    assert!(kept(db, &seed, wednesday, now() - Duration::minutes(1)).1, "an earlier clock is not served");
    let numbers = db.numbers().unwrap();
    let counted = db
        .offer_listing((&seed.offer.id, wednesday, None), (numbers, now()), |found| found.times.len())
        .unwrap();
    assert_eq!(*counted.made, first.len(), "another made type is made from the same times");

    // A booking through this instance: the next listing is made afresh, without the booked hour.
    book(db, &seed, &cpr(1), local(3, 9, 0), now());
    let (after, made) = kept(db, &seed, wednesday, now());
    assert!(made && after.len() + 1 == first.len(), "{} then {}", first.len(), after.len());
    assert!(!kept(db, &seed, wednesday, now()).1);

    // Another instance keeps its own; a busy block written here is seen by its next listing.
    let other = db.second_instance();
    assert!(kept(&other, &seed, wednesday, now()).1);
    assert!(!kept(&other, &seed, wednesday, now()).1);
    let hour = window(local(3, 10, 0), local(3, 11, 0));
    let block = BusyBlock { interval: hour, source: BlockSource::Manual };
    db.add_block(&seed.counselors[1].id, &block, None, now()).unwrap();
    let (blocked, made) = kept(&other, &seed, wednesday, now());
    assert!(made && blocked.len() < after.len(), "{} then {}", after.len(), blocked.len());
}

fn a_kept_listing_is_made_afresh_when_the_clock_passes_what_it_promised(db: &TestDb) {
    let seed = seed(db, 2);
    let wednesday = day(3);
    let counselor = &seed.counselors[0].id;
    let held = reserve(db, &seed, &cpr(1), local(3, 9, 0), now()).unwrap();
    let without =
        |times: &[FreeTime]| !times.iter().any(|t| &t.counselor == counselor && t.interval == held.interval);
    let (listed, made) = kept(db, &seed, wednesday, now());
    assert!(made && without(&listed));

    // The reservation holds its hour until the instant it expires, not an instant longer.
    let (listed, made) = kept(db, &seed, wednesday, held.expires_at - Duration::seconds(1));
    assert!(!made && without(&listed), "kept while the reservation holds");
    let (listed, made) = kept(db, &seed, wednesday, held.expires_at);
    assert!(made && !without(&listed), "made afresh when it expires, with the hour free again");

    // The earliest time stays listed until the clock passes its notice (24 hours), then goes.
    let earliest = *starts(&listed).iter().min().unwrap();
    let promised = earliest - seed.offer.slots.min_notice;
    let (listed, made) = kept(db, &seed, wednesday, promised);
    assert!(!made && starts(&listed).contains(&earliest));
    let (listed, made) = kept(db, &seed, wednesday, promised + Duration::seconds(1));
    assert!(made && !starts(&listed).contains(&earliest), "the earliest time passed its notice");

    // A window the horizon (8 weeks) cuts may gain a time at any moment: never kept.
    let edge = now() + seed.offer.slots.horizon;
    let cut = window(edge - Duration::days(1), edge + Duration::days(1));
    assert!(kept(db, &seed, cut, now()).1 && kept(db, &seed, cut, now()).1);
}

fn a_kept_caller_is_read_again_after_any_instance_changes_the_callers(db: &TestDb) {
    let identity = "CVR:12345678-FID:kept";
    let other = db.second_instance();
    let found = |store: &Store| store.caller_as_of(store.numbers().unwrap(), identity).unwrap();
    assert_eq!(found(&other), None, "not registered");
    assert_eq!(found(&other), None, "kept as not registered");
    let mut caller = Caller {
        identity: identity.into(),
        role: Role::Dfdg,
        jobcenters: vec![JobCenterCode::parse("00101").unwrap()],
        enabled: true,
    };
    db.upsert_caller(&caller, now()).unwrap();
    assert_eq!(found(&other), Some(caller.clone()), "registered through the first instance");
    assert_eq!(found(&other), Some(caller.clone()));
    caller.enabled = false;
    db.upsert_caller(&caller, now()).unwrap();
    assert_eq!(found(&other).map(|c| c.enabled), Some(false), "disabled through the first instance");
    // Numbers read before a change find what was kept before it, never something newer.
    let before = other.numbers().unwrap();
    caller.enabled = true;
    db.upsert_caller(&caller, now()).unwrap();
    assert_eq!(found(&other).map(|c| c.enabled), Some(true));
    assert_eq!(other.caller_as_of(before, identity).unwrap().map(|c| c.enabled), Some(true), "read afresh");
}
