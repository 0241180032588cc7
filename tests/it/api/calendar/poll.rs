//! Polling a counselor's ICS URL over real HTTP: the URL set through the admin API, busy time
//! imported, a failing or empty export keeps the blocks, a deleted event frees its time.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use chrono::{Duration, Utc};
use planner::adapters::calendar::import::{poll_all, SOURCE};
use planner::adapters::http::{HttpClient, TlsOptions};
use serde_json::json;

use super::support::seed_with_connector;
use crate::api::soap::support::ADMIN;
use crate::support::app::spawn_app;

/// A one-route HTTP server answering every request with the current (status, body).
fn calendar_server(answer: Arc<Mutex<(u16, String)>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            let (status, body) = answer.lock().unwrap().clone();
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    format!("http://{address}/anne.ics")
}

fn ics(events: &[(&str, chrono::DateTime<Utc>)]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for (uid, start) in events {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{}\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n",
            start.format("%Y%m%dT%H%M%SZ")
        ));
    }
    text + "END:VCALENDAR\r\n"
}

#[test]
fn polled_urls_import_busy_time_and_a_failed_poll_keeps_it() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let counselor = &seeded.counselors[0];
    let tomorrow = Utc::now() + Duration::days(1);
    let answer = Arc::new(Mutex::new((200, ics(&[("a", tomorrow), ("b", tomorrow + Duration::hours(3))]))));
    let url = calendar_server(answer.clone());
    let path = format!("/admin/v1/counselors/{}/calendar-import", counselor.id);
    assert_eq!(app.admin_put(ADMIN, &path, &json!({"url": "ftp://x"})).status, 422);
    assert_eq!(app.admin_put(ADMIN, &path, &json!({ "url": url })).status, 204);
    let client = HttpClient::new(std::time::Duration::from_secs(5), TlsOptions::default()).unwrap();
    let poll = || poll_all(&app.store, &client, Utc::now()).unwrap();

    let first = poll();
    assert_eq!(first[0].1.as_ref().unwrap().summary.created, 6);
    assert_eq!(app.store.imported_count(&counselor.id, SOURCE).unwrap(), 6);
    for (status, body) in [(500, "oops".to_owned()), (200, String::new()), (200, ics(&[]))] {
        *answer.lock().unwrap() = (status, body);
        assert!(poll()[0].1.is_err());
        assert_eq!(app.store.imported_count(&counselor.id, SOURCE).unwrap(), 6, "blocks kept");
    }
    assert!(app.store.calendar_imports().unwrap()[0].last_error.is_some());
    *answer.lock().unwrap() = (200, ics(&[("a", tomorrow)]));
    let last = poll();
    assert_eq!(last[0].1.as_ref().unwrap().summary.deleted, 3);
    assert_eq!(app.store.imported_count(&counselor.id, SOURCE).unwrap(), 3);
    assert!(app.store.calendar_imports().unwrap()[0].last_error.is_none());
    // A series whose rule cannot be read keeps its blocks and is named as the import's last error
    // (here the only event: the import is refused as a whole), never counted as one occurrence.
    let unreadable = ics(&[("a", tomorrow)]).replace("FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=three");
    *answer.lock().unwrap() = (200, unreadable);
    assert!(poll()[0].1.is_err());
    assert_eq!(app.store.imported_count(&counselor.id, SOURCE).unwrap(), 3);
    let error = app.store.calendar_imports().unwrap()[0].last_error.clone().unwrap_or_default();
    assert!(error.contains("1 busy event(s) could not be read") && error.contains("'a'"), "{error}");
    // Beside a readable event, the import goes ahead and still names the refused one.
    let both = ics(&[("a", tomorrow), ("c", tomorrow + Duration::hours(5))]).replacen(
        "FREQ=DAILY;COUNT=3",
        "FREQ=DAILY;COUNT=three",
        1,
    );
    *answer.lock().unwrap() = (200, both);
    let imported = poll();
    let imported = imported[0].1.as_ref().unwrap();
    assert_eq!((imported.refused.len(), imported.summary.created, imported.summary.deleted), (1, 3, 0));
    assert_eq!(app.store.imported_count(&counselor.id, SOURCE).unwrap(), 6, "a's blocks kept");
    let error = app.store.calendar_imports().unwrap()[0].last_error.clone().unwrap_or_default();
    assert!(error.contains("'a'"), "{error}");
    assert_eq!(app.admin(ADMIN, "DELETE", &path, None).status, 204);
    assert!(app.store.calendar_imports().unwrap().is_empty());
}
