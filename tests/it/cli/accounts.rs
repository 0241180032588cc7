//! `planner accounts`: the first administrator of an installation is invited from the CLI, which
//! prints the link once (no mail server yet); invitations are listed with their state, extended
//! and revoked; a bad address, role or cluster is a one-line error; every change is audited.

use crate::support::binary::{one_line_error, run, stdout};

#[test]
fn operators_invite_the_first_administrator_and_manage_invitations() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    let demo: serde_json::Value = serde_json::from_str(&stdout(&run(dir, &["demo-data", "--json"]))).unwrap();
    let team = demo["teams"][0]["id"].as_str().unwrap().to_owned();

    let invite = run(
        dir,
        &["accounts", "invite", "--email", "Chef@KK.dk", "--role", "administrator", "--jobcenter", "00101"],
    );
    let printed = stdout(&invite);
    assert!(String::from_utf8_lossy(&invite.stderr).contains("no mail server is configured"));
    let link = printed.lines().last().unwrap();
    let secret =
        link.strip_prefix("https://127.0.0.1:8444/invitation/").unwrap_or_else(|| panic!("{printed}"));
    assert_eq!(secret.len(), 64, "{link}");
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    let id = printed.split_whitespace().nth(1).unwrap().to_owned();

    let listed = stdout(&run(dir, &["accounts", "invitations", "--jobcenter", "00101"]));
    let line = listed.lines().find(|l| l.starts_with(&id)).unwrap_or_else(|| panic!("{listed}"));
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(&fields[1..5], ["chef@kk.dk", "administrator", "00101", "sent"], "{line}");
    assert!(!listed.contains(secret), "the secret is shown once only");

    // A summoner of one team: the team's jobcenter is looked up.
    let by_team = stdout(&run(
        dir,
        &["accounts", "invite", "--email", "indkalder@kk.dk", "--role", "summoner", "--team", &team],
    ));
    let team_id = by_team.split_whitespace().nth(1).unwrap().to_owned();
    let revoked = stdout(&run(dir, &["accounts", "revoke", &team_id]));
    assert!(revoked.contains(&format!("00101/team:{team}")) && revoked.contains("\trevoked\t"), "{revoked}");
    let again = one_line_error(&run(dir, &["accounts", "extend", &team_id]));
    assert!(again.contains("used or revoked"), "{again}");
    let extended = stdout(&run(dir, &["accounts", "extend", &id]));
    assert!(extended.contains("\tsent\t"), "{extended}");

    for (args, says) in [
        (vec!["--email", "not-an-address", "--role", "reader", "--jobcenter", "00101"], "--email"),
        (vec!["--email", "a@kk.dk", "--role", "root", "--jobcenter", "00101"], "--role"),
        (vec!["--email", "a@kk.dk", "--role", "reader"], "--jobcenter or --team"),
        (vec!["--email", "a@kk.dk", "--role", "reader", "--jobcenter", "00999"], "jobcenter"),
    ] {
        let error = one_line_error(&run(dir, &[&["accounts", "invite"][..], &args].concat()));
        assert!(error.contains(says), "{args:?}: {error}");
    }
    // The demo people are there; the invited ones are not, until they accept.
    let accounts = stdout(&run(dir, &["accounts", "list"]));
    assert!(accounts.contains("administrator@jobcenter.kk.dk"), "{accounts}");
    assert!(!accounts.contains("chef@kk.dk") && !accounts.contains("a@kk.dk"), "{accounts}");

    let found = stdout(&run(dir, &["audit", "search", "--operation", "cli.accounts.*"]));
    let operations: Vec<&str> =
        found.lines().filter_map(|l| l.split(' ').find_map(|f| f.strip_prefix("operation="))).collect();
    assert_eq!(
        operations,
        ["cli.accounts.extend", "cli.accounts.revoke", "cli.accounts.invite", "cli.accounts.invite"],
        "{found}"
    );
    assert!(!found.contains(secret));
}
