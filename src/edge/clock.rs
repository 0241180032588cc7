//! The server's clock: what "now" is for every SOAP and JSON call.
//!
//! `planner serve` runs on the system clock. Tests start a server whose clock begins at an
//! instant they choose and advances in real time from there ([`Clock::starting_at`]), so what
//! they assert does not depend on the hour, weekday or holiday at which the suite runs. The
//! clock is set only in code, never from a file or the environment.

use actix_web::{web, HttpRequest};
use chrono::{DateTime, Duration, Utc};

/// The system clock, or the system clock shifted by a fixed offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    offset: Duration,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `instant` now and advances in real time.
    pub fn starting_at(instant: DateTime<Utc>) -> Self {
        Self { offset: instant - Utc::now() }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }

    /// The clock of the server that received `request` (the system clock when none is set).
    pub fn of(request: &HttpRequest) -> Self {
        request.app_data::<web::Data<Clock>>().map(|clock| *clock.get_ref()).unwrap_or_default()
    }
}
