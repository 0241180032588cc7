//! The booking report: counts per day, offer, counselor or channel, as JSON or CSV.

use chrono::{Duration, Utc};
use serde_json::json;

use super::support::{booking, invalid, ok, problem, seed, ADMIN, OTHER_ADMIN};
use crate::support::app::spawn_app;

#[test]
fn report_counts_as_json_and_csv() {
    let app = spawn_app();
    let seeded = seed(&app);
    booking(&app, 1, &seeded.counselors[0].caseworker, &seeded.jobcenter, 2);
    booking(&app, 2, &seeded.counselors[1].caseworker, &seeded.jobcenter, 2);
    let done = booking(&app, 3, &seeded.counselors[0].caseworker, &seeded.jobcenter, 3);
    app.clock.advance(Duration::days(4));
    ok(&app.admin_post(ADMIN, &format!("/admin/v1/bookings/{done}/complete"), &json!({})), 200);
    let today = Utc::now().date_naive();
    let (from, to) = (today, today + Duration::days(10));
    let base = format!("/admin/v1/reports/bookings?jobcenter=00101&from={from}&to={to}");

    let channel = ok(&app.admin_get(ADMIN, &format!("{base}&group_by=channel")), 200);
    assert_eq!(
        channel["lines"],
        json!([{
            "key": "CaseworkerSystem", "total": 3, "booked": 2, "completed": 1, "no_show": 0, "cancelled": 0, "lapsed": 0
        }])
    );
    let counselor = ok(&app.admin_get(ADMIN, &format!("{base}&group_by=counselor")), 200);
    let totals: i64 =
        counselor["lines"].as_array().unwrap().iter().map(|l| l["total"].as_i64().unwrap()).sum();
    assert_eq!((counselor["lines"].as_array().unwrap().len(), totals), (2, 3));
    let day = ok(&app.admin_get(ADMIN, &format!("{base}&group_by=day")), 200);
    assert_eq!(day["lines"].as_array().unwrap().len(), 2);

    let csv = app.request(
        "GET",
        &format!("{base}&group_by=channel"),
        &[("Accept", "text/csv"), ("X-Planner-Caller", ADMIN)],
        b"",
    );
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(
        csv.body,
        "channel,total,booked,completed,no_show,cancelled,lapsed\nCaseworkerSystem,3,2,1,0,0,0\n"
    );
    let by_param = app.admin_get(ADMIN, &format!("{base}&group_by=offer&format=csv"));
    assert!(by_param.body.starts_with("offer,total,"), "{}", by_param.body);
    assert!(
        by_param.body.contains("\n-,3,2,1,0,0,0\n"),
        "registered bookings have no offer: {}",
        by_param.body
    );

    invalid(&app.admin_get(ADMIN, &format!("{base}&group_by=week")), "group_by");
    invalid(
        &app.admin_get(
            ADMIN,
            "/admin/v1/reports/bookings?jobcenter=00101&from=2030-01-02&to=2030-01-01&group_by=day",
        ),
        "to",
    );
    invalid(
        &app.admin_get(
            ADMIN,
            "/admin/v1/reports/bookings?jobcenter=00101&from=yesterday&to=2030-01-01&group_by=day",
        ),
        "from",
    );
    problem(&app.admin_get(OTHER_ADMIN, &format!("{base}&group_by=day")), 403);
}
