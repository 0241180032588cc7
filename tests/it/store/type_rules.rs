//! Interview type rules (issue 16): a no-show follow-up type is not offered for new summons or
//! self-bookings while its existing bookings still change; a type that requires contact data
//! refuses a summons without it and a bulk summons reports those citizens. On both backends.

use planner::domain::summons::{NotPlacedReason, Strategy};
use planner::domain::type_rules::{ContactData, ContactRequirement, TypeRule};
use planner::domain::{self, ChangeFlags, ChangeRules};
use planner::store::{ItemStatus, OfferChoice, StaffMove, SummonRequest, SummonsBatch, SummonsCitizen};

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, free_starts, local, now, originator, request, seed, window, Seed, TestDb,
};

both_backends!(
    a_no_show_follow_up_type_takes_no_new_bookings,
    a_type_requiring_contact_data_checks_each_citizen
);

fn rule(seed: &Seed, no_show_follow_up: bool, requires_contact: ContactRequirement) -> TypeRule {
    TypeRule { interview_type: seed.offer.interview_type, no_show_follow_up, requires_contact }
}

fn summon(seed: &Seed, n: usize, contact: ContactData) -> SummonRequest {
    SummonRequest {
        cpr: cpr(n),
        offer: OfferChoice::Offer(seed.offer.id.clone()),
        pool: Vec::new(),
        window: window(local(2, 0, 0), local(6, 0, 0)),
        start: None,
        changes: ChangeFlags::default(),
        originator: originator(),
        summoner: None,
        contact,
    }
}

fn batch(seed: &Seed, key: &str) -> SummonsBatch {
    SummonsBatch {
        key: key.into(),
        offer: seed.offer.id.clone(),
        pool: Vec::new(),
        window: window(local(2, 0, 0), local(6, 0, 0)),
        strategy: Strategy::EarliestFirst,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: originator(),
        summoner: None,
    }
}

fn a_no_show_follow_up_type_takes_no_new_bookings(db: &TestDb) {
    let seed = seed(db, 1);
    let held =
        db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[0], local(2, 9, 0)), now()).unwrap();
    let existing = db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
    db.type_rules().set(&seed.jobcenter, &rule(&seed, true, ContactRequirement::None)).unwrap();

    let tuesday = window(local(2, 0, 0), local(3, 0, 0));
    assert!(free_starts(db, &seed.offer, tuesday, now()).is_empty(), "not offered to citizens");
    let reserved = db.reserve(&request(&cpr(2), &seed.offer, &seed.counselors[0], local(2, 10, 0)), now());
    assert_eq!(conflict(reserved), domain::Error::TypeNotOffered);
    assert_eq!(
        conflict(db.summon_one(&summon(&seed, 3, ContactData::default()), now())),
        domain::Error::TypeNotOffered
    );
    let list = vec![SummonsCitizen { line: 2, cpr: cpr(4), contact: ContactData::default() }];
    let refused = db.run_summons_batch(&batch(&seed, "follow-up"), &list, now(), |_, _| {});
    assert_eq!(conflict(refused), domain::Error::TypeNotOffered);
    let dry = db.run_summons_batch(
        &SummonsBatch { dry_run: true, ..batch(&seed, "follow-up-dry") },
        &list,
        now(),
        |_, _| {},
    );
    assert_eq!(conflict(dry), domain::Error::TypeNotOffered);

    // The booking made before still moves and is held.
    let moved = db
        .reschedule_by_staff(&existing.id, &StaffMove { start: local(3, 11, 0), counselor: None }, now())
        .unwrap();
    assert_eq!(moved.interval.start(), local(3, 11, 0));
    let held = db.staff_action(&existing.id, domain::Action::Complete, None, local(3, 12, 0)).unwrap();
    assert_eq!(held.status, domain::BookingStatus::Completed);
    assert_eq!(
        db.type_rules().get(&seed.jobcenter, seed.offer.interview_type).unwrap(),
        rule(&seed, true, ContactRequirement::None)
    );
}

fn a_type_requiring_contact_data_checks_each_citizen(db: &TestDb) {
    let seed = seed(db, 1);
    db.type_rules().set(&seed.jobcenter, &rule(&seed, false, ContactRequirement::Phone)).unwrap();
    let phone = |p: Option<&str>| ContactData {
        email: Some("borger@example.dk".into()),
        phone: p.map(str::to_owned),
    };
    assert_eq!(
        conflict(db.summon_one(&summon(&seed, 1, phone(None)), now())),
        domain::Error::ContactMissing("mobile number")
    );
    assert!(db.summon_one(&summon(&seed, 1, phone(Some("20304050"))), now()).is_ok());

    let list: Vec<SummonsCitizen> = [Some("20304051"), None, Some("20304052"), Some("  ")]
        .iter()
        .enumerate()
        .map(|(i, p)| SummonsCitizen { line: i as u32 + 2, cpr: cpr(10 + i), contact: phone(*p) })
        .collect();
    for dry_run in [true, false] {
        let key = format!("contact-{dry_run}");
        let report = db
            .run_summons_batch(&SummonsBatch { dry_run, ..batch(&seed, &key) }, &list, now(), |_, _| {})
            .unwrap();
        let outcome: Vec<(u32, ItemStatus, Option<NotPlacedReason>)> =
            report.items.iter().map(|i| (i.line, i.status, i.reason)).collect();
        assert_eq!(
            outcome,
            [
                (2, ItemStatus::Placed, None),
                (3, ItemStatus::NotPlaced, Some(NotPlacedReason::ContactMissing)),
                (4, ItemStatus::Placed, None),
                (5, ItemStatus::NotPlaced, Some(NotPlacedReason::ContactMissing)),
            ],
            "dry run: {dry_run}"
        );
    }
}
