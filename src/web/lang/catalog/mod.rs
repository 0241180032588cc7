//! The English of the web app's Danish texts, by subject: each file is one `match` from the
//! Danish text (exactly as written where it is used, `{}` where a value goes) to its English.
//! A text missing here is shown in Danish, and fails the coverage test.

mod calendar;
mod calendar_changes;
mod common;
mod follow_up;
mod follow_up_logs;
mod people_pages;
mod reports;
mod setup_admin;
mod setup_calendars;
mod setup_offers;
mod summons;
mod summons_errors;

/// The English of `danish`, when the catalog has it.
pub fn en(danish: &str) -> Option<&'static str> {
    common::en(danish)
        .or_else(|| calendar::en(danish))
        .or_else(|| calendar_changes::en(danish))
        .or_else(|| follow_up::en(danish))
        .or_else(|| reports::en(danish))
        .or_else(|| follow_up_logs::en(danish))
        .or_else(|| summons_errors::en(danish))
        .or_else(|| summons::en(danish))
        .or_else(|| setup_offers::en(danish))
        .or_else(|| setup_calendars::en(danish))
        .or_else(|| setup_admin::en(danish))
        .or_else(|| people_pages::en(danish))
}
