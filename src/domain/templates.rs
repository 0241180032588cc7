//! Summons templates (indkaldelsesskabeloner): a jobcenter's named presets that a summons of
//! one citizen or in bulk starts from. A summons copies what it takes from the template, so a
//! later change of the template never changes summons already made.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::availability::local::{Edge, LocalDay};
use super::summons::Strategy;
use super::{CaseworkerId, Error, Interval, JobCenterCode, OfferId, TeamId};

/// Which offer a template summons into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateOffer {
    /// This offer.
    Offer(OfferId),
    /// The jobcenter's active offer of this interview type at the time of the summons.
    InterviewType(i32),
}

/// A summons template of one jobcenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummonsTemplate {
    /// Its id (a GUID).
    pub id: String,
    /// The jobcenter.
    pub jobcenter: JobCenterCode,
    /// Its name, unique in the jobcenter (1-100 characters).
    pub name: String,
    /// The offer or interview type.
    pub offer: TemplateOffer,
    /// A team whose current members are the pool (instead of `pool`).
    pub team: Option<TeamId>,
    /// Caseworkers to fill; empty with no team: every counselor of the offer.
    pub pool: Vec<CaseworkerId>,
    /// The window starts this many days after the summons day (0-365).
    pub window_start_days: u32,
    /// The window lasts this many days (1-92).
    pub window_days: u32,
    /// How citizens are spread.
    pub strategy: Strategy,
    /// Citizens may rebook until this many hours before (none: not at all).
    pub rebook_before_hours: Option<i64>,
    /// Citizens may cancel until this many hours before (none: not at all).
    pub cancel_before_hours: Option<i64>,
}

impl SummonsTemplate {
    /// Checks the name, the window, the deadlines and that a team and a pool are not both set.
    pub fn validate(&self) -> Result<(), Error> {
        let length = self.name.trim().chars().count();
        if length == 0 || length > 100 || self.name.chars().any(char::is_control) {
            return Err(Error::InvalidText { field: "name", max: 100 });
        }
        if self.window_start_days > 365 {
            return Err(Error::NotPositive("window_start_days"));
        }
        if !(1..=92).contains(&self.window_days) {
            return Err(Error::NotPositive("window_days"));
        }
        for (field, hours) in [
            ("rebook_before_hours", self.rebook_before_hours),
            ("cancel_before_hours", self.cancel_before_hours),
        ] {
            if hours.is_some_and(|h| !(0..=8760).contains(&h)) {
                return Err(Error::NotPositive(field));
            }
        }
        if self.team.is_some() && !self.pool.is_empty() {
            return Err(Error::InvalidText { field: "team", max: 0 });
        }
        Ok(())
    }

    /// The window of a summons made on local date `day`: from local midnight
    /// `window_start_days` later, for `window_days` days.
    pub fn window(&self, day: NaiveDate) -> Option<Interval> {
        let first = day.checked_add_signed(Duration::days(i64::from(self.window_start_days)))?;
        let end = first.checked_add_signed(Duration::days(i64::from(self.window_days)))?;
        let start = LocalDay::new(first).instant(NaiveTime::MIN, Edge::Start)?;
        let end = LocalDay::new(end).instant(NaiveTime::MIN, Edge::Start)?;
        Interval::new(start, end).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> SummonsTemplate {
        SummonsTemplate {
            id: "t".into(),
            jobcenter: JobCenterCode::parse("00101").unwrap(),
            name: "Jobsamtale om 1-2 uger".into(),
            offer: TemplateOffer::InterviewType(7),
            team: None,
            pool: Vec::new(),
            window_start_days: 7,
            window_days: 7,
            strategy: Strategy::SpreadEvenly,
            rebook_before_hours: Some(24),
            cancel_before_hours: None,
        }
    }

    #[test]
    fn the_window_counts_local_days_from_the_summons_day() {
        // Summoned on Monday 15 March 2027: a week later, for a week, across the DST change.
        let day = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        let window = template().window(day).unwrap();
        assert_eq!(window.start().to_rfc3339(), "2027-03-21T23:00:00+00:00", "Monday 22 March 00:00 CET");
        assert_eq!(window.end().to_rfc3339(), "2027-03-28T22:00:00+00:00", "Monday 29 March 00:00 CEST");
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(template().validate().is_ok());
        assert!(SummonsTemplate { window_days: 0, ..template() }.validate().is_err());
        assert!(SummonsTemplate { window_days: 93, ..template() }.validate().is_err());
        assert!(SummonsTemplate { name: String::new(), ..template() }.validate().is_err());
        assert!(SummonsTemplate { cancel_before_hours: Some(-1), ..template() }.validate().is_err());
        let caseworker = CaseworkerId::parse("CVR:64942212-UUID:1").unwrap();
        let team = TeamId::parse("0b3c5c7e-2d8a-4d43-9a37-0f5a1c2b3d4e").unwrap();
        assert!(SummonsTemplate { team: Some(team), pool: vec![caseworker], ..template() }
            .validate()
            .is_err());
    }
}
