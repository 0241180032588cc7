//! A set-up form's fields as posted: name and value pairs in order, so that a group of check
//! boxes (several values under one name) reads as a list. `serde_urlencoded` reads a body into
//! pairs but not repeated keys into a struct's list, hence this small reader; the form limits
//! and the error page of the people listener's `FormConfig` still apply.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::ZONE;

/// The fields of one posted form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or "" when the form has none.
    pub fn one(&self, name: &str) -> &str {
        self.0.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
    }

    /// Every value of `name`, in the order sent.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
    }

    /// True when a check box `name` was ticked (sent with any value).
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| key == name)
    }

    /// The anti-forgery token.
    pub fn csrf(&self) -> &str {
        self.one("csrf")
    }
}

/// A whole number in `range` from `text` (trimmed), or `None`.
pub fn number(text: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|n| range.contains(n))
}

/// A list of whole numbers separated by commas or spaces ("1, 2 3"); `None` when a part is not
/// a whole number in `range`.
pub fn numbers(text: &str, range: std::ops::RangeInclusive<i64>) -> Option<Vec<i32>> {
    text.split([',', ' ', ';'])
        .filter(|part| !part.trim().is_empty())
        .map(|part| number(part, range.clone()).and_then(|n| i32::try_from(n).ok()))
        .collect()
}

/// A list of words separated by commas, trimmed, empty ones dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|word| !word.is_empty()).map(str::to_owned).collect()
}

/// A local date and time `YYYY-MM-DDTHH:MM` (as `datetime-local` sends it) as an instant; a
/// time the autumn change repeats is the first of the two, a time in the spring gap `None`.
pub fn local_instant(text: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    naive.and_local_timezone(ZONE).earliest().map(|at| at.with_timezone(&Utc))
}

/// An instant as a `datetime-local` value in Copenhagen.
pub fn local_value(at: DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_numbers() {
        assert_eq!(numbers("1, 2 3", 1..=9), Some(vec![1, 2, 3]));
        assert_eq!(numbers("", 1..=9), Some(vec![]));
        assert_eq!(numbers("1, x", 1..=9), None);
        assert_eq!(numbers("0", 1..=9), None);
        assert_eq!(words(" a, ,b "), ["a", "b"]);
        assert_eq!(number(" 45 ", 1..=60), Some(45));
        let at = local_instant("2027-03-10T09:30").unwrap();
        assert_eq!(local_value(at), "2027-03-10T09:30");
        assert_eq!(local_instant("2027-03-28T02:30"), None, "in the spring gap");
    }
}
