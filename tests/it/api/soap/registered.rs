//! RegisterBooking and GetBookings over HTTP: bookings a caseworker system registers occupy the
//! counselor's time and show up beside self-bookings; the STAR validation codes; jobcenter limits.

use chrono::{DateTime, Duration, Utc};
use planner::domain::{Interval, Originator, Role};
use planner::store::ReserveRequest;
use planner::xml::format_datetime;

use super::support::{count_bookings, cpr, items, seed, text, Answer, Seeded, DFDG, KSS, OTHER_DFDG};
use crate::support::app::{spawn_app, TestApp};

/// A RegisterBooking request; `fields()` writes it in the XSD's order.
#[derive(Clone)]
struct Registration {
    id: String,
    cpr: String,
    jobcenter: String,
    caseworker: String,
    interview_type: String,
    form_type: String,
    contact_type: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rebook: (bool, Option<DateTime<Utc>>),
    cancel: (bool, Option<DateTime<Utc>>),
    group: Option<String>,
    link: Option<String>,
}

impl Registration {
    fn new(seeded: &Seeded, counselor: usize, start: DateTime<Utc>, citizen: usize) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            cpr: cpr(citizen),
            jobcenter: "00101".into(),
            caseworker: seeded.counselors[counselor].caseworker.to_string(),
            interview_type: "4".into(),
            form_type: "1".into(),
            contact_type: "3".into(),
            start,
            end: start + Duration::minutes(45),
            rebook: (false, None),
            cancel: (true, Some(start - Duration::hours(24))),
            group: None,
            link: None,
        }
    }

    fn fields(&self) -> String {
        let leaf = |name: &str, value: &str| format!("<{name}>{value}</{name}>");
        let time = |name: &str, value: Option<DateTime<Utc>>| {
            value.map(|t| leaf(name, &format_datetime(t))).unwrap_or_default()
        };
        [
            leaf("BookingIdentifier", &self.id),
            leaf("PersonCivilRegistrationIdentifier", &self.cpr),
            leaf("JobCenterCode", &self.jobcenter),
            leaf("CaseWorkerIdentifier", &self.caseworker),
            leaf("InterviewTypeIdentifier", &self.interview_type),
            leaf("InterviewFormTypeIdentifier", &self.form_type),
            leaf("InterviewContactTypeIdentifier", &self.contact_type),
            time("StartTime", Some(self.start)),
            time("EndTime", Some(self.end)),
            leaf("ReBookingPossible", &self.rebook.0.to_string()),
            time("ReBookingDeadline", self.rebook.1),
            leaf("CancellationPossible", &self.cancel.0.to_string()),
            time("CancellationDeadline", self.cancel.1),
            leaf("CompulsoryAttendance", "true"),
            self.group.as_deref().map(|g| leaf("GroupMeetingIdentifier", g)).unwrap_or_default(),
            self.link.as_deref().map(|l| leaf("DigitalMeetingLink", l)).unwrap_or_default(),
        ]
        .concat()
    }

    fn send(&self, app: &TestApp, caller: &str) -> Answer {
        app.soap(caller, "RegisterBooking", &self.fields())
    }
}

/// Free start times of the seeded individual offer with one counselor over the next three weeks.
fn free_starts(app: &TestApp, seeded: &Seeded, counselor: usize) -> Vec<DateTime<Utc>> {
    let now = Utc::now();
    let window = Interval::new(now, now + Duration::weeks(3)).unwrap();
    let caseworker = &seeded.counselors[counselor].caseworker;
    let times = app.store.free_times(&seeded.offer.id, window, Some(caseworker), now).unwrap();
    times.iter().map(|t| t.interval.start()).collect()
}

/// Free times far enough ahead for the 24 h cancellation deadline to lie in the future.
fn later_starts(app: &TestApp, seeded: &Seeded, counselor: usize) -> Vec<DateTime<Utc>> {
    let after = Utc::now() + Duration::hours(30);
    free_starts(app, seeded, counselor).into_iter().filter(|t| *t > after).collect()
}

fn get_bookings(app: &TestApp, caller: &str, citizen: usize, extra: &str) -> Answer {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>{extra}",
        cpr(citizen)
    );
    app.soap(caller, "GetBookings", &fields)
}

#[test]
fn a_registered_booking_occupies_time_and_shows_beside_self_bookings() {
    let app = spawn_app();
    let seeded = seed(&app);
    let starts = later_starts(&app, &seeded, 0);
    let mut registration = Registration::new(&seeded, 0, starts[0], 1);
    registration.link = Some("https://meet.example/j/4711?pwd=a&amp;b".into());
    let answer = registration.send(&app, KSS);
    let body = answer.ok("RegisterBooking");
    assert_eq!(text(body, "BookingIdentifier"), registration.id);
    assert_eq!(text(body, "BookingStatus"), "Booked");
    assert_eq!(text(body, "BookingChannel"), "CaseworkerSystem");
    assert_eq!(text(body, "BookingOriginator/OrganisationCode"), "101");
    assert_eq!(text(body, "BookingOriginator/OrganisationTypeIdentifier"), "8");
    assert_eq!(text(body, "InterviewOptionIdentifier"), "", "a registered booking has no offer");
    assert_eq!(text(body, "InterviewTypeIdentifier"), "4");
    assert_eq!(text(body, "BookingStartTime"), format_datetime(registration.start));
    assert_eq!(text(body, "Supervisor/CaseWorkerIdentifier"), registration.caseworker);
    assert_eq!(text(body, "ReBookingPossible"), "false");
    assert_eq!(text(body, "ReBookingDeadline"), "");
    assert_eq!(text(body, "CancellationDeadline"), format_datetime(registration.cancel.1.unwrap()));
    assert_eq!(text(body, "SelfBooked"), "false");
    assert_eq!(text(body, "DigitalMeetingLink"), "https://meet.example/j/4711?pwd=a&b");
    assert!(!free_starts(&app, &seeded, 0).contains(&registration.start), "the time is no longer free");

    // A self-booking of the same citizen, made the DFDG way (reserve, then confirm).
    let now = Utc::now();
    let citizen = planner::domain::Cpr::parse(&cpr(1)).unwrap();
    let reservation = app
        .store
        .reserve(
            &ReserveRequest {
                cpr: citizen.clone(),
                offer: Some(seeded.offer.id.clone()),
                caseworker: seeded.counselors[1].caseworker.clone(),
                start: later_starts(&app, &seeded, 1)[3],
                contact_type: None,
                rebooking: None,
            },
            now,
        )
        .unwrap();
    let self_booked =
        app.store.confirm(&citizen, &reservation.id, Originator { code: 101, type_id: 8 }, now).unwrap();

    for caller in [KSS, DFDG] {
        let answer = get_bookings(&app, caller, 1, "");
        let bookings = items(answer.ok("GetBookings"), "BookingCollection", "Booking");
        let mut expected = vec![
            (registration.start, registration.id.clone(), "CaseworkerSystem"),
            (self_booked.interval.start(), self_booked.id.to_string(), "SelfBooking"),
        ];
        expected.sort();
        let seen: Vec<(String, String)> =
            bookings.iter().map(|b| (text(b, "BookingIdentifier"), text(b, "BookingChannel"))).collect();
        let expected: Vec<(String, String)> =
            expected.into_iter().map(|(_, id, channel)| (id, channel.to_owned())).collect();
        assert_eq!(seen, expected, "both bookings, ordered by start");
        let own = bookings.iter().find(|b| text(b, "BookingChannel") == "SelfBooking").unwrap();
        assert_eq!(text(own, "InterviewOptionIdentifier"), seeded.offer.id.to_string());
        assert_eq!(text(own, "SelfBooked"), "true");
        assert_eq!(text(own, "InterviewLocationDetail/InterviewLocationAddress/StreetName"), "Kultorvet");
    }

    // Idempotent by BookingIdentifier; another citizen under the same id is refused.
    let again = registration.send(&app, KSS);
    assert_eq!(text(again.ok("RegisterBooking"), "BookingIdentifier"), registration.id);
    assert_eq!(count_bookings(&app, 1), 2, "the repeat created nothing");
    let stolen = Registration { cpr: cpr(2), ..registration.clone() };
    stolen.send(&app, KSS).expect_fault(8107);
    assert_eq!(count_bookings(&app, 2), 0);
}

#[test]
fn group_meetings_share_one_time() {
    let app = spawn_app();
    let seeded = seed(&app);
    let start = later_starts(&app, &seeded, 2)[0];
    let group = uuid::Uuid::new_v4().to_string();
    for citizen in [1, 2] {
        let mut registration = Registration::new(&seeded, 2, start, citizen);
        registration.form_type = "2".into();
        registration.interview_type = "9".into();
        registration.group = Some(group.clone());
        registration.send(&app, KSS).ok("RegisterBooking");
    }
    assert_eq!(count_bookings(&app, 1) + count_bookings(&app, 2), 2);
    let individual = Registration::new(&seeded, 2, start, 3);
    individual.send(&app, KSS).expect_fault(4770);
    let bad = Registration { group: Some("meeting-1".into()), ..Registration::new(&seeded, 2, start, 4) };
    assert!(bad.send(&app, KSS).expect_fault(1014).contains("GroupMeetingIdentifier"));
}

#[test]
fn refuses_what_star_refuses_and_creates_nothing() {
    let app = spawn_app();
    let seeded = seed(&app);
    let start = later_starts(&app, &seeded, 0)[0];
    let base = Registration::new(&seeded, 0, start, 5);
    let deadline = Some(start - Duration::hours(24));
    let cases: Vec<(Registration, u32)> = vec![
        (Registration { rebook: (false, deadline), ..base.clone() }, 8125),
        (Registration { rebook: (true, None), ..base.clone() }, 8126),
        (Registration { cancel: (false, deadline), ..base.clone() }, 8127),
        (Registration { interview_type: "5".into(), ..base.clone() }, 4709),
        (Registration { form_type: "3".into(), ..base.clone() }, 4805),
        (Registration { contact_type: "0".into(), ..base.clone() }, 4708),
        (Registration { end: start - Duration::minutes(1), ..base.clone() }, 4792),
        (
            Registration {
                start: Utc::now() - Duration::hours(2),
                end: Utc::now() - Duration::hours(1),
                cancel: (true, None),
                ..base.clone()
            },
            4783,
        ),
        (Registration { caseworker: "CVR:64942212-UUID:nobody".into(), ..base.clone() }, 1014),
        (Registration { interview_type: "seven".into(), ..base.clone() }, 1014),
        (Registration { link: Some("x".repeat(2001)), ..base.clone() }, 1014),
        (Registration { cpr: "3213851234".into(), ..base.clone() }, 1001),
        (Registration { jobcenter: "00147".into(), ..base.clone() }, 4575),
    ];
    for (registration, code) in &cases {
        registration.send(&app, KSS).expect_fault(*code);
    }
    // The counselor of another jobcenter is unknown to 00101.
    let elsewhere = app
        .store
        .offer(&seeded.other_offer.id)
        .map(|offer| app.store.counselor(&offer.counselors[0]).unwrap().caseworker)
        .unwrap();
    Registration { caseworker: elsewhere.to_string(), ..base.clone() }.send(&app, KSS).expect_fault(1014);
    base.send(&app, DFDG).expect_fault(4575);
    assert_eq!(count_bookings(&app, 5), 0, "no refused request created a booking");
    assert!(free_starts(&app, &seeded, 0).contains(&start), "and the time is still free");
    base.send(&app, KSS).ok("RegisterBooking");
    assert_eq!(count_bookings(&app, 5), 1);
}

#[test]
fn get_bookings_filters_by_interval_and_jobcenter() {
    let app = spawn_app();
    let seeded = seed(&app);
    let starts = later_starts(&app, &seeded, 0);
    let first = starts[0];
    let second = *starts.iter().find(|t| **t >= first + Duration::days(2)).unwrap();
    for start in [first, second] {
        Registration::new(&seeded, 0, start, 7).send(&app, KSS).ok("RegisterBooking");
    }
    let interval = |from: DateTime<Utc>, to: DateTime<Utc>| {
        format!(
            "<IntervalStartTime>{}</IntervalStartTime><IntervalEndTime>{}</IntervalEndTime>",
            format_datetime(from),
            format_datetime(to)
        )
    };
    let starts_of = |answer: &Answer| -> Vec<String> {
        items(answer.ok("GetBookings"), "BookingCollection", "Booking")
            .iter()
            .map(|b| text(b, "BookingStartTime"))
            .collect()
    };
    let all = get_bookings(&app, KSS, 7, "<JobCenterCode>00101</JobCenterCode>");
    assert_eq!(starts_of(&all), [format_datetime(first), format_datetime(second)]);
    let window = interval(first - Duration::hours(1), first + Duration::days(1));
    assert_eq!(starts_of(&get_bookings(&app, KSS, 7, &window)), [format_datetime(first)]);
    let window = interval(second + Duration::minutes(10), second + Duration::days(1));
    assert_eq!(starts_of(&get_bookings(&app, KSS, 7, &window)), [format_datetime(second)], "overlap counts");
    let before = interval(Utc::now(), first - Duration::minutes(1));
    assert!(starts_of(&get_bookings(&app, KSS, 7, &before)).is_empty());
    assert!(starts_of(&get_bookings(&app, KSS, 8, "")).is_empty(), "another citizen has none");

    let half = format!("<IntervalStartTime>{}</IntervalStartTime>", format_datetime(first));
    assert!(get_bookings(&app, KSS, 7, &half).expect_fault(1014).contains("IntervalEndTime"));
    get_bookings(&app, KSS, 7, &interval(second, first)).expect_fault(4792);
    get_bookings(&app, KSS, 7, "<JobCenterCode>101</JobCenterCode>").expect_fault(1014);

    // A caller of another jobcenter sees none of 00101's bookings and may not ask for them.
    assert!(starts_of(&get_bookings(&app, OTHER_DFDG, 7, "")).is_empty());
    assert!(starts_of(&get_bookings(&app, OTHER_DFDG, 7, "<JobCenterCode>00147</JobCenterCode>")).is_empty());
    get_bookings(&app, OTHER_DFDG, 7, "<JobCenterCode>00101</JobCenterCode>").expect_fault(4575);
    let other_kss = planner::domain::Caller {
        identity: "CVR:64942212-FID:kss-other".into(),
        role: Role::CaseworkerSystem,
        jobcenters: vec![planner::domain::JobCenterCode::parse("00147").unwrap()],
        enabled: true,
    };
    app.store.upsert_caller(&other_kss, Utc::now()).unwrap();
    assert!(starts_of(&get_bookings(&app, &other_kss.identity, 7, "")).is_empty());
}
