//! The SIVI absence intake's store side (`Store::record_absence_message`): one message from many
//! threads and two instances is recorded once with one summons, and a summons that cannot be
//! placed leaves the absence recorded with the reason.

use std::collections::BTreeMap;

use chrono::Duration;
use planner::domain::absence::{AbsenceReport, PersonNumber};
use planner::store::{AbsenceMessage, EmployerSummons, IntakeOutcome};

use crate::support::both_backends;
use crate::support::store::{cpr, now, seed, topics, TestDb};

both_backends!(
    the_same_message_from_many_threads_is_recorded_once,
    an_unplaceable_summons_leaves_the_absence_recorded,
);

fn message(key: &str, n: usize) -> AbsenceMessage {
    let day = now().date_naive();
    AbsenceMessage {
        key: key.into(),
        body_sha256: format!("hash-of-{key}"),
        reports: vec![AbsenceReport {
            employer: "WG-1".into(),
            employee: format!("E-{n}"),
            person_number: Some(PersonNumber::Cpr(cpr(n))),
            case_id: format!("V-{n}"),
            sequence: 1,
            effective_on: day,
            first_day: day,
            percentage_hundredths: 10_000,
            ended: false,
            recovered_on: None,
        }],
    }
}

fn the_same_message_from_many_threads_is_recorded_once(db: &TestDb) {
    let seeded = seed(db, 2);
    let employers = BTreeMap::from([(
        "WG-1".to_owned(),
        EmployerSummons { offer: seeded.offer.id.clone(), within: Duration::days(14) },
    )]);
    let second = db.second_instance();
    let outcomes: Vec<IntakeOutcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let store = if i % 2 == 0 { &db.store } else { &second };
                let employers = &employers;
                scope.spawn(move || {
                    store.record_absence_message(&message("XS/ref-1", 1), employers, now()).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let recorded: Vec<_> = outcomes.iter().filter(|o| matches!(o, IntakeOutcome::Recorded(_))).collect();
    assert_eq!(recorded.len(), 1, "{outcomes:?}");
    let IntakeOutcome::Recorded(receipt) = recorded[0] else { unreachable!() };
    for outcome in &outcomes {
        match outcome {
            IntakeOutcome::Recorded(_) => {}
            IntakeOutcome::Duplicate(again) => assert_eq!(again, receipt),
            IntakeOutcome::KeyReused => panic!("same body, same key: {outcomes:?}"),
        }
    }
    assert_eq!(receipt["reports"][0]["summons"]["outcome"], "placed", "{receipt}");
    let created: Vec<_> = topics(db).into_iter().filter(|(topic, _)| topic == "BookingCreated").collect();
    assert_eq!(created.len(), 1, "one summons: {created:?}");
    assert_eq!(db.absence_cases("WG-1", "E-1").unwrap().len(), 1);
    let mut other = message("XS/ref-1", 1);
    other.body_sha256 = "another body".into();
    assert_eq!(db.record_absence_message(&other, &employers, now()).unwrap(), IntakeOutcome::KeyReused);
}

fn an_unplaceable_summons_leaves_the_absence_recorded(db: &TestDb) {
    let seeded = seed(db, 1);
    // The offer needs 24 hours' notice, so nothing fits within the next hour.
    let employers = BTreeMap::from([(
        "WG-1".to_owned(),
        EmployerSummons { offer: seeded.offer.id.clone(), within: Duration::hours(1) },
    )]);
    let outcome = db.record_absence_message(&message("XS/ref-2", 2), &employers, now()).unwrap();
    let IntakeOutcome::Recorded(receipt) = outcome else { panic!("{outcome:?}") };
    let summons = &receipt["reports"][0]["summons"];
    assert!(summons["booking_id"].is_null(), "{receipt}");
    assert!(summons["outcome"].as_str().unwrap().starts_with("not_placed"), "{receipt}");
    let cases = db.absence_cases("WG-1", "E-2").unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].summons_outcome.as_deref(), summons["outcome"].as_str());
    assert!(topics(db).is_empty(), "no booking, no event");
}
