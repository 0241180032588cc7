//! `planner serve` with DFDG configured: it pulls the queue on its schedule and registers a
//! summons through its outbox workers, against the simulator.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use planner::domain::{BookingId, ChangeFlags, Channel, Cpr, Interval, Originator};
use planner::store::RegisterRequest;

use crate::support::db::TEST_DATA_KEY;
use crate::support::dfdg::{booked, first_start, kss_booking, message_xml, planner};
use crate::support::dfdg_sim::{dev_pki, DfdgSim};

/// Waits for `done` (the server works on its own schedule), at most 60 seconds.
fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "{what} did not happen");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_pulls_the_queue_and_registers_summons() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let start = first_start() + chrono::Duration::hours(10);
    let summons = RegisterRequest {
        id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        cpr: Cpr::parse("0303901234").unwrap(),
        jobcenter: planner.seeded.jobcenter.clone(),
        caseworker: planner.counselor.caseworker.clone(),
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        interval: Interval::new(start, start + chrono::Duration::minutes(45)).unwrap(),
        changes: ChangeFlags::default(),
        compulsory: true,
        group_meeting: None,
        digital_link: None,
        channel: Channel::Summons,
        originator: Originator { code: 101, type_id: 2 },
        registered_by: "summoner".into(),
    };
    let summoned = planner.store.register_booking(&summons, chrono::Utc::now()).unwrap();
    sim.enqueue(
        "IndkaldelseMessageService",
        (0..2).map(|n| message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, n))),
    );
    let mut command = crate::support::binary::clean();
    let child = command
        .env("PLANNER_DATABASE_URL", &planner.db.url)
        .env("PLANNER_DATA_KEY", TEST_DATA_KEY)
        .env("PLANNER_DFDG_URL", &sim.url)
        .env("PLANNER_DFDG_CERT", pki.join("admin.pem"))
        .env("PLANNER_DFDG_KEY", pki.join("admin-key.pem"))
        .env("PLANNER_DFDG_CA", pki.join("ca.pem"))
        .env("PLANNER_DFDG_PULL_INTERVAL_SECONDS", "1")
        .args(["serve", "--insecure-http", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = KillOnDrop(child);

    eventually("the first pull", || booked(&planner).len() == 3);
    sim.enqueue(
        "IndkaldelseMessageService",
        [message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, 2))],
    );
    eventually("a scheduled pull", || booked(&planner).len() == 4);
    eventually("the summons registration", || sim.indkaldelser().contains_key(summoned.id.as_str()));
    eventually("the recorded DFDG id", || planner.store.dfdg_registration(&summoned.id).unwrap().is_some());
    assert_eq!(sim.count("CreateIndkaldelse"), 1, "KSS bookings are not registered back");
}

/// The server process, stopped with SIGTERM when the test ends, also when it fails.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}
