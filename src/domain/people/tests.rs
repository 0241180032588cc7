//! Tests of roles, clusters, e-mail addresses and invitations.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::{Action, Booking};

fn code(text: &str) -> JobCenterCode {
    JobCenterCode::parse(text).unwrap()
}

fn team(n: u32) -> TeamId {
    TeamId::parse(&format!("7ea70000-0000-4000-8000-{n:012}")).unwrap()
}

fn account(grants: Vec<Grant>) -> Account {
    Account {
        id: "a".into(),
        email: Email::parse("a@kk.dk").unwrap(),
        name: "A".into(),
        disabled: false,
        grants,
    }
}

#[test]
fn a_team_binding_covers_that_team_only_and_a_jobcenter_binding_every_team() {
    let summoner_of_a =
        account(vec![Grant::new(Role::Summoner, vec![Cluster::Team(code("00101"), team(1))]).unwrap()]);
    let in_a = Target { jobcenter: code("00101"), teams: vec![team(1)] };
    let in_b = Target { jobcenter: code("00101"), teams: vec![team(2)] };
    let elsewhere = Target { jobcenter: code("00147"), teams: vec![team(1)] };
    assert!(summoner_of_a.may(Capability::ViewCalendars, &in_a));
    assert!(!summoner_of_a.may(Capability::ViewCalendars, &in_b));
    assert!(
        !summoner_of_a.may(Capability::ViewCalendars, &elsewhere),
        "a team id is only meant in its jobcenter"
    );
    assert!(!summoner_of_a.may(Capability::ViewCalendars, &Target::jobcenter(code("00101"))));
    let whole = account(vec![Grant::new(Role::Summoner, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    assert!(whole.may(Capability::Summon, &in_a) && whole.may(Capability::Summon, &in_b));
    assert!(!whole.may(Capability::Summon, &elsewhere));
}

#[test]
fn each_role_grants_its_own_capabilities_only() {
    let everywhere = |role| account(vec![Grant::new(role, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    let target = Target::jobcenter(code("00101"));
    let reader = everywhere(Role::Reader);
    assert!(reader.may(Capability::ReadReports, &target));
    assert!(!reader.may(Capability::ViewCalendars, &target) && !reader.may(Capability::RevealCpr, &target));
    let admin = everywhere(Role::Administrator);
    assert!(admin.may(Capability::ManageAccounts, &target) && !admin.may(Capability::Summon, &target));
    let counselor = everywhere(Role::Counselor);
    assert!(
        counselor.may(Capability::OwnCalendar, &target) && !counselor.may(Capability::ViewCalendars, &target)
    );
    let summoner = everywhere(Role::Summoner);
    assert!(summoner.may(Capability::Summon, &target) && !summoner.may(Capability::ManageAccounts, &target));
}

#[test]
fn roles_combine_and_a_disabled_account_may_nothing() {
    let mut both = account(vec![
        Grant::new(Role::Reader, vec![Cluster::Jobcenter(code("00147"))]).unwrap(),
        Grant::new(Role::Administrator, vec![Cluster::Jobcenter(code("00101"))]).unwrap(),
    ]);
    assert_eq!(both.jobcenters_for(Capability::ReadReports), vec![code("00101"), code("00147")]);
    assert_eq!(both.jobcenters_for(Capability::ManageAccounts), vec![code("00101")]);
    both.disabled = true;
    assert!(!both.may(Capability::ReadReports, &Target::jobcenter(code("00147"))));
    assert!(both.jobcenters_for(Capability::ReadReports).is_empty());
}

#[test]
fn a_grant_needs_a_cluster_and_roles_parse_by_name() {
    assert_eq!(Grant::new(Role::Reader, Vec::new()), Err(Error::NoCluster));
    for role in Role::ALL {
        assert_eq!(Role::parse(role.as_str()), Ok(role));
    }
    assert!(Role::parse("Administrator").is_err() && Role::parse("root").is_err());
}

#[test]
fn email_addresses_are_checked_and_lower_cased() {
    assert_eq!(Email::parse("Anne.Jensen@KK.dk").unwrap().as_str(), "anne.jensen@kk.dk");
    for bad in [
        "",
        "anne",
        "@kk.dk",
        "anne@kk",
        "anne@.dk",
        "anne@kk.",
        " anne@kk.dk",
        "an ne@kk.dk",
        "a@b@kk.dk",
        "a\u{1}@kk.dk",
    ] {
        assert!(Email::parse(bad).is_err(), "{bad:?}");
    }
    assert!(Email::parse(&format!("{}@kk.dk", "a".repeat(250))).is_err());
}

#[test]
fn an_invitation_is_valid_seven_days_used_once_and_extended_only_while_unused() {
    let sent = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let grant = Grant::new(Role::Summoner, vec![Cluster::Jobcenter(code("00101"))]).unwrap();
    let fresh = Invitation::new("i".into(), Email::parse("b@kk.dk").unwrap(), grant, "admin".into(), sent);
    assert_eq!(fresh.state(sent + Duration::days(7) - Duration::seconds(1)), InvitationState::Sent);
    assert_eq!(fresh.state(sent + Duration::days(7)), InvitationState::Expired);

    let mut late = fresh.clone();
    let day_eight = sent + Duration::days(8);
    assert_eq!(late.accept(day_eight), Err(Error::InvitationExpired));
    late.extend(day_eight).unwrap();
    assert_eq!(late.state(day_eight), InvitationState::Sent);
    assert_eq!(late.expires_at, day_eight + Duration::days(7));
    late.accept(day_eight).unwrap();
    assert_eq!(late.state(day_eight + Duration::days(30)), InvitationState::Accepted, "used stays used");
    assert_eq!(late.accept(day_eight), Err(Error::InvitationUsed));
    assert_eq!(late.extend(day_eight), Err(Error::InvitationUsed));
    assert_eq!(late.revoke(day_eight), Err(Error::InvitationUsed));

    let mut withdrawn = fresh;
    withdrawn.revoke(sent).unwrap();
    assert_eq!(withdrawn.state(sent), InvitationState::Revoked);
    assert_eq!(withdrawn.accept(sent), Err(Error::InvitationUsed));
    assert_eq!(withdrawn.extend(sent), Err(Error::InvitationUsed));
}

#[test]
fn a_session_ends_after_its_idle_time_or_its_absolute_life() {
    let policy = SessionPolicy::default();
    let signed_in = Utc.with_ymd_and_hms(2027, 3, 28, 0, 30, 0).unwrap(); // the night summer time begins
    assert!(policy.alive(signed_in, signed_in, signed_in + Duration::minutes(29)));
    assert!(!policy.alive(signed_in, signed_in, signed_in + Duration::minutes(30)));
    let busy = signed_in + Duration::hours(9) + Duration::minutes(50);
    assert!(policy.alive(signed_in, busy, busy + Duration::minutes(9)));
    assert!(
        !policy.alive(signed_in, busy, signed_in + Duration::hours(10)),
        "ten hours in UTC, whatever the clocks do"
    );
}

#[test]
fn failed_sign_ins_slow_down_and_never_lock_out_for_good() {
    let limits = SignInLimits::default();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let minutes = |list: &[i64]| list.iter().map(|m| now - Duration::minutes(*m)).collect::<Vec<_>>();
    assert_eq!(limits.wait_until(&minutes(&[1, 2, 3, 4]), 5, now), None);
    // Five failures within the window: wait until the oldest of them leaves it.
    assert_eq!(limits.wait_until(&minutes(&[1, 2, 3, 4, 10]), 5, now), Some(now + Duration::minutes(5)));
    // Failures older than the window do not count.
    assert_eq!(limits.wait_until(&minutes(&[1, 2, 3, 4, 16, 30]), 5, now), None);
    // Seven failures: let through when three have left, the fifth newest.
    assert_eq!(
        limits.wait_until(&minutes(&[1, 2, 3, 4, 6, 8, 14]), 5, now),
        Some(now + Duration::minutes(9))
    );
}

#[test]
fn calendars_are_seen_by_their_clusters_and_a_counselor_sees_only_their_own() {
    let north = Target { jobcenter: code("00101"), teams: vec![team(1)] };
    let south = Target { jobcenter: code("00101"), teams: vec![team(2)] };
    let summoner =
        account(vec![Grant::new(Role::Summoner, vec![Cluster::Team(code("00101"), team(1))]).unwrap()]);
    let nothing = CalendarAccess::default();
    assert_eq!(summoner.calendar_access("anne@kk.dk", &north), summoner_access());
    assert_eq!(summoner.calendar_access("anne@kk.dk", &south), nothing);
    let admin =
        account(vec![Grant::new(Role::Administrator, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    assert_eq!(
        admin.calendar_access("anne@kk.dk", &south),
        CalendarAccess { view: true, busy_time: true, ..nothing }
    );
    let counselor =
        account(vec![Grant::new(Role::Counselor, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    let own = counselor.email.as_str().to_uppercase();
    assert_eq!(
        counselor.calendar_access(&own, &north),
        CalendarAccess { view: true, reveal_cpr: true, attendance: true, busy_time: true, ..nothing }
    );
    assert_eq!(counselor.calendar_access("someone.else@kk.dk", &north), nothing);
    let reader = account(vec![Grant::new(Role::Reader, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    assert_eq!(reader.calendar_access("anne@kk.dk", &north), nothing);
    let elsewhere = Target { jobcenter: code("00202"), teams: vec![team(1)] };
    assert_eq!(summoner.calendar_access("anne@kk.dk", &elsewhere), nothing);
}

/// Everything a summoner may do with a calendar of their clusters.
fn summoner_access() -> CalendarAccess {
    CalendarAccess { view: true, reveal_cpr: true, attendance: true, change_bookings: true, busy_time: true }
}

fn booking(status: crate::domain::BookingStatus, billed: bool) -> Booking {
    use crate::domain::{ChangeFlags, Interval};
    let start = Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap();
    let changes = ChangeFlags {
        rebook_possible: true,
        rebook_deadline: None,
        cancel_possible: true,
        cancel_deadline: None,
    };
    crate::domain::fixtures::booking(
        Interval::new(start, start + Duration::minutes(45)).unwrap(),
        status,
        billed,
        changes,
    )
}

#[test]
fn a_booking_offers_what_its_state_and_the_role_allow() {
    use crate::domain::BookingStatus::{Booked, Cancelled, Completed, Lapsed, NoShow};
    use Action::{Cancel, Complete, CorrectNoShow, MarkLapsed, Reschedule};
    let summoner = summoner_access();
    // Once the meeting has begun; before, attendance is not offered (below).
    let after = booking(Booked, false).interval.start();
    let cases = [
        (Booked, false, vec![Complete, Action::NoShow, MarkLapsed, Cancel, Reschedule]),
        (Completed, false, vec![MarkLapsed, Cancel]),
        (NoShow, false, vec![Complete, CorrectNoShow, MarkLapsed, Cancel]),
        (Booked, true, vec![Complete, Action::NoShow, MarkLapsed]),
        (Completed, true, vec![MarkLapsed]),
        (Lapsed, false, vec![]),
        (Cancelled, false, vec![]),
    ];
    for (status, billed, offered) in cases {
        assert_eq!(summoner.offered(&booking(status, billed), after), offered, "{status:?}, billed {billed}");
    }
    // The counselor on their own calendar: attendance only; an administrator and a reader none.
    let own = CalendarAccess { view: true, reveal_cpr: true, attendance: true, busy_time: true, ..summoner };
    let own = CalendarAccess { change_bookings: false, ..own };
    assert_eq!(own.offered(&booking(Booked, false), after), vec![Complete, Action::NoShow]);
    assert_eq!(own.offered(&booking(NoShow, false), after), vec![Complete, CorrectNoShow]);
    let admin = CalendarAccess { view: true, busy_time: true, ..CalendarAccess::default() };
    assert!(admin.offered(&booking(Booked, false), after).is_empty());
    assert!(CalendarAccess::ACTIONS.iter().all(|action| !admin.may(*action)));
    assert!(CalendarAccess::ACTIONS.iter().all(|action| summoner.may(*action)));
    // A minute before it begins a meeting is not yet held nor missed.
    let before = after - Duration::minutes(1);
    assert_eq!(summoner.offered(&booking(Booked, false), before), vec![MarkLapsed, Cancel, Reschedule]);
    assert_eq!(own.offered(&booking(Booked, false), before), vec![]);
    assert_eq!(summoner.offered(&booking(NoShow, false), before), vec![CorrectNoShow, MarkLapsed, Cancel]);
}

#[test]
fn a_team_day_is_seen_by_those_who_see_colleagues_calendars_there() {
    let in_a = Target { jobcenter: code("00101"), teams: vec![team(1)] };
    let in_b = Target { jobcenter: code("00101"), teams: vec![team(2)] };
    let of_a =
        account(vec![Grant::new(Role::Summoner, vec![Cluster::Team(code("00101"), team(1))]).unwrap()]);
    assert!(of_a.team_day_access(&in_a) && !of_a.team_day_access(&in_b));
    let everywhere = |role| account(vec![Grant::new(role, vec![Cluster::Jobcenter(code("00101"))]).unwrap()]);
    assert!(everywhere(Role::Administrator).team_day_access(&in_b));
    assert!(!everywhere(Role::Counselor).team_day_access(&in_a));
    assert!(!everywhere(Role::Reader).team_day_access(&in_a));
}

#[test]
fn a_person_works_in_the_jobcenters_their_roles_are_bound_to_by_team_or_whole() {
    let of_a =
        account(vec![Grant::new(Role::Summoner, vec![Cluster::Team(code("00101"), team(1))]).unwrap()]);
    assert!(of_a.works_in(&code("00101")), "a team binding is work in the team's jobcenter");
    assert!(!of_a.works_in(&code("00147")));
    let reader = account(vec![Grant::new(Role::Reader, vec![Cluster::Jobcenter(code("00147"))]).unwrap()]);
    assert!(reader.works_in(&code("00147")) && !reader.works_in(&code("00101")));
    let disabled = Account { disabled: true, ..of_a };
    assert!(!disabled.works_in(&code("00101")));
}
