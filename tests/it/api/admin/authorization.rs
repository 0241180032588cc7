//! Who may call the admin API: admins only (401 without identity, 403 for non-admins and
//! strangers), each limited to its jobcenters (403 for another jobcenter's resources, lists
//! filtered); unknown ids, malformed JSON and unknown routes are problems; every call is audited.

use serde_json::json;

use super::support::{booking, ok, problem, seed, ADMIN, DFDG, OTHER_ADMIN, STRANGER};
use crate::support::app::spawn_app;

#[test]
fn only_registered_admins_get_in() {
    let app = spawn_app();
    seed(&app);
    let anonymous = app.request("GET", "/admin/v1/counselors", &[], b"");
    problem(&anonymous, 401);
    for caller in [DFDG, STRANGER] {
        for path in ["/admin/v1/counselors", "/admin/v1/offers", "/admin/v1/jobcenters", "/admin/v1/audit"] {
            problem(&app.admin_get(caller, path), 403);
        }
    }
    ok(&app.admin_get(ADMIN, "/admin/v1/counselors"), 200);
    let mut disabled = app.store.caller(ADMIN).unwrap().unwrap();
    disabled.enabled = false;
    app.store.upsert_caller(&disabled, chrono::Utc::now()).unwrap();
    problem(&app.admin_get(ADMIN, "/admin/v1/counselors"), 403);
}

#[test]
fn an_admin_of_another_jobcenter_is_refused_and_lists_are_filtered() {
    let app = spawn_app();
    let seeded = seed(&app);
    let counselor = &seeded.counselors[0];
    let booking = booking(&app, 1, &counselor.caseworker, &seeded.jobcenter, 3);
    let paths = [
        format!("/admin/v1/counselors/{}", counselor.id),
        format!("/admin/v1/counselors/{}/working-hours", counselor.id),
        format!("/admin/v1/offers/{}", seeded.offer.id),
        format!("/admin/v1/bookings/{booking}"),
        "/admin/v1/counselors?jobcenter=00101".to_owned(),
        "/admin/v1/bookings?jobcenter=00101".to_owned(),
    ];
    for path in &paths {
        problem(&app.admin_get(OTHER_ADMIN, path), 403);
        ok(&app.admin_get(ADMIN, path), 200);
    }
    problem(&app.admin_post(OTHER_ADMIN, &format!("/admin/v1/bookings/{booking}/complete"), &json!({})), 403);
    problem(
        &app.admin_post(OTHER_ADMIN, &format!("/admin/v1/offers/{}/deactivate", seeded.offer.id), &json!({})),
        403,
    );
    let theirs = ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/counselors"), 200);
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    assert!(theirs.as_array().unwrap().iter().all(|c| c["jobcenter"] == "00147"));
    let offers = ok(&app.admin_get(OTHER_ADMIN, "/admin/v1/offers"), 200);
    assert_eq!(offers[0]["id"], seeded.other_offer.id.as_str());
    assert_eq!(offers.as_array().unwrap().len(), 1);
}

#[test]
fn unknown_ids_malformed_bodies_and_routes_are_problems() {
    let app = spawn_app();
    seed(&app);
    let unknown = "0f8fad5b-d9cb-469f-a165-70867728950e";
    for path in [
        format!("/admin/v1/counselors/{unknown}"),
        "/admin/v1/counselors/not-a-uuid".to_owned(),
        format!("/admin/v1/offers/{unknown}"),
        format!("/admin/v1/bookings/{unknown}"),
    ] {
        let problem = problem(&app.admin_get(ADMIN, &path), 404);
        assert_eq!(problem["type"], "/problems/not-found", "{problem}");
    }
    let malformed = app.request(
        "POST",
        "/admin/v1/counselors",
        &[("Content-Type", "application/json"), ("X-Planner-Caller", ADMIN)],
        b"{\"given_name\": ",
    );
    let malformed = problem(&malformed, 400);
    assert_eq!(malformed["type"], "/problems/bad-request");
    let route = problem(&app.admin_get(ADMIN, "/admin/v1/nothing-here"), 404);
    assert_eq!(route["type"], "/problems/no-such-route");
    let method = problem(&app.admin(ADMIN, "DELETE", "/admin/v1/offers", None), 404);
    assert_eq!(method["type"], "/problems/no-such-route");
}

#[test]
fn every_admin_call_writes_one_audit_row_without_a_cpr() {
    let app = spawn_app();
    let seeded = seed(&app);
    let booking = booking(&app, 7, &seeded.counselors[0].caseworker, &seeded.jobcenter, 3);
    let before = app.store.audit_tail(1000).unwrap().len();
    ok(&app.admin_get(ADMIN, &format!("/admin/v1/bookings/{booking}")), 200);
    problem(&app.admin_get(DFDG, "/admin/v1/offers"), 403);
    problem(&app.admin_get(ADMIN, "/admin/v1/bookings?jobcenter=00101&cpr=123"), 422);
    let audit = app.store.audit_tail(1000).unwrap();
    let rows: Vec<_> =
        audit[before..].iter().map(|r| (r.entry.operation.as_str(), r.entry.outcome.as_str())).collect();
    assert_eq!(
        rows,
        [("admin.bookings.get", "ok"), ("admin.offers.list", "403"), ("admin.bookings.search", "422")]
    );
    let get = &audit[before];
    assert_eq!(get.entry.caller, ADMIN);
    assert_eq!(get.entry.jobcenter.as_deref(), Some("00101"));
    assert_eq!(get.entry.detail.as_deref(), Some(format!("booking.id={booking}").as_str()));
    let cpr = super::support::cpr(7);
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr)), "no CPR in the audit log");
}

/// Errors no handler writes are problem+json too: a body over 1 MiB, with its length declared
/// (refused before routing) or sent chunked (refused while it is read).
#[test]
fn oversized_bodies_are_problems() {
    use std::io::{Read, Write};

    let app = spawn_app();
    seed(&app);
    let body = vec![b' '; 2 * 1024 * 1024];
    let headers = [("Content-Type", "application/json"), ("X-Planner-Caller", ADMIN)];
    let declared = app.request("POST", "/admin/v1/offers", &headers, &body);
    assert_eq!(problem(&declared, 413)["type"], "/problems/payload-too-large");

    let mut stream = std::net::TcpStream::connect(app.address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /admin/v1/offers HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nX-Planner-Caller: {ADMIN}\r\nTransfer-Encoding: chunked\r\n\r\n",
        app.address
    );
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..32 {
        let sent = stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|()| stream.write_all(&chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if sent.is_err() {
            break; // The server answered and closed: read what it said.
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.to_ascii_lowercase().contains("content-type: application/problem+json"), "{text}");
}
