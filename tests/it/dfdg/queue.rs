//! The WSRM queue consumer against the simulator: fetch sizes, exactly-once application across a
//! cut connection and a rerun, duplicates, updates and deletes of KSS bookings, and retries.

use std::time::Duration;

use chrono::Utc;
use planner::adapters::dfdg::queue::pull;
use planner::domain::{BookingId, BookingStatus, Channel};

use crate::support::dfdg::{booked, client, first_start, kss_booking, message_xml, planner};
use crate::support::dfdg_sim::{dev_pki, DfdgSim, Failure};

const SERVICE: &str = "IndkaldelseMessageService";

fn creates(planner: &crate::support::dfdg::Planner, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(planner, n))).collect()
}

#[test]
fn twelve_hundred_messages_are_pulled_in_three_fetches_and_applied_once() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    sim.enqueue(SERVICE, creates(&planner, 0..1200));
    let client = client(&pki, &sim.url, Duration::from_secs(10), 3);

    let report = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();

    assert_eq!((report.sequences, report.fetched, report.applied), (3, 1200, 1200));
    assert_eq!(sim.count("GetMessages"), 3, "500 + 500 + 200");
    assert_eq!(sim.count("TerminateSequence"), 4, "three full sequences and the empty one");
    assert_eq!(sim.count("CloseSequence"), 0);
    assert_eq!(sim.pending(), 0, "DFDG deleted every confirmed message");
    let bookings = booked(&planner);
    assert_eq!(bookings.len(), 1200);
    assert!(bookings.iter().all(|b| b.channel == Channel::CaseworkerSystem && !b.changes.rebook_possible));
    assert_eq!(planner.store.dfdg_messages(2000).unwrap().len(), 1200);
}

#[test]
fn a_cut_in_the_middle_of_a_fetch_then_a_rerun_applies_every_message_exactly_once() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    // One sequence holds 300 messages of service A and 200 of B; B's fetch is cut every time.
    sim.enqueue("IndkaldelseA", creates(&planner, 0..300));
    sim.enqueue("IndkaldelseB", creates(&planner, 300..600));
    let client = client(&pki, &sim.url, Duration::from_secs(10), 2);
    sim.fail_next("GetMessages:IndkaldelseB", Failure::Cut);
    sim.fail_next("GetMessages:IndkaldelseB", Failure::Cut);
    sim.fail_next("GetMessages:IndkaldelseB", Failure::Cut);

    let stopped = pull(&planner.store, &client, "Planner", &Utc::now).unwrap_err();
    assert_eq!(stopped.report.applied, 300, "service A was committed before the cut: {stopped:?}");
    assert_eq!(stopped.report.sequences, 0);
    assert_eq!(sim.count("CloseSequence"), 1, "the sequence was aborted, not confirmed");
    assert_eq!(sim.count("TerminateSequence"), 0);
    assert_eq!(sim.pending(), 600, "DFDG redelivers everything");

    let rerun = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((rerun.applied, rerun.already_seen), (300, 300), "{rerun:?}");
    assert_eq!(sim.pending(), 0);
    assert_eq!(booked(&planner).len(), 600, "every message applied exactly once");
    assert_eq!(planner.store.dfdg_messages(1000).unwrap().len(), 600);
}

#[test]
fn a_duplicate_message_changes_nothing() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let message = message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, 0));
    sim.enqueue(SERVICE, [message.clone(), message.clone()]);
    let client = client(&pki, &sim.url, Duration::from_secs(10), 3);
    let first = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((first.applied, first.already_seen), (1, 1));
    let events = planner.store.pending_events(100).unwrap().len();

    sim.enqueue(SERVICE, [message]);
    let again = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((again.applied, again.already_seen), (0, 1));
    assert_eq!(booked(&planner).len(), 1);
    assert_eq!(planner.store.pending_events(100).unwrap().len(), events, "no new event");
}

#[test]
fn an_update_and_a_delete_of_a_kss_booking_move_and_remove_it() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let client = client(&pki, &sim.url, Duration::from_secs(10), 3);
    let mut booking = kss_booking(&planner, 0);
    sim.enqueue(SERVICE, [message_xml(&uuid::Uuid::new_v4().to_string(), 1, &booking)]);
    pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    let id = BookingId::parse(&booking.id).unwrap();

    let later = first_start() + chrono::Duration::hours(5);
    booking.start = planner::xml::format_datetime(later);
    booking.end = planner::xml::format_datetime(later + chrono::Duration::minutes(30));
    sim.enqueue(SERVICE, [message_xml(&uuid::Uuid::new_v4().to_string(), 2, &booking)]);
    let report = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!(report.applied, 1);
    let moved = planner.store.booking(&id, None).unwrap();
    assert_eq!(moved.interval.start(), later);
    assert_eq!(moved.interval.end(), later + chrono::Duration::minutes(30));
    assert_eq!(booked(&planner).len(), 1, "moved, not copied");

    sim.enqueue(SERVICE, [message_xml(&uuid::Uuid::new_v4().to_string(), 3, &booking)]);
    pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!(planner.store.booking(&id, None).unwrap().status, BookingStatus::Cancelled);
    assert!(booked(&planner).is_empty(), "its time is free again");
}

#[test]
fn a_timeout_and_a_500_are_retried_and_a_broken_message_is_logged_not_blocking() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let broken = message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, 0))
        .replace("<SamtaleType>7</SamtaleType>", "<SamtaleType>seven</SamtaleType>");
    sim.enqueue(SERVICE, [broken]);
    sim.enqueue(SERVICE, creates(&planner, 1..3));
    sim.fail_next("CreateSequence", Failure::Delay(Duration::from_secs(3)));
    sim.fail_next("GetMessages", Failure::Status500);
    let client = client(&pki, &sim.url, Duration::from_secs(1), 3);

    let report = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((report.applied, report.rejected), (2, 1), "{report:?}");
    assert_eq!(sim.count("GetMessages"), 2, "the 500 was retried");
    assert_eq!(booked(&planner).len(), 2);
    let log = planner.store.dfdg_messages(10).unwrap();
    let rejected: Vec<_> = log.iter().filter(|m| m.outcome == "rejected").collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].detail.as_deref(), Some("SamtaleType must be an integer"));
}

/// One poison message of each kind between valid ones: the valid ones (also one with a
/// MessageIdentifier that is not a GUID, and one with Varighed instead of Sluttidspunkt) are
/// applied, each poison one is recorded as rejected with its reason, and a redelivery of the
/// whole queue changes nothing.
#[test]
fn poison_messages_are_recorded_as_rejected_and_the_queue_moves_on() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let client = client(&pki, &sim.url, Duration::from_secs(10), 3);
    let guid = || uuid::Uuid::new_v4().to_string();
    let bookings: Vec<_> = (0..12).map(|n| kss_booking(&planner, n)).collect();
    let valid = |n: usize| message_xml(&guid(), 1, &bookings[n]);
    let end = |n: usize| format!("<Sluttidspunkt>{}</Sluttidspunkt>", bookings[n].end);
    let broken = |n: usize, from: &str, to: &str| {
        let xml = valid(n);
        assert!(xml.contains(from), "{from}");
        xml.replace(from, to)
    };
    let by_duration = broken(2, &end(2), "<Varighed>PT45M</Varighed>");
    let poison: Vec<(String, &str)> = vec![
        (message_xml("", 1, &bookings[4]), "MessageIdentifier is missing"),
        (broken(5, &bookings[5].cpr, "9999999999"), "PersonCivilRegistrationIdentifier is not a CPR number"),
        (message_xml(&guid(), 4, &bookings[6]), "Aendringstype must be 1, 2 or 3"),
        (broken(7, &bookings[7].start, "tomorrow at nine"), "Starttidspunkt is not an xs:dateTime"),
        (broken(8, "<JobCenterCode>00101</JobCenterCode>", ""), "JobCenterCode is missing in Indkaldelse"),
        (broken(9, &end(9), ""), "Sluttidspunkt or Varighed is missing in Indkaldelse"),
        (
            broken(10, &end(10), "<Varighed>45 minutes</Varighed>"),
            "Varighed must be whole minutes or an xs:duration such as PT45M",
        ),
        (
            // A raw NUL and U+0001 as a character reference: XML forbids both.
            broken(11, "</Indkaldelse>", "<DigitaltMoedelink>a\u{0}b&#1;c</DigitaltMoedelink></Indkaldelse>"),
            "a field holds a character XML forbids",
        ),
    ];
    let mut queue = vec![valid(0), poison[0].0.clone(), message_xml("KSS-2027-000017", 1, &bookings[1])];
    queue.extend(poison[1..5].iter().map(|(xml, _)| xml.clone()));
    queue.push(by_duration);
    queue.extend(poison[5..].iter().map(|(xml, _)| xml.clone()));
    queue.push(valid(3));
    sim.enqueue(SERVICE, queue.clone());

    let report = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((report.fetched, report.applied, report.rejected), (12, 4, 8), "{report:?}");
    assert_eq!((sim.count("CloseSequence"), sim.pending()), (0, 0), "the sequence was confirmed");
    let booked_ids: Vec<String> = booked(&planner).iter().map(|b| b.id.as_str().to_owned()).collect();
    for (n, booking) in bookings.iter().enumerate().take(4) {
        assert!(booked_ids.contains(&booking.id), "booking {n} was applied");
    }
    assert_eq!(booked_ids.len(), 4);
    let timed = planner.store.booking(&BookingId::parse(&bookings[2].id).unwrap(), None).unwrap();
    assert_eq!(timed.interval.end() - timed.interval.start(), chrono::Duration::minutes(45));
    let log = planner.store.dfdg_messages(100).unwrap();
    assert_eq!(log.len(), 12);
    let kss = log.iter().find(|m| m.message_id == "KSS-2027-000017").expect("read with its own identifier");
    assert_eq!((kss.outcome.as_str(), kss.booking_id.as_deref()), ("applied", Some(bookings[1].id.as_str())));
    let mut reasons: Vec<&str> =
        log.iter().filter(|m| m.outcome == "rejected").filter_map(|m| m.detail.as_deref()).collect();
    let mut expected: Vec<&str> = poison.iter().map(|(_, reason)| *reason).collect();
    reasons.sort_unstable();
    expected.sort_unstable();
    assert_eq!(reasons, expected);
    let unidentified =
        log.iter().find(|m| m.detail.as_deref() == Some("MessageIdentifier is missing")).unwrap();
    assert!(unidentified.message_id.starts_with("unidentified:"), "{}", unidentified.message_id);
    assert!(log.iter().all(|m| !bookings.iter().any(|b| m.detail.as_deref().unwrap_or("").contains(&b.cpr))));

    // DFDG redelivers the whole queue: every message is recognised, nothing changes.
    let events = planner.store.pending_events(1000).unwrap().len();
    sim.enqueue(SERVICE, queue);
    let again = pull(&planner.store, &client, "Planner", &Utc::now).unwrap();
    assert_eq!((again.applied, again.rejected, again.already_seen), (0, 0, 12), "{again:?}");
    assert_eq!(planner.store.dfdg_messages(100).unwrap(), log);
    assert_eq!(booked(&planner).len(), 4);
    assert_eq!(planner.store.pending_events(1000).unwrap().len(), events, "no new event");
}
