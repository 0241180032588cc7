//! What calendars show of statuses, channels, days and times, in the request's language
//! (`web::lang`): dates stay `dd.mm.yyyy` and times `HH:MM` in Copenhagen in both languages.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeZone, Utc};

use crate::domain::{BookingStatus, Channel, Interval, ZONE};
use crate::web::lang::t;

/// A status on screens, in the request's language.
pub fn status_name(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => t("Booket"),
        BookingStatus::Cancelled => t("Aflyst"),
        BookingStatus::Completed => t("Afholdt"),
        BookingStatus::NoShow => t("Udeblevet"),
        BookingStatus::Lapsed => t("Bortfaldet"),
    }
}

/// A channel on screens, in the request's language.
pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::SelfBooking => t("Selvbooket"),
        Channel::CaseworkerSystem => t("Sagsbehandlersystem"),
        Channel::Summons => t("Indkaldelse"),
    }
}

/// The Danish weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"];

/// A weekday's name on screens, in the request's language.
pub fn weekday_name(weekday: chrono::Weekday) -> &'static str {
    match weekday {
        chrono::Weekday::Mon => t("Mandag"),
        chrono::Weekday::Tue => t("Tirsdag"),
        chrono::Weekday::Wed => t("Onsdag"),
        chrono::Weekday::Thu => t("Torsdag"),
        chrono::Weekday::Fri => t("Fredag"),
        chrono::Weekday::Sat => t("Lørdag"),
        chrono::Weekday::Sun => t("Søndag"),
    }
}

/// A local date on screens: "Onsdag 10.03.2027" ("Wednesday 10.03.2027" in English).
pub fn day_name(date: NaiveDate) -> String {
    format!("{} {}", weekday_name(date.weekday()), date.format("%d.%m.%Y"))
}

/// The local wall-clock time of `at`, "HH:MM"; a time the autumn change repeats says which of
/// the two it is ("02:30 (sommertid)", "02:30 (vintertid)").
pub fn clock(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&ZONE);
    let text = local.format("%H:%M").to_string();
    match ZONE.from_local_datetime(&local.naive_local()) {
        LocalResult::Ambiguous(..) => {
            let summer = chrono::Offset::fix(local.offset()).local_minus_utc() > 3600;
            format!("{text} ({})", if summer { t("sommertid") } else { t("vintertid") })
        }
        _ => text,
    }
}

/// An interval's local times, "HH:MM–HH:MM".
pub fn time_range(interval: &Interval) -> String {
    format!("{}–{}", clock(interval.start()), clock(interval.end()))
}
