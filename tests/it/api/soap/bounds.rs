//! The bounds every channel keeps (issue 14): a time beyond the booking horizon is refused with
//! 1014 and nothing is stored; a CPR that does not match its pattern, spaces included, is 1001 on
//! every operation that takes one, never trimmed and accepted.

use chrono::{DateTime, Duration, Utc};
use planner::xml::format_datetime;

use super::support::{count_bookings, cpr, seed, Seeded, DFDG, KSS};
use crate::support::app::spawn_app;

/// A RegisterBooking body for citizen `citizen` at `start` (45 minutes, cancellable, no deadlines).
fn registration(seeded: &Seeded, citizen: &str, start: DateTime<Utc>) -> String {
    let leaf = |name: &str, value: &str| format!("<{name}>{value}</{name}>");
    [
        leaf("BookingIdentifier", &uuid::Uuid::new_v4().to_string()),
        leaf("PersonCivilRegistrationIdentifier", citizen),
        leaf("JobCenterCode", "00101"),
        leaf("CaseWorkerIdentifier", seeded.counselors[0].caseworker.as_str()),
        leaf("InterviewTypeIdentifier", "4"),
        leaf("InterviewFormTypeIdentifier", "1"),
        leaf("InterviewContactTypeIdentifier", "3"),
        leaf("StartTime", &format_datetime(start)),
        leaf("EndTime", &format_datetime(start + Duration::minutes(45))),
        leaf("ReBookingPossible", "false"),
        leaf("CancellationPossible", "true"),
        leaf("CompulsoryAttendance", "true"),
    ]
    .concat()
}

#[test]
fn a_registration_beyond_the_horizon_is_refused_and_not_stored() {
    let app = spawn_app();
    let seeded = seed(&app);
    let year_9999 = "9999-06-01T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
    let three_years = Utc::now() + Duration::days(3 * 365);
    for start in [year_9999, three_years] {
        let text =
            app.soap(KSS, "RegisterBooking", &registration(&seeded, &cpr(1), start)).expect_fault(1014);
        assert!(text.contains("start") && text.contains("horizon"), "{text}");
    }
    assert_eq!(count_bookings(&app, 1), 0, "nothing stored");
    // A deadline in year 9999 is refused the same way.
    let start = Utc::now() + Duration::days(20);
    let body = registration(&seeded, &cpr(1), start).replace(
        "<CancellationPossible>true</CancellationPossible>",
        "<CancellationPossible>true</CancellationPossible><CancellationDeadline>9999-01-01T00:00:00Z</CancellationDeadline>",
    );
    let text = app.soap(KSS, "RegisterBooking", &body).expect_fault(1014);
    assert!(text.contains("cancel_deadline"), "{text}");
    assert_eq!(count_bookings(&app, 1), 0, "nothing stored");
}

#[test]
fn a_cpr_with_spaces_is_malformed_on_every_operation() {
    let app = spawn_app();
    let seeded = seed(&app);
    let start = Utc::now() + Duration::days(20);
    let good = cpr(1);
    for padded in [format!("{good} "), format!(" {good}"), format!("{good}\n"), format!("\t{good}")] {
        app.soap(KSS, "RegisterBooking", &registration(&seeded, &padded, start)).expect_fault(1001);
        let citizen =
            format!("<PersonCivilRegistrationIdentifier>{padded}</PersonCivilRegistrationIdentifier>");
        app.soap(KSS, "GetBookings", &citizen).expect_fault(1001);
        let options = format!(
            "{citizen}<JobCenterCode>00101</JobCenterCode><ContactGroupTypeIdentifier>1</ContactGroupTypeIdentifier>"
        );
        app.soap(DFDG, "GetSelfbookInterviewOptions", &options).expect_fault(1001);
    }
    assert_eq!(count_bookings(&app, 1), 0, "nothing stored");
    // The exact CPR is accepted: the refusals above were for the spaces.
    app.soap(KSS, "RegisterBooking", &registration(&seeded, &good, start)).ok("RegisterBooking");
    assert_eq!(count_bookings(&app, 1), 1);
}
