//! The operator commands of the `planner` binary: `counselors`, `offers`, `report` and
//! `webhooks`, run against a demo database in a temporary directory, with one-line errors on bad
//! input.

use std::path::Path;
use std::process::Output;

use crate::support::binary::{self, one_line_error, stdout};

fn planner(directory: &Path, args: &[&str]) -> Output {
    binary::run(directory, args)
}

#[test]
fn operators_manage_counselors_offers_and_read_reports() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    stdout(&planner(dir, &["demo-data"]));
    let added = stdout(&planner(
        dir,
        &[
            "counselors",
            "add",
            "--jobcenter",
            "00101",
            "--caseworker-id",
            "CVR:64942212-UUID:cli-test",
            "--given-name",
            "Karen",
            "--surname",
            "Holm",
            "--email",
            "karen.holm@jobcenter.example",
        ],
    ));
    let counselor = added.trim().to_owned();
    assert!(stdout(&planner(dir, &["counselors", "list", "--jobcenter", "00101"])).contains(&counselor));
    let hours = stdout(&planner(
        dir,
        &["counselors", "hours", &counselor, "--set", "mon 08:00-12:00", "--set", "fri 09:00-11:30"],
    ));
    assert_eq!(hours, "mon 08:00-12:00\nfri 09:00-11:30\n");
    let overlap = one_line_error(&planner(
        dir,
        &["counselors", "hours", &counselor, "--set", "mon 08:00-12:00", "--set", "mon 11:00-13:00"],
    ));
    assert!(overlap.contains("'mon 11:00-13:00'"), "{overlap}");
    assert_eq!(
        stdout(&planner(dir, &["counselors", "hours", &counselor])),
        hours,
        "a refused change keeps the week"
    );
    let with_lunch = stdout(&planner(
        dir,
        &["counselors", "hours", &counselor, "--set", "tue 08:00-16:00", "--break", "tue 12:00-12:30"],
    ));
    assert_eq!(with_lunch, "tue 08:00-12:00\ntue 12:30-16:00\nbreak tue 12:00-12:30\n");
    let outside = one_line_error(&planner(
        dir,
        &["counselors", "hours", &counselor, "--set", "tue 08:00-16:00", "--break", "wed 12:00-12:30"],
    ));
    assert!(outside.contains("'wed 12:00-12:30'"), "{outside}");
    stdout(&planner(
        dir,
        &["counselors", "hours", &counselor, "--set", "mon 08:00-12:00", "--set", "fri 09:00-11:30"],
    ));

    let offer = stdout(&planner(
        dir,
        &["offers", "add", "--jobcenter", "00101", "--name", "CLI", "--counselor", &counselor],
    ));
    let offer = offer.trim().to_owned();
    let list = stdout(&planner(dir, &["offers", "list", "--jobcenter", "00101"]));
    assert!(list.lines().any(|l| l.starts_with(&offer) && l.ends_with("active")), "{list}");
    stdout(&planner(dir, &["offers", "deactivate", &offer]));
    let list = stdout(&planner(dir, &["offers", "list", "--jobcenter", "00101"]));
    assert!(list.lines().any(|l| l.starts_with(&offer) && l.ends_with("inactive")), "{list}");
    let unknown = one_line_error(&planner(
        dir,
        &["offers", "add", "--jobcenter", "00101", "--name", "X", "--counselor", "nope"],
    ));
    assert!(unknown.contains("'nope'"), "{unknown}");

    let args = ["report", "bookings", "--jobcenter", "00101", "--from", "2000-01-01", "--to", "2100-01-01"];
    let csv = stdout(&planner(dir, &[&args[..], &["--group-by", "channel", "--csv"]].concat()));
    assert!(csv.starts_with("channel,total,booked,completed,no_show,cancelled,lapsed\n"), "{csv}");
    assert!(csv.lines().count() > 1, "the demo data has bookings: {csv}");
    let table = stdout(&planner(dir, &[&args[..], &["--group-by", "day"]].concat()));
    assert!(table.lines().last().unwrap().starts_with("all"), "{table}");
    let bad = one_line_error(&planner(dir, &[&args[..], &["--group-by", "week"]].concat()));
    assert!(bad.contains("'week'"), "{bad}");
    let audit = stdout(&planner(dir, &["audit", "tail", "-n", "10"]));
    for operation in ["cli.counselors.add", "cli.counselors.hours", "cli.offers.add", "cli.offers.deactivate"]
    {
        assert!(audit.contains(operation), "{operation} is audited: {audit}");
    }
}

#[test]
fn operators_manage_webhook_recipients_without_printing_the_secret() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let add = |args: &[&str]| {
        let mut command = binary::command(dir, "warn");
        command.args(args).env("HOOK_SECRET", "top-secret-value");
        command.output().expect("run the planner binary")
    };
    let url = "http://127.0.0.1:9/hooks";
    stdout(&add(&["webhooks", "add", "xs", url, "--topic", "BookingCreated", "--secret-env", "HOOK_SECRET"]));
    let listed = stdout(&planner(dir, &["webhooks", "list"]));
    assert!(listed.contains("xs") && listed.contains(url) && listed.contains("enabled"), "{listed}");
    assert!(!listed.contains("top-secret-value"));
    assert_eq!(stdout(&planner(dir, &["webhooks", "log", "xs"])), "");

    let duplicate = add(&["webhooks", "add", "xs", url, "--topic", "*", "--secret-env", "HOOK_SECRET"]);
    assert!(one_line_error(&duplicate).contains("'xs' exists already"));
    let topic = add(&["webhooks", "add", "y", url, "--topic", "Nope", "--secret-env", "HOOK_SECRET"]);
    assert!(one_line_error(&topic).contains("unknown topic 'Nope'"));
    let ftp = add(&["webhooks", "add", "y", "ftp://x/", "--topic", "*", "--secret-env", "HOOK_SECRET"]);
    assert!(one_line_error(&ftp).contains("'ftp://x/' is not an http:// or https:// URL"));
    let unset = planner(dir, &["webhooks", "add", "y", url, "--topic", "*", "--secret-env", "HOOK_SECRET"]);
    assert!(one_line_error(&unset).contains("'HOOK_SECRET' is not set"));

    stdout(&planner(dir, &["webhooks", "disable", "xs"]));
    assert!(stdout(&planner(dir, &["webhooks", "list"])).contains("disabled"));
    assert!(one_line_error(&planner(dir, &["webhooks", "log", "nobody"])).contains("'nobody'"));
}

#[test]
fn operators_enable_remove_and_redeliver_webhooks() {
    use planner::adapters::outbox::{try_deliver_next, Dispatcher, Outcome};
    use planner::store::{DataKey, DatabaseUrl, Store, StoreConfig, Topic};

    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let mut command = binary::command(dir, "warn");
    command.env("HOOK_SECRET", "top-secret-value");
    let args =
        ["webhooks", "add", "xs", "http://127.0.0.1:9/", "--topic", "*", "--secret-env", "HOOK_SECRET"];
    stdout(&command.args(args).output().unwrap());

    // One event, sent once to a dead port and given up (no retries in this table).
    let key = std::fs::read_to_string(dir.join("planner.db.key")).unwrap();
    let config = StoreConfig {
        url: DatabaseUrl::parse(dir.join("planner.db").to_str().unwrap()).unwrap(),
        data_key: DataKey::from_hex(&key).unwrap(),
        pool_size: 1,
        reservation_ttl: chrono::Duration::minutes(10),
    };
    let store = Store::open(&config).unwrap();
    store
        .enqueue_event(Topic::BookingCreated, "b-1", &serde_json::json!({"n": 1}), chrono::Utc::now())
        .unwrap();
    let dispatcher = Dispatcher { retry_schedule: Vec::new(), ..Dispatcher::default() };
    let outcome = try_deliver_next(&store, &dispatcher, chrono::Utc::now()).unwrap();
    let Outcome::Failed { delivery_id } = outcome else { panic!("{outcome:?}") };
    let id = delivery_id.to_string();
    assert!(stdout(&planner(dir, &["webhooks", "log", "xs"])).contains("given_up"));

    stdout(&planner(dir, &["webhooks", "disable", "xs"]));
    assert!(one_line_error(&planner(dir, &["webhooks", "redeliver", &id])).contains("enable it first"));
    stdout(&planner(dir, &["webhooks", "enable", "xs"]));
    assert!(stdout(&planner(dir, &["webhooks", "redeliver", &id])).contains("queued"));
    assert!(one_line_error(&planner(dir, &["webhooks", "redeliver", &id])).contains("still queued"));
    assert!(
        one_line_error(&planner(dir, &["webhooks", "redeliver", "999"])).contains("no webhook delivery 999")
    );
    let log = stdout(&planner(dir, &["webhooks", "log", "xs"]));
    assert!(log.contains("pending") && log.contains("attempts=1"), "{log}");

    assert!(stdout(&planner(dir, &["webhooks", "remove", "xs"])).contains("log is kept"));
    assert!(stdout(&planner(dir, &["webhooks", "list"])).contains("removed"));
    assert!(one_line_error(&planner(dir, &["webhooks", "enable", "xs"])).contains("was removed"));
    assert!(stdout(&planner(dir, &["webhooks", "log", "xs"])).contains("pending"), "the log is kept");

    let mut oauth2 = binary::command(dir, "warn");
    oauth2.env("CLIENT_SECRET", "client-secret-value");
    let args = [
        "webhooks",
        "add",
        "xs-oauth",
        "https://xs.example/hooks",
        "--topic",
        "*",
        "--secret-env",
        "CLIENT_SECRET",
        "--oauth2-token-url",
        "https://idp.example/token",
        "--oauth2-client-id",
        "planner",
    ];
    assert!(stdout(&oauth2.args(args).output().unwrap()).contains("added oauth2 webhook recipient"));
    let listed = stdout(&planner(dir, &["webhooks", "list"]));
    assert!(listed.contains("xs-oauth\toauth2\thttps://xs.example/hooks"), "{listed}");
    assert!(!listed.contains("client-secret-value"));
    let bad = planner(
        dir,
        &[
            "webhooks",
            "add",
            "y",
            "http://x/",
            "--topic",
            "*",
            "--secret-env",
            "X",
            "--oauth2-token-url",
            "https://idp/t",
        ],
    );
    assert_eq!(bad.status.code(), Some(2), "--oauth2-token-url needs --oauth2-client-id");
}

#[test]
fn backup_writes_a_consistent_private_copy_once() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    stdout(&planner(dir, &["demo-data"]));
    let said = stdout(&planner(dir, &["backup", "copy.db"]));
    assert!(said.contains("copy.db") && said.contains("planner.db.key"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("copy.db")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy holds personal data");
    }
    // The copy, opened as the database, holds what the original holds.
    let listed = |database: &str, what: &str| {
        let output = binary::command(dir, "warn")
            .env("PLANNER_DATABASE_URL", database)
            .args([what, "list", "--jobcenter", "00101"])
            .output()
            .unwrap();
        stdout(&output)
    };
    for what in ["counselors", "offers"] {
        let original = listed("planner.db", what);
        assert!(original.lines().count() > 1, "{original}");
        assert_eq!(listed("copy.db", what), original, "{what} differ in the copy");
    }
    let again = one_line_error(&planner(dir, &["backup", "copy.db"]));
    assert!(again.contains("exists already"), "{again}");
}

#[test]
fn operators_keep_the_closing_calendar() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    stdout(&planner(dir, &["demo-data"]));
    let list = stdout(&planner(dir, &["closing-days", "list", "--jobcenter", "00101", "--year", "2030"]));
    assert!(list.lines().any(|l| l.starts_with("2030-04-21\tholiday\tpaaskedag\twhole day")), "{list}");
    assert!(
        list.lines().any(|l| l.starts_with("2030-06-05\tcustomary\tgrundlovsdag\t12:00-24:00")),
        "{list}"
    );
    let added = stdout(&planner(
        dir,
        &[
            "closing-days",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "Flytning",
            "--date",
            "2030-09-13",
            "--until",
            "10:00",
        ],
    ));
    assert!(added.starts_with("added closing day "), "{added}");
    let id = added.split_whitespace().nth(3).unwrap().to_owned();
    let list = stdout(&planner(dir, &["closing-days", "list", "--jobcenter", "00101", "--year", "2030"]));
    assert!(list.contains(&format!("2030-09-13\tlocal\t{id}\t00:00-10:00\tFlytning")), "{list}");
    let bad = one_line_error(&planner(
        dir,
        &["closing-days", "add", "--jobcenter", "00101", "--name", "X", "--date", "2030-02-30"],
    ));
    assert!(bad.contains("date"), "{bad}");
    let both = one_line_error(&planner(
        dir,
        &[
            "closing-days",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "X",
            "--date",
            "2030-02-03",
            "--yearly",
            "02-03",
        ],
    ));
    assert!(both.contains("exactly one"), "{both}");
    let opened = stdout(&planner(
        dir,
        &["closing-days", "customary", "--jobcenter", "00101", "juleaftensdag", "--open"],
    ));
    assert_eq!(opened.lines().next(), Some("juleaftensdag: open"));
    let list = stdout(&planner(dir, &["closing-days", "list", "--jobcenter", "00101", "--year", "2030"]));
    assert!(!list.contains("2030-12-24") && list.contains("open\tcustomary\tjuleaftensdag"), "{list}");
    stdout(&planner(dir, &["closing-days", "delete", "--jobcenter", "00101", &id]));
    let gone = one_line_error(&planner(dir, &["closing-days", "delete", "--jobcenter", "00101", &id]));
    assert!(gone.contains(&id), "{gone}");
    stdout(&planner(dir, &["closing-days", "to-move", "--jobcenter", "00101"]));
}

#[test]
fn operators_keep_teams_and_summon_by_team() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let demo = stdout(&planner(dir, &["demo-data", "--json"]));
    let demo: serde_json::Value = serde_json::from_str(&demo).unwrap();
    assert_eq!(demo["teams"].as_array().unwrap().len(), 2, "{demo}");
    let listed = stdout(&planner(dir, &["teams", "list", "--jobcenter", "00101"]));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    let team = stdout(&planner(dir, &["teams", "add", "--jobcenter", "00101", "--name", "Team Øst"]))
        .trim()
        .to_owned();
    let taken =
        one_line_error(&planner(dir, &["teams", "add", "--jobcenter", "00101", "--name", "Team Øst"]));
    assert!(taken.contains("exists already"), "{taken}");
    let counselors = stdout(&planner(dir, &["counselors", "list", "--jobcenter", "00101"]));
    let first = counselors.lines().next().unwrap().split('\t').next().unwrap().to_owned();
    let joined = stdout(&planner(dir, &["teams", "join", &team, &first, "--from", "2027-01-04"]));
    assert!(joined.contains("joined Team Øst"), "{joined}");
    let listed = stdout(&planner(dir, &["teams", "list", "--jobcenter", "00101"]));
    assert!(listed.lines().any(|l| l.starts_with(&team) && l.ends_with(&first)), "{listed}");
    stdout(&planner(dir, &["teams", "leave", &team, &first, "--until", "2027-02-01"]));
    let again = one_line_error(&planner(dir, &["teams", "leave", &team, &first]));
    assert!(again.contains("no member"), "{again}");
    let bad = one_line_error(&planner(dir, &["teams", "join", "not-a-team", &first]));
    assert!(bad.contains("invalid team id"), "{bad}");
    // The audit trail holds the team changes, found by an operation prefix.
    let found = stdout(&planner(dir, &["audit", "search", "--operation", "cli.teams.*"]));
    let operations: Vec<&str> =
        found.lines().filter_map(|l| l.split(' ').find_map(|f| f.strip_prefix("operation="))).collect();
    assert_eq!(operations, ["cli.teams.leave", "cli.teams.join", "cli.teams.add"], "{found}");
    let unset = one_line_error(&planner(dir, &["audit", "search", "--cpr-env", "PLANNER_TEST_UNSET_CPR"]));
    assert!(unset.contains("PLANNER_TEST_UNSET_CPR"), "{unset}");
}

#[test]
fn operators_keep_rooms_and_interview_type_rules() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let demo: serde_json::Value =
        serde_json::from_str(&stdout(&planner(dir, &["demo-data", "--json"]))).unwrap();
    assert_eq!(demo["rooms"].as_array().unwrap().len(), 2, "{demo}");
    let offer = demo["offers"][0]["id"].as_str().unwrap().to_owned();
    let room = stdout(&planner(
        dir,
        &[
            "rooms",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "Lokale 3",
            "--address",
            "Kultorvet 2",
            "--capacity",
            "2",
        ],
    ))
    .trim()
    .to_owned();
    let listed = stdout(&planner(dir, &["rooms", "list", "--jobcenter", "00101"]));
    assert!(listed.lines().any(|l| l.starts_with(&room) && l.contains("Lokale 3\t2")), "{listed}");
    let zero = one_line_error(&planner(
        dir,
        &[
            "rooms",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "Tomt",
            "--address",
            "Kultorvet 2",
            "--capacity",
            "0",
        ],
    ));
    assert!(zero.contains("invalid room"), "{zero}");
    stdout(&planner(
        dir,
        &[
            "rooms",
            "close",
            &room,
            "--from",
            "2030-01-07T08:00:00+01:00",
            "--to",
            "2030-01-07T12:00:00+01:00",
        ],
    ));
    assert!(stdout(&planner(dir, &["rooms", "offer", &offer, &room])).contains("1 room(s)"));
    let foreign =
        one_line_error(&planner(dir, &["rooms", "offer", &offer, "00000000-0000-4000-8000-000000000000"]));
    assert!(foreign.contains("belong to the offer's jobcenter"), "{foreign}");

    let set = stdout(&planner(
        dir,
        &[
            "interview-types",
            "set",
            "--jobcenter",
            "00101",
            "4",
            "--no-show-follow-up",
            "--requires-contact",
            "phone",
        ],
    ));
    assert_eq!(set.trim(), "4: phone");
    let rules = stdout(&planner(dir, &["interview-types", "list", "--jobcenter", "00101"]));
    assert_eq!(rules.trim(), "4\tno-show-follow-up\tphone");
    let bad = one_line_error(&planner(
        dir,
        &["interview-types", "set", "--jobcenter", "00101", "4", "--requires-contact", "fax"],
    ));
    assert!(bad.contains("'fax'"), "{bad}");
}

#[test]
fn operators_keep_templates_and_counselor_attributes() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let demo: serde_json::Value =
        serde_json::from_str(&stdout(&planner(dir, &["demo-data", "--json"]))).unwrap();
    let team = demo["teams"][0]["id"].as_str().unwrap().to_owned();
    let template = stdout(&planner(
        dir,
        &[
            "templates",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "Jobsamtale om en uge",
            "--interview-type",
            "7",
            "--team",
            &team,
            "--window-start-days",
            "7",
            "--window-days",
            "5",
            "--strategy",
            "spread",
        ],
    ))
    .trim()
    .to_owned();
    let listed = stdout(&planner(dir, &["templates", "list", "--jobcenter", "00101"]));
    assert!(
        listed.contains(&format!("{template}\tJobsamtale om en uge\ttype 7\t+7 days, 5 days")),
        "{listed}"
    );
    let bad = one_line_error(&planner(
        dir,
        &[
            "templates",
            "add",
            "--jobcenter",
            "00101",
            "--name",
            "Tom",
            "--interview-type",
            "7",
            "--window-days",
            "0",
        ],
    ));
    assert!(bad.contains("invalid template"), "{bad}");
    stdout(&planner(dir, &["templates", "delete", "--jobcenter", "00101", &template]));
    assert!(!stdout(&planner(dir, &["templates", "list", "--jobcenter", "00101"])).contains(&template));

    let counselors = stdout(&planner(dir, &["counselors", "list", "--jobcenter", "00101"]));
    let first = counselors.lines().next().unwrap().split('\t').next().unwrap().to_owned();
    let shown = stdout(&planner(dir, &["counselors", "attributes", &first]));
    assert_eq!(shown, "self_booking=true summons=true\n");
    let changed = stdout(&planner(
        dir,
        &[
            "counselors",
            "attributes",
            &first,
            "--summons",
            "false",
            "--competency",
            "tolk",
            "--competency",
            "ukrainsk",
        ],
    ));
    assert_eq!(changed, "self_booking=true summons=false\ncompetency tolk\ncompetency ukrainsk\n");
}
