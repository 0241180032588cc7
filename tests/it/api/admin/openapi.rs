//! The OpenAPI document matches the routes: every documented operation is served by a handler,
//! every route in the table is documented, and a method or path outside the document is not served.

use super::support::{ok, seed, ADMIN};
use crate::support::app::spawn_app;

#[test]
fn the_document_lists_exactly_the_served_routes() {
    let app = spawn_app();
    seed(&app);
    let document = ok(&app.admin_get(ADMIN, "/admin/v1/openapi.json"), 200);
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let mut table: Vec<(String, String)> = planner::admin::routes_table()
        .iter()
        .map(|r| (r.method.as_str().to_owned(), format!("{}{}", planner::admin::PREFIX, r.path)))
        .collect();
    documented.sort();
    table.sort();
    assert_eq!(documented, table, "the document and the route table differ");

    for (method, path) in &documented {
        let concrete = path
            .split('/')
            .map(|part| if part.starts_with('{') { "0f8fad5b-d9cb-469f-a165-70867728950e" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let response = app.admin(ADMIN, method, &concrete, Some(&serde_json::json!({})));
        let is_no_route = response.status == 404 && response.body.contains("/problems/no-such-route");
        assert!(!is_no_route, "{method} {path} is documented but not served");
    }
    for (method, path) in
        [("GET", "/admin/v1/summons"), ("PATCH", "/admin/v1/offers"), ("POST", "/admin/v1/audit")]
    {
        let response = app.admin(ADMIN, method, path, None);
        assert!(response.body.contains("/problems/no-such-route"), "{method} {path}: {}", response.body);
        assert!(!documented.contains(&(method.to_owned(), path.to_owned())));
    }
}

/// The admin API's public surface is snapshotted: a change shows up as a diff in review.
#[test]
fn the_document_matches_its_snapshot() {
    let document = serde_json::to_string_pretty(&planner::admin::openapi::document()).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/api/admin/openapi.snapshot.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &document).unwrap();
    }
    let stored = std::fs::read_to_string(path).expect("no snapshot; run with UPDATE_SNAPSHOTS=1 to write it");
    assert!(stored == document, "the admin API changed; review it and rerun with UPDATE_SNAPSHOTS=1");
}
