//! Mail: the rules of sender addresses (a code mailed to the address and entered by an
//! administrator, as the Xpert Suite does), the sending limits per hour and per day, and the
//! texts of the mails the planner sends in Danish (`da-DK`, the default) and English (`en-GB`).
//!
//! No I/O: the store keeps senders and mails, `adapters/mail` talks SMTP.

mod templates;

use chrono::{DateTime, Duration, Utc};

pub use templates::{invitation_mail, sender_code_mail, MailText};

use crate::domain::Error;

/// How long a sender's code can be entered after it was mailed.
pub const CODE_HOURS: i64 = 24;

/// Wrong codes entered before a code is void (a new one must be asked for).
pub const CODE_TRIES: i32 = 5;

/// A language of mails, as a culture code. Anything not supported falls back to Danish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Culture {
    /// Danish (`da-DK`), the default.
    #[default]
    DaDk,
    /// English (`en-GB`).
    EnGb,
}

impl Culture {
    /// The culture of `code` (`da-DK`, `en-GB`; also `da`, `en`, any case), Danish for anything
    /// else or nothing.
    pub fn or_danish(code: Option<&str>) -> Self {
        match code.map(|c| c.trim().to_ascii_lowercase()) {
            Some(c) if c == "en-gb" || c == "en" => Culture::EnGb,
            _ => Culture::DaDk,
        }
    }

    /// The culture code.
    pub fn as_str(&self) -> &'static str {
        match self {
            Culture::DaDk => "da-DK",
            Culture::EnGb => "en-GB",
        }
    }
}

/// Where a sender address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderState {
    /// Added; its code was mailed to it and has not been entered yet. It cannot be used.
    Pending,
    /// Its code was entered: mail may be sent as it.
    Confirmed,
}

impl SenderState {
    /// The stored text.
    pub fn as_str(&self) -> &'static str {
        match self {
            SenderState::Pending => "pending",
            SenderState::Confirmed => "confirmed",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(SenderState::Pending),
            "confirmed" => Some(SenderState::Confirmed),
            _ => None,
        }
    }
}

/// A sender's open code as the store keeps it (its hash, not the code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCode {
    /// Until when it can be entered.
    pub expires_at: DateTime<Utc>,
    /// Wrong codes entered so far.
    pub failures: i32,
}

impl PendingCode {
    /// A code mailed at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { expires_at: now + Duration::hours(CODE_HOURS), failures: 0 }
    }

    /// Whether a code entered at `now` that `matches` confirms the sender: a wrong code is
    /// refused (and counts), an expired code or one tried [`CODE_TRIES`] times too is refused
    /// whatever was entered.
    pub fn check(&self, matches: bool, now: DateTime<Utc>) -> Result<(), Error> {
        if now >= self.expires_at || self.failures >= CODE_TRIES {
            return Err(Error::SenderCodeExpired);
        }
        if matches {
            Ok(())
        } else {
            Err(Error::WrongSenderCode)
        }
    }
}

/// How many mails may be sent per rolling hour and per rolling day; mail beyond them waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendingLimits {
    /// At most this many in any 60 minutes.
    pub per_hour: u32,
    /// At most this many in any 24 hours.
    pub per_day: u32,
}

impl Default for SendingLimits {
    fn default() -> Self {
        Self { per_hour: 100, per_day: 1000 }
    }
}

impl SendingLimits {
    /// How many more may be sent now, given how many were sent in the last hour and day.
    pub fn budget(&self, sent_last_hour: u64, sent_last_day: u64) -> u64 {
        let hour = u64::from(self.per_hour).saturating_sub(sent_last_hour);
        let day = u64::from(self.per_day).saturating_sub(sent_last_day);
        hour.min(day)
    }

    /// The start of the rolling hour and of the rolling day that end at `now`.
    pub fn windows(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now - Duration::hours(1), now - Duration::days(1))
    }
}

#[cfg(test)]
mod tests;
