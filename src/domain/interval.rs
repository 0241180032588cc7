//! `Interval`: a half-open span of UTC instants `[start, end)` with `start < end`.

use chrono::{DateTime, Utc};

use super::Error;

/// A half-open interval of instants, `start` inclusive and `end` exclusive; never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Interval {
    /// Builds an interval; fails with [`Error::EndBeforeStart`] unless `start < end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, Error> {
        if start < end {
            Ok(Self { start, end })
        } else {
            Err(Error::EndBeforeStart)
        }
    }

    /// The first instant inside the interval.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The first instant after the interval.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// True when the two intervals share at least one instant.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies completely inside `self`.
    pub fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The common part of two intervals, if any.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        Interval::new(self.start.max(other.start), self.end.min(other.end)).ok()
    }

    /// Length in whole minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, h, 0, 0).unwrap()
    }

    #[test]
    fn refuses_empty_and_reversed() {
        assert_eq!(Interval::new(at(9), at(9)), Err(Error::EndBeforeStart));
        assert_eq!(Interval::new(at(10), at(9)), Err(Error::EndBeforeStart));
        assert!(Interval::new(at(9), at(10)).is_ok());
    }

    #[test]
    fn overlap_is_half_open() {
        let a = Interval::new(at(9), at(10)).unwrap();
        let b = Interval::new(at(10), at(11)).unwrap();
        let c = Interval::new(at(9), at(11)).unwrap();
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(c.contains(&a) && !a.contains(&c));
        assert_eq!(a.intersect(&b), None);
        assert_eq!(c.intersect(&a), Some(a));
    }
}
