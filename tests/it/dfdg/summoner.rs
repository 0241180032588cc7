//! The summoner reaches DFDG (issue #9): summons made over the admin API (single and bulk) record
//! who summoned, and CreateIndkaldelse carries that identity in RequestUserMetadata: the person
//! named in the request as a caseworker (type 2), else the admin caller's certificate identity
//! as a system (type 3); a summons without a recorded summoner falls back to the planner's own
//! configured identity.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use chrono::{NaiveTime, Utc, Weekday};
use planner::adapters::dfdg::register::{DfdgSender, KIND};
use planner::adapters::http::{HttpClient, TlsOptions};
use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
use planner::domain::{Channel, LocalPeriod, Role, WeeklyHours};
use planner::edge::caller::CALLER_HEADER;
use planner::server::Server;
use planner::xml::format_datetime;
use serde_json::{json, Value};

use crate::dfdg::registration::summons;
use crate::support::dfdg::{client, first_start, planner, settings};
use crate::support::dfdg_sim::{dev_pki, element_text, DfdgSim};

const ADMIN: &str = "CVR:64942212-FID:admin-system";
const CASEWORKER: &str = "CVR:64942212-UUID:caseworker-7";
const PLANNER_SYSTEM: &str = "CVR:64942212-UUID:planner";

/// RequestUserMetadata's UserIdentifier and RequestUserTypeIdentifier of a received body.
fn request_user(body: &str) -> (String, String) {
    let user = element_text(body, "UserIdentifier").unwrap();
    // The first code list item is RequestUserTypeIdentifier's (RequestUserStructure comes first).
    let user_type = element_text(body, "CodeListItemIdentifier").unwrap();
    (user, user_type)
}

#[test]
fn create_indkaldelse_carries_the_summoner_of_single_and_bulk_summons() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let store = planner.store.clone();
    let code = planner.seeded.jobcenter.clone();
    crate::support::seed::register(&store, ADMIN, Role::Admin, &[&code], true);
    let time = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let week = WeeklyHours::new(days.map(|d| (d, LocalPeriod::new(time(6), time(22)).unwrap()))).unwrap();
    store.set_working_hours(&planner.counselor.id, &week).unwrap();
    planner::adapters::dfdg::register::ensure_recipient(&store, &sim.url, Utc::now()).unwrap();

    let mut settings = settings(&planner.db);
    settings.insecure_http = true;
    let server = Server::build(&settings, store.clone()).unwrap().without_accept_grace();
    let url = format!("http://127.0.0.1:{}", server.address().port());
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(server.run_until(async move {
            let _ = actix_web::rt::task::spawn_blocking(move || stopped.recv()).await;
        }))
    });
    let http = HttpClient::new(Duration::from_secs(10), TlsOptions::default()).unwrap();
    let post = |path: &str, body: Value| -> Value {
        let body = serde_json::to_vec(&body).unwrap();
        let headers = [(CALLER_HEADER, ADMIN), ("Content-Type", "application/json")];
        let response = http.request("POST", &format!("{url}/admin/v1{path}"), &headers, &body).unwrap();
        let text = String::from_utf8_lossy(&response.body).into_owned();
        assert!(response.status < 300, "{path}: {} {text}", response.status);
        serde_json::from_str(&text).unwrap()
    };
    // A summons with no recorded summoner (made before it was stored), registered first so that
    // the summons below, which take the earliest free times, never pick its time whatever the hour.
    let unrecorded = store.register_booking(&summons(&planner, Channel::Summons), Utc::now()).unwrap();
    let from = format_datetime(first_start());
    let to = format_datetime(first_start() + chrono::Duration::days(6));
    let offer = planner.seeded.offer.id.as_str();
    let by_person = post(
        "/summons",
        json!({"cpr": "0101901111", "offer": offer, "from": from, "to": to, "summoner": CASEWORKER}),
    );
    let by_system = post("/summons", json!({"cpr": "0101902222", "offer": offer, "from": from, "to": to}));
    let batch = post(
        "/summons/batches",
        json!({"key": "summoner-batch", "offer": offer, "from": from, "to": to, "summoner": "caseworker-9",
               "citizens": [{"cpr": "0101903333"}, {"cpr": "0101904444"}]}),
    );
    assert_eq!(batch["placed"], 2, "{batch}");

    let sender = DfdgSender {
        client: client(&pki, &sim.url, Duration::from_secs(5), 3),
        user_identifier: PLANNER_SYSTEM.into(),
    };
    let dispatcher = Dispatcher::default().with_sender(KIND, Arc::new(sender));
    while try_deliver_next(&store, &dispatcher, Utc::now()).unwrap() != Outcome::Nothing {}

    let received = sim.indkaldelser();
    let sent = |id: &Value| request_user(&received[id.as_str().unwrap()]);
    assert_eq!(sent(&by_person["id"]), (CASEWORKER.to_owned(), "2".to_owned()));
    assert_eq!(sent(&by_system["id"]), (ADMIN.to_owned(), "3".to_owned()));
    for item in batch["items"].as_array().unwrap() {
        assert_eq!(sent(&item["booking_id"]), ("caseworker-9".to_owned(), "2".to_owned()));
    }
    assert_eq!(request_user(&received[unrecorded.id.as_str()]), (PLANNER_SYSTEM.to_owned(), "3".to_owned()));
    assert_eq!(sim.count("CreateIndkaldelse"), 5);

    drop(stop);
    thread.join().unwrap().unwrap();
}
