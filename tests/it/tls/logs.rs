//! What `planner serve` writes to its log when clients send personal data and secrets where they
//! do not belong: CPR-shaped numbers and strings in wrong-typed JSON fields, unknown fields,
//! query parameters and path segments at every JSON edge (admin API, Xpert Suite webhook,
//! plan-link, SIVI intake), a calendar feed token in the path and a secret-looking path nobody
//! serves. The answers name the field; no log line holds any of the values.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use chrono::Utc;
use planner::config::Settings;
use planner::domain::Role;
use planner::store::{DataKey, DatabaseUrl, Store};

use crate::support::db::TEST_DATA_KEY;
use crate::support::seed::{register, seed};
use crate::tls::served::Served;
const WEBHOOK_SECRET: &str = "a-webhook-secret-for-the-log-test";
const ADMIN: &str = "LOG-ADMIN";
const CASE_SYSTEM: &str = "LOG-CASE-SYSTEM";
/// A path segment that looks like a secret, on no route.
const SECRET_SEGMENT: &str = "s3cr3t-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
/// CPR-shaped values, in the forms a client might send them.
const CPRS: [&str; 3] = ["0101901234", "101901234", "010190-1234"];

/// One request over plain HTTP; the status and body.
fn send(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes()).unwrap();
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer to {method} {path}"));
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap();
    (status, body.to_owned())
}

/// A JSON edge case: what is sent and the field the 422 must name (`None`: any 4xx).
struct Case {
    method: &'static str,
    path: String,
    caller: &'static str,
    body: String,
    field: Option<&'static str>,
}

fn case(method: &'static str, path: &str, body: &str, field: Option<&'static str>) -> Case {
    Case { method, path: path.to_owned(), caller: ADMIN, body: body.to_owned(), field }
}

fn xpert(body: &str, field: Option<&'static str>) -> Case {
    Case { caller: CASE_SYSTEM, ..case("POST", "/adapters/xpert/webhook", body, field) }
}

fn cases() -> Vec<Case> {
    let batch = |citizens: &str| {
        format!(
            r#"{{"key": "b1", "offer": "o", "from": "2030-01-01", "to": "2030-01-02", "citizens": {citizens}}}"#
        )
    };
    vec![
        case("POST", "/admin/v1/summons", r#"{"cpr": 101901234, "from": "x", "to": "y"}"#, Some("cpr")),
        case("POST", "/admin/v1/summons", r#"{"cpr": "0101901234", "offer": 101901234}"#, Some("offer")),
        case("POST", "/admin/v1/summons", r#"{"010190-1234": "0101901234"}"#, Some("010190-1234")),
        case("POST", "/admin/v1/summons", r#"{"cpr": 0101901234}"#, None),
        case(
            "POST",
            "/admin/v1/summons/batches",
            &batch(r#"[{"cpr": "0101901234"}, {"cpr": "1"}, {"cpr": "2"}, {"cpr": 101901234}]"#),
            Some("citizens[3].cpr"),
        ),
        case(
            "POST",
            "/admin/v1/summons/batches",
            &batch(r#"[{"cpr": "0101901234", "phone": 101901234}]"#),
            Some("citizens[0].phone"),
        ),
        case("POST", "/admin/v1/summons/batches", &batch(r#"{"cpr": "010190-1234"}"#), Some("citizens")),
        case("POST", "/admin/v1/summons/batches", r#"{"key": ["0101901234"]}"#, Some("key")),
        case("POST", "/admin/v1/counselors", r#"{"caseworker_id": 101901234}"#, Some("caseworker_id")),
        case("PUT", "/admin/v1/jobcenters/00101", r#"{"name": 101901234}"#, Some("name")),
        case("GET", "/admin/v1/audit?limit=010190-1234", "", Some("limit")),
        case("GET", "/admin/v1/bookings?jobcenter=00101&limit=0101901234x", "", Some("limit")),
        case("GET", "/admin/v1/bookings?jobcenter=00101&cpr=010190-1234", "", Some("cpr")),
        case("GET", "/admin/v1/webhooks?include_removed=0101901234", "", Some("include_removed")),
        case("GET", "/admin/v1/bookings/0101901234", "", None),
        case("DELETE", "/admin/v1/counselors/010190-1234/blocks/101901234", "", None),
        case("GET", "/admin/v1/0101901234", "", None),
        xpert(r#"{"externalId": 101901234, "status": "Voltooid"}"#, Some("externalId")),
        xpert(r#"{"externalId": "b", "status": "Voltooid", "reason": 101901234}"#, Some("reason")),
        xpert(r#"{"externalId": 0101901234}"#, None),
        case("GET", "/adapters/planlink?person=0101901234&caseworker=010190-1234&sig=101901234", "", None),
        Case {
            caller: CASE_SYSTEM,
            ..case("POST", "/adapters/sivi/verzuimmelding", "<Bericht><Bsn>0101901234</Bsn></Bericht>", None)
        },
    ]
}

/// Sends `case` and checks the answer: a 4xx, and for a named field a 422 naming it.
fn check_answer(address: SocketAddr, case: &Case) {
    let signature = planner::adapters::webhooks::sign(WEBHOOK_SECRET.as_bytes(), case.body.as_bytes());
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Planner-Caller", case.caller),
        ("X-Hub-Signature", signature.as_str()),
    ];
    let (status, body) = send(address, case.method, &case.path, &headers, &case.body);
    let what = format!("{} {} {}: {status} {body}", case.method, case.path, case.body);
    assert!((400..500).contains(&status), "{what}");
    if let Some(field) = case.field {
        assert_eq!(status, 422, "{what}");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{what}");
        assert!(!problem["errors"][0]["message"].as_str().unwrap().contains("1234"), "{what}");
    }
}

#[test]
fn no_log_line_holds_a_cpr_a_feed_token_or_a_path_segment() {
    let db = crate::support::db::fresh_database();
    let settings = Settings {
        database_url: DatabaseUrl::parse(&db.url).unwrap(),
        data_key: Some(DataKey::from_hex(TEST_DATA_KEY).unwrap()),
        ..Settings::default()
    };
    let store = Store::open(&settings.store_config().unwrap()).unwrap();
    store.migrate().unwrap();
    let seeded = seed(&store);
    register(&store, ADMIN, Role::Admin, &[&seeded.jobcenter], true);
    register(&store, CASE_SYSTEM, Role::CaseSystem, &[&seeded.jobcenter], true);
    let (_, token) = store.create_calendar_feed(&seeded.offer.counselors[0], Utc::now()).unwrap();
    let directory = tempfile::tempdir().unwrap();
    let served = Served::start(
        directory.path(),
        &["--insecure-http", "--listen", "127.0.0.1:0"],
        &[
            ("PLANNER_DATABASE_URL", &db.url),
            ("PLANNER_DATA_KEY", TEST_DATA_KEY),
            ("PLANNER_XPERT_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ],
    );
    for case in cases() {
        check_answer(served.address, &case);
    }
    let (status, feed) = send(served.address, "GET", &format!("/calendar/{token}.ics"), &[], "");
    assert_eq!(status, 200, "{feed}");
    let (status, _) = send(served.address, "GET", &format!("/{SECRET_SEGMENT}/feed.ics"), &[], "");
    assert_eq!(status, 404);
    let (exit, log) = served.stop();
    assert!(exit.success(), "{exit:?}");

    let requests: Vec<&String> = log.iter().filter(|line| line.contains("request method=")).collect();
    assert_eq!(requests.len(), cases().len() + 2, "one line per request: {log:#?}");
    for line in &log {
        for secret in CPRS.iter().chain([&token.as_str(), &SECRET_SEGMENT]) {
            assert!(!line.contains(secret), "{secret} in the log line: {line}");
        }
    }
    let has = |text: &str| requests.iter().any(|line| line.contains(text));
    assert!(has("route=/calendar/{file} status=200"), "{requests:#?}");
    assert!(has("route=unmatched status=404"), "{requests:#?}");
    assert!(has("route=/admin/v1/summons/batches status=422"), "{requests:#?}");
    assert!(has("problem=/problems/validation"), "{requests:#?}");
}
