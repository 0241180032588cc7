//! The server's clock: what "now" is for every SOAP and JSON call.
//!
//! `planner serve` runs on the system clock. Tests start a server whose clock begins at an
//! instant they choose and advances in real time from there ([`Clock::starting_at`]), so what
//! they assert does not depend on the hour, weekday or holiday at which the suite runs; a test
//! can move it forward ([`Clock::advance`]: the meeting has now begun). The clock is set only in
//! code, never from a file or the environment.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use actix_web::{web, HttpRequest};
use chrono::{DateTime, Duration, Utc};

/// The system clock, or the system clock shifted by an offset. Clones share the offset, so a
/// server's handlers all see the clock moved when a test moves it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// The shift from the system clock, in microseconds.
    offset: Arc<AtomicI64>,
}

impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        self.offset.load(Ordering::Relaxed) == other.offset.load(Ordering::Relaxed)
    }
}

impl Eq for Clock {}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `instant` now and advances in real time.
    pub fn starting_at(instant: DateTime<Utc>) -> Self {
        let offset = (instant - Utc::now()).num_microseconds().unwrap_or(0);
        Self { offset: Arc::new(AtomicI64::new(offset)) }
    }

    /// Moves this clock (and every clone of it) forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset.fetch_add(by.num_microseconds().unwrap_or(0), Ordering::Relaxed);
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::microseconds(self.offset.load(Ordering::Relaxed))
    }

    /// The clock of the server that received `request` (the system clock when none is set).
    pub fn of(request: &HttpRequest) -> Self {
        request.app_data::<web::Data<Clock>>().map(|clock| clock.get_ref().clone()).unwrap_or_default()
    }
}
