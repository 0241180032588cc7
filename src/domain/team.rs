//! Teams: the groups of counselors a jobcenter plans with. Offers and summons pools can name a
//! team instead of listing counselors. Membership is kept over time: a counselor who leaves a
//! team keeps the period they were in it.

use chrono::NaiveDate;

use super::{CounselorId, Error, JobCenterCode, TeamId};

/// A team of one jobcenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Its id.
    pub id: TeamId,
    /// The jobcenter it belongs to.
    pub jobcenter: JobCenterCode,
    /// Its name, unique within the jobcenter (1-100 characters).
    pub name: String,
}

impl Team {
    /// Checks the name.
    pub fn validate(&self) -> Result<(), Error> {
        let length = self.name.trim().chars().count();
        if length == 0 || length > 100 || self.name.chars().any(char::is_control) {
            return Err(Error::InvalidText { field: "name", max: 100 });
        }
        Ok(())
    }
}

/// One period of a counselor's membership of a team, `from` to `until` (inclusive; open when
/// `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The counselor.
    pub counselor: CounselorId,
    /// The first day in the team.
    pub from: NaiveDate,
    /// The last day in the team, while known.
    pub until: Option<NaiveDate>,
}

impl Membership {
    /// True when the counselor is in the team on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_covers_its_period_only() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let counselor = CounselorId::parse("0b3c5c7e-2d8a-4d43-9a37-0f5a1c2b3d4e").unwrap();
        let closed =
            Membership { counselor: counselor.clone(), from: d("2026-01-01"), until: Some(d("2026-06-30")) };
        assert!(closed.covers(d("2026-01-01")) && closed.covers(d("2026-06-30")));
        assert!(!closed.covers(d("2025-12-31")) && !closed.covers(d("2026-07-01")));
        let open = Membership { counselor, from: d("2026-07-01"), until: None };
        assert!(open.covers(d("2030-01-01")) && !open.covers(d("2026-06-30")));
    }
}
