//! The store's error type, and the one place that reads diesel's errors.
//!
//! Constraint violations that guard calendars (the PostgreSQL exclusion constraint, the SQLite
//! overlap trigger, unique indexes on occupied time, seat checks) become
//! `Conflict(domain::Error::SlotTaken)`, so a lost race reads "no longer available" (4770).

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::text_enum::Unreadable;
use crate::domain;

/// What kind of row was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A jobcenter.
    JobCenter,
    /// A counselor.
    Counselor,
    /// An interview offer.
    Offer,
    /// A booking (4768).
    Booking,
    /// A reservation (4771).
    Reservation,
    /// A bulk summons batch (by its key).
    SummonsBatch,
    /// A jobcenter's closing day, or a customary closing day's key.
    ClosingDay,
    /// A team.
    Team,
    /// A summons template.
    SummonsTemplate,
    /// A meeting room.
    Room,
    /// A person's account.
    Account,
    /// An invitation (also one whose link is unknown).
    Invitation,
    /// A mail sender address.
    MailSender,
    /// A mail in the mail log.
    Mail,
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Entity::JobCenter => "jobcenter",
            Entity::Counselor => "counselor",
            Entity::Offer => "offer",
            Entity::Booking => "booking",
            Entity::Reservation => "reservation",
            Entity::SummonsBatch => "summons batch",
            Entity::ClosingDay => "closing day",
            Entity::Team => "team",
            Entity::SummonsTemplate => "summons template",
            Entity::Room => "room",
            Entity::Account => "account",
            Entity::Invitation => "invitation",
            Entity::MailSender => "mail sender",
            Entity::Mail => "mail",
        })
    }
}

/// A store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Occurs when the row the request names does not exist (or is not visible to the caller).
    #[error("{0} not found")]
    NotFound(Entity),
    /// Occurs when a business rule refuses the change; nothing was written.
    #[error(transparent)]
    Conflict(#[from] domain::Error),
    /// Occurs when the database cannot be reached or stays locked past the busy timeout.
    #[error("database unavailable")]
    Unavailable,
    /// Occurs when stored data cannot be read back into the model (a corrupt row or a wrong key).
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// Occurs when the database URL or the data key is unusable.
    #[error("{0}")]
    Config(String),
    /// Occurs when a migration fails.
    #[error("migration failed: {0}")]
    Migration(String),
    /// Any other database error; logged with a correlation id, never shown to callers.
    #[error("database error: {0}")]
    Database(DieselError),
}

/// The message the SQLite overlap trigger raises (see migrations/sqlite).
const SQLITE_OVERLAP: &str = "planner_overlap";

impl From<DieselError> for Error {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::DatabaseError(kind, info) => match kind {
                DatabaseErrorKind::UniqueViolation
                | DatabaseErrorKind::ExclusionViolation
                | DatabaseErrorKind::CheckViolation => Error::Conflict(domain::Error::SlotTaken),
                DatabaseErrorKind::ClosedConnection => Error::Unavailable,
                _ if info.message().contains(SQLITE_OVERLAP) => Error::Conflict(domain::Error::SlotTaken),
                _ if info.message().contains("database is locked") => Error::Unavailable,
                _ => Error::Database(error),
            },
            DieselError::NotFound => Error::Database(error),
            DieselError::DeserializationError(cause) => match cause.downcast_ref::<Unreadable>() {
                Some(unreadable) => Error::Corrupt(unreadable.to_string()),
                None => Error::Database(error),
            },
            _ => Error::Database(error),
        }
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        Error::Unavailable
    }
}
