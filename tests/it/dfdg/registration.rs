//! Summons registration in DFDG through the outbox recipient of kind `dfdg`.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use planner::adapters::dfdg::register::{ensure_recipient, DfdgSender, Registered, KIND};
use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::domain::{BookingId, ChangeFlags, Channel, Cpr, Interval, Originator};
use planner::store::{Canceller, RegisterRequest};

use crate::support::dfdg::{client, first_start, planner, Planner};
use crate::support::dfdg_sim::{dev_pki, DfdgSim, Failure};

pub fn summons(planner: &Planner, channel: Channel) -> RegisterRequest {
    let start = first_start();
    RegisterRequest {
        id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        cpr: Cpr::parse("0101901234").unwrap(),
        jobcenter: planner.seeded.jobcenter.clone(),
        caseworker: planner.counselor.caseworker.clone(),
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        interval: Interval::new(start, start + chrono::Duration::minutes(45)).unwrap(),
        changes: ChangeFlags {
            rebook_possible: false,
            rebook_deadline: None,
            cancel_possible: true,
            cancel_deadline: None,
        },
        compulsory: true,
        group_meeting: None,
        digital_link: None,
        channel,
        originator: Originator { code: 101, type_id: 2 },
        registered_by: "summoner".into(),
    }
}

#[test]
fn summons_registration_is_retried_after_a_500_and_recorded_once() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let store = &planner.store;
    let now = Utc::now();
    assert!(ensure_recipient(store, &sim.url, now).unwrap());
    assert!(!ensure_recipient(store, &sim.url, now).unwrap(), "added once");
    let sender = DfdgSender {
        client: client(&pki, &sim.url, Duration::from_secs(5), 1),
        user_identifier: "CVR:64942212-UUID:planner".into(),
    };
    let dispatcher = Dispatcher::default().with_sender(KIND, Arc::new(sender));

    let summoned = store.register_booking(&summons(&planner, Channel::Summons), now).unwrap();
    let kss = store.register_booking(&summons_at(&planner, 3), now).unwrap();
    sim.fail_next("CreateIndkaldelse", Failure::Status500);

    let mut outcomes = Vec::new();
    let mut at = now;
    for _ in 0..6 {
        outcomes.push(try_deliver_next(store, &dispatcher, at).unwrap());
        at += chrono::Duration::hours(3);
    }
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Outcome::Failed { .. })).count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Outcome::Delivered { .. })).count(), 1, "{outcomes:?}");
    assert_eq!(sim.count("CreateIndkaldelse"), 2, "one 500, one retry; the KSS booking is not sent");
    let log = store.webhook_log(KIND, 10).unwrap().unwrap();
    assert_eq!(log.len(), 1, "only the Summons booking gets a delivery row: {log:?}");
    let registered = sim.indkaldelser();
    assert_eq!(registered.len(), 1);
    let body = &registered[summoned.id.as_str()];
    assert!(body.contains("<UserIdentifier>CVR:64942212-UUID:planner</UserIdentifier>"));
    assert!(body.contains("<Selvbooket>false</Selvbooket>"));
    let record = store.dfdg_registration(&summoned.id).unwrap().unwrap();
    assert_eq!((record.dfdg_id.as_str(), record.version, record.deleted), (summoned.id.as_str(), 1, false));
    assert_eq!(store.dfdg_registration(&kss.id).unwrap(), None);

    // Cancelling the summons deletes it in DFDG, once.
    store.cancel(&Canceller::RegisteringSystem("summoner".into()), &summoned.id, at).unwrap();
    while try_deliver_next(store, &dispatcher, at).unwrap() != Outcome::Nothing {}
    assert_eq!(sim.count("DeleteIndkaldelse"), 1);
    assert!(sim.indkaldelser().is_empty());
    assert!(store.dfdg_registration(&summoned.id).unwrap().unwrap().deleted);
}

fn summons_at(planner: &Planner, hours: i64) -> RegisterRequest {
    let mut request = summons(planner, Channel::CaseworkerSystem);
    let start = first_start() + chrono::Duration::hours(hours);
    request.interval = Interval::new(start, start + chrono::Duration::minutes(45)).unwrap();
    request.cpr = Cpr::parse("0202901234").unwrap();
    request
}

#[test]
fn a_changed_summons_is_sent_as_an_update_and_a_repeat_sends_nothing() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let store = &planner.store;
    let client = client(&pki, &sim.url, Duration::from_secs(5), 3);
    let now = Utc::now();
    let summoned = store.register_booking(&summons(&planner, Channel::Summons), now).unwrap();
    let register =
        |at| planner::adapters::dfdg::register::register(store, &client, &summoned.id, "planner", at);
    assert_eq!(register(now).unwrap(), Registered::Created(summoned.id.as_str().to_owned()));
    assert_eq!(register(now).unwrap(), Registered::UpToDate, "a redelivery sends nothing");
    // Any change raises the booking's version; DFDG gets the newest state once.
    store.mark_billed(&summoned.id, now).unwrap();
    assert_eq!(register(now).unwrap(), Registered::Updated(summoned.id.as_str().to_owned()));
    assert_eq!(register(now).unwrap(), Registered::UpToDate);
    assert_eq!((sim.count("CreateIndkaldelse"), sim.count("UpdateIndkaldelse")), (1, 1));
    assert_eq!(store.dfdg_registration(&summoned.id).unwrap().unwrap().version, 2);
}
