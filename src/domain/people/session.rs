//! How long a signed-in session lives, and how sign-in attempts are limited.

use chrono::{DateTime, Duration, Utc};

/// How long a signed-in session lives: it ends after `idle` without a request, and `absolute`
/// after sign-in whatever happens (defaults 30 minutes and 10 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// The longest pause between two requests.
    pub idle: Duration,
    /// The longest life of one sign-in.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: Duration::minutes(30), absolute: Duration::hours(10) }
    }
}

impl SessionPolicy {
    /// True when a session signed in at `created` and last used at `last_seen` is alive at `now`.
    pub fn alive(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now < created + self.absolute && now < last_seen + self.idle
    }
}

/// How many failed sign-ins are let through within a sliding window, per account and per
/// source address. Beyond them sign-in waits until the oldest failure leaves the window: a
/// person is slowed down, never locked out for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    /// The window failures are counted in.
    pub window: Duration,
    /// Failures per account (by e-mail address) within the window.
    pub per_account: usize,
    /// Failures per source address within the window.
    pub per_address: usize,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self { window: Duration::minutes(15), per_account: 5, per_address: 50 }
    }
}

impl SignInLimits {
    /// When the next attempt is let through, given the failures within the window (any order)
    /// and the limit for that subject; `None` when it is let through now.
    pub fn wait_until(
        &self,
        failures: &[DateTime<Utc>],
        limit: usize,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut recent: Vec<DateTime<Utc>> =
            failures.iter().copied().filter(|at| *at > now - self.window).collect();
        if recent.len() < limit {
            return None;
        }
        recent.sort();
        // The attempt is let through once enough failures have left the window.
        let leaving = recent[recent.len() - limit];
        Some(leaving + self.window)
    }
}
