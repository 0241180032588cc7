//! A checked e-mail address, the key of a personal account.

use crate::domain::Error;

/// A checked, lower-cased e-mail address (one `@`, a dot in the domain, no spaces or control
/// characters, at most 254 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Parses an address; surrounding whitespace is an error, not trimmed.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let valid = text.len() <= 254
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(text.to_lowercase()))
        } else {
            Err(Error::InvalidText { field: "email", max: 254 })
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
