//! The sender code and sending limit rules.

use chrono::{Duration, TimeZone, Utc};

use super::*;

#[test]
fn cultures_fall_back_to_danish() {
    assert_eq!(Culture::or_danish(Some("en-GB")), Culture::EnGb);
    assert_eq!(Culture::or_danish(Some("en")), Culture::EnGb);
    assert_eq!(Culture::or_danish(Some("de-DE")), Culture::DaDk);
    assert_eq!(Culture::or_danish(None), Culture::DaDk);
}

#[test]
fn a_code_is_refused_when_wrong_expired_or_tried_too_often() {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let code = PendingCode::new(now);
    assert_eq!(code.check(true, now), Ok(()));
    assert_eq!(code.check(false, now), Err(Error::WrongSenderCode));
    assert_eq!(code.check(true, now + Duration::hours(CODE_HOURS)), Err(Error::SenderCodeExpired));
    let tried = PendingCode { failures: CODE_TRIES, ..code };
    assert_eq!(tried.check(true, now), Err(Error::SenderCodeExpired));
}

#[test]
fn the_budget_is_the_smaller_of_the_hour_and_the_day() {
    let limits = SendingLimits { per_hour: 10, per_day: 25 };
    assert_eq!(limits.budget(0, 0), 10);
    assert_eq!(limits.budget(4, 20), 5);
    assert_eq!(limits.budget(12, 12), 0);
}
