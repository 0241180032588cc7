//! Counselor attributes (issue 16): a counselor who takes no self-bookings holds no times for
//! citizens, one who takes no summons is never summoned into, and an offer that requires
//! competencies is served by their holders as they change. On both backends.

use std::collections::BTreeSet;

use planner::domain::{self, ChangeFlags};
use planner::store::{CounselorAttributes, Entity, Error, OfferChoice, SummonRequest};

use crate::support::both_backends;
use crate::support::store::{conflict, cpr, free, local, now, originator, request, seed, window, TestDb};

both_backends!(
    self_booking_and_summons_can_be_switched_off,
    offers_requiring_competencies_follow_their_holders
);

fn attributes(self_booking: bool, summons: bool, competencies: &[&str]) -> CounselorAttributes {
    CounselorAttributes {
        self_booking,
        summons,
        competencies: competencies.iter().map(|c| (*c).to_owned()).collect(),
    }
}

fn self_booking_and_summons_can_be_switched_off(db: &TestDb) {
    let seed = seed(db, 2);
    let [a, b] = [&seed.counselors[0], &seed.counselors[1]];
    db.attributes().set(&b.id, &attributes(false, true, &[])).unwrap();
    db.attributes().set(&a.id, &attributes(true, false, &[])).unwrap();
    let tuesday = window(local(2, 0, 0), local(3, 0, 0));
    let listed: BTreeSet<_> =
        free(db, &seed.offer, tuesday, now()).into_iter().map(|t| t.counselor).collect();
    assert_eq!(listed, BTreeSet::from([a.id.clone()]), "only the self-booking counselor holds times");
    let refused = db.reserve(&request(&cpr(1), &seed.offer, b, local(2, 9, 0)), now());
    assert_eq!(conflict(refused), domain::Error::NoBookingOptions);

    let summon = |pool: Vec<planner::domain::CaseworkerId>| SummonRequest {
        cpr: cpr(2),
        offer: OfferChoice::Offer(seed.offer.id.clone()),
        pool,
        window: tuesday,
        start: None,
        changes: ChangeFlags::default(),
        originator: originator(),
        summoner: None,
        contact: Default::default(),
    };
    assert!(matches!(
        db.summon_one(&summon(vec![a.caseworker.clone()]), now()),
        Err(Error::NotFound(Entity::Counselor))
    ));
    let summoned = db.summon_one(&summon(Vec::new()), now()).unwrap();
    assert_eq!(summoned.counselor, b.id, "summons go to the counselor who takes them");
    assert_eq!(db.attributes().of(&a.id).unwrap(), attributes(true, false, &[]));
}

fn offers_requiring_competencies_follow_their_holders(db: &TestDb) {
    let seed = seed(db, 3);
    let [a, b, c] = [&seed.counselors[0], &seed.counselors[1], &seed.counselors[2]];
    db.attributes().set(&b.id, &attributes(true, true, &["tolk", "ukrainsk"])).unwrap();
    db.attributes().set(&c.id, &attributes(true, true, &["tolk"])).unwrap();
    let serving = || {
        let mut ids: Vec<_> =
            db.counselors_of_offer(&seed.offer.id).unwrap().into_iter().map(|c| c.id).collect();
        ids.sort();
        ids
    };
    let required: BTreeSet<String> = ["tolk".to_owned()].into();
    db.attributes().require(&seed.offer.id, &required).unwrap();
    let mut expected = vec![b.id.clone(), c.id.clone()];
    expected.sort();
    assert_eq!(serving(), expected);
    db.attributes().set(&c.id, &attributes(true, true, &[])).unwrap();
    assert_eq!(serving(), vec![b.id.clone()], "c no longer holds the competency");
    db.attributes().set(&a.id, &attributes(true, true, &["tolk"])).unwrap();
    let mut expected = vec![a.id.clone(), b.id.clone()];
    expected.sort();
    assert_eq!(serving(), expected, "a holds it now");
    assert_eq!(db.attributes().required_by(&seed.offer.id).unwrap(), required);
    let too_long: BTreeSet<String> = ["x".repeat(51)].into();
    assert!(db.attributes().require(&seed.offer.id, &too_long).is_err());
}
