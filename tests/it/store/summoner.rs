//! Who summoned is recorded with the booking, for single and bulk summons (issue #9), and the
//! WSRM log is listed by outcome and jobcenter for the admin API.

use chrono::Duration;
use planner::domain::summons::Strategy;
use planner::domain::{ChangeFlags, ChangeRules, JobCenterCode};
use planner::store::{
    DfdgChange, DfdgLogQuery, DfdgMessage, ItemStatus, OfferChoice, SummonRequest, Summoner, SummonsBatch,
    SummonsCitizen,
};

use crate::support::both_backends;
use crate::support::store::{cpr, local, now, originator, registration, seed, window, TestDb};

both_backends!(
    the_summoner_is_recorded_for_single_summons,
    the_summoner_is_recorded_for_every_booking_of_a_batch,
    the_wsrm_log_is_listed_by_outcome_and_jobcenter,
);

fn the_summoner_is_recorded_for_single_summons(db: &TestDb) {
    let seed = seed(db, 1);
    let request = |n: usize, summoner: Option<Summoner>| SummonRequest {
        cpr: cpr(n),
        offer: OfferChoice::Offer(seed.offer.id.clone()),
        pool: Vec::new(),
        window: window(local(2, 0, 0), local(16, 0, 0)),
        start: None,
        changes: ChangeFlags::default(),
        originator: originator(),
        summoner,
        contact: Default::default(),
    };
    let person = Summoner::new("CVR:12345678-FID:admin", Some("CVR:12345678-UUID:caseworker-7")).unwrap();
    let booked = db.summon_one(&request(1, Some(person.clone())), now()).unwrap();
    assert_eq!(db.booking_summoner(&booked.id).unwrap(), Some(person));

    let system = Summoner::new("CVR:12345678-FID:admin", None).unwrap();
    let booked = db.summon_one(&request(2, Some(system.clone())), now()).unwrap();
    let recorded = db.booking_summoner(&booked.id).unwrap().unwrap();
    assert_eq!((recorded.identity(), recorded.user()), ("CVR:12345678-FID:admin", None));

    let unknown = db.summon_one(&request(3, None), now()).unwrap();
    assert_eq!(db.booking_summoner(&unknown.id).unwrap(), None);
}

fn the_summoner_is_recorded_for_every_booking_of_a_batch(db: &TestDb) {
    let seed = seed(db, 4);
    let summoner = Summoner::new("cli:alice", Some("alice")).unwrap();
    let batch = SummonsBatch {
        key: "summoner-batch".into(),
        offer: seed.offer.id.clone(),
        pool: Vec::new(),
        window: window(local(2, 0, 0), local(16, 0, 0)),
        strategy: Strategy::SpreadEvenly,
        dry_run: false,
        changes: ChangeRules { cancel_deadline_before: Some(Duration::hours(24)), ..ChangeRules::default() },
        originator: originator(),
        summoner: Some(summoner.clone()),
    };
    let list: Vec<SummonsCitizen> = (0..250)
        .map(|i| SummonsCitizen { line: i as u32 + 2, cpr: cpr(i), contact: Default::default() })
        .collect();
    let report = db.run_summons_batch(&batch, &list, now(), |_, _| {}).unwrap();
    let placed: Vec<_> = report.items.iter().filter(|i| i.status == ItemStatus::Placed).collect();
    assert_eq!(placed.len(), 250, "two chunks, all placed");
    for item in placed {
        let booking = item.booking.as_ref().unwrap();
        assert_eq!(db.booking_summoner(booking).unwrap().as_ref(), Some(&summoner));
    }
}

fn the_wsrm_log_is_listed_by_outcome_and_jobcenter(db: &TestDb) {
    let seed = seed(db, 1);
    let message = |change| DfdgMessage {
        id: uuid::Uuid::new_v4().to_string(),
        service: "IndkaldelseMessageService".into(),
        change,
    };
    let applied = message(DfdgChange::Create(registration(&seed, &cpr(1), local(4, 10, 0))));
    db.apply_dfdg_message(&applied, now()).unwrap();
    let rejected = message(DfdgChange::Unreadable("JobCenterCode must be 5 digits".into()));
    db.apply_dfdg_message(&rejected, now() + Duration::seconds(1)).unwrap();

    let query = |jobcenter: &str, outcome: Option<&str>, include_unbound| DfdgLogQuery {
        limit: 10,
        outcome: outcome.map(str::to_owned),
        jobcenters: vec![JobCenterCode::parse(jobcenter).unwrap()],
        include_unbound,
    };
    let ids = |q: DfdgLogQuery| -> Vec<String> {
        db.dfdg_message_log(&q).unwrap().into_iter().map(|m| m.message_id).collect()
    };
    assert_eq!(ids(query("00101", None, false)), vec![applied.id.clone()]);
    assert_eq!(ids(query("00999", None, false)), Vec::<String>::new(), "another jobcenter's booking");
    assert_eq!(
        ids(query("00101", None, true)),
        vec![rejected.id.clone(), applied.id.clone()],
        "newest first"
    );
    assert_eq!(ids(query("00101", Some("rejected"), true)), vec![rejected.id.clone()]);
    assert_eq!(ids(query("00101", Some("applied"), true)), vec![applied.id.clone()]);
    let row = &db.dfdg_message_log(&query("00101", Some("rejected"), true)).unwrap()[0];
    assert_eq!(row.service, "IndkaldelseMessageService");
    assert_eq!(row.booking_id, None);
    assert_eq!(row.detail.as_deref(), Some("JobCenterCode must be 5 digits"));
}
